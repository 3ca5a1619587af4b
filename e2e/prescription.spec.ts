import { expect, test, type Page } from '@playwright/test';
import { expectNoAxeViolations } from './axe.ts';
import { loginAs, mainNav } from './helpers.ts';
import { apiAs, givenRentArticle, type Api } from './api.ts';

// Prescription details (issue 16 item 7): the prescriber orders a powered wheelchair with the measurements its ISO
// class asks for, the aim and a follow-up date; a missing required measurement is refused with a message naming the
// line and the field, and nothing typed is lost; the order shows the details on both sides; the follow-up is in
// "Mina uppföljningar" and is marked done there.

test.describe.configure({ mode: 'serial' });
test.setTimeout(90_000);
test.use({ actionTimeout: 10_000 });

const CHAIR = 'Elrullstol Prisma 46';
const ELSA = { number: '192306069846', name: 'Elsa Björk' };
const AIM = 'Självständig förflyttning inomhus och till matsalen.';

let api: Api;
let orderId = '';
let orderNumber = '';

/** The date `days` from today in Sweden, as YYYY-MM-DD. */
const swedishDate = (days: number) => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm' }).format(new Date(Date.now() + days * 86_400_000));
const FOLLOW_UP = swedishDate(2);

test.beforeAll(async ({ baseURL }) => {
  api = await apiAs(baseURL!, 'sortiment');
  // 12 23 06: a powered wheelchair, whose class asks for the user's weight and seat width (required) and the aim.
  await givenRentArticle(api, CHAIR, '12 23 06');
});

test.afterAll(async () => {
  await api?.ctx.dispose();
});

async function openElsa(page: Page) {
  await loginAs(page, 'forskrivare', '/patienter');
  const field = page.getByRole('textbox', { name: 'Personnummer eller samordningsnummer' });
  await field.fill(ELSA.number);
  await field.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'Bekräfta vårdrelation' });
  const heading = page.getByRole('heading', { level: 1, name: ELSA.name });
  await expect(dialog.or(heading)).toBeVisible();
  if (await dialog.isVisible()) await dialog.getByRole('button', { name: 'Jag har en vårdrelation med patienten' }).click();
  await expect(heading).toBeVisible();
}

const saved = (page: Page) => expect(page.getByRole('status').filter({ hasText: /^✓? ?Sparat \d\d:\d\d/ })).toBeVisible();

test('a prescriber orders a powered wheelchair with measurements, aim and follow-up; a missing required measurement is refused', async ({ page }) => {
  await openElsa(page);
  await page.getByRole('region', { name: 'Hjälpmedel', exact: true }).getByRole('link', { name: 'Ny beställning' }).click();
  await page
    .locator('label.radio')
    .filter({ hasText: /^Kundorder/ })
    .click();
  await page.getByRole('button', { name: 'Påbörja beställning' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Kundorder – utkast' })).toBeVisible();
  orderId = page.url().split('/').pop()!;

  await page.getByRole('searchbox', { name: 'Sök hjälpmedel' }).fill('prisma 46');
  await page.getByRole('button', { name: `Lägg i varukorgen: ${CHAIR}` }).click();
  await expect(page.getByRole('list', { name: 'Varukorg' })).toContainText(CHAIR);

  // The class's measurements for the line, with units and ranges; the aim is required for it.
  const section = page.getByRole('region', { name: 'Förskrivning' });
  const measurements = section.getByRole('group', { name: `Rad 1: mått för ${CHAIR}` });
  await expect(measurements).toBeVisible();
  await expect(measurements).toContainText('12 23 Eldrivna rullstolar');
  const weight = measurements.getByRole('textbox', { name: 'Brukarens vikt (kg)' });
  const width = measurements.getByRole('textbox', { name: 'Sittbredd (cm)' });
  await expect(weight).toHaveAttribute('required');
  await expect(measurements.getByRole('textbox', { name: 'Sittdjup (cm)' })).not.toHaveAttribute('required');
  await expect(measurements).toContainText('Mellan 20 och 250 kg.');
  await expect(section.getByRole('textbox', { name: 'Mål och syfte med förskrivningen' })).toHaveAttribute('required');

  await width.fill('46');
  await section.getByRole('textbox', { name: 'Mål och syfte med förskrivningen' }).fill(AIM);
  await section.getByLabel('Uppföljningsdatum').fill(FOLLOW_UP);
  await expect(section.getByRole('radio', { name: 'Jag (Anna Åberg)' })).toBeChecked();
  await page.getByRole('textbox', { name: 'Telefon till kontaktpersonen' }).fill('070-123 45 67');
  await saved(page);
  await expectNoAxeViolations(page, 'order draft with prescription');

  // Sending without the user's weight: refused, naming the line and the field; focus goes to it.
  await page.getByRole('button', { name: 'Skicka beställningen' }).click();
  await expect(measurements.getByText('Rad 1: ange brukarens vikt (kg).')).toBeVisible();
  await expect(weight).toBeFocused();
  await expect(page.getByRole('heading', { level: 1, name: 'Kundorder – utkast' })).toBeVisible();
  // A value outside the range says the range.
  await weight.fill('300');
  await weight.blur();
  await expect(measurements.getByText('Rad 1: brukarens vikt ska vara mellan 20 och 250 kg.')).toBeVisible();
  await expectNoAxeViolations(page, 'order draft with a refused measurement');

  // Nothing is lost: after a reload the draft is as it was.
  await weight.fill('82,5');
  await saved(page);
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Kundorder – utkast' })).toBeVisible();
  await expect(weight).toHaveValue('82.5');
  await expect(width).toHaveValue('46');
  await expect(section.getByRole('textbox', { name: 'Mål och syfte med förskrivningen' })).toHaveValue(AIM);
  await expect(section.getByLabel('Uppföljningsdatum')).toHaveValue(FOLLOW_UP);

  await page.getByRole('button', { name: 'Skicka beställningen' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Beställningen är skickad' })).toBeVisible();
  orderNumber = (await page.locator('.receipt-number').textContent())!.trim();

  // The order page shows what was prescribed.
  await page.goto(`/bestallningar/${orderId}`);
  await expect(page.getByRole('heading', { level: 1, name: `Kundorder ${orderNumber}` })).toBeVisible();
  const shown = page.getByRole('region', { name: 'Förskrivning' });
  await expect(shown).toContainText(AIM);
  await expect(shown).toContainText(`Rad 1, ${CHAIR}`);
  await expect(shown).toContainText('Brukarens vikt: 82,5 kg');
  await expect(shown).toContainText('Sittbredd: 46 cm');
  await expect(shown).toContainText('Anna Åberg');
  await expectNoAxeViolations(page, 'order page with prescription');
  // In English too.
  await page.getByRole('button', { name: 'Change language to English' }).click();
  const english = page.getByRole('region', { name: 'Prescription' });
  await expect(english).toContainText("User's weight: 82.5 kg");
  await expect(english).toContainText('Aim of the prescription');
  await expectNoAxeViolations(page, 'order page with prescription in English');
  await page.getByRole('button', { name: 'Byt språk till svenska' }).click();
  await expect(shown).toBeVisible();
});

test('the centre sees the prescription on its order page', async ({ page }) => {
  await loginAs(page, 'kundtjanst', `/hmc/order/${orderId}`);
  const shown = page.getByRole('region', { name: 'Förskrivning' });
  await expect(shown).toContainText(AIM);
  await expect(shown).toContainText('Brukarens vikt: 82,5 kg');
  await expect(shown).toContainText('Anna Åberg');
  await expectNoAxeViolations(page, 'centre order page with prescription');
});

test('the follow-up is in Mina uppföljningar and is marked done with a note', async ({ page }) => {
  await loginAs(page, 'forskrivare', '/');
  await mainNav(page).getByRole('link', { name: 'Mina uppföljningar' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Mina uppföljningar' })).toBeVisible();
  const row = page.getByRole('row').filter({ hasText: orderNumber });
  await expect(row).toContainText(ELSA.name);
  await expect(row).toContainText(CHAIR);
  await expect(row).toContainText('Jag');
  await expectNoAxeViolations(page, 'my follow-ups');

  await row.getByRole('button', { name: `Markera uppföljningen av ${orderNumber} som gjord` }).click();
  const dialog = page.getByRole('dialog', { name: `Uppföljning av ${orderNumber}` });
  await expect(dialog).toBeVisible();
  await expectNoAxeViolations(page, 'mark follow-up done dialog');
  await dialog.getByRole('textbox', { name: 'Anteckning (frivillig)' }).fill('Sitter bra, kör själv till matsalen.');
  await dialog.getByRole('button', { name: 'Markera som gjord' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByRole('status').filter({ hasText: `Uppföljningen av ${orderNumber} är markerad som gjord.` })).toBeFocused();
  await expect(page.getByRole('row').filter({ hasText: orderNumber })).toHaveCount(0);

  // The order says it was done, with the note.
  await page.goto(`/bestallningar/${orderId}`);
  await expect(page.getByRole('region', { name: 'Förskrivning' })).toContainText('Sitter bra, kör själv till matsalen.');
});

test('system management sets what a class asks for: a new class with a measurement; a bad range is refused', async ({ page }) => {
  await loginAs(page, 'admin', '/admin/forskrivningsklasser');
  await expect(page.getByRole('heading', { level: 1, name: 'Förskrivningsklasser' })).toBeVisible();
  await expect(page.getByRole('row').filter({ hasText: '12 23 Eldrivna rullstolar' })).toContainText('Brukarens vikt (kg, 20–250) · krävs');
  await expectNoAxeViolations(page, 'prescription classes');

  await page.getByRole('button', { name: 'Ny klass' }).click();
  const dialog = page.getByRole('dialog', { name: 'Ny klass' });
  await dialog.getByRole('textbox', { name: 'ISO-kod' }).fill('12 07');
  await dialog.getByRole('textbox', { name: 'Benämning på svenska' }).first().fill('Gåhjälpmedel för en arm');
  await dialog.getByRole('textbox', { name: 'Benämning på engelska' }).first().fill('Walking aids for one arm');
  await dialog.getByRole('button', { name: 'Lägg till mått' }).click();
  const m = dialog.getByRole('group', { name: 'Mått 1' });
  await m.getByRole('textbox', { name: 'Kod' }).fill('userHeight');
  await m.getByRole('textbox', { name: 'Benämning på svenska' }).fill('Brukarens längd');
  await m.getByRole('textbox', { name: 'Benämning på engelska' }).fill("User's height");
  await m.getByRole('textbox', { name: 'Enhet' }).fill('cm');
  await m.getByRole('textbox', { name: 'Minsta värde' }).fill('200');
  await m.getByRole('textbox', { name: 'Största värde' }).fill('100');
  await expectNoAxeViolations(page, 'new prescription class dialog');
  await dialog.getByRole('button', { name: 'Spara' }).click();
  await expect(m.getByText('minsta värdet får inte vara större än största')).toBeVisible();
  await m.getByRole('textbox', { name: 'Minsta värde' }).fill('90');
  await m.getByRole('textbox', { name: 'Största värde' }).fill('210');
  await dialog.getByRole('button', { name: 'Spara' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByRole('status').filter({ hasText: '12 07 Gåhjälpmedel för en arm är sparad.' })).toBeVisible();
  await expect(page.getByRole('row').filter({ hasText: '12 07 Gåhjälpmedel för en arm' })).toContainText('Brukarens längd (cm, 90–210)');
});
