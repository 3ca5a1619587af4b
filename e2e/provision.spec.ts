import crypto from 'node:crypto';
import { expect, test } from '@playwright/test';
import { expectNoAxeViolations } from './axe.ts';
import { loginAs, mainNav } from './helpers.ts';
import { apiAs, declareCareRelationship } from './api.ts';

// The centre (issue 5): goods receipt of units, an order that arrives through the contract (the REST
// route, as another region's system would send it), customer service's queue and order page, and the
// warehouse picking by the replacement chain and delivering with serial-number confirmation. The article is
// made through the API as the assortment role first, with a name no demo article has.

test.describe.configure({ mode: 'serial' });

const CHAIR = 'Rullstol Vittra 46';
let articleId = '';
let articleNumber = '';
let orderNumber = '';

test.beforeAll(async ({ baseURL }) => {
  const a = await apiAs(baseURL!, 'sortiment');
  const res = await a.ctx.post('/api/catalogue/articles', {
    headers: a.headers,
    data: {
      name: CHAIR,
      articleType: 'H',
      isoCode: '12 22 03',
      chargingForm: 'rent',
      unitTracked: true,
      serialRequired: true,
      published: true,
      orderable: true,
      inAssortment: true,
    },
  });
  expect(res.status(), await res.text()).toBe(201);
  ({ id: articleId, articleNumber } = (await res.json()) as { id: string; articleNumber: string });
  await a.ctx.dispose();
});

test('the warehouse receives new units of the wheelchair into stock', async ({ page }) => {
  await loginAs(page, 'lager', '/');
  await mainNav(page).getByRole('link', { name: 'Inleverans' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Inleverans av individer' })).toBeVisible();
  await expectNoAxeViolations(page, 'goods receipt');
  await page.getByLabel('Artikelnummer').fill(articleNumber);
  await page.getByRole('button', { name: 'Hämta artikel' }).click();
  await expect(page.getByText(`Vald artikel: ${CHAIR} (${articleNumber})`)).toBeVisible();

  const units = page.getByRole('region', { name: 'Individer' });
  await units.getByLabel('Serienummer').fill('VIT-2024-1');
  await units.getByLabel('Inköpsdatum').fill('2024-05-02');
  await units.getByLabel('Inköpspris (kr)').fill('14500');
  await units.getByRole('button', { name: 'Lägg till individ' }).click();
  const second = units.getByRole('group', { name: 'Individ 2' });
  await second.getByLabel('Serienummer').fill('VIT-2019-7');
  await second.getByLabel('Inköpsdatum').fill('2019-03-12');
  await expectNoAxeViolations(page, 'goods receipt with two units');
  await units.getByRole('button', { name: 'Ställ in 2 i lager' }).click();
  await expect(page.getByRole('status').filter({ hasText: '2 individer är inlevererade' })).toBeVisible();
  await expectNoAxeViolations(page, 'goods receipt done');

  await mainNav(page).getByRole('link', { name: 'Lager', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Lager' })).toBeVisible();
  await expect(page.getByRole('row').filter({ hasText: CHAIR })).toContainText('Centrallagret');
  await expectNoAxeViolations(page, 'stock');
});

test('an order sent through the contract is received and shows in customer service’s queue', async ({ page, baseURL }) => {
  const p = await apiAs(baseURL!, 'forskrivare');
  // A patient of the demo directory, with a care relationship declared today (the route checks both, as the web does).
  await declareCareRelationship(p, '197602219847');
  const message = {
    contractVersion: 1,
    type: 'order.submit',
    messageId: crypto.randomUUID(),
    sentAt: new Date().toISOString(),
    order: {
      orderId: crypto.randomUUID(),
      orderNumber: 'EXT-2026-0042',
      orderType: 'customerOrder',
      urgent: false,
      customerNumber: '20101',
      orderedBy: { userId: crypto.randomUUID(), name: 'Anna Åberg', hsaId: null, profession: 'Arbetsterapeut', phone: null, email: null },
      patient: {
        identifier: '197602219847',
        identifierKind: 'personnummer',
        firstName: 'Ingrid',
        lastName: 'Bäckström',
        protectedIdentity: false,
        homeMunicipalityCode: '9901',
        address: { careOf: null, street: 'Sjövägen 23', postalCode: '990 88', city: 'Norrvik' },
      },
      delivery: { kind: 'patientAddress' },
      contact: { name: 'Anna Åberg', phone: '0611-12 34 56' },
      messageToCentre: 'Ring 30 minuter före leverans.',
      lines: [{ lineId: crypto.randomUUID(), lineNumber: 1, articleNumber, quantity: 1, unitNumber: null, accessoryForLineId: null, note: null }],
      attachments: [],
    },
  };
  const res = await p.ctx.post('/api/contract/v1/messages', { headers: p.headers, data: message });
  expect(res.status(), await res.text()).toBe(202);
  orderNumber = ((await res.json()) as { centreOrderNumber: string }).centreOrderNumber;
  // A message of another contract version is refused, with the reason.
  const v2 = await p.ctx.post('/api/contract/v1/messages', { headers: p.headers, data: { ...message, contractVersion: 2, messageId: crypto.randomUUID() } });
  expect(v2.status()).toBe(400);
  await p.ctx.dispose();

  await loginAs(page, 'kundtjanst', '/');
  await mainNav(page).getByRole('link', { name: 'Arbetskö HMC' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Arbetskö – Hjälpmedelscentralen' })).toBeVisible();
  const row = page.getByRole('row').filter({ hasText: orderNumber });
  await expect(row).toContainText(CHAIR);
  await expect(row).toContainText('Hemtjänst Norrvik centrum');
  await expectNoAxeViolations(page, 'work queue, customer service');
  await row.getByRole('link', { name: new RegExp(orderNumber) }).click();
  await expect(page.getByRole('heading', { level: 1, name: `Order ${orderNumber}` })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Patient och leverans' })).toContainText('Ingrid Bäckström');
  await expect(page.getByRole('region', { name: 'Patient och leverans' })).toContainText('Sjövägen 23');
  await expect(page.getByRole('region', { name: 'Händelser' })).toContainText('Mottagen');
  await expectNoAxeViolations(page, 'order page, customer service');
});

test('the warehouse picks the oldest unit by the replacement chain and delivers it with its serial number', async ({ page }) => {
  await loginAs(page, 'lager', '/hmc');
  await expect(page.getByRole('heading', { level: 1, name: 'Arbetskö – Hjälpmedelscentralen' })).toBeVisible();
  await expectNoAxeViolations(page, 'work queue, warehouse');
  await page
    .getByRole('row')
    .filter({ hasText: orderNumber })
    .getByRole('link', { name: new RegExp(orderNumber) })
    .click();
  await expect(page.getByRole('heading', { level: 1, name: `Order ${orderNumber}` })).toBeVisible();

  await page.getByRole('button', { name: 'Plocka och leverera rad 1' }).click();
  const picking = page.getByRole('region', { name: 'Plockning för rad 1' });
  const suggestions = picking.getByRole('list').last();
  // The oldest unit (bought 2019) comes first.
  await expect(suggestions.getByRole('listitem').first()).toContainText('2019-03-12');
  await expectNoAxeViolations(page, 'picking panel');
  await picking.getByRole('button', { name: 'Reservera enligt kedjan' }).click();
  await expect(picking.getByRole('heading', { name: 'Reserverade individer: 1 av 1' })).toBeVisible();
  await picking.getByRole('button', { name: 'Leverera reserverade' }).click();

  const dialog = page.getByRole('dialog', { name: 'Leveranskvittens rad 1' });
  await expect(dialog).toBeVisible();
  await expectNoAxeViolations(page, 'delivery dialog');
  // A serial number that does not match the unit is refused.
  await dialog.getByLabel(/^Serienummer på U-/).fill('VIT-2024-1');
  await dialog.getByRole('button', { name: 'Kvittera leverans' }).click();
  await expect(dialog.getByRole('alert').first()).toContainText('stämmer inte');
  await expectNoAxeViolations(page, 'delivery dialog with a wrong serial number');
  await dialog.getByLabel(/^Serienummer på U-/).fill('VIT-2019-7');
  await dialog.getByRole('button', { name: 'Kvittera leverans' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByRole('status').filter({ hasText: 'Rad 1 är levererad' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Orderrader' })).toContainText('Levererad');
  await expectNoAxeViolations(page, 'order delivered');

  await page
    .getByRole('region', { name: 'Orderrader' })
    .getByRole('link', { name: /^U-\d{6}$/ })
    .click();
  await expect(page.getByRole('heading', { level: 1, name: /^Individ U-\d{6}$/ })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Individen' })).toContainText('Hos brukare');
  await expect(page.getByRole('region', { name: 'Innehav' })).toContainText('Ingrid Bäckström');
  await expect(page.getByRole('region', { name: 'Historik' })).toContainText('Levererad');
  await expectNoAxeViolations(page, 'unit card');

  await mainNav(page).getByRole('link', { name: 'Individer' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Individer' })).toBeVisible();
  await expect(page.getByRole('row').filter({ hasText: 'VIT-2024-1' })).toContainText('Ny i lager');
  await expectNoAxeViolations(page, 'units');
  void articleId;
});
