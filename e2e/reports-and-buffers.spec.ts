import crypto from 'node:crypto';
import { expect, test } from '@playwright/test';
import { expectNoAxeViolations } from './axe.ts';
import { choose, loginAs, mainNav } from './helpers.ts';
import { apiAs, declareCareRelationship, givenRentArticle } from './api.ts';
import { PATIENT, orderSubmit as message } from './contract-message.ts';

/** A 1×1 PNG: the fault report's photo. */
const PHOTO = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

// The centre's cases and buffer stores (issue 5, items 8 and 5): a fault report from the prescriber is taken,
// noted and answered by customer service, and the prescriber sees the answer on the order; a lost-device
// report sent through the contract (the REST route) is written off and the unit, found again, re-registered;
// a second report is closed with an answer instead; a buffer store gets a safety level and the warehouse
// delivers the refill proposal for the area's next delivery day, counts the store, and customer service
// registers a withdrawal of more gloves than the store's balance. Everything this spec uses is its own (articles, delivery area, customer, buffer store).

test.describe.configure({ mode: 'serial' });
test.setTimeout(90_000);

const CHAIR = 'Rullstol Ärendeprov 48';
const GLOVES = 'Handskar Buffertprov';
const AREA = 'Område Buffertprov';
const STORE = 'Förråd Buffertprov';
const FAULT = 'Duschstolen var smutsig vid leveransen (ärendeprov).';
const ANSWER = 'Vi har rengjort och bytt duschstolen. Ursäkta besväret.';

let glovesNumber = '';
let glovesId = '';
let unitNumber = '';
let lostCentreNumber = '';
let faultOrderId = '';

test.beforeAll(async ({ baseURL }) => {
  const assortment = await apiAs(baseURL!, 'sortiment');
  const chair = await givenRentArticle(assortment, CHAIR, '12 22 03');
  const gloves = await assortment.call<{ id: string; articleNumber: string }>(
    'post',
    '/api/catalogue/articles',
    { name: GLOVES, articleType: 'T', chargingForm: 'sale', unitTracked: false, published: true, orderable: true },
    201,
  );
  glovesNumber = gloves.articleNumber;
  glovesId = gloves.id;
  await assortment.ctx.dispose();

  // Our own delivery area (Wednesdays), customer and buffer store, so no other spec's stores are in our proposal.
  const admin = await apiAs(baseURL!, 'admin');
  const area = await admin.call<{ id: string }>('post', '/api/delivery-areas', { name: AREA, weekday: 3 }, 201);
  const [provider] = await admin.call<{ id: string }[]>('get', '/api/care-providers');
  await admin.call(
    'post',
    '/api/customers',
    {
      careProviderId: provider!.id,
      customerNumber: 'BUF-E2E',
      name: 'Buffertprov hemtjänst',
      payer: 'Buffertprov',
      costCentre: 'KST-BUF',
      deliveryAreaId: area.id,
      addresses: [{ label: 'Huvudadress', street: 'Provgatan 3', postalCode: '990 77', city: 'Norrvik', isDefault: true }],
      bufferStores: [{ name: STORE, size: 'small' }],
    },
    201,
  );
  await admin.ctx.dispose();

  // The warehouse: a chair unit and gloves in stock; the chair is delivered to the patient through a contract order.
  const warehouse = await apiAs(baseURL!, 'lager');
  const warehouses = await warehouse.call<{ id: string; code: string }[]>('get', '/api/provision/warehouses');
  const main = warehouses.find((w) => w.code === 'HMC')!;
  const received = await warehouse.call<{ units: { id: string; unitNumber: string }[] }>(
    'post',
    '/api/provision/units/receipts',
    { warehouseId: main.id, articleId: chair.id, units: [{ serialNumber: null, purchaseDate: '2023-04-04', purchaseCost: 14500 }] },
    201,
  );
  unitNumber = received.units[0]!.unitNumber;
  await warehouse.call('post', '/api/provision/stock/transactions', { warehouseId: main.id, articleId: gloves.id, quantity: 40, kind: 'receipt' }, 201);
  const prescriber = await apiAs(baseURL!, 'forskrivare');
  await declareCareRelationship(prescriber, PATIENT.identifier);
  const lineId = crypto.randomUUID();
  await prescriber.call(
    'post',
    '/api/contract/v1/messages',
    message({ lines: [{ lineId, lineNumber: 1, articleNumber: chair.articleNumber, quantity: 1, unitNumber: null, accessoryForLineId: null, note: null }] }),
    202,
  );
  await warehouse.call('post', `/api/provision/lines/${lineId}/deliver`, { version: 1, units: [{ unitId: received.units[0]!.id }] });
  await warehouse.ctx.dispose();

  // The lost-device report, through the contract as another system would send it.
  const lost = await prescriber.call<{ centreOrderNumber: string }>(
    'post',
    '/api/contract/v1/messages',
    message({
      orderType: 'lostDevice',
      orderedBy: { userId: crypto.randomUUID(), name: 'Anna Åberg', hsaId: null, profession: 'Arbetsterapeut', phone: null, email: null },
      lines: [{ lineId: crypto.randomUUID(), lineNumber: 1, articleNumber: null, quantity: 1, unitNumber, accessoryForLineId: null, note: null }],
      lostDevice: { description: 'Rullstolen stals från entrén.', lostOn: null },
    }),
    202,
  );
  lostCentreNumber = lost.centreOrderNumber;

  // The fault report, from the prescriber's own ordering side (so the answer comes back to the order).
  const [customer] = await prescriber.call<{ id: string }[]>('get', '/api/customers?q=20101');
  const draft = await prescriber.call<{ id: string; version: number }>('post', '/api/orders', { orderType: 'faultReport', customerId: customer!.id }, 201);
  await prescriber.call('put', `/api/orders/${draft.id}`, {
    version: draft.version,
    customerId: customer!.id,
    delivery: { kind: 'none' },
    lines: [],
    details: { faultReport: { category: 'dirtyGoods', description: FAULT } },
  });
  // With a photo of the fault: it must reach the centre (issue 16 item 1).
  const photo = await prescriber.ctx.post(`/api/orders/${draft.id}/attachments`, {
    headers: prescriber.headers,
    multipart: { kind: 'photo', file: { name: 'duschstol.png', mimeType: 'image/png', buffer: PHOTO } },
  });
  expect(photo.status(), await photo.text()).toBe(201);
  await prescriber.call('post', `/api/orders/${draft.id}/submit`, {});
  faultOrderId = draft.id;
  await prescriber.ctx.dispose();
});

test('customer service takes a fault report, notes on it and closes it with an answer the prescriber sees', async ({ page }) => {
  await loginAs(page, 'kundtjanst', '/');
  await mainNav(page).getByRole('link', { name: 'Ärenden' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Ärenden' })).toBeVisible();
  // The report reaches the centre through the ordering side's outbox: wait for it.
  const row = page.getByRole('row').filter({ hasText: 'Smutsigt gods' });
  await expect(async () => {
    await page.reload();
    await expect(row).toHaveCount(1, { timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
  await expectNoAxeViolations(page, 'cases list');
  await row.getByRole('link').click();
  await expect(page.getByRole('heading', { level: 1, name: /^Ärende K-\d+ – Felrapport$/ })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Rapporten' })).toContainText(FAULT);
  // The prescriber's photo opens for customer service.
  const photoLink = page.getByRole('region', { name: 'Bilagor' }).getByRole('link', { name: 'duschstol.png' });
  await expect(page.getByRole('region', { name: 'Bilagor' })).toContainText('Foto');
  const download = await page.request.get((await photoLink.getAttribute('href'))!);
  expect(download.status()).toBe(200);
  expect(Buffer.from(await download.body()).equals(PHOTO)).toBe(true);
  await expectNoAxeViolations(page, 'case page');

  await page.getByRole('button', { name: 'Ta ärendet' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Du är handläggare för ärendet.' })).toBeVisible();
  await page.getByRole('textbox', { name: 'Ny anteckning' }).fill('Ringt förrådet, duschstolen byts.');
  await page.getByRole('button', { name: 'Lägg till anteckning' }).click();
  await expect(page.getByRole('region', { name: 'Anteckningar' })).toContainText('Ringt förrådet, duschstolen byts.');
  await expectNoAxeViolations(page, 'case with a note');
  // An empty answer is refused next to the field.
  await page.getByRole('button', { name: 'Skicka svar och avsluta' }).click();
  await expect(page.getByText('Fyll i fältet.').first()).toBeVisible();
  await expectNoAxeViolations(page, 'case with a missing answer');
  await page.getByRole('textbox', { name: 'Svar' }).fill(ANSWER);
  await page.getByRole('button', { name: 'Skicka svar och avsluta' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Svaret är skickat och ärendet avslutat.' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Svar till rapportören' })).toContainText(ANSWER);
  await expect(page.getByRole('region', { name: 'Rapporten' })).toContainText('Avslutat');
  await expectNoAxeViolations(page, 'case answered');

  // The prescriber sees the answer on the order's timeline (through the contract's outbox).
  await loginAs(page, 'forskrivare', `/bestallningar/${faultOrderId}`);
  const timeline = page.getByRole('region', { name: 'Händelser' });
  await expect(async () => {
    await page.reload();
    await expect(timeline).toContainText(ANSWER, { timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
  await expect(timeline).toContainText('Besvarad');
  await expectNoAxeViolations(page, 'prescriber’s order with the answer');
});

test('a lost device is written off as loss by report and, found again, re-registered on the patient', async ({ page }) => {
  await loginAs(page, 'kundtjanst', '/hmc/arenden');
  await expect(page.getByRole('heading', { level: 1, name: 'Ärenden' })).toBeVisible();
  await choose(page, 'Typ', 'Förkommet hjälpmedel');
  await page.getByRole('link', { name: lostCentreNumber }).click();
  await expect(page.getByRole('heading', { level: 1, name: `Ärende ${lostCentreNumber} – Förkommet hjälpmedel` })).toBeVisible();
  const units = page.getByRole('region', { name: 'Individer' });
  await expect(units).toContainText(unitNumber);
  await expect(units).toContainText('Hos brukare');
  await expectNoAxeViolations(page, 'lost-device case');

  await units.getByRole('button', { name: 'Skriv av som förlust enligt anmälan' }).click();
  const dialog = page.getByRole('alertdialog', { name: 'Skriv av förkommet hjälpmedel?' });
  await expect(dialog).toBeVisible();
  await expectNoAxeViolations(page, 'write-off dialog');
  await dialog.getByRole('button', { name: 'Skriv av' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Individerna är avskrivna' })).toBeVisible();
  await expect(units).toContainText('Avskriven · Förlust enligt anmälan');
  await expect(units).toContainText('Kan återregistreras till och med');
  await expectNoAxeViolations(page, 'lost device written off');

  await units.getByRole('button', { name: `Återfunnen – registrera ${unitNumber} på patienten igen` }).click();
  await expect(page.getByRole('status').filter({ hasText: `${unitNumber} är registrerad på patienten igen.` })).toBeVisible();
  await expect(units).toContainText('Hos brukare');
  await expectNoAxeViolations(page, 'lost device re-registered');
});

test('a lost-device report whose wheelchair turned up is closed with an answer, and nothing is written off', async ({ page, baseURL }) => {
  const prescriber = await apiAs(baseURL!, 'forskrivare');
  await declareCareRelationship(prescriber, PATIENT.identifier);
  const again = await prescriber.call<{ centreOrderNumber: string }>(
    'post',
    '/api/contract/v1/messages',
    message({
      orderType: 'lostDevice',
      lines: [{ lineId: crypto.randomUUID(), lineNumber: 1, articleNumber: null, quantity: 1, unitNumber, accessoryForLineId: null, note: null }],
      lostDevice: { description: 'Rullstolen saknas igen efter flytten.', lostOn: null },
    }),
    202,
  );
  await prescriber.ctx.dispose();

  await loginAs(page, 'kundtjanst', '/hmc/arenden');
  await choose(page, 'Typ', 'Förkommet hjälpmedel');
  await page.getByRole('link', { name: again.centreOrderNumber }).click();
  await expect(page.getByRole('heading', { level: 1, name: `Ärende ${again.centreOrderNumber} – Förkommet hjälpmedel` })).toBeVisible();
  const close = page.getByRole('region', { name: 'Avsluta utan avskrivning' });
  await close.getByRole('textbox', { name: 'Svar' }).fill('Rullstolen stod i förrådet i det nya boendet. Inget skrivs av.');
  await close.getByRole('button', { name: 'Skicka svar och avsluta utan avskrivning' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Svaret är skickat och ärendet avslutat.' })).toBeVisible();
  const answer = page.getByRole('region', { name: 'Svar till rapportören' });
  await expect(answer).toContainText('Rullstolen stod i förrådet i det nya boendet.');
  await expect(page.getByRole('region', { name: 'Individer' })).toContainText('Hos brukare');
  await expect(page.getByRole('button', { name: 'Skriv av som förlust enligt anmälan' })).toHaveCount(0);
  await expectNoAxeViolations(page, 'lost-device report closed without a write-off');
});

test('the warehouse sets a safety level and delivers the refill proposal for the area’s next delivery day', async ({ page }) => {
  await loginAs(page, 'lager', '/');
  await mainNav(page).getByRole('link', { name: 'Buffertförråd' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Buffertförråd' })).toBeVisible();
  await expectNoAxeViolations(page, 'buffer stores');
  await page.getByRole('link', { name: STORE }).click();
  await expect(page.getByRole('heading', { level: 1, name: STORE })).toBeVisible();
  await expectNoAxeViolations(page, 'buffer store, empty');

  await page.getByRole('textbox', { name: 'Lägg till artikel (artikelnummer)' }).fill(glovesNumber);
  await page.getByRole('button', { name: 'Hämta artikel' }).click();
  const dialog = page.getByRole('dialog', { name: `Säkerhetsnivå för ${GLOVES}` });
  await expect(dialog).toBeVisible();
  await expectNoAxeViolations(page, 'safety level dialog');
  await dialog.getByRole('textbox', { name: 'Säkerhetsnivå' }).fill('12');
  await dialog.getByRole('button', { name: 'Spara' }).click();
  await expect(page.getByRole('status').filter({ hasText: `Säkerhetsnivån för ${GLOVES} är 12.` })).toBeVisible();
  const level = page.getByRole('row').filter({ hasText: GLOVES });
  await expect(level).toContainText('12');
  await expectNoAxeViolations(page, 'buffer store with a level');

  await mainNav(page).getByRole('link', { name: 'Buffertförråd' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Buffertförråd' })).toBeVisible();
  // The area list comes from the stores: wait for them before opening it.
  await expect(page.getByRole('link', { name: STORE })).toBeVisible();
  await choose(page, 'Leveransområde', `${AREA} (onsdag)`);
  await page.getByRole('button', { name: 'Gör förslag för nästa leveransdag' }).click();
  await expect(page.getByRole('status').filter({ hasText: `Förslag för ${AREA}` })).toBeVisible();
  const proposal = page.getByRole('grid', { name: new RegExp(`^Påfyllning ${AREA}`) });
  await expect(proposal.getByRole('row').filter({ hasText: GLOVES })).toContainText(STORE);
  await expectNoAxeViolations(page, 'refill proposal');

  await page.getByRole('button', { name: 'Godkänn och leverera' }).click();
  const accept = page.getByRole('dialog', { name: new RegExp(`^Leverera påfyllning ${AREA}`) });
  await expect(accept).toBeVisible();
  await expectNoAxeViolations(page, 'refill dialog');
  await accept.getByRole('button', { name: 'Leverera påfyllningen' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'är levererad' })).toBeVisible();
  await expect(page.getByText('Inget öppet förslag för området.')).toBeVisible();
  await expectNoAxeViolations(page, 'refill delivered');

  await page.getByRole('link', { name: STORE }).click();
  await expect(page.getByRole('row').filter({ hasText: GLOVES })).toContainText('12');
  await expect(page.getByRole('region', { name: 'Senaste ändringar' })).toContainText('Påfyllning');
  await expectNoAxeViolations(page, 'buffer store refilled');
});

test('the warehouse counts the gloves in the store; a withdrawal beyond the balance waits for customer service, who registers what is there', async ({
  page,
  baseURL,
}) => {
  await loginAs(page, 'lager', '/hmc/buffertforrad');
  await page.getByRole('link', { name: STORE }).click();
  await expect(page.getByRole('heading', { level: 1, name: STORE })).toBeVisible();
  await page.getByRole('button', { name: `Inventera ${GLOVES}` }).click();
  const count = page.getByRole('dialog', { name: `Inventera ${GLOVES}` });
  await expect(count).toContainText('Saldot är 12.');
  await expectNoAxeViolations(page, 'count dialog');
  await count.getByRole('textbox', { name: 'Räknat antal i förrådet' }).fill('10');
  await count.getByRole('button', { name: 'Spara inventeringen' }).click();
  await expect(page.getByRole('status').filter({ hasText: `Saldot för ${GLOVES} är nu 10 (-2).` })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Senaste ändringar' })).toContainText('Inventering: räknat 10');

  // Anna's customer 20101 has 7 gloves in its store by the count; she withdraws 3 (they leave the ledger at
  // intake) and then 9, more than the 4 left.
  const w = await apiAs(baseURL!, 'lager');
  const [customer] = await w.call<{ bufferStores: { id: string; name: string; active: boolean }[] }[]>('get', '/api/customers?q=20101');
  const store = customer!.bufferStores.find((x) => x.active)!;
  await w.call('post', `/api/provision/buffer-stores/${store.id}/transactions`, { articleId: glovesId, counted: 7 }, 201);
  await w.ctx.dispose();
  const p = await apiAs(baseURL!, 'forskrivare');
  await declareCareRelationship(p, PATIENT.identifier);
  const withdrawal = (quantity: number) =>
    message({
      orderType: 'bufferWithdrawal',
      delivery: { kind: 'bufferStore', bufferStoreId: store.id, label: store.name },
      lines: [{ lineId: crypto.randomUUID(), lineNumber: 1, articleNumber: glovesNumber, quantity, unitNumber: null, accessoryForLineId: null, note: null }],
    });
  await p.call('post', '/api/contract/v1/messages', withdrawal(3), 202);
  const second = withdrawal(9);
  await p.call('post', '/api/contract/v1/messages', second, 202);
  await p.ctx.dispose();

  await loginAs(page, 'kundtjanst', `/hmc/order/${second.order.orderId}`);
  const section = page.getByRole('region', { name: 'Registrera buffertuttag' });
  await expect(section).toContainText('9 kvar att registrera. Förrådet har 4 st enligt saldot.');
  await expectNoAxeViolations(page, 'withdrawal of a quantity');
  await section.getByRole('button', { name: 'Registrera på patienten' }).click();
  await expect(section.getByRole('alert')).toContainText('Buffertförrådet har 4 av');
  await expectNoAxeViolations(page, 'withdrawal beyond the balance refused');
  await section.getByRole('textbox', { name: 'Antal uttagna' }).fill('4');
  await section.getByRole('button', { name: 'Registrera på patienten' }).click();
  await expect(page.getByRole('status').filter({ hasText: `4 st ${GLOVES} är registrerade på patienten (rad 1).` })).toBeVisible();
  await expect(section).toContainText('5 kvar att registrera. Förrådet har 0 st enligt saldot.');
  await expectNoAxeViolations(page, 'withdrawal registered in part');
});

test('the warehouse receives more gloves into the central stock', async ({ page }) => {
  await loginAs(page, 'lager', '/');
  await mainNav(page).getByRole('link', { name: 'Lager', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Lager' })).toBeVisible();
  await page.getByRole('searchbox', { name: 'Sök' }).fill(GLOVES);
  const row = page.getByRole('row').filter({ hasText: GLOVES });
  await expect(row).toContainText('Centrallagret');
  await row.getByRole('button', { name: `Inleverans eller justering av ${GLOVES} i Centrallagret` }).click();
  const dialog = page.getByRole('dialog', { name: `${GLOVES} i Centrallagret` });
  await expect(dialog).toBeVisible();
  await expectNoAxeViolations(page, 'stock receipt dialog');
  await dialog.getByRole('textbox', { name: 'Antal' }).fill('10');
  await dialog.getByRole('button', { name: 'Spara' }).click();
  const posted = page.getByRole('status').filter({ hasText: `Saldot för ${GLOVES} är nu` });
  await expect(posted).toBeVisible();
  const balance = /är nu (\d+)\./.exec((await posted.textContent()) ?? '')![1]!;
  await expect(row).toContainText(balance);
  await expectNoAxeViolations(page, 'stock after a receipt');
});
