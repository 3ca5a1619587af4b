import crypto from 'node:crypto';
import { expect, test } from '@playwright/test';
import { expectNoAxeViolations } from './axe.ts';
import { apiAs } from './api.ts';
import { DEMO_PASSWORD, login, loginAs, mainNav, navLinks } from './helpers.ts';

// The app runs under its Content-Security-Policy (no inline scripts; React Aria's two styles by hash): the browser reports
// anything the policy blocks on the console, and there must be nothing.
const cspViolations: string[] = [];
test.beforeEach(({ page }) => {
  cspViolations.length = 0;
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text());
  });
});
test.afterEach(() => {
  expect(cspViolations, 'blocked by the Content-Security-Policy').toEqual([]);
});

test('the login page is accessible, in Swedish, with the demo hint as help text', async ({ page }) => {
  await page.goto('/');
  await expect(page).toHaveURL(/\/logga-in\?next=%2F$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Logga in' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'sv');
  await expect(page.getByText('Demo: t.ex. forskrivare eller admin, lösenord bista-demo-2026')).toBeVisible();
  // A demo installation names a few demo patients to look up, by number and what each is for.
  const guide = page.getByRole('region', { name: 'Demopatienter att söka fram på Patienter:' });
  await expect(guide).toContainText('19380412-9827 Astrid Lindqvist: vanlig patient, med adress');
  await expect(guide).toContainText('samordningsnummer');
  await expectNoAxeViolations(page, 'login');

  // Empty fields are caught before anything is sent, with Swedish messages.
  await page.getByRole('button', { name: 'Logga in' }).click();
  await expect(page.getByText('Fyll i fältet.').first()).toBeVisible();
  await expectNoAxeViolations(page, 'login with field errors');
});

test('a wrong password gives a clear error and no session', async ({ page }) => {
  await page.goto('/logga-in');
  await page.getByLabel('Användarnamn').fill('sjukgymnast');
  await page.getByLabel('Lösenord').fill('fel-lösenord-123');
  await page.getByRole('button', { name: 'Logga in' }).click();
  await expect(page.getByRole('alert')).toContainText('Fel användarnamn eller lösenord.');
  await expect(page).toHaveURL(/\/logga-in/);
  await expect(page.getByLabel('Lösenord')).toHaveValue('');
  await expectNoAxeViolations(page, 'login with error');

  // The right password still works afterwards.
  await page.getByLabel('Lösenord').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Logga in' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Välkommen, Erik Öhman' })).toBeVisible();
});

test('an account locked after repeated failures says for how long', async ({ page, baseURL }) => {
  // An account of this test's own: locking a shared demo account (and unlocking it, which ends its sessions)
  // would log out another spec working as that user at the same time.
  const admin = await apiAs(baseURL!, 'admin');
  const username = `last.${crypto.randomUUID().slice(0, 8)}`;
  const password = `Rätt-${crypto.randomUUID()}`;
  const user = await admin.call<{ id: string }>(
    'post',
    '/api/users',
    { username, firstName: 'Låst', lastName: 'Provsson', roles: ['customerService'], memberships: [] },
    201,
  );
  await admin.call('post', `/api/users/${user.id}/password`, { password });
  await admin.ctx.dispose();
  // Four failures through the API, the fifth (which locks the account) through the form.
  for (let i = 0; i < 4; i++) {
    const r = await page.request.post('/api/auth/login', { data: { username, password: `fel-${i}` } });
    expect(r.status()).toBe(401);
  }
  await page.goto('/logga-in');
  await page.getByLabel('Användarnamn').fill(username);
  await page.getByLabel('Lösenord').fill('fel-igen');
  await page.getByRole('button', { name: 'Logga in' }).click();
  await expect(page.getByRole('alert')).toContainText('Kontot är tillfälligt låst efter för många misslyckade inloggningar. Försök igen om 15 minuter.');
});

const navByUser: [string, string, string[]][] = [
  [
    'forskrivare',
    'Anna Åberg',
    [
      'Start',
      'Patienter',
      'Beställningar',
      'Mina uppföljningar',
      'Hjälpmedel',
      'Support',
      'Förslag',
      'Uppgraderingstest',
      'Fakturaunderlag',
      'Kostnadsstatistik',
      'Min profil',
    ],
  ],
  [
    'bestallare',
    'Bo Ek',
    [
      'Start',
      'Patienter',
      'Beställningar',
      'Mina uppföljningar',
      'Hjälpmedel',
      'Support',
      'Förslag',
      'Uppgraderingstest',
      'Fakturaunderlag',
      'Kostnadsstatistik',
      'Min profil',
    ],
  ],
  [
    'anvandarstod',
    'Lisa Ärlig',
    [
      'Start',
      'Patienter',
      'Beställningar',
      'Mina uppföljningar',
      'Hjälpmedel',
      'Support',
      'Supportkö',
      'Förslag',
      'Uppgraderingstest',
      'Fakturaunderlag',
      'Kostnadsstatistik',
      'Min profil',
      'Användare',
      'Behörighetsansökningar',
    ],
  ],
  [
    'kundtjanst',
    'Karin Lund',
    [
      'Start',
      'Hjälpmedel',
      'Arbetskö HMC',
      'Individer',
      'Lager',
      'Rekonditionering',
      'Utredningar',
      'Besiktningar',
      'Ärenden',
      'Buffertförråd',
      'Inköp',
      'Leverantörer',
      'Körningar',
      'Support',
      'Supportkö',
      'Förslag',
      'Uppgraderingstest',
      'Min profil',
      'Driftinformation',
    ],
  ],
  [
    'tekniker',
    'Tomas Berg',
    [
      'Start',
      'Hjälpmedel',
      'Arbetskö HMC',
      'Individer',
      'Lager',
      'Rekonditionering',
      'Utredningar',
      'Besiktningar',
      'Buffertförråd',
      'Support',
      'Förslag',
      'Uppgraderingstest',
      'Min profil',
    ],
  ],
  [
    'ekonomi',
    'Elin Sandberg',
    [
      'Start',
      'Hjälpmedel',
      'Individer',
      'Lager',
      'Rekonditionering',
      'Buffertförråd',
      'Inköp',
      'Leverantörer',
      'Lagervärde',
      'Support',
      'Förslag',
      'Uppgraderingstest',
      'Fakturering',
      'Priser och kostnadsansvar',
      'IT-kostnad',
      'Kostnadsstatistik',
      'Min profil',
    ],
  ],
  [
    'sortiment',
    'Sara Nilsson',
    [
      'Start',
      'Hjälpmedel',
      'Artikelimport',
      'Individer',
      'Lager',
      'Rekonditionering',
      'Buffertförråd',
      'Inköp',
      'Leverantörer',
      'Support',
      'Förslag',
      'Uppgraderingstest',
      'Priser och kostnadsansvar',
      'Min profil',
    ],
  ],
  [
    'samordnare',
    'Fredrik Holm',
    [
      'Start',
      'Hjälpmedel',
      'Individer',
      'Lager',
      'Rekonditionering',
      'Buffertförråd',
      'Support',
      'Förslag',
      'Uppgraderingstest',
      'Min profil',
      'Driftinformation',
      'Kvalitet',
      'Kvartalsuppföljning',
      'Regler',
    ],
  ],
  ['chauffor', 'Dragan Petrović', ['Start', 'Hjälpmedel', 'Mina körningar', 'Support', 'Förslag', 'Uppgraderingstest', 'Min profil']],
  ['loggranskare', 'Ingrid Falk', ['Start', 'Hjälpmedel', 'Support', 'Förslag', 'Uppgraderingstest', 'Min profil', 'Logggranskning']],
  [
    'admin',
    'Ali Karimi',
    [
      'Start',
      'Hjälpmedel',
      'Individer',
      'Lager',
      'Rekonditionering',
      'Buffertförråd',
      'Support',
      'Supportkö',
      'Förslag',
      'Uppgraderingstest',
      'Min profil',
      'Driftinformation',
      'Kvalitet',
      'Kvartalsuppföljning',
      'Användare',
      'Behörighetsansökningar',
      'Vårdgivare',
      'Kunder',
      'Leveransområden',
      'Logg',
      'Systemklienter',
      'Utgående e-post',
      'Inställningar',
      'Regler',
      'Förskrivningsklasser',
    ],
  ],
];

test('each role sees only the areas it may use', async ({ page }) => {
  test.setTimeout(90_000);
  for (const [username, name, links] of navByUser) {
    await page.context().clearCookies();
    await loginAs(page, username);
    await expect(page.getByRole('banner')).toContainText(name);
    expect(await navLinks(page), `nav of ${username}`).toEqual(links);
    await expect(mainNav(page).getByRole('link', { name: 'Start' })).toHaveAttribute('aria-current', 'page');
    if (username === 'forskrivare' || username === 'admin') await expectNoAxeViolations(page, `start as ${username}`);
  }
});

test('a page the role may not use says so; an unknown address gives the not-found page', async ({ page }) => {
  await loginAs(page, 'forskrivare', '/admin/anvandare');
  await expect(page.getByRole('heading', { level: 1, name: 'Du saknar behörighet' })).toBeVisible();
  await expectNoAxeViolations(page, 'forbidden');

  await page.goto('/finns-inte/alls');
  await expect(page.getByRole('heading', { level: 1, name: 'Sidan finns inte' })).toBeVisible();
  await expect(page).toHaveTitle('Sidan finns inte – Bistå');
  await expectNoAxeViolations(page, 'not found');
  await page.getByRole('link', { name: 'Till startsidan' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Välkommen, Anna Åberg' })).toBeVisible();
});

test('the skip link moves focus to the main content', async ({ page }) => {
  await loginAs(page, 'forskrivare', '/profil');
  await expect(page.getByRole('heading', { level: 1, name: 'Min profil' })).toBeVisible();
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Hoppa till huvudinnehållet' });
  await expect(skip).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.locator('main#main')).toBeFocused();
});

test('logging out ends the session; logging in again returns to the page asked for', async ({ page }) => {
  await login(page, 'bestallare');
  await page.getByRole('button', { name: 'Logga ut' }).click();
  await expect(page).toHaveURL(/\/logga-in/);
  await expect(page.getByText('Du är utloggad.')).toBeVisible();
  const session = await page.evaluate(() => fetch('/api/auth/session').then((r) => r.json()));
  expect(session).toMatchObject({ authenticated: false });

  await page.goto('/profil');
  await expect(page).toHaveURL(/\/logga-in\?next=%2Fprofil$/);
  await page.getByLabel('Användarnamn').fill('bestallare');
  await page.getByLabel('Lösenord').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Logga in' }).click();
  await expect(page).toHaveURL(/\/profil$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Min profil' })).toBeVisible();
});

test('a server fault shows a Swedish message with the request id', async ({ page }) => {
  await page.route('**/api/news', (route) =>
    route.fulfill({
      status: 500,
      contentType: 'application/json',
      body: JSON.stringify({ error: { code: 'INTERNAL', message: 'Ett internt fel inträffade', requestId: 'req-e2e-500' } }),
    }),
  );
  await loginAs(page, 'forskrivare');
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('Något gick fel');
  await expect(alert).toContainText('Begärans id: req-e2e-500');
  // The shell stays usable around the failed page.
  await expect(mainNav(page)).toBeVisible();
  await expectNoAxeViolations(page, 'error boundary');
});

test('local user support sees the users of its care providers, read only', async ({ page }) => {
  await loginAs(page, 'anvandarstod');
  await mainNav(page).getByRole('link', { name: 'Användare' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Användare' })).toBeVisible();
  await expect(page.getByText('Ändringar görs av systemförvaltningen.')).toBeVisible();
  await expect(page.getByRole('link', { name: 'Ny användare' })).toHaveCount(0);
  const table = page.getByRole('grid', { name: 'Användare' });
  await expect(table.getByRole('link', { name: 'Ek, Bo' })).toBeVisible();
  await expectNoAxeViolations(page, 'users as localSupport');
  await table.getByRole('link', { name: 'Ek, Bo' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Bo Ek' })).toBeVisible();
  await expect(page.getByText('Särskilt boende Solgården')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Spara' })).toHaveCount(0);
  await expectNoAxeViolations(page, 'user read-only');
});
