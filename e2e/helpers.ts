import { expect, type Page } from '@playwright/test';

export const DEMO_PASSWORD = 'bista-demo-2026';

/** Logs in through the login page and waits for the app shell. */
export async function login(page: Page, username: string, password = DEMO_PASSWORD) {
  await page.goto('/logga-in');
  await page.getByLabel('Användarnamn').fill(username);
  await page.getByLabel('Lösenord').fill(password);
  await page.getByRole('button', { name: 'Logga in' }).click();
  await expect(page.getByRole('button', { name: 'Logga ut' })).toBeVisible();
}

/**
 * Logs in through the API (quicker than the form; the form itself is tested in login-and-shell) and
 * opens `path`. The request shares the page's cookie jar, so the page is logged in.
 */
export async function loginAs(page: Page, username: string, path = '/') {
  const res = await page.request.post('/api/auth/login', { data: { username, password: DEMO_PASSWORD } });
  expect(res.status(), `login as ${username}`).toBe(200);
  await page.goto(path);
  await expect(page.getByRole('button', { name: /Logga ut|Sign out/ })).toBeVisible();
}

/** Finds the patient through the patient search as `username`, confirming the care relationship if today's is not yet given. */
export async function openPatient(page: Page, patient: { number: string; name: string }, username = 'forskrivare') {
  await loginAs(page, username, '/patienter');
  const field = page.getByRole('textbox', { name: 'Personnummer eller samordningsnummer' });
  await field.fill(patient.number);
  await field.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'Bekräfta vårdrelation' });
  const heading = page.getByRole('heading', { level: 1, name: patient.name });
  await expect(dialog.or(heading)).toBeVisible();
  if (await dialog.isVisible()) await dialog.getByRole('button', { name: 'Jag har en vårdrelation med patienten' }).click();
  await expect(heading).toBeVisible();
}

/** Reloads the page until `check` passes: the contract's outbox runs in the background. */
export async function untilAfterReload(page: Page, check: () => Promise<void>) {
  await expect(async () => {
    await page.reload();
    await check();
  }).toPass({ timeout: 30_000, intervals: [500, 1000, 2000] });
}

/**
 * From the receipt page of a sent order: opens the order from "Mina beställningar", waits until the centre has
 * received it (the contract's outbox runs in the background) and answers the centre's order number (K-…).
 */
export async function centreNumberOnceReceived(page: Page, orderNumber: string): Promise<string> {
  await page.getByRole('link', { name: 'Mina beställningar' }).click();
  await page.getByRole('link', { name: orderNumber }).click();
  await untilAfterReload(page, async () => {
    await expect(page.getByRole('list', { name: 'Händelser' })).toContainText('Mottagen', { timeout: 1000 });
  });
  return (await page
    .getByRole('region', { name: 'Uppgifter' })
    .locator('.mono')
    .filter({ hasText: /^K-\d+$/ })
    .textContent())!.trim();
}

export const mainNav = (page: Page) => page.getByRole('navigation', { name: 'Huvudmeny' });

export async function navLinks(page: Page): Promise<string[]> {
  return (await mainNav(page).getByRole('link').allTextContents()).map((s) => s.trim());
}

function escapeRegExp(s: string) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Opens the React Aria Select whose label starts with `label` and picks the option named `option`. */
export async function choose(page: Page, label: string, option: string, scope = page.locator('body')) {
  const field = scope.locator('.field').filter({ has: page.locator('.field-label', { hasText: new RegExp(`^${escapeRegExp(label)}`) }) });
  await field.locator('.select-button').first().click();
  await page.getByRole('option', { name: option, exact: true }).click();
  await expect(page.getByRole('listbox')).toHaveCount(0);
}

/**
 * On a pick-up order's page: "Hämtad och avregistrerad" for the unit, confirmed in its dialog with the unit
 * number read off the device (as delivery confirms serial numbers).
 */
export async function pickUpAndDeregister(page: Page, unitNumber: string) {
  const section = page.getByRole('region', { name: 'Hämtning' });
  await section.getByRole('button', { name: `Hämtad och avregistrerad: ${unitNumber}` }).click();
  const dialog = page.getByRole('dialog', { name: `Bekräfta hämtning och avregistrering: ${unitNumber}` });
  await dialog.getByLabel('Individnummer eller serienummer').fill(unitNumber);
  await dialog.getByRole('button', { name: 'Bekräfta hämtningen' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'är hämtad och avregistrerad' })).toBeVisible();
}
