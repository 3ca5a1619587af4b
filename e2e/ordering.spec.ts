import { expect, test, type Page } from '@playwright/test';
import { expectNoAxeViolations } from './axe.ts';
import { choose, loginAs, mainNav, openPatient } from './helpers.ts';
import { apiAs, type Api } from './api.ts';

// The ordering side (issue 4): the prescriber opens a patient, orders a wheelchair with an accessory from the
// catalogue, sends it, gets the order number and follows the order; a fault report without a patient; an
// article that stops being orderable is explained next to the form and the draft is kept. The articles are made
// through the API as the assortment role first, with names no demo article has.

test.describe.configure({ mode: 'serial' });
// Long flows with an axe run on every page and dialog.
test.setTimeout(90_000);
test.use({ actionTimeout: 10_000 });

const MAIN = 'Rullstol Falken 44';
const ACCESSORY = 'Tippskydd Falken';
const OTHER = 'Duschpall Falken';
const ASTRID = { number: '193804129827', name: 'Astrid Lindqvist' };

interface Created {
  id: string;
  articleNumber: string;
  version: number;
}

let api: Api;
let main: Created;
let other: Created;
let orderNumber = '';

test.beforeAll(async ({ baseURL }) => {
  api = await apiAs(baseURL!, 'sortiment');
  const article = (body: Record<string, unknown>) => api.call<Created>('post', '/api/catalogue/articles', { published: true, orderable: true, ...body }, 201);
  main = await article({
    name: MAIN,
    articleType: 'H',
    isoCode: '12 22 03',
    chargingForm: 'rent',
    unitTracked: true,
    serialRequired: true,
    inAssortment: true,
  });
  const accessory = await article({ name: ACCESSORY, articleType: 'T', isoCode: '12 24', chargingForm: 'sale', stockForm: 'orderItem' });
  other = await article({ name: OTHER, articleType: 'H', isoCode: '12 22 03', chargingForm: 'sale' });
  await api.call('put', `/api/catalogue/articles/${accessory.id}/fits`, { mainIds: [main.id] });
});

test.afterAll(async () => {
  await api?.ctx.dispose();
});

async function addToCart(page: Page, text: string, name: string) {
  const search = page.getByRole('searchbox', { name: 'Sök hjälpmedel' });
  await search.fill(text);
  await page.getByRole('button', { name: `Lägg i varukorgen: ${name}` }).click();
  await expect(page.getByRole('list', { name: 'Varukorg' })).toContainText(name);
}

/** React Aria radios hide the native input: press the label, as a user does. */
const pickRadio = (page: Page, name: RegExp) => page.locator('label.radio').filter({ hasText: name }).click();

const saved = (page: Page) => expect(page.getByRole('status').filter({ hasText: /^✓? ?Sparat \d\d:\d\d/ })).toBeVisible();

test('a prescriber orders a wheelchair with an accessory for a patient and follows the order', async ({ page }) => {
  await openPatient(page, ASTRID);
  const devices = page.getByRole('region', { name: 'Hjälpmedel', exact: true });
  await expect(devices).toContainText('Patienten har inga hjälpmedel registrerade.');
  await expect(page.getByRole('region', { name: 'Beställningar', exact: true })).toBeVisible();
  await expectNoAxeViolations(page, 'patient page with devices and orders');

  // Step 1: type and customer (the default customer preselected).
  await devices.getByRole('link', { name: 'Ny beställning' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Ny beställning' })).toBeVisible();
  await expect(page.getByText(`Beställning för ${ASTRID.name}`)).toBeVisible();
  await expect(page.getByRole('radio', { name: /^Hämtorder/ })).toBeVisible();
  await expectNoAxeViolations(page, 'new order: type and customer');
  await pickRadio(page, /^Kundorder/);
  await page.getByRole('button', { name: 'Påbörja beställning' }).click();

  // Step 2: the draft, saved on the server as the prescriber works.
  await expect(page.getByRole('heading', { level: 1, name: 'Kundorder – utkast' })).toBeVisible();
  await expect(page).toHaveURL(/\/bestallningar\/[0-9a-f-]{36}$/);
  await expectNoAxeViolations(page, 'order draft, empty');
  // Enter in the search field searches; it does not send the order.
  await page.getByRole('searchbox', { name: 'Sök hjälpmedel' }).fill('falken 44');
  await page.getByRole('searchbox', { name: 'Sök hjälpmedel' }).press('Enter');
  await addToCart(page, 'falken 44', MAIN);
  await expect(page.getByText('Fyll i fältet.')).toHaveCount(0);
  await expect(page.getByRole('heading', { level: 1, name: 'Kundorder – utkast' })).toBeVisible();
  // The accessory that fits the wheelchair is offered and added linked to it.
  const suggestions = page.getByRole('region', { name: `Tillbehör som passar ${MAIN}` });
  await suggestions.getByRole('button', { name: `Lägg till som tillbehör: ${ACCESSORY}, till ${MAIN}` }).click();
  const cart = page.getByRole('list', { name: 'Varukorg' });
  await expect(cart.getByRole('listitem')).toHaveCount(2);
  await expect(cart.getByRole('listitem').nth(1)).toContainText(`Tillbehör till ${MAIN}`);
  await expect(suggestions).toHaveCount(0);
  await cart.getByRole('listitem').nth(1).getByRole('button', { name: 'Öka antal' }).click();
  await expect(
    cart
      .getByRole('listitem')
      .nth(1)
      .getByRole('textbox', { name: /^Antal/ }),
  ).toHaveValue('2');

  await expect(page.getByRole('radio', { name: 'Patientens adress' })).toBeChecked();
  await expect(page.getByRole('textbox', { name: 'Kontaktperson', exact: true })).toHaveValue('Anna Åberg');
  await page.getByRole('textbox', { name: 'Telefon till kontaktpersonen' }).fill('070-123 45 67');
  await page.getByRole('textbox', { name: 'Meddelande till hjälpmedelscentralen' }).fill('Ring före leverans, portkod 1234.');
  await saved(page);
  await expectNoAxeViolations(page, 'order draft with a cart');

  // Nothing is lost: after a reload the draft is as it was.
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Kundorder – utkast' })).toBeVisible();
  await expect(page.getByRole('list', { name: 'Varukorg' }).getByRole('listitem')).toHaveCount(2);
  await expect(page.getByRole('textbox', { name: 'Telefon till kontaktpersonen' })).toHaveValue('070-123 45 67');
  await expect(page.getByRole('textbox', { name: 'Meddelande till hjälpmedelscentralen' })).toHaveValue('Ring före leverans, portkod 1234.');

  // The delete dialog, then keep the draft.
  await page.getByRole('button', { name: 'Ta bort utkastet' }).click();
  const del = page.getByRole('alertdialog', { name: 'Ta bort utkastet?' });
  await expect(del).toBeVisible();
  await expectNoAxeViolations(page, 'delete draft dialog');
  await del.getByRole('button', { name: 'Avbryt' }).click();
  await expect(del).toHaveCount(0);

  // Send: the receipt with the order number.
  await page.getByRole('button', { name: 'Skicka beställningen' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Beställningen är skickad' })).toBeVisible();
  const number = page.locator('.receipt-number');
  await expect(number).toHaveText(/^B\d{4}-\d{6}$/);
  orderNumber = (await number.textContent())!.trim();
  await expect(page.getByRole('status').filter({ hasText: 'Kundorder är skickad till hjälpmedelscentralen.' })).toBeVisible();
  await expectNoAxeViolations(page, 'receipt');

  // My orders lists it.
  await page.getByRole('link', { name: 'Mina beställningar' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Beställningar' })).toBeVisible();
  await expect(mainNav(page).getByRole('link', { name: 'Beställningar' })).toHaveAttribute('aria-current', 'page');
  await expect(page.getByRole('tab', { name: 'Mina beställningar' })).toHaveAttribute('aria-selected', 'true');
  const row = page.getByRole('grid', { name: 'Mina beställningar' }).getByRole('row').filter({ hasText: orderNumber });
  await expect(row).toContainText('Kundorder');
  await expect(row).toContainText(ASTRID.name);
  await expect(row).toContainText(`${MAIN} + 1`);
  // Sent, or already received if the centre in this process has taken it in.
  await expect(row).toContainText(/Skickad|Mottagen/);
  await expectNoAxeViolations(page, 'my orders');
  // The filters: closed orders do not include it; the number search finds it.
  await choose(page, 'Status', 'Avslutade');
  await expect(page.getByRole('grid', { name: 'Mina beställningar' }).getByRole('row').filter({ hasText: orderNumber })).toHaveCount(0);
  await choose(page, 'Status', 'Alla');
  await page.getByRole('searchbox', { name: 'Beställningsnummer' }).fill(orderNumber.slice(-6));
  await expect(page.getByRole('status').filter({ hasText: 'Visar 1 beställning.' })).toBeVisible();
  // The customer's orders show it too, with who ordered it.
  await page.getByRole('tab', { name: 'Min kunds beställningar' }).click();
  await expect(page).toHaveURL(/visa=kund/);
  await expect(page.getByRole('grid', { name: 'Min kunds beställningar' }).getByRole('row').filter({ hasText: orderNumber })).toContainText('Anna Åberg');
  await expectNoAxeViolations(page, 'my customer’s orders');

  // The order page: header, lines, timeline.
  await page.getByRole('link', { name: orderNumber }).click();
  await expect(page.getByRole('heading', { level: 1, name: `Kundorder ${orderNumber}` })).toBeVisible();
  const details = page.getByRole('region', { name: 'Uppgifter' });
  await expect(details).toContainText(/Skickad|Mottagen/);
  await expect(details).toContainText('10101 Vårdcentralen Norrvik');
  await expect(details).toContainText(ASTRID.name);
  await expect(details).toContainText('Patientens adress');
  await expect(details).toContainText('070-123 45 67');
  const lines = page.getByRole('grid', { name: 'Rader' });
  await expect(lines.getByRole('row')).toHaveCount(3);
  await expect(lines.getByRole('row').nth(2)).toContainText('Tillbehör till rad 1');
  await expect(page.getByRole('list', { name: 'Händelser' })).toContainText('Skickad till hjälpmedelscentralen');
  await expectNoAxeViolations(page, 'order page');

  // Cancel: a dialog with an optional comment; the timeline shows the request.
  await page.getByRole('button', { name: 'Makulera', exact: true }).click();
  const dialog = page.getByRole('alertdialog', { name: `Makulera beställning ${orderNumber}?` });
  await expect(dialog).toBeVisible();
  await expectNoAxeViolations(page, 'cancel dialog');
  await dialog.getByRole('textbox', { name: 'Kommentar (valfri)' }).fill('Patienten har fått en annan rullstol.');
  await dialog.getByRole('button', { name: 'Begär makulering' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByRole('status').filter({ hasText: 'Begäran om makulering är skickad.' })).toBeVisible();
  await expect(page.getByRole('list', { name: 'Händelser' })).toContainText('Makulering begärd');
  await expect(page.getByRole('button', { name: 'Makulera', exact: true })).toHaveCount(0);

  // Back on the patient page the order is listed (open, or closed once the centre has confirmed the cancellation).
  await page.getByRole('link', { name: ASTRID.name }).click();
  await expect(page.getByRole('region', { name: 'Beställningar', exact: true }).getByRole('row').filter({ hasText: orderNumber })).toBeVisible();
  await expectNoAxeViolations(page, 'patient page with an order');
});

test('the cancellation is news on the start page; a fault report without a patient explains its required fields, then is sent', async ({ page }) => {
  // The start page tells the prescriber that the centre confirmed the cancellation of the first test's order.
  await loginAs(page, 'forskrivare', '/');
  const messages = page.getByRole('region', { name: 'Meddelanden om dina beställningar' });
  const news = messages.getByRole('listitem').filter({ hasText: orderNumber });
  // The centre answers through the job worker: wait for its confirmation if it has not come yet.
  await expect(async () => {
    await page.reload();
    await expect(news).toContainText('Makulerad', { timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
  await expect(news).toContainText('Makulerad på beställarens begäran');
  await expect(news.getByRole('link', { name: `Kundorder ${orderNumber}` })).toBeVisible();
  await expectNoAxeViolations(page, 'start page with messages');
  await news.getByRole('button', { name: 'Markera som läst' }).click();
  // Other specs running at the same time may give the same prescriber news of their own: this one is gone.
  await expect(news).toHaveCount(0);
  await mainNav(page).getByRole('link', { name: 'Beställningar' }).click();
  await page.getByRole('link', { name: 'Ny beställning' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Ny beställning' })).toBeVisible();
  // Without a patient there is no pick-up order (it needs one).
  await expect(page.getByRole('radio', { name: /^Hämtorder/ })).toHaveCount(0);
  await pickRadio(page, /^Felrapport/);
  await choose(page, 'Kund', '20101 Hemtjänst Norrvik centrum');
  await page.getByRole('button', { name: 'Påbörja beställning' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Felrapport – utkast' })).toBeVisible();

  await page.getByRole('button', { name: 'Skicka beställningen' }).click();
  await expect(page.getByText('Välj ett alternativ.')).toBeVisible();
  await expect(page.getByText('Fyll i fältet.').first()).toBeVisible();
  await expectNoAxeViolations(page, 'fault report with missing fields');

  await choose(page, 'Kategori', 'Skadat gods');
  await page.getByRole('textbox', { name: 'Beskriv felet' }).fill('Ramen var böjd vid leveransen.');
  await page.getByRole('textbox', { name: 'Beställningsnummer som felet gäller (valfritt)' }).fill(orderNumber);
  await saved(page);
  await page.getByRole('button', { name: 'Skicka beställningen' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Beställningen är skickad' })).toBeVisible();
  await page.getByRole('link', { name: 'Visa beställningen' }).click();
  const details = page.getByRole('region', { name: 'Uppgifter' });
  await expect(details).toContainText('Skadat gods');
  await expect(details).toContainText('Ramen var böjd vid leveransen.');
  await expect(details).toContainText('20101 Hemtjänst Norrvik centrum');
  // A fault report cannot be cancelled (the matrix says so).
  await expect(page.getByRole('button', { name: 'Makulera', exact: true })).toHaveCount(0);
  await expectNoAxeViolations(page, 'fault report page');
});

test('an article that is no longer orderable is explained next to the form, and the draft stays', async ({ page }) => {
  await openPatient(page, ASTRID);
  await page.getByRole('region', { name: 'Hjälpmedel', exact: true }).getByRole('link', { name: 'Ny beställning' }).click();
  await pickRadio(page, /^Kundorder/);
  await page.getByRole('button', { name: 'Påbörja beställning' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Kundorder – utkast' })).toBeVisible();
  await addToCart(page, 'duschpall falken', OTHER);
  await page.getByRole('textbox', { name: 'Telefon till kontaktpersonen' }).fill('070-765 43 21');
  await saved(page);

  // The assortment role takes the article out of ordering while the prescriber works.
  await api.call('patch', `/api/catalogue/articles/${other.id}`, { orderable: false, version: other.version });
  await page.getByRole('button', { name: 'Skicka beställningen' }).click();
  const alert = page.getByRole('alert').filter({ hasText: 'En artikel i beställningen kan inte beställas.' });
  await expect(alert).toContainText(`Rad 1: artikel ${other.articleNumber} ${OTHER} är inte beställningsbar`);
  await expectNoAxeViolations(page, 'draft with a refused article');
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Kundorder – utkast' })).toBeVisible();
  await expect(page.getByRole('list', { name: 'Varukorg' })).toContainText(OTHER);

  // The draft can be thrown away.
  await page.getByRole('button', { name: 'Ta bort utkastet' }).click();
  await page.getByRole('alertdialog', { name: 'Ta bort utkastet?' }).getByRole('button', { name: 'Ta bort utkastet' }).click();
  await expect(page.getByRole('heading', { level: 1, name: ASTRID.name })).toBeVisible();
});

/** A one-page PDF is enough: the server decides the type by the bytes. */
const PDF = Buffer.from('%PDF-1.4\n%bista e2e\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n');

test('work orders: a unit that is not the patient’s is refused; a special adaptation needs its attachments before it can be sent', async ({ page }) => {
  // For the patient: a typed unit the patient does not have.
  await openPatient(page, ASTRID);
  await page.getByRole('region', { name: 'Hjälpmedel', exact: true }).getByRole('link', { name: 'Arbetsorder' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Ny beställning' })).toBeVisible();
  await page.getByRole('button', { name: 'Påbörja beställning' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Arbetsorder – utkast' })).toBeVisible();
  await page.getByRole('textbox', { name: 'Individnummer' }).fill('U-999999');
  // An installation asks whether it needs two trades: only then does its 10 working days from the delivery apply (issue 15 item 2).
  await choose(page, 'Typ av arbetsorder', 'Installation');
  const twoTrades = page.getByRole('checkbox', { name: 'Installationen kräver två yrkesgrupper' });
  await page.getByText('Installationen kräver två yrkesgrupper').click();
  await expect(twoTrades).toBeChecked();
  await expectNoAxeViolations(page, 'installation needing two trades');
  await choose(page, 'Typ av arbetsorder', 'Avhjälpande underhåll hos brukare');
  await expect(twoTrades).toHaveCount(0);
  await page.getByRole('textbox', { name: 'Beskriv uppdraget' }).fill('Bromsen tar inte.');
  await saved(page);
  await expectNoAxeViolations(page, 'work order draft');
  await page.getByRole('button', { name: 'Skicka beställningen' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Individen finns inte i patientens hjälpmedelsbild.' })).toContainText('U-999999');
  await page.getByRole('button', { name: 'Ta bort utkastet' }).click();
  await page.getByRole('alertdialog', { name: 'Ta bort utkastet?' }).getByRole('button', { name: 'Ta bort utkastet' }).click();
  await expect(page.getByRole('heading', { level: 1, name: ASTRID.name })).toBeVisible();

  // Without a patient: a special adaptation of a unit in the buffer store.
  await page.goto('/bestallningar/ny');
  await pickRadio(page, /^Arbetsorder/);
  await page.getByRole('button', { name: 'Påbörja beställning' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Arbetsorder – utkast' })).toBeVisible();
  await page.getByRole('textbox', { name: 'Individnummer' }).fill('U-000777');
  await choose(page, 'Typ av arbetsorder', 'Specialanpassning');
  await expect(page.getByText('Kräver bilagor: instruktion, riskanalys.')).toBeVisible();
  await page.getByRole('textbox', { name: 'Beskriv uppdraget' }).fill('Förhöjd sits, 8 cm.');
  const required = page.getByRole('list').filter({ hasText: 'Instruktion' }).first();
  await expect(required).toContainText('Saknas');
  await expect(page.getByRole('button', { name: 'Skicka beställningen' })).toBeDisabled();
  await expect(page.getByText('Specialanpassning kräver bilagor som saknas.')).toBeVisible();

  for (const name of ['instruktion.pdf', 'riskanalys.pdf']) {
    await page.locator('input[type=file]').setInputFiles({ name, mimeType: 'application/pdf', buffer: PDF });
    await page.getByRole('button', { name: 'Ladda upp bilaga' }).click();
    await expect(page.getByRole('link', { name })).toBeVisible();
  }
  await expect(page.getByRole('list', { name: 'Bilagor' })).toContainText('Riskanalys');
  await expect(page.getByRole('button', { name: 'Skicka beställningen' })).toBeEnabled();
  await saved(page);
  await expectNoAxeViolations(page, 'work order with attachments');
  await page.getByRole('button', { name: 'Skicka beställningen' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Beställningen är skickad' })).toBeVisible();
  await page.getByRole('link', { name: 'Visa beställningen' }).click();
  await expect(page.getByRole('region', { name: 'Uppgifter' })).toContainText('Specialanpassning');
  await expect(page.getByRole('region', { name: 'Bilagor' }).getByRole('link', { name: 'riskanalys.pdf' })).toBeVisible();
  await expectNoAxeViolations(page, 'work order page');
});

test('a pick-up order lists the patient’s units and is fetched from the patient’s address', async ({ page }) => {
  await openPatient(page, ASTRID);
  await page.getByRole('region', { name: 'Hjälpmedel', exact: true }).getByRole('link', { name: 'Beställ hämtning', exact: true }).click();
  await expect(page.getByRole('radio', { name: /^Hämtorder/ })).toBeChecked();
  await page.getByRole('button', { name: 'Påbörja beställning' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Hämtorder – utkast' })).toBeVisible();
  // The demo patient has no devices yet (they come with deliveries confirmed by the centre).
  await expect(page.getByRole('region', { name: 'Hjälpmedel att hämta' })).toContainText('Patienten har inga hjälpmedel registrerade.');
  await expect(page.getByRole('radio', { name: 'Patientens adress' })).toBeChecked();
  await expectNoAxeViolations(page, 'pick-up draft');
  await page.getByRole('button', { name: 'Skicka beställningen' }).click();
  await expect(page.getByRole('alert')).toContainText('Beställningen har inga rader');
  await page.getByRole('button', { name: 'Ta bort utkastet' }).click();
  await page.getByRole('alertdialog', { name: 'Ta bort utkastet?' }).getByRole('button', { name: 'Ta bort utkastet' }).click();
  await expect(page.getByRole('heading', { level: 1, name: ASTRID.name })).toBeVisible();
});
