import crypto from 'node:crypto';
import { expect, test } from '@playwright/test';
import { expectNoAxeViolations } from './axe.ts';
import { apiAs, declareCareRelationship, givenRentArticle } from './api.ts';
import { orderSubmit } from './contract-message.ts';
import { loginAs } from './helpers.ts';

// The driver's page without a connection (issue 19 item 2): the phone keeps today's copy of the run it fetched, so
// a reload in a dead zone shows the run (with a line saying since when) instead of an error, a stop can still be
// confirmed (it waits on the phone), and when the connection is back the confirmation goes and the live run
// replaces the copy. Own article, unit, patient and run (Område Väst, customer 20102): e2e/transport.spec.ts drives
// Centralorten's.

test.describe.configure({ mode: 'serial' });

const ARTICLE = 'Duschpall Körprov Täckning';
const PATIENT = {
  identifier: '192707289910',
  identifierKind: 'personnummer',
  firstName: 'Bengt',
  lastName: 'Jönsson',
  protectedIdentity: false,
  homeMunicipalityCode: '9901',
  address: { careOf: null, street: 'Kyrkogatan 30', postalCode: '990 83', city: 'Norrvik' },
};
const AREA = 'Område Väst';
const API = '**/api/provision/transport/**';

test.beforeAll(async ({ baseURL }) => {
  const a = await apiAs(baseURL!, 'sortiment');
  const article = await givenRentArticle(a, ARTICLE, '12 22 03');
  await a.ctx.dispose();
  const w = await apiAs(baseURL!, 'lager');
  const warehouses = await w.call<{ id: string; code: string }[]>('get', '/api/provision/warehouses');
  const { units } = await w.call<{ units: { id: string }[] }>(
    'post',
    '/api/provision/units/receipts',
    { warehouseId: warehouses.find((x) => x.code === 'HMC')!.id, articleId: article.id, units: [{ purchaseDate: '2024-03-01', purchaseCost: 2100 }] },
    201,
  );
  // A delivery to Bengt Jönsson for Särskilt boende Solgården (20102, Område Väst), the unit picked.
  const p = await apiAs(baseURL!, 'anvandarstod');
  await declareCareRelationship(p, PATIENT.identifier);
  const lineId = crypto.randomUUID();
  const res = await p.ctx.post('/api/contract/v1/messages', {
    headers: p.headers,
    data: orderSubmit({
      customerNumber: '20102',
      orderedBy: { userId: crypto.randomUUID(), name: 'Lisa Ärlig', hsaId: null, profession: 'Arbetsterapeut', phone: null, email: null },
      patient: PATIENT,
      contact: { name: 'Lisa Ärlig', phone: '0611-22 33 44' },
      lines: [{ lineId, lineNumber: 1, articleNumber: article.articleNumber, quantity: 1, unitNumber: null, accessoryForLineId: null, note: null }],
    }),
  });
  expect(res.status(), await res.text()).toBe(202);
  const { centreOrderNumber } = (await res.json()) as { centreOrderNumber: string };
  await p.ctx.dispose();
  await w.call('post', `/api/provision/lines/${lineId}/reserve`, { version: 1, unitIds: [units[0]!.id] });
  // Today's run of the area, whatever weekday it is, with the order added to it.
  const areas = await w.call<{ id: string; name: string }[]>('get', '/api/delivery-areas');
  const day = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm' }).format(new Date());
  const areaId = areas.find((x) => x.name === AREA)!.id;
  const plan = await w.call<{ runs: { runId: string; areaId: string }[] }>('post', '/api/provision/transport/plan', { day, areaId });
  const runId = plan.runs.find((r) => r.areaId === areaId)!.runId;
  await w.call('post', `/api/provision/transport/runs/${runId}/stops`, { centreOrderNumber });
  await w.ctx.dispose();
});

test('a reload in a dead zone shows the run kept on the phone; a stop confirmed there is sent when the connection is back', async ({ page, context }) => {
  await loginAs(page, 'chauffor', '/');
  await page.setViewportSize({ width: 375, height: 740 });
  await page.goto('/chauffor');
  await page.getByRole('link', { name: new RegExp(AREA) }).click();
  await expect(page.getByRole('heading', { level: 1, name: AREA })).toBeVisible();
  const stop = page.getByRole('listitem').filter({ has: page.getByText('Bengt Jönsson', { exact: true }) });
  await expect(stop).toContainText('Kyrkogatan 30');
  const stale = page.getByRole('status').filter({ hasText: /^Ingen anslutning – visar/ });
  await expect(stale).toHaveCount(0);

  // A copy of an earlier day (here another user's) is removed when the page next reads its own.
  const old = 'bista.user.00000000-0000-4000-8000-000000000000.driver.2020-01-02.runs';
  await page.evaluate((k) => localStorage.setItem(k, '{"data":[],"savedAt":0}'), old);

  // The server cannot be reached (the app's own files still load: there is no service worker).
  await page.route(API, (route) => route.abort('internetdisconnected'));
  await page.reload();
  await expect(stale).toContainText(/^Ingen anslutning – visar körningen som den var kl\. \d\d:\d\d\. Det du kvitterar sparas i telefonen/);
  await expect(page.getByRole('heading', { level: 1, name: AREA })).toBeVisible();
  await expect(stop).toContainText('Kyrkogatan 30');
  await expect(page.getByRole('alert')).toHaveCount(0);
  expect(await page.evaluate((k) => localStorage.getItem(k), old)).toBeNull();

  // The list of the day's runs is kept too, and the run opens from it.
  await page.getByRole('link', { name: 'Mina körningar' }).first().click();
  await expect(page.getByRole('status').filter({ hasText: /^Ingen anslutning – visar dina körningar som de var kl\./ })).toBeVisible();
  await page.getByRole('link', { name: new RegExp(AREA) }).click();
  await expect(stale).toBeVisible();

  // A stop confirmed without a connection waits on the phone.
  await stop.getByRole('button', { name: 'Levererad' }).click();
  await stop.getByLabel('Mottagarens namn').fill('Bengt Jönsson');
  await stop.getByRole('button', { name: 'Spara' }).click();
  await expect(stop).toContainText('Väntar på att skickas');
  await expectNoAxeViolations(page, 'driver, run kept on the phone at 375 px');

  // The copy is the logged-in driver's, of today.
  const kept = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('bista.user.')));
  expect(kept.length).toBeGreaterThan(0);
  const day = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm' }).format(new Date());
  for (const k of kept) expect(k).toMatch(new RegExp(`^bista\\.user\\.[0-9a-f-]{36}\\.driver\\.${day}\\.`));

  // The connection is back (the browser says so): the confirmation goes, the live run replaces the copy.
  await page.unroute(API);
  await context.setOffline(true);
  await context.setOffline(false);
  await expect(stop.locator('.badge')).toHaveText('Levererad', { timeout: 20_000 });
  await expect(stop).toContainText('Mottagare: Bengt Jönsson');
  await expect(stale).toHaveCount(0);

  // A logout takes the copy off the phone.
  await page.getByRole('button', { name: 'Meny' }).click();
  await page.getByRole('button', { name: 'Logga ut' }).click();
  await expect(page.getByRole('button', { name: 'Logga in' })).toBeVisible();
  expect(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('bista.user.')))).toEqual([]);
});

test('a run never fetched on this phone still says why it cannot be shown', async ({ page }) => {
  await loginAs(page, 'chauffor', '/');
  await page.route(API, (route) => route.abort('internetdisconnected'));
  await page.goto(`/chauffor/${crypto.randomUUID()}`);
  await expect(page.getByRole('alert')).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: /^Ingen anslutning – visar/ })).toHaveCount(0);
});

test('on a connection too slow to answer, the page gives up after 15 s and shows the run kept on the phone', async ({ page }) => {
  test.setTimeout(60_000);
  await loginAs(page, 'chauffor', '/chauffor');
  await page.getByRole('link', { name: new RegExp(AREA) }).click();
  const stop = page.getByRole('listitem').filter({ has: page.getByText('Bengt Jönsson', { exact: true }) });
  await expect(stop.locator('.badge')).toHaveText('Levererad');
  // Every request to the run hangs: never answered, never failed.
  await page.route(API, () => undefined);
  await page.reload();
  await expect(page.getByRole('status').filter({ hasText: 'Laddar' })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: /^Ingen anslutning – visar körningen som den var kl\./ })).toBeVisible({ timeout: 20_000 });
  await expect(stop.locator('.badge')).toHaveText('Levererad');
  await page.unroute(API);
});
