import { expect, test } from '@playwright/test';
import { expectNoAxeViolations } from './axe.ts';
import { startServerWithIdp, type OwnServer } from './own-server.ts';

/**
 * SITHS login in a browser, through a real IdP (oidc-provider) started here. The suite's shared server has no IdP,
 * so this spec starts its own Bistå (the same command, a demo database of its own) configured for the IdP.
 */

// The demo seed gives forskrivare (the first demo user) this HSA-id (src/administration/seed/demo.ts).
const ANNA_HSA = 'SE2321000999-D001';

let own: OwnServer;
let base = '';

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  test.setTimeout(150_000);
  own = await startServerWithIdp('sso', [
    { sub: 'kort-anna', hsaId: ANNA_HSA, name: 'Anna Åberg' },
    { sub: 'kort-okand', hsaId: 'SE2321000016-OKAND' },
  ]);
  base = own.origin;
});

test.afterAll(async () => {
  await own?.stop();
});

test('a prescriber logs in with the SITHS card through the IdP, and logging out ends the IdP session too', async ({ page }) => {
  await page.goto(`${base}/logga-in`);
  const siths = page.getByRole('link', { name: 'Logga in med SITHS-kort' });
  await expect(siths).toBeVisible();
  await expectNoAxeViolations(page, 'login page with SITHS');

  await siths.click();
  await expect(page.getByRole('heading', { name: 'Logga in med SITHS-kort (test)' })).toBeVisible();
  await page.getByLabel('Konto').fill('kort-anna');
  await page.getByRole('button', { name: 'Logga in' }).click();

  await expect(page.getByRole('button', { name: 'Logga ut' })).toBeVisible();
  expect(new URL(page.url()).origin).toBe(base);

  await page.getByRole('button', { name: 'Logga ut' }).click();
  // The IdP asks; the user confirms and is sent back to Bistå's login page.
  await expect(page.getByRole('heading', { name: 'Logga ut från test-IdP' })).toBeVisible();
  await page.getByRole('button', { name: 'Logga ut' }).click();
  await expect(page).toHaveURL(`${base}/logga-in?utloggad=1`);
  await expect(page.getByText('Du är utloggad.')).toBeVisible();

  // Both sessions are gone: SITHS asks for the card again.
  await page.getByRole('link', { name: 'Logga in med SITHS-kort' }).click();
  await expect(page.getByRole('heading', { name: 'Logga in med SITHS-kort (test)' })).toBeVisible();
});

test('a card whose HSA-id is no user is told to apply for access', async ({ page }) => {
  await page.goto(`${base}/logga-in`);
  await page.getByRole('link', { name: 'Logga in med SITHS-kort' }).click();
  await page.getByLabel('Konto').fill('kort-okand');
  await page.getByRole('button', { name: 'Logga in' }).click();
  await expect(page).toHaveURL(`${base}/logga-in?sso=unknown-user`);
  await expect(page.getByRole('alert')).toContainText('behörighetsansökan');
  await expectNoAxeViolations(page, 'login page, unknown HSA-id');
});
