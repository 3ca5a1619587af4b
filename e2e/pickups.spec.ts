import crypto from 'node:crypto';
import { expect, test } from '@playwright/test';
import { expectNoAxeViolations } from './axe.ts';
import { choose, loginAs, mainNav, pickUpAndDeregister } from './helpers.ts';
import { apiAs, declareCareRelationship, type Api } from './api.ts';

// Pick-ups, investigations, reconditioning and buffer withdrawals at the centre (issue 5 item 6). The
// spec makes its own article and units through the API, delivers them to its own patient on customer
// orders sent through the REST contract route, then sends pick-up and buffer-withdrawal orders the same way.

test.describe.configure({ mode: 'serial' });

const ROLLATOR = 'Rollator Hämtprov 7';
// A patient of the demo directory: the route checks the patient there and the sender's care relationship, as the web does.
const PATIENT = {
  identifier: '193804069908',
  identifierKind: 'personnummer',
  firstName: 'Signe',
  lastName: 'Dahlén',
  protectedIdentity: false,
  homeMunicipalityCode: '9901',
  address: { careOf: null, street: 'Storgatan 15', postalCode: '990 17', city: 'Norrvik' },
};

let articleNumber = '';
let articleId = '';
let warehouseId = '';
const units: { id: string; unitNumber: string }[] = [];
const pickUps: { orderId: string; centreOrderNumber: string }[] = [];

async function sendOrder(
  p: Api,
  orderType: string,
  lines: { articleNumber?: string; unitNumber?: string }[],
  delivery: Record<string, unknown> = { kind: 'patientAddress' },
) {
  await declareCareRelationship(p, PATIENT.identifier);
  const orderId = crypto.randomUUID();
  const message = {
    contractVersion: 1,
    type: 'order.submit',
    messageId: crypto.randomUUID(),
    sentAt: new Date().toISOString(),
    order: {
      orderId,
      orderNumber: `EXT-HAMT-${orderId.slice(0, 6)}`,
      orderType,
      urgent: false,
      customerNumber: '20101',
      orderedBy: { userId: crypto.randomUUID(), name: 'Anna Åberg', hsaId: null, profession: 'Arbetsterapeut', phone: null, email: null },
      patient: PATIENT,
      delivery,
      contact: { name: 'Anna Åberg', phone: '0611-12 34 56' },
      messageToCentre: null,
      lines: lines.map((l, i) => ({
        lineId: crypto.randomUUID(),
        lineNumber: i + 1,
        articleNumber: l.articleNumber ?? null,
        quantity: 1,
        unitNumber: l.unitNumber ?? null,
        accessoryForLineId: null,
        note: null,
      })),
      attachments: [],
    },
  };
  const res = await p.ctx.post('/api/contract/v1/messages', { headers: p.headers, data: message });
  expect(res.status(), await res.text()).toBe(202);
  return {
    orderId,
    lineIds: message.order.lines.map((l) => l.lineId),
    centreOrderNumber: ((await res.json()) as { centreOrderNumber: string }).centreOrderNumber,
  };
}

test.beforeAll(async ({ baseURL }) => {
  const a = await apiAs(baseURL!, 'sortiment');
  const res = await a.ctx.post('/api/catalogue/articles', {
    headers: a.headers,
    data: {
      name: ROLLATOR,
      articleType: 'H',
      isoCode: '12 06 06',
      chargingForm: 'rent',
      unitTracked: true,
      serialRequired: false,
      published: true,
      orderable: true,
      inAssortment: true,
    },
  });
  expect(res.status(), await res.text()).toBe(201);
  ({ id: articleId, articleNumber } = (await res.json()) as { id: string; articleNumber: string });
  await a.ctx.dispose();

  // Four units in stock; three delivered to the patient on customer orders.
  const w = await apiAs(baseURL!, 'lager');
  warehouseId = ((await (await w.ctx.get('/api/provision/warehouses')).json()) as { id: string; code: string }[]).find((x) => x.code === 'HMC')!.id;
  const r = await w.ctx.post('/api/provision/units/receipts', {
    headers: w.headers,
    data: { warehouseId, articleId, units: [1, 2, 3, 4].map(() => ({ purchaseDate: '2023-04-01', purchaseCost: 3900 })) },
  });
  expect(r.status(), await r.text()).toBe(201);
  units.push(...((await r.json()) as { units: { id: string; unitNumber: string }[] }).units);
  const p = await apiAs(baseURL!, 'forskrivare');
  for (const u of units.slice(0, 3)) {
    const o = await sendOrder(p, 'customerOrder', [{ articleNumber }]);
    const res1 = await w.ctx.post(`/api/provision/lines/${o.lineIds[0]}/reserve`, { headers: w.headers, data: { version: 1, unitIds: [u.id] } });
    expect(res1.status(), await res1.text()).toBe(200);
    const { lineVersion } = (await res1.json()) as { lineVersion: number };
    const res2 = await w.ctx.post(`/api/provision/lines/${o.lineIds[0]}/deliver`, {
      headers: w.headers,
      data: { version: lineVersion, units: [{ unitId: u.id }] },
    });
    expect(res2.status(), await res2.text()).toBe(200);
  }
  // The prescriber orders pick-ups of the first two units.
  for (const u of units.slice(0, 2)) pickUps.push(await sendOrder(p, 'pickUp', [{ unitNumber: u.unitNumber }], { kind: 'none' }));
  await p.ctx.dispose();
  await w.ctx.dispose();
});

test('the technician picks up a unit and deregisters it in one visit, confirming the unit; a mistake is undone the same day', async ({ page }) => {
  const [first] = pickUps;
  await loginAs(page, 'tekniker', `/hmc/order/${first!.orderId}`);
  await expect(page.getByRole('heading', { level: 1, name: `Order ${first!.centreOrderNumber}` })).toBeVisible();
  const section = page.getByRole('region', { name: 'Hämtning' });
  await expect(section).toContainText(units[0]!.unitNumber);
  await expect(section).toContainText('Hyran stoppas');
  await expectNoAxeViolations(page, 'pick-up order, technician');
  const unit = units[0]!.unitNumber;
  // The confirmation asks for the unit read off the device; another unit's number is refused, nothing recorded.
  await section.getByRole('button', { name: `Hämtad och avregistrerad: ${unit}` }).click();
  const dialog = page.getByRole('dialog', { name: `Bekräfta hämtning och avregistrering: ${unit}` });
  await dialog.getByLabel('Individnummer eller serienummer').fill(units[3]!.unitNumber);
  await dialog.getByRole('button', { name: 'Bekräfta hämtningen' }).click();
  await expect(dialog.getByText(`stämmer inte med individ ${unit}`)).toBeVisible();
  await expectNoAxeViolations(page, 'pick-up confirmation, wrong unit');
  await dialog.getByRole('button', { name: 'Avbryt' }).click();
  await expect(section).toContainText('Hyran stoppas');

  // Recorded, then undone by the same technician the same day: the line waits for its pick-up again.
  await pickUpAndDeregister(page, unit);
  await expect(section).toContainText('Avregistrerad');
  await expectNoAxeViolations(page, 'pick-up done, undo offered');
  await section.getByRole('button', { name: `Ångra hämtningen: ${unit}` }).click();
  await expect(page.getByRole('status').filter({ hasText: `Hämtningen av ${unit} är ångrad` })).toBeVisible();
  await expect(section.getByRole('button', { name: `Hämtad och avregistrerad: ${unit}` })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Händelser' })).toContainText('Hämtning ångrad');

  await pickUpAndDeregister(page, unit);
  await expect(section).toContainText('Avregistrerad');
  await expect(page.getByRole('region', { name: 'Händelser' })).toContainText('Avregistrerad från patienten');
  await expectNoAxeViolations(page, 'pick-up done');
});

test('a unit missing at pick-up cancels the line and opens an investigation, which ends in a write-off', async ({ page }) => {
  const second = pickUps[1]!;
  const unit = units[1]!.unitNumber;
  await loginAs(page, 'tekniker', `/hmc/order/${second.orderId}`);
  const section = page.getByRole('region', { name: 'Hämtning' });
  await section.getByRole('button', { name: `Individen saknas: ${unit}` }).click();
  const dialog = page.getByRole('dialog', { name: `Individen saknas: ${unit}` });
  await dialog.getByLabel('Vad hände vid hämtningen?').fill('Brukaren vet inte var rollatorn är.');
  await expectNoAxeViolations(page, 'unit missing dialog');
  await dialog.getByRole('button', { name: 'Makulera raden och öppna utredning' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'saknades' })).toBeVisible();
  await expect(section).toContainText('Hyran löper');
  await expectNoAxeViolations(page, 'pick-up line cancelled, unit missing');

  await loginAs(page, 'kundtjanst', '/');
  await mainNav(page).getByRole('link', { name: 'Utredningar' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Utredningar' })).toBeVisible();
  const card = page.getByRole('listitem').filter({ hasText: unit });
  await expect(card).toContainText('Brukaren vet inte var rollatorn är.');
  await expectNoAxeViolations(page, 'investigations');
  await card.getByRole('button', { name: `Skriv av: ${unit}` }).click();
  const confirm = page.getByRole('alertdialog', { name: `Skriv av ${unit} som förlust efter utredning` });
  await expectNoAxeViolations(page, 'investigation write-off dialog');
  await confirm.getByRole('button', { name: 'Skriv av', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'förlust efter utredning' })).toBeVisible();
  await expect(page.getByRole('listitem').filter({ hasText: unit })).toHaveCount(0);
  await choose(page, 'Status', 'Avskriven');
  await expect(page.getByRole('listitem').filter({ hasText: unit })).toBeVisible();
  await expectNoAxeViolations(page, 'investigations, written off');
});

test('the returned unit is reconditioned and back in stock', async ({ page }) => {
  const unit = units[0]!.unitNumber;
  await loginAs(page, 'lager', '/');
  await mainNav(page).getByRole('link', { name: 'Rekonditionering' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Rekonditionering' })).toBeVisible();
  const card = page.getByRole('listitem').filter({ hasText: unit });
  await expect(card).toContainText('Återlämnad');
  await expectNoAxeViolations(page, 'reconditioning list');
  await card.getByRole('button', { name: `Ta in: ${unit}` }).click();
  await expect(page.getByRole('status').filter({ hasText: 'är intagen för rekonditionering' })).toBeVisible();
  await page
    .getByRole('listitem')
    .filter({ hasText: unit })
    .getByRole('button', { name: `Klar: ${unit}` })
    .click();
  const dialog = page.getByRole('dialog', { name: `Rekonditionering klar: ${unit}` });
  await choose(page, 'Lager', 'Centrallagret', dialog);
  await dialog.getByLabel('Vad gjordes?').fill('Tvättad, bromsar justerade.');
  await dialog.getByRole('button', { name: 'Ställ i lager' }).click();
  await expect(dialog.getByRole('alert').filter({ hasText: 'rengjord och kontrollerad' })).toBeVisible();
  await dialog.getByText('Rengjord', { exact: true }).click();
  await dialog.getByText('Funktionskontrollerad', { exact: true }).click();
  await expectNoAxeViolations(page, 'reconditioning done dialog');
  await dialog.getByRole('button', { name: 'Ställ i lager' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'är rekonditionerad' })).toBeVisible();
  await expect(page.getByRole('listitem').filter({ hasText: unit })).toHaveCount(0);
  await expectNoAxeViolations(page, 'reconditioning list after');

  await page.goto(`/hmc/individer/${units[0]!.id}`);
  const history = page.getByRole('region', { name: 'Historik' });
  await expect(history).toContainText('Intagen för rekonditionering');
  await expect(history).toContainText('I lager (rekonditionerad)');
  await expectNoAxeViolations(page, 'unit card after reconditioning');
});

test('a buffer withdrawal is registered on the patient; a unit not in that store is refused', async ({ page, baseURL }) => {
  // The warehouse puts the fourth unit in the customer's buffer store; the prescriber withdraws one.
  const w = await apiAs(baseURL!, 'lager');
  const [customer] = (await (await w.ctx.get('/api/customers?q=20101')).json()) as {
    id: string;
    customerNumber: string;
    bufferStores: { id: string; name: string; active: boolean }[];
  }[];
  const store = customer!.bufferStores.find((s) => s.active)!;
  const placed = await w.ctx.post('/api/provision/buffer-units', {
    headers: w.headers,
    data: { customerId: customer!.id, bufferStoreId: store.id, unitIds: [units[3]!.id] },
  });
  expect(placed.status(), await placed.text()).toBe(201);
  await w.ctx.dispose();
  const p = await apiAs(baseURL!, 'forskrivare');
  const o = await sendOrder(p, 'bufferWithdrawal', [{ articleNumber }], { kind: 'bufferStore', bufferStoreId: store.id, label: store.name });
  await p.ctx.dispose();

  await loginAs(page, 'kundtjanst', `/hmc/order/${o.orderId}`);
  const section = page.getByRole('region', { name: 'Registrera buffertuttag' });
  await expect(section).toContainText(`I förrådet: ${units[3]!.unitNumber}`);
  await expectNoAxeViolations(page, 'buffer withdrawal');
  await section.getByLabel('Individnummer').fill(units[2]!.unitNumber);
  await section.getByRole('button', { name: 'Registrera på patienten' }).click();
  await expect(section.getByRole('alert')).toContainText('finns inte i kundens buffertförråd');
  await expectNoAxeViolations(page, 'buffer withdrawal refused');
  await section.getByLabel('Individnummer').fill(units[3]!.unitNumber);
  await section.getByRole('button', { name: 'Registrera på patienten' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'är registrerad på patienten' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Händelser' })).toContainText('Registrerad på patienten');
  await expectNoAxeViolations(page, 'buffer withdrawal registered');
});
