import crypto from 'node:crypto';
import { expect, test, type Locator } from '@playwright/test';
import { expectNoAxeViolations } from './axe.ts';
import { apiAs, declareCareRelationship, givenRentArticle, type Api } from './api.ts';
import { orderSubmit } from './contract-message.ts';
import { handbookShot } from './handbook.ts';
import { loginAs, mainNav } from './helpers.ts';

// Delivery runs (issue 19 items 2 and 5): the warehouse plans today's run of Centralorten (customer 20101's area,
// asked for on a day that need not be its weekday), adds two delivery orders to it, and the driver drives it on a
// phone-sized page: one delivery, one pick-up and one "nobody home" — one of them confirmed while offline. The
// centre's page shows the progress. Own article, units and patients (no other spec uses them).

test.describe.configure({ mode: 'serial' });

const ARTICLE = 'Duschpall Körprov 4';
const person = (identifier: string, firstName: string, lastName: string, street: string, postalCode: string) => ({
  identifier,
  identifierKind: 'personnummer',
  firstName,
  lastName,
  protectedIdentity: false,
  homeMunicipalityCode: '9901',
  address: { careOf: null, street, postalCode, city: 'Norrvik' },
});
const DELIVERED = person('194609289899', 'Lennart', 'Gärdin', 'Storgatan 24', '990 82');
const NOBODY = person('197601289957', 'Bengt', 'Åkerlund', 'Kyrkogatan 31', '990 70');
const PICKED = person('193409069949', 'Ingrid', 'Ärlemalm', 'Älvstranden 6', '990 88');

let units: { id: string; unitNumber: string }[] = [];
const deliveries: { centreOrderNumber: string }[] = [];
let runId = '';

async function sendOrder(p: Api, patient: ReturnType<typeof person>, orderType: string, line: { articleNumber?: string; unitNumber?: string }) {
  await declareCareRelationship(p, patient.identifier);
  const lineId = crypto.randomUUID();
  const message = orderSubmit({
    orderType,
    patient,
    lines: [
      {
        lineId,
        lineNumber: 1,
        articleNumber: line.articleNumber ?? null,
        quantity: 1,
        unitNumber: line.unitNumber ?? null,
        accessoryForLineId: null,
        note: null,
      },
    ],
  });
  const res = await p.ctx.post('/api/contract/v1/messages', { headers: p.headers, data: message });
  expect(res.status(), await res.text()).toBe(202);
  return { orderId: message.order.orderId, lineId, centreOrderNumber: ((await res.json()) as { centreOrderNumber: string }).centreOrderNumber };
}

test.beforeAll(async ({ baseURL }) => {
  const a = await apiAs(baseURL!, 'sortiment');
  const article = await givenRentArticle(a, ARTICLE, '12 22 03');
  await a.ctx.dispose();
  const w = await apiAs(baseURL!, 'lager');
  const warehouses = await w.call<{ id: string; code: string }[]>('get', '/api/provision/warehouses');
  const warehouseId = warehouses.find((x) => x.code === 'HMC')!.id;
  ({ units } = await w.call<{ units: { id: string; unitNumber: string }[] }>(
    'post',
    '/api/provision/units/receipts',
    { warehouseId, articleId: article.id, units: [1, 2, 3].map(() => ({ purchaseDate: '2024-03-01', purchaseCost: 2100 })) },
    201,
  ));
  const p = await apiAs(baseURL!, 'forskrivare');
  // The first unit is at Ingrid Ärlemalm's since an earlier delivery, and now to be picked up.
  const held = await sendOrder(p, PICKED, 'customerOrder', { articleNumber: article.articleNumber });
  const r = await w.call<{ lineVersion: number }>('post', `/api/provision/lines/${held.lineId}/reserve`, { version: 1, unitIds: [units[0]!.id] });
  await w.call('post', `/api/provision/lines/${held.lineId}/deliver`, { version: r.lineVersion, units: [{ unitId: units[0]!.id }] });
  await sendOrder(p, PICKED, 'pickUp', { unitNumber: units[0]!.unitNumber });
  // Two deliveries, each unit picked (reserved) by the warehouse.
  for (const [i, who] of [DELIVERED, NOBODY].entries()) {
    const o = await sendOrder(p, who, 'customerOrder', { articleNumber: article.articleNumber });
    await w.call('post', `/api/provision/lines/${o.lineId}/reserve`, { version: 1, unitIds: [units[i + 1]!.id] });
    deliveries.push(o);
  }
  await p.ctx.dispose();
  await w.ctx.dispose();
});

const stops = (page: import('@playwright/test').Page) => page.getByRole('region', { name: /^(Stopp i turordning|Stops in order)$/ });
const stopRow = (page: import('@playwright/test').Page, name: string) => stops(page).getByRole('row').filter({ hasText: name });

test('the warehouse plans today’s run, adds two orders and sees the loading list', async ({ page }) => {
  await loginAs(page, 'lager', '/hmc/transporter');
  await expect(page.getByRole('heading', { level: 1, name: 'Körningar' })).toBeVisible();
  await expectNoAxeViolations(page, 'runs, before planning');
  const field = page.locator('.field').filter({ has: page.locator('.field-label', { hasText: /^Planera även område/ }) });
  await field.locator('.select-button').click();
  await page.getByRole('option', { name: 'Centralorten', exact: true }).click();
  await page.getByRole('button', { name: 'Planera körningar för dagen' }).click();
  await expect(page.getByRole('status').filter({ hasText: /stopp lades till|Inga nya stopp/ })).toBeVisible();
  await page.getByRole('link', { name: 'Öppna körningen Centralorten' }).click();
  await expect(page.getByRole('heading', { level: 1, name: /^Körning Centralorten/ })).toBeVisible();
  runId = page.url().split('/').at(-1)!;
  await expect(stopRow(page, 'Ingrid Ärlemalm')).toContainText('Hämtning');

  for (const d of deliveries) {
    await page.getByLabel('Ordernummer (K-…)').fill(d.centreOrderNumber);
    await page.getByRole('button', { name: 'Lägg till order' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Ordern lades till sist i körningen.' })).toBeVisible();
  }
  await expect(stopRow(page, 'Lennart Gärdin')).toContainText('Leverans');
  // The same order again is refused with a reason, and nothing is added.
  await page.getByLabel('Ordernummer (K-…)').fill(deliveries[0]!.centreOrderNumber);
  await page.getByRole('button', { name: 'Lägg till order' }).click();
  await expect(page.getByRole('alert')).toBeVisible();
  await expect(stopRow(page, 'Lennart Gärdin')).toHaveCount(1);

  // Bengt Åkerlund's stop moves up one place.
  const before = await stops(page)
    .getByRole('row')
    .filter({ hasText: /Gärdin|Åkerlund/ })
    .allTextContents();
  expect(before[0]).toContain('Gärdin');
  const bengt = stopRow(page, 'Bengt Åkerlund');
  await bengt.getByRole('button', { name: /^Flytta upp stopp/ }).click();
  await expect(
    stops(page)
      .getByRole('row')
      .filter({ hasText: /Gärdin|Åkerlund/ })
      .first(),
  ).toContainText('Åkerlund');

  const loading = page.getByRole('region', { name: 'Lastlista' });
  await expect(loading).toContainText(units[1]!.unitNumber);
  await expect(loading).toContainText(units[2]!.unitNumber);
  await expectNoAxeViolations(page, 'run, planned');
  await page.getByLabel('Ordernummer (K-…)').fill('');
  await expect(stopRow(page, 'Ingrid Ärlemalm')).toContainText(ARTICLE);
  await handbookShot(page, 'lager-korningar', { fullPage: true });
  // Printed, the page is the loading list alone.
  await page.emulateMedia({ media: 'print' });
  await expect(stops(page)).toBeHidden();
  await expect(page.getByRole('navigation', { name: 'Huvudmeny' })).toBeHidden();
  await expect(loading).toBeVisible();
  await page.emulateMedia({ media: 'screen' });
});

test('the driver drives it on a phone: one delivery (sent after a dead zone), one pick-up, one nobody home', async ({ page, context }) => {
  await loginAs(page, 'chauffor', '/');
  await page.setViewportSize({ width: 375, height: 740 });
  await page.goto('/chauffor');
  await expect(page.getByRole('heading', { level: 1, name: 'Mina körningar' })).toBeVisible();
  await expectNoAxeViolations(page, 'driver, runs at 375 px');
  await page.getByRole('link', { name: /Centralorten/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Centralorten' })).toBeVisible();
  await expectNoAxeViolations(page, 'driver, run at 375 px');
  // Nothing is wider than the phone, and the first stop is on the first screen: the menu folds behind "Meny".
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
  await expect(mainNav(page)).toBeHidden();
  await expect(page.getByRole('heading', { name: /^Stopp 1 av 3/ })).toBeInViewport();
  const menu = page.getByRole('button', { name: 'Meny' });
  await menu.click();
  await expect(menu).toHaveAttribute('aria-expanded', 'true');
  await expect(mainNav(page).getByRole('link', { name: 'Mina körningar' })).toBeVisible();
  await expect(page.getByRole('link', { name: /^Hjälp om/ })).toBeVisible();
  await expectNoAxeViolations(page, 'driver, menu open at 375 px');
  await menu.click();
  await expect(mainNav(page)).toBeHidden();

  const stop = (name: string): Locator => page.getByRole('listitem').filter({ has: page.getByText(name, { exact: true }) });
  const lennart = stop('Lennart Gärdin');
  await expect(lennart).toContainText('Storgatan 24');
  await expect(lennart.getByRole('link', { name: 'Visa på karta' })).toHaveAttribute('href', /maps/);
  const deliver = lennart.getByRole('button', { name: 'Levererad' });
  expect((await deliver.boundingBox())!.height).toBeGreaterThanOrEqual(44);

  // In a dead zone: the delivery is kept on the phone, and sent when the connection is back.
  await context.setOffline(true);
  await deliver.click();
  await lennart.getByLabel('Mottagarens namn').fill('Lennart Gärdin');
  await expectNoAxeViolations(page, 'driver, delivery form');
  await lennart.getByRole('button', { name: 'Spara' }).click();
  await expect(lennart).toContainText('Väntar på att skickas');
  await context.setOffline(false);
  await expect(lennart).toContainText('Levererad', { timeout: 20_000 });
  await expect(lennart).not.toContainText('Väntar på att skickas');
  await expect(lennart).toContainText('Mottagare: Lennart Gärdin');

  // The pick-up: a wrong number is refused and can be corrected.
  const ingrid = stop('Ingrid Ärlemalm');
  await ingrid.getByRole('button', { name: 'Hämtad' }).click();
  await ingrid.getByLabel(`Individnummer avläst på ${units[0]!.unitNumber}`).fill(units[2]!.unitNumber);
  await ingrid.getByRole('button', { name: 'Spara' }).click();
  await expect(ingrid.getByRole('alert')).toContainText('Kunde inte sparas');
  await expectNoAxeViolations(page, 'driver, pick-up refused');
  await ingrid.getByRole('button', { name: 'Ta bort kvittensen' }).click();
  await ingrid.getByRole('button', { name: 'Hämtad' }).click();
  await ingrid.getByLabel(`Individnummer avläst på ${units[0]!.unitNumber}`).fill(units[0]!.unitNumber);
  await ingrid.getByRole('button', { name: 'Spara' }).click();
  await expect(ingrid.locator('.badge')).toHaveText('Hämtad');

  // Nobody home: a note and the next attempt (the area's next delivery day is suggested).
  const bengt = stop('Bengt Åkerlund');
  await bengt.getByRole('button', { name: 'Ingen hemma' }).click();
  await bengt.getByLabel('Anteckning').fill('Lapp i brevlådan, ring före nästa gång');
  await expect(bengt.getByLabel('Nästa försök')).not.toHaveValue('');
  await expectNoAxeViolations(page, 'driver, nobody home form');
  // The answer is lost on the way (a dead zone for the confirmation only): it waits on the phone, survives a
  // reload, and goes when the driver presses "Skicka nu".
  await page.route('**/stops/*/confirm', (route) => route.abort('internetdisconnected'));
  await bengt.getByRole('button', { name: 'Spara' }).click();
  await expect(bengt).toContainText('Väntar på att skickas');
  await page.reload();
  await expect(stop('Bengt Åkerlund')).toContainText('Väntar på att skickas');
  await page.unroute('**/stops/*/confirm');
  await stop('Bengt Åkerlund').getByRole('button', { name: 'Skicka nu' }).click();
  await expect(stop('Bengt Åkerlund').locator('.badge')).toHaveText('Ingen hemma');
  await expect(bengt).toContainText('Lapp i brevlådan');
  // A reload keeps what was sent (and nothing is left waiting).
  await page.reload();
  await expect(stop('Bengt Åkerlund').locator('.badge')).toHaveText('Ingen hemma');
  await expect(page.getByText('Väntar på att skickas')).toHaveCount(0);
  await expectNoAxeViolations(page, 'driver, run driven at 375 px');
  await handbookShot(page, 'chauffor-korning');
});

test('the centre’s page shows the progress and each stop’s outcome; also in English', async ({ page }) => {
  await loginAs(page, 'lager', '/hmc/transporter');
  await expect(page.getByRole('row').filter({ hasText: 'Centralorten' })).toContainText(/3 av \d+ stopp klara/);
  await expectNoAxeViolations(page, 'runs with progress');
  await page.goto(`/hmc/transporter/${runId}`);
  await expect(stopRow(page, 'Lennart Gärdin')).toContainText('Mottagare: Lennart Gärdin');
  await expect(stopRow(page, 'Bengt Åkerlund')).toContainText('Ingen hemma');
  await expect(stopRow(page, 'Ingrid Ärlemalm')).toContainText('Hämtad');
  // Confirmed stops cannot be moved or removed.
  await expect(stopRow(page, 'Lennart Gärdin').getByRole('button')).toHaveCount(0);
  await expectNoAxeViolations(page, 'run, driven');
  await page.getByRole('button', { name: 'Change language to English' }).click();
  await expect(page.getByRole('heading', { level: 1, name: /^Run Centralorten/ })).toBeVisible();
  await expect(stopRow(page, 'Bengt Åkerlund')).toContainText('Nobody home');
  await expectNoAxeViolations(page, 'run in English');
  await page.getByRole('button', { name: 'Byt språk till svenska' }).click();
});
