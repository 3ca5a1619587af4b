import { expect, test, type Page } from '@playwright/test';
import { expectNoAxeViolations } from './axe.ts';
import { loginAs, mainNav } from './helpers.ts';

// Patients on the ordering side (issue 4): the prescriber finds a patient by personnummer, confirms the care
// relationship and sees the patient page; a protected identity shows no address. Numbers from the demo
// population of the embedded register (src/ordering/patients/demo-population.ts).

test.describe.configure({ mode: 'serial' });

const ELSA = { number: '192306069846', shown: '19230606-9846', name: 'Elsa Björk' };
const SOFIA_PROTECTED = { number: '197511029881', name: 'Sofia Öberg' };
const YUSUF_COORDINATION = { tenDigits: '900472-9910', shown: '19900472-9910', name: 'Yusuf Haddad' };

const field = (page: Page) => page.getByRole('textbox', { name: 'Personnummer eller samordningsnummer' });

async function search(page: Page, number: string) {
  await field(page).fill(number);
  await field(page).press('Enter');
}

async function openWithCareRelationship(page: Page, number: string, name: string) {
  await search(page, number);
  const dialog = page.getByRole('dialog', { name: 'Bekräfta vårdrelation' });
  await expect(dialog).toBeVisible();
  await expectNoAxeViolations(page, 'care-relationship dialog');
  // The dialog names the patient (the directory's name and the number, nothing more) and says the look-up is logged.
  await expect(dialog).toContainText(`Gäller ${name}`);
  await expect(dialog).toContainText('Din sökning på patienten är loggad.');
  await dialog.getByRole('button', { name: 'Jag har en vårdrelation med patienten' }).click();
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
}

test('a prescriber finds a patient, confirms the care relationship and sees the patient page', async ({ page }) => {
  await loginAs(page, 'forskrivare', '/');
  await mainNav(page).getByRole('link', { name: 'Patienter' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Patienter' })).toBeVisible();
  await expect(mainNav(page).getByRole('link', { name: 'Patienter' })).toHaveAttribute('aria-current', 'page');
  // Keyboard first: the number field has focus.
  await expect(field(page)).toBeFocused();
  await expectNoAxeViolations(page, 'patient search');

  // An invalid number: the reason is shown next to the field, nothing is sent.
  await search(page, '121212-1213');
  await expect(page.getByText('Kontrollsiffran (den sista siffran) stämmer inte. Kontrollera att numret är rätt skrivet.')).toBeVisible();
  await expect(field(page)).toHaveAttribute('aria-invalid', 'true');
  await expectNoAxeViolations(page, 'patient search, invalid number');
  await search(page, '12345');
  await expect(page.getByText('Numret ska ha 10 eller 12 siffror (ÅÅMMDD-NNNN eller ÅÅÅÅMMDD-NNNN), men har 5.')).toBeVisible();

  // A valid number nobody has.
  await search(page, '19121212-1212');
  await expect(page.getByRole('alert')).toContainText('Det finns ingen person med det numret i folkbokföringen. Kontrollera numret.');
  await expectNoAxeViolations(page, 'patient search, unknown number');

  // Cancelling the declaration shows nothing.
  await search(page, ELSA.number);
  const dialog = page.getByRole('dialog', { name: 'Bekräfta vårdrelation' });
  await expect(dialog).toContainText(ELSA.shown);
  await dialog.getByRole('button', { name: 'Avbryt' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByText(ELSA.name)).toHaveCount(0);

  // Confirming opens the patient page; the address has the internal id, never the number.
  await openWithCareRelationship(page, ELSA.number, ELSA.name);
  expect(page.url()).toMatch(/\/patienter\/[0-9a-f-]{36}$/);
  expect(page.url()).not.toContain('9846');
  const details = page.getByRole('region', { name: 'Personuppgifter' });
  await expect(details).toContainText('Personnummer');
  await expect(details).toContainText(ELSA.shown);
  await expect(details).toContainText('Åby');
  await expect(details).toContainText('Kvarnvägen 2');
  await expect(details).toContainText('991 20 Åby');
  await expect(page.getByRole('heading', { level: 2, name: 'Hjälpmedel' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: 'Beställningar' })).toBeVisible();
  await expectNoAxeViolations(page, 'patient page');

  // The same day, the page opens again without a new declaration, also after a reload.
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: ELSA.name })).toBeVisible();
  await page.getByRole('link', { name: 'Sök en annan patient' }).click();
  await search(page, ELSA.number);
  await expect(page.getByRole('heading', { level: 1, name: ELSA.name })).toBeVisible();
});

test('a patient with protected identity is shown without an address', async ({ page }) => {
  await loginAs(page, 'forskrivare', '/patienter');
  await openWithCareRelationship(page, SOFIA_PROTECTED.number, SOFIA_PROTECTED.name);
  const details = page.getByRole('region', { name: 'Personuppgifter' });
  await expect(details).toContainText('Skyddad identitet – adressen visas inte');
  await expect(details).toContainText('Norrvik');
  await expect(details.getByText(/\d{3} \d{2}/)).toHaveCount(0);
  await expectNoAxeViolations(page, 'patient page, protected identity');
});

test('a samordningsnummer in the 10-digit form works; the patient page asks for the declaration when opened directly', async ({ page }) => {
  await loginAs(page, 'sjukgymnast', '/patienter');
  await search(page, YUSUF_COORDINATION.tenDigits);
  const dialog = page.getByRole('dialog', { name: 'Bekräfta vårdrelation' });
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'Avbryt' }).click();

  // Someone who was given the page's address but has not declared the care relationship today.
  const res = await page.request.post('/api/patients/lookup', {
    data: { identifier: YUSUF_COORDINATION.tenDigits },
    headers: { 'x-csrf-token': ((await (await page.request.get('/api/auth/session')).json()) as { csrfToken: string }).csrfToken },
  });
  const { patientId } = (await res.json()) as { patientId: string };
  await page.goto(`/patienter/${patientId}`);
  await expect(page.getByRole('dialog', { name: 'Bekräfta vårdrelation' })).toBeVisible();
  await expect(page.getByText(YUSUF_COORDINATION.name)).toHaveCount(0);
  await expectNoAxeViolations(page, 'patient page asking for the declaration');
  await page.getByRole('button', { name: 'Jag har en vårdrelation med patienten' }).click();
  await expect(page.getByRole('heading', { level: 1, name: YUSUF_COORDINATION.name })).toBeVisible();
  const details = page.getByRole('region', { name: 'Personuppgifter' });
  await expect(details).toContainText('Samordningsnummer');
  await expect(details).toContainText(YUSUF_COORDINATION.shown);
  await expect(details).toContainText('Ingen folkbokföringskommun');
  await expectNoAxeViolations(page, 'patient page, samordningsnummer');
});

test('roles other than prescriber and orderer get no Patienter link and a forbidden page', async ({ page }) => {
  await loginAs(page, 'tekniker', '/patienter');
  await expect(page.getByRole('heading', { level: 1, name: 'Du saknar behörighet' })).toBeVisible();
  await expect(mainNav(page).getByRole('link', { name: 'Patienter' })).toHaveCount(0);
});
