import fs from 'node:fs';
import { expect, test as base, type Locator, type Page } from '@playwright/test';
import { startServerWithIdp, type OwnServer } from './own-server.ts';
import { expectNoAxeViolations } from './axe.ts';
import { DEMO_PASSWORD, loginAs, mainNav } from './helpers.ts';

/**
 * Access and patient-data law in a browser (issue 13): local support applies, system administration registers,
 * the new user logs in with the SITHS card; a refusal with its reason; the outgoing e-mail and the settings;
 * the PDL log review with a download and a sign-off, and the patient's extract.
 *
 * The new user logs in as the approval mail tells them to: with the SITHS card, through the region's IdP. The
 * suite's shared server has no IdP, and this spec changes run-time settings, so it starts its own Bistå (the
 * same command, a demo database of its own) with a real IdP (oidc-provider) beside it.
 */

const NEW_USER = { first: 'Nils', last: 'Nyström', email: 'nils.nystrom@example.se', hsaId: 'SE2321000999-E2E001', sub: 'kort-nils', username: 'nils.nystrom' };
const REFUSED = { first: 'Olle', last: 'Otursam', email: 'olle.otursam@example.se' };
const MANAGER = { name: 'Mona Chef', email: 'mona.chef@example.se', phone: '070-123 45 67' };
// A protected identity in the demo population (src/ordering/patients/demo-population.ts).
const SOFIA_PROTECTED = { number: '197511029881', shown: '19751102-9881', name: 'Sofia Öberg' };

let own: OwnServer;
let origin = '';

const test = base.extend({
  // Every relative address (page.goto, page.request) goes to this spec's own server.
  // eslint-disable-next-line no-empty-pattern -- Playwright reads a fixture's dependencies from this pattern
  baseURL: async ({}, use) => use(origin),
});

test.describe.configure({ mode: 'serial' });
// A step that cannot be done fails in seconds, not at the end of the test's time.
test.use({ actionTimeout: 10_000 });

test.beforeAll(async () => {
  test.setTimeout(150_000);
  own = await startServerWithIdp('access', [{ sub: NEW_USER.sub, hsaId: NEW_USER.hsaId, name: `${NEW_USER.first} ${NEW_USER.last}` }]);
  origin = own.origin;
});

test.afterAll(async () => {
  await own?.stop();
});

/** The field (label, control, help and error) whose label starts with `label`. */
function fieldOf(scope: Page | Locator, label: string) {
  // The filter's inner locator is relative to each field: it is made from the page, not from the scope.
  const page = 'goto' in scope ? scope : scope.page();
  return scope.locator('.field').filter({ has: page.locator('.field-label', { hasText: new RegExp(`^${label.replace(/[()]/g, '\\$&')}`) }) });
}

/** Picks the option of a Select whose text starts with `prefix`. */
async function pick(page: Page, label: string, prefix: string) {
  await fieldOf(page, label).locator('.select-button').first().click();
  await page.getByRole('option', { name: new RegExp(`^${prefix}`) }).click();
  await expect(page.getByRole('listbox')).toHaveCount(0);
}

async function logout(page: Page) {
  await page.context().clearCookies();
}

test('local support applies; bad input is shown on the fields; system administration approves and the new user logs in with SITHS', async ({ page }) => {
  test.setTimeout(120_000);
  await loginAs(page, 'anvandarstod', '/');
  await mainNav(page).getByRole('link', { name: 'Behörighetsansökningar' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Behörighetsansökningar' })).toBeVisible();
  await expectNoAxeViolations(page, 'applications, local support');
  await page.getByRole('link', { name: 'Ny ansökan' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Ny behörighetsansökan' })).toBeVisible();
  await expectNoAxeViolations(page, 'application form');

  // A workplace of another care provider (the region's health centre), the person's e-mail, no manager yet.
  await pick(page, 'Arbetsplats (kund)', '10101 ');
  await page.getByRole('textbox', { name: 'Förnamn', exact: true }).fill(NEW_USER.first);
  await page.getByRole('textbox', { name: 'Efternamn', exact: true }).fill(NEW_USER.last);
  await page.getByRole('textbox', { name: 'E-post', exact: true }).fill('forskrivare@example.se');
  await page.getByLabel('HSA-id').fill(NEW_USER.hsaId);
  await page.getByRole('checkbox', { name: 'Förskrivare' }).check({ force: true });
  await page.getByRole('button', { name: 'Skicka ansökan' }).click();
  // No manager: the three manager fields say so, nothing is sent and nothing typed is lost.
  await expect(fieldOf(page, 'Chefens namn').locator('.field-error')).toHaveText('Fyll i fältet.');
  await expect(fieldOf(page, 'Chefens e-postadress').locator('.field-error')).toHaveText('Fyll i fältet.');
  await expect(fieldOf(page, 'Chefens telefonnummer').locator('.field-error')).toHaveText('Fyll i fältet.');
  await expect(page.getByRole('textbox', { name: 'Förnamn', exact: true })).toHaveValue(NEW_USER.first);
  await expectNoAxeViolations(page, 'application form, no manager');

  await page.getByLabel('Chefens namn').fill(MANAGER.name);
  await page.getByLabel('Chefens e-postadress').fill(MANAGER.email);
  await page.getByLabel('Chefens telefonnummer').fill(MANAGER.phone);
  await page.getByRole('button', { name: 'Skicka ansökan' }).click();
  const workplace = fieldOf(page, 'Arbetsplats (kund)');
  await expect(workplace.locator('.field-error')).toHaveText(/Arbetsplatsen hör inte till din vårdgivare/);
  await expect(page.getByRole('alert')).toContainText('Arbetsplatsen hör inte till din vårdgivare');
  await expectNoAxeViolations(page, 'application form, workplace of another care provider');

  // The local support's own workplace, but the person already has an account (the e-mail is the prescriber's).
  await pick(page, 'Arbetsplats (kund)', '20101 ');
  await page.getByRole('button', { name: 'Skicka ansökan' }).click();
  await expect(fieldOf(page, 'E-post').locator('.field-error')).toHaveText(/Personen har redan ett konto i Bistå/);
  await expect(page.getByLabel('Chefens namn')).toHaveValue(MANAGER.name);

  await page.getByRole('textbox', { name: 'E-post', exact: true }).fill(NEW_USER.email);
  await page.getByRole('button', { name: 'Skicka ansökan' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Behörighetsansökningar' })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'Ansökan för Nils Nyström är skickad' })).toBeVisible();
  await expect(page.getByRole('row', { name: /Nils Nyström/ })).toContainText('Registreras senast');

  // A second application, which system administration will refuse.
  await page.getByRole('link', { name: 'Ny ansökan' }).click();
  await pick(page, 'Arbetsplats (kund)', '20102 ');
  await page.getByRole('textbox', { name: 'Förnamn', exact: true }).fill(REFUSED.first);
  await page.getByRole('textbox', { name: 'Efternamn', exact: true }).fill(REFUSED.last);
  await page.getByRole('textbox', { name: 'E-post', exact: true }).fill(REFUSED.email);
  await page.getByRole('checkbox', { name: 'Beställare' }).check({ force: true });
  await page.getByLabel('Chefens namn').fill(MANAGER.name);
  await page.getByLabel('Chefens e-postadress').fill(MANAGER.email);
  await page.getByLabel('Chefens telefonnummer').fill(MANAGER.phone);
  await page.getByRole('button', { name: 'Skicka ansökan' }).click();
  await expect(page.getByRole('row', { name: /Olle Otursam/ })).toBeVisible();

  // System administration's queue, oldest first, with the clock.
  await logout(page);
  await loginAs(page, 'admin', '/admin/ansokningar');
  await expect(page.getByRole('heading', { level: 1, name: 'Behörighetsansökningar' })).toBeVisible();
  await expect(page.getByText('registrerad inom målet (7 dagar)')).toBeVisible();
  const nils = page.getByRole('row', { name: /Nils Nyström/ });
  await expect(nils).toContainText('Registreras senast');
  await expect(nils).toContainText('Mona Chef');
  await expect(nils).toContainText('20101');
  await expectNoAxeViolations(page, 'application queue');

  await page.getByRole('button', { name: 'Bevilja ansökan för Nils Nyström' }).click();
  const approve = page.getByRole('dialog', { name: 'Bevilja och registrera: Nils Nyström' });
  await approve.getByLabel('Användarnamn').fill(NEW_USER.username);
  await expectNoAxeViolations(page, 'approve dialog');
  await approve.getByRole('button', { name: 'Bevilja' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Kontot nils.nystrom är upplagt' })).toBeVisible();
  await expect(page.getByRole('row', { name: /Nils Nyström/ })).toHaveCount(0);

  // Refusing needs a reason.
  await page.getByRole('button', { name: 'Avslå ansökan för Olle Otursam' }).click();
  const refuse = page.getByRole('dialog', { name: 'Avslå: Olle Otursam' });
  await refuse.getByRole('button', { name: 'Avslå' }).click();
  await expect(fieldOf(refuse, 'Skäl till avslaget').locator('.field-error')).toHaveText('Fyll i fältet.');
  await expectNoAxeViolations(page, 'refuse dialog, no reason');
  await refuse.getByLabel('Skäl till avslaget').fill('Personen ska inte beställa hjälpmedel i sin tjänst.');
  await refuse.getByRole('button', { name: 'Avslå' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Ansökan för Olle Otursam är avslagen.' })).toBeVisible();
  await expect(page.getByText('Inga ansökningar.')).toBeVisible();

  await pick(page, 'Visa', 'Avslagna');
  await expect(page.getByRole('row', { name: /Olle Otursam/ })).toContainText('Skäl: Personen ska inte beställa hjälpmedel i sin tjänst.');
  await pick(page, 'Visa', 'Beviljade');
  await expect(page.getByRole('row', { name: /Nils Nyström/ })).toContainText('Registrerad inom målet');
  await expectNoAxeViolations(page, 'approved applications');

  // The mails are kept in the outgoing list (no SMTP server): the new user's tells how to log in.
  await mainNav(page).getByRole('link', { name: 'Utgående e-post' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Utgående e-post' })).toBeVisible();
  const mail = page.locator('li.card').filter({ hasText: NEW_USER.email }).filter({ hasText: 'Behörighetsansökan beviljad: Nils Nyström' });
  await expect(mail).toHaveCount(1);
  await expect(mail).toContainText('Sparad');
  await mail.getByText('Visa brevet').click();
  await expect(mail.locator('pre')).toContainText(`Användarnamn: ${NEW_USER.username}`);
  await expect(mail.locator('pre')).toContainText('Logga in med ditt SITHS-kort');
  await expect(page.locator('li.card').filter({ hasText: MANAGER.email }).filter({ hasText: 'avslagen: Olle Otursam' })).toHaveCount(1);
  await expectNoAxeViolations(page, 'outgoing e-mail');

  // The new user does what the mail says: logs in with the SITHS card.
  await logout(page);
  await page.goto('/logga-in');
  await page.getByRole('link', { name: 'Logga in med SITHS-kort' }).click();
  await expect(page.getByRole('heading', { name: 'Logga in med SITHS-kort (test)' })).toBeVisible();
  await page.getByLabel('Konto').fill(NEW_USER.sub);
  await page.getByRole('button', { name: 'Logga in' }).click();
  await expect(page.getByRole('button', { name: 'Logga ut' })).toBeVisible();
  await expect(page.getByRole('banner')).toContainText('Nils Nyström');
  await expect(mainNav(page).getByRole('link', { name: 'Patienter' })).toBeVisible();
  await expectNoAxeViolations(page, 'start page of the new user');
});

test('a leaver: local support applies for the account to end, system administration approves, the account can no longer log in', async ({ page }) => {
  await loginAs(page, 'anvandarstod', '/admin/ansokningar/ny');
  await expect(page.getByRole('heading', { level: 1, name: 'Ny behörighetsansökan' })).toBeVisible();
  // First as a change with nothing to change: said, and not sent.
  await page.getByRole('radio', { name: 'Ändring' }).check({ force: true });
  await page.getByRole('searchbox', { name: 'Sök användare' }).fill('Ek');
  await pick(page, 'Användare', 'Ek, Bo');
  await page.getByLabel('Chefens namn').fill(MANAGER.name);
  await page.getByLabel('Chefens e-postadress').fill(MANAGER.email);
  await page.getByLabel('Chefens telefonnummer').fill(MANAGER.phone);
  await page.getByRole('button', { name: 'Skicka ansökan' }).click();
  await expect(page.getByRole('alert')).toHaveText('Ange minst en ändring.');
  await expectNoAxeViolations(page, 'change application with nothing to change');

  await page.getByRole('radio', { name: 'Avslut' }).check({ force: true });
  await expect(page.getByLabel('Chefens namn')).toHaveValue(MANAGER.name);
  await expectNoAxeViolations(page, 'leaver application');
  await page.getByRole('button', { name: 'Skicka ansökan' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Ansökan för Bo Ek är skickad' })).toBeVisible();

  await logout(page);
  await loginAs(page, 'admin', '/admin/ansokningar');
  await expect(page.getByRole('row', { name: /Bo Ek/ })).toContainText('Avslut');
  await page.getByRole('button', { name: 'Bevilja ansökan för Bo Ek' }).click();
  const approve = page.getByRole('dialog', { name: 'Bevilja och registrera: Bo Ek' });
  await expect(approve).toContainText('Kontot inaktiveras.');
  await approve.getByRole('button', { name: 'Bevilja' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Ansökan för Bo Ek är beviljad och registrerad.' })).toBeVisible();

  await logout(page);
  const res = await page.request.post('/api/auth/login', { data: { username: 'bestallare', password: DEMO_PASSWORD } });
  expect(res.status()).not.toBe(200);
});

test('system administration changes the run-time settings; a value outside the range is refused on the field', async ({ page }) => {
  await loginAs(page, 'admin', '/');
  await mainNav(page).getByRole('link', { name: 'Inställningar' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Inställningar' })).toBeVisible();
  await expectNoAxeViolations(page, 'settings');

  await page.getByRole('button', { name: 'Ändra Månader utan inloggning innan behörigheten inaktiveras' }).click();
  let dialog = page.getByRole('dialog', { name: 'Ändra inställning' });
  await pick(page, 'Nytt värde', '24');
  await dialog.getByRole('button', { name: 'Spara' }).click();
  await expect(page.getByRole('status').filter({ hasText: '”Månader utan inloggning innan behörigheten inaktiveras” är ändrad till 24.' })).toBeVisible();
  await expect(page.getByRole('row', { name: /Månader utan inloggning/ })).toContainText('Standardvärde 12');

  await page.getByRole('button', { name: 'Ändra Logggranskning: så många olika patienter inom tidsfönstret avviker' }).click();
  dialog = page.getByRole('dialog', { name: 'Ändra inställning' });
  await dialog.getByLabel('Nytt värde').fill('1');
  await dialog.getByRole('button', { name: 'Spara' }).click();
  await expect(fieldOf(dialog, 'Nytt värde').locator('.field-error')).toHaveText(/ange ett heltal från 2 till 1000/);
  await expectNoAxeViolations(page, 'settings, value out of range');
  await dialog.getByLabel('Nytt värde').fill('2');
  await dialog.getByRole('button', { name: 'Spara' }).click();
  await expect(page.getByRole('row', { name: /så många olika patienter/ })).toContainText('2');
});

test('the log reviewer reviews the period, downloads it, signs it off, and makes a patient’s extract', async ({ page }) => {
  test.setTimeout(90_000);
  // A prescriber of the region reads a patient with a protected identity.
  await loginAs(page, 'forskrivare', '/patienter');
  const number = page.getByRole('textbox', { name: 'Personnummer eller samordningsnummer' });
  await number.fill(SOFIA_PROTECTED.number);
  await number.press('Enter');
  await page.getByRole('dialog', { name: 'Bekräfta vårdrelation' }).getByRole('button', { name: 'Jag har en vårdrelation med patienten' }).click();
  await expect(page.getByRole('heading', { level: 1, name: SOFIA_PROTECTED.name })).toBeVisible();

  await logout(page);
  await loginAs(page, 'loggranskare', '/');
  await mainNav(page).getByRole('link', { name: 'Logggranskning' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Logggranskning' })).toBeVisible();
  await expect(page.getByText('Inga granskningar är signerade än.')).toBeVisible();
  await expectNoAxeViolations(page, 'log review');

  const period = page.locator('#review-period');
  await period.getByRole('button', { name: 'Visa rapport' }).click();
  const report = page.locator('#review-report');
  await expect(report.getByRole('heading', { name: /^Rapport för/ })).toBeVisible();
  const read = report.getByRole('grid', { name: 'Åtkomster' }).getByRole('row').filter({ hasText: SOFIA_PROTECTED.name }).first();
  await expect(read).toContainText('Anna Åberg');
  await expect(read).toContainText('Skyddad identitet');
  await expectNoAxeViolations(page, 'log review report');

  const [excel] = await Promise.all([page.waitForEvent('download'), report.getByRole('link', { name: 'Ladda ner Excel' }).click()]);
  expect(excel.suggestedFilename()).toMatch(/^logggranskning-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.xlsx$/);
  const xlsx = fs.readFileSync((await excel.path())!);
  expect(xlsx.subarray(0, 2).toString()).toBe('PK');
  const [reportPdf] = await Promise.all([page.waitForEvent('download'), report.getByRole('link', { name: 'Ladda ner PDF' }).click()]);
  expect(reportPdf.suggestedFilename()).toMatch(/^logggranskning-.*\.pdf$/);
  expect(
    fs
      .readFileSync((await reportPdf.path())!)
      .subarray(0, 5)
      .toString(),
  ).toBe('%PDF-');

  const signOff = page.locator('#review-sign-off');
  await signOff.getByLabel('Kommentar').fill('Skyddad identitet kontrollerad med enhetschefen.');
  await signOff.getByRole('button', { name: 'Signera granskningen' }).click();
  await expect(signOff.getByRole('status')).toContainText('är signerad');
  const signed = page.locator('#review-sign-offs').getByRole('row').filter({ hasText: 'Ingrid Falk' });
  await expect(signed).toContainText('Skyddad identitet kontrollerad med enhetschefen.');
  // The same period once more: refused, and said so.
  await signOff.getByRole('button', { name: 'Signera granskningen' }).click();
  await expect(signOff.getByRole('alert')).toContainText('Granskningen av perioden är redan signerad.');
  await expectNoAxeViolations(page, 'log review signed off');

  // The patient's extract: an unknown number is said on the field; the patient's gives a PDF.
  const extract = page.locator('#access-extract');
  await extract.getByLabel('Patientens personnummer').fill('19121212-1212');
  await extract.getByRole('button', { name: 'Ta fram utdrag (PDF)' }).click();
  await expect(fieldOf(extract, 'Patientens personnummer').locator('.field-error')).not.toBeEmpty();
  await expectNoAxeViolations(page, 'extract, unknown patient');
  await extract.getByLabel('Patientens personnummer').fill(SOFIA_PROTECTED.shown);
  const [pdf] = await Promise.all([page.waitForEvent('download'), extract.getByRole('button', { name: 'Ta fram utdrag (PDF)' }).click()]);
  expect(pdf.suggestedFilename()).toBe('registerutdrag.pdf');
  expect(
    fs
      .readFileSync((await pdf.path())!)
      .subarray(0, 5)
      .toString(),
  ).toBe('%PDF-');
  await expect(extract.getByRole('status')).toContainText('Utdraget är nedladdat.');

  // The page in English.
  await page.getByRole('button', { name: 'Change language to English' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Log review' })).toBeVisible();
  await expect(page.locator('#review-sign-offs')).toContainText('Signed-off reviews');
  await expectNoAxeViolations(page, 'log review in English');
  await page.getByRole('button', { name: 'Byt språk till svenska' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Logggranskning' })).toBeVisible();
});
