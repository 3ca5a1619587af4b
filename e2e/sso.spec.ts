import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { startTestIdp, type TestIdp } from '../src/platform/auth/testing/idp.ts';
import { expectNoAxeViolations } from './axe.ts';

/**
 * SITHS login in a browser, through a real IdP (oidc-provider) started here. The suite's shared server has no IdP,
 * so this spec starts its own Bistå (the same command, a demo database of its own) configured for the IdP.
 */

// The demo seed gives forskrivare (the first demo user) this HSA-id (src/administration/seed/demo.ts).
const ANNA_HSA = 'SE2321000999-D001';

let idp: TestIdp;
let server: ChildProcess;
let base = '';
let dataDir = '';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  test.setTimeout(150_000);
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  idp = await startTestIdp({
    clients: [{ clientId: 'bista', clientSecret: 'e2e-hemlighet', redirectUris: [`${base}/api/auth/oidc/callback`], postLogoutRedirectUris: [`${base}/logga-in?utloggad=1`] }],
    accounts: [
      { sub: 'kort-anna', hsaId: ANNA_HSA, name: 'Anna Åberg' },
      { sub: 'kort-okand', hsaId: 'SE2321000016-OKAND' },
    ],
  });
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bista-e2e-sso-'));
  server = spawn(process.execPath, ['bin/bista.js', 'serve', '--demo'], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      BISTA_DATA_DIR: dataDir,
      BISTA_LOG_LEVEL: 'warn',
      BISTA_PUBLIC_URL: base,
      BISTA_MAX_WAIT_MS: '10000',
      BISTA_OIDC_ISSUER: idp.issuer,
      BISTA_OIDC_CLIENT_ID: 'bista',
      BISTA_OIDC_CLIENT_SECRET: 'e2e-hemlighet',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const deadline = Date.now() + 120_000;
  for (;;) {
    const ready = await fetch(`${base}/api/ready`).then((r) => r.ok, () => false);
    if (ready) break;
    if (Date.now() > deadline || server.exitCode !== null) throw new Error('the SITHS test server did not start');
    await new Promise((r) => setTimeout(r, 250));
  }
});

test.afterAll(async () => {
  if (server && server.exitCode === null) {
    const exited = new Promise((r) => server.once('exit', r));
    server.kill('SIGTERM');
    await exited;
  }
  await idp?.close();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
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
