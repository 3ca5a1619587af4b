import crypto from 'node:crypto';
import { expect, test, type Page } from '@playwright/test';
import { expectNoAxeViolations } from './axe.ts';
import { choose, loginAs, mainNav } from './helpers.ts';
import { apiAs, declareCareRelationship } from './api.ts';

// Work orders at the centre (issue 5 item 7): work orders arrive through the contract (the REST route, as
// another region's system would send them) on units of our own; the technician books a time, starts, reports
// the work done with time and material, closes; cancels a work order of the wrong type; and runs a special
// adaptation through risk analysis, CE question and quote, approved through the contract by the prescriber.

test.describe.configure({ mode: 'serial', timeout: 120_000 });

const CHAIR = 'Rullstol Arbetsorder E2E 44';
const SCREWS = 'Skruvsats M5 Arbetsorder E2E';
let screwsNumber = '';
let chairId = '';
const unitNumbers: string[] = [];
const orders: Record<'repair' | 'wrongType' | 'special', { orderId: string; number: string }> = {
  repair: { orderId: '', number: '' },
  wrongType: { orderId: '', number: '' },
  special: { orderId: '', number: '' },
};

const PATIENT_IDENTIFIER = '197508269862';

function workOrderMessage(typeCode: string, unitNumber: string, description: string) {
  const attachments =
    typeCode === 'specialAdaptation'
      ? ['instruction', 'riskAnalysis'].map((kind) => ({
          attachmentId: crypto.randomUUID(),
          kind,
          fileName: `${kind}.pdf`,
          contentType: 'application/pdf',
          size: 1200,
          sha256: 'b'.repeat(64),
          url: null,
        }))
      : [];
  return {
    contractVersion: 1,
    type: 'order.submit',
    messageId: crypto.randomUUID(),
    sentAt: new Date().toISOString(),
    order: {
      orderId: crypto.randomUUID(),
      orderNumber: `EXT-AO-${crypto.randomUUID().slice(0, 8)}`,
      orderType: 'workOrder',
      urgent: false,
      customerNumber: '20101',
      orderedBy: { userId: crypto.randomUUID(), name: 'Anna Åberg', hsaId: null, profession: 'Arbetsterapeut', phone: '0611-12 34 56', email: null },
      patient: {
        // A patient of the demo directory; the sender declares a care relationship first (the route checks it, as the web does).
        identifier: PATIENT_IDENTIFIER,
        identifierKind: 'personnummer',
        firstName: 'Åsa',
        lastName: 'Påhlsson',
        protectedIdentity: false,
        homeMunicipalityCode: '9901',
        address: { careOf: null, street: 'Björkgatan 30', postalCode: '990 78', city: 'Norrvik' },
      },
      delivery: { kind: 'none' },
      contact: { name: 'Anna Åberg', phone: '0611-12 34 56' },
      messageToCentre: null,
      lines: [{ lineId: crypto.randomUUID(), lineNumber: 1, articleNumber: null, quantity: 1, unitNumber, accessoryForLineId: null, note: null }],
      workOrder: { typeCode, description, preferredDate: null },
      attachments,
    },
  };
}

test.beforeAll(async ({ baseURL }) => {
  const a = await apiAs(baseURL!, 'sortiment');
  const article = async (data: Record<string, unknown>) => {
    const res = await a.ctx.post('/api/catalogue/articles', { headers: a.headers, data: { published: true, orderable: true, inAssortment: true, ...data } });
    expect(res.status(), await res.text()).toBe(201);
    return (await res.json()) as { id: string; articleNumber: string };
  };
  const chair = await article({ name: CHAIR, articleType: 'H', isoCode: '12 22 03', chargingForm: 'rent', unitTracked: true, serialRequired: false });
  const screws = await article({ name: SCREWS, articleType: 'R', isoCode: null, chargingForm: 'sale', unitTracked: false, serialRequired: false });
  screwsNumber = screws.articleNumber;
  chairId = chair.id;
  await a.ctx.dispose();

  const w = await apiAs(baseURL!, 'lager');
  const warehouses = (await (await w.ctx.get('/api/provision/warehouses')).json()) as { id: string; code: string }[];
  const main = warehouses.find((x) => x.code === 'HMC')!;
  const received = await w.ctx.post('/api/provision/units/receipts', {
    headers: w.headers,
    data: {
      warehouseId: main.id,
      articleId: chair.id,
      units: [0, 1, 2, 3].map(() => ({ serialNumber: null, purchaseDate: '2023-04-01', purchaseCost: 9800 })),
    },
  });
  expect(received.status(), await received.text()).toBe(201);
  unitNumbers.push(...((await received.json()) as { units: { unitNumber: string }[] }).units.map((u) => u.unitNumber));
  const stock = await w.ctx.post('/api/provision/stock/transactions', {
    headers: w.headers,
    data: { warehouseId: main.id, articleId: screws.id, quantity: 20, kind: 'receipt' },
  });
  expect(stock.status(), await stock.text()).toBe(201);
  await w.ctx.dispose();

  const p = await apiAs(baseURL!, 'forskrivare');
  await declareCareRelationship(p, PATIENT_IDENTIFIER);
  const send = async (key: keyof typeof orders, typeCode: string, unitNumber: string, description: string) => {
    const m = workOrderMessage(typeCode, unitNumber, description);
    const res = await p.ctx.post('/api/contract/v1/messages', { headers: p.headers, data: m });
    expect(res.status(), await res.text()).toBe(202);
    orders[key] = { orderId: m.order.orderId, number: ((await res.json()) as { centreOrderNumber: string }).centreOrderNumber };
  };
  await send('repair', 'repairAtPatient', unitNumbers[0]!, 'Bromsen tar dåligt på vänster sida.');
  await send('wrongType', 'repairAtCentre', unitNumbers[1]!, 'Behöver en förhöjd sits (borde vara anpassning).');
  await send('special', 'specialAdaptation', unitNumbers[2]!, 'Förlängd ryggbåge enligt instruktionen.');
  await p.ctx.dispose();
});

const heading = (page: Page, number: string) => page.getByRole('heading', { level: 1, name: `Arbetsorder ${number}` });
const status = (page: Page) => page.getByRole('status');

test('the technician books, starts, reports done with time and material, and closes a repair', async ({ page }) => {
  await loginAs(page, 'tekniker', '/');
  await mainNav(page).getByRole('link', { name: 'Arbetskö HMC' }).click();
  const row = page.getByRole('row').filter({ hasText: orders.repair.number });
  await expect(row).toContainText(unitNumbers[0]!);
  await expectNoAxeViolations(page, 'technician queue');
  await row.getByRole('link', { name: new RegExp(orders.repair.number) }).click();
  await expect(heading(page, orders.repair.number)).toBeVisible();
  const assignment = page.getByRole('region', { name: 'Uppdraget' });
  await expect(assignment).toContainText('Avhjälpande underhåll hos brukare');
  await expect(assignment).toContainText('Påbörjas senast');
  await expect(assignment).toContainText('Klar senast');
  await expect(page.getByRole('region', { name: 'Patient och individer' })).toContainText('Björkgatan 30');
  await expectNoAxeViolations(page, 'work order received');

  await page.getByRole('button', { name: 'Boka tid' }).click();
  const book = page.getByRole('dialog', { name: `Boka tid för ${orders.repair.number}` });
  await book.getByLabel('Tekniker').fill('Tomas Berg');
  await expectNoAxeViolations(page, 'booking dialog');
  await book.getByRole('button', { name: 'Spara bokningen' }).click();
  await expect(status(page).filter({ hasText: 'är bokad' })).toBeVisible();
  await expect(assignment).toContainText('med Tomas Berg');
  await expectNoAxeViolations(page, 'work order booked');

  await page.getByRole('button', { name: 'Påbörja arbetet' }).click();
  await expect(status(page).filter({ hasText: 'Arbetet är påbörjat' })).toBeVisible();
  await expectNoAxeViolations(page, 'work order started');

  await page.getByRole('button', { name: 'Rapportera utfört' }).click();
  const done = page.getByRole('dialog', { name: `Utfört arbete på ${orders.repair.number}` });
  await done.getByLabel('Anteckningar').fill('Bytt bromsvajer och justerat bromsen.');
  await done.getByLabel('Nedlagd tid (minuter)').fill('45');
  await done.getByRole('button', { name: 'Lägg till material' }).click();
  const material = done.getByRole('group', { name: 'Material 1' });
  await material.getByLabel('Artikelnummer').fill(screwsNumber);
  await material.getByLabel('Antal').fill('2');
  // The first warehouse is chosen for a new row.
  await expect(material.getByRole('button', { name: /Centrallagret/ })).toBeVisible();
  await expectNoAxeViolations(page, 'done dialog with material');
  await done.getByRole('button', { name: 'Rapportera utfört' }).click();
  await expect(status(page).filter({ hasText: 'rapporterat som utfört' })).toBeVisible();
  const work = page.getByRole('region', { name: 'Utfört arbete' });
  await expect(work).toContainText('45 min');
  await expect(work).toContainText(`2 × ${SCREWS}`);
  await expectNoAxeViolations(page, 'work order done');

  await page.getByRole('button', { name: 'Avsluta arbetsordern' }).click();
  await expect(status(page).filter({ hasText: 'Arbetsordern är avslutad' })).toBeVisible();
  await expect(assignment).toContainText('Avslutad');
  await expectNoAxeViolations(page, 'work order closed');

  // The unit card shows the work order in its history.
  await page.getByRole('region', { name: 'Patient och individer' }).getByRole('link', { name: unitNumbers[0]! }).click();
  await expect(page.getByRole('heading', { level: 1, name: `Individ ${unitNumbers[0]}` })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Arbetsordrar' })).toContainText(orders.repair.number);
  await expectNoAxeViolations(page, 'unit card with work-order history');
});

test('a work order of the wrong type is cancelled with the reason, never retyped', async ({ page }) => {
  await loginAs(page, 'tekniker', `/hmc/arbetsorder/${orders.wrongType.orderId}`);
  await expect(heading(page, orders.wrongType.number)).toBeVisible();
  await page.getByRole('button', { name: 'Makulera arbetsordern' }).click();
  const dialog = page.getByRole('dialog', { name: `Makulera ${orders.wrongType.number}` });
  // The reasons are named as the centre's rules name them (issue 15: the rules are data).
  await choose(page, 'Orsak', 'Fel arbetsordertyp – gör en ny arbetsorder', dialog);
  await expect(dialog).toContainText('ny arbetsorder med rätt typ');
  await expectNoAxeViolations(page, 'cancel dialog');
  await dialog.getByRole('button', { name: 'Makulera', exact: true }).click();
  await expect(status(page).filter({ hasText: 'är makulerad' })).toBeVisible();
  const assignment = page.getByRole('region', { name: 'Uppdraget' });
  await expect(assignment).toContainText('Makulerad');
  await expect(assignment).toContainText('Avhjälpande underhåll på HMC');
  await expect(page.getByRole('button', { name: 'Påbörja arbetet' })).toHaveCount(0);
  await expectNoAxeViolations(page, 'work order cancelled');
});

test('special adaptation: risk analysis, CE question and quote; approved by the prescriber, then manufacture', async ({ page, baseURL }) => {
  await loginAs(page, 'tekniker', `/hmc/order/${orders.special.orderId}`);
  await page.getByRole('link', { name: 'Öppna arbetsordern' }).click();
  await expect(heading(page, orders.special.number)).toBeVisible();
  const special = page.getByRole('region', { name: 'Specialanpassning' });
  await expectNoAxeViolations(page, 'special adaptation received');

  await special.getByLabel('Teknisk riskanalys').fill('Klämrisk vid fällning; bedöms låg med skydd.');
  await special.getByRole('button', { name: 'Spara riskanalysen' }).click();
  await expect(status(page).filter({ hasText: 'Riskanalysen är sparad' })).toBeVisible();
  await special.getByLabel('Frågan till tillverkaren').fill('Behåller stolen CE-märkningen med förlängd ryggbåge?');
  await special.getByRole('button', { name: 'Spara CE-frågan' }).click();
  await expect(status(page).filter({ hasText: 'CE-frågan är sparad' })).toBeVisible();
  await expectNoAxeViolations(page, 'special adaptation risk analysed');

  await special.getByLabel('Belopp (kr, exkl. moms)').fill('18450,50');
  await special.getByLabel('Vad offerten omfattar').fill('Förlängd ryggbåge, material och sex timmars arbete.');
  await special.getByRole('button', { name: 'Skicka offerten' }).click();
  await expect(status(page).filter({ hasText: 'Offerten är skickad' })).toBeVisible();
  await expect(special).toContainText('Väntar på godkännande av offert');
  await expect(page.getByRole('button', { name: 'Påbörja tillverkning' })).toHaveCount(0);
  await expectNoAxeViolations(page, 'special adaptation awaiting approval');

  // The cost-responsible approves through the contract (as the prescriber's system sends it). Who answered is the
  // caller, never the message's `by`.
  const p = await apiAs(baseURL!, 'forskrivare');
  const res = await p.ctx.post('/api/contract/v1/messages', {
    headers: p.headers,
    data: {
      contractVersion: 1,
      type: 'order.answerQuote',
      messageId: crypto.randomUUID(),
      sentAt: new Date().toISOString(),
      orderId: orders.special.orderId,
      approved: true,
      by: { userId: crypto.randomUUID(), name: 'Enhetschef Eva Lind' },
      comment: 'Godkänd.',
    },
  });
  expect(res.status(), await res.text()).toBe(202);
  await p.ctx.dispose();

  await page.reload();
  await expect(special).toContainText('Godkänd');
  await expect(special).toContainText('Anna Åberg');
  await expect(special).not.toContainText('Enhetschef Eva Lind');
  await expectNoAxeViolations(page, 'special adaptation approved');
  await page.getByRole('button', { name: 'Påbörja tillverkning' }).click();
  await expect(status(page).filter({ hasText: 'Tillverkningen är påbörjad' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Uppdraget' })).toContainText('Under tillverkning');
  await expectNoAxeViolations(page, 'special adaptation in manufacture');
});

test('the prescriber approves the centre’s quote for a special adaptation on the order page', async ({ page, baseURL }) => {
  // The patient (one of our own) gets a wheelchair through the whole loop: ordered by the prescriber, delivered by the centre.
  const p = await apiAs(baseURL!, 'forskrivare');
  const ok = async (res: Awaited<ReturnType<typeof p.ctx.post>>, status = 200) => {
    expect(res.status(), await res.text()).toBe(status);
    return res.json();
  };
  const { patientId } = (await ok(await p.ctx.post('/api/patients/lookup', { headers: p.headers, data: { identifier: '193509229963' } }))) as {
    patientId: string;
  };
  await ok(await p.ctx.post(`/api/patients/${patientId}/care-relationship`, { headers: p.headers, data: {} }));
  const draft = async (orderType: string) =>
    (await ok(await p.ctx.post('/api/orders', { headers: p.headers, data: { orderType, patientId } }), 201)) as {
      id: string;
      version: number;
      customer: { id: string };
    };
  const c = await draft('customerOrder');
  const base = { customerId: c.customer.id, patientId, contactName: 'Anna Åberg', contactPhone: '070-123 45 67' };
  await ok(
    await p.ctx.put(`/api/orders/${c.id}`, {
      headers: p.headers,
      data: { ...base, version: c.version, delivery: { kind: 'patientAddress' }, lines: [{ articleId: chairId, quantity: 1 }] },
    }),
  );
  await ok(await p.ctx.post(`/api/orders/${c.id}/submit`, { headers: p.headers, data: {} }));

  const w = await apiAs(baseURL!, 'lager');
  let line = { id: '', version: 0 };
  await expect
    .poll(
      async () => {
        const r = await w.ctx.get(`/api/provision/orders/${c.id}`);
        if (r.status() !== 200) return 0;
        line = ((await r.json()) as { lines: { id: string; version: number }[] }).lines[0]!;
        return 1;
      },
      { timeout: 60_000 },
    )
    .toBe(1);
  const reserved = (await ok(await w.ctx.post(`/api/provision/lines/${line.id}/reserve`, { headers: w.headers, data: { version: line.version } }))) as {
    lineVersion: number;
    reserved: { id: string; unitNumber: string }[];
  };
  const unit = reserved.reserved[0]!;
  await ok(
    await w.ctx.post(`/api/provision/lines/${line.id}/deliver`, {
      headers: w.headers,
      data: { version: reserved.lineVersion, units: [{ unitId: unit.id, serialNumber: null }] },
    }),
  );
  await w.ctx.dispose();
  await expect.poll(async () => ((await (await p.ctx.get(`/api/orders/${c.id}`)).json()) as { status: string }).status, { timeout: 60_000 }).toBe('delivered');

  // A special adaptation of that wheelchair, with its instruction and risk analysis attached.
  const wo = await draft('workOrder');
  await ok(
    await p.ctx.put(`/api/orders/${wo.id}`, {
      headers: p.headers,
      data: {
        ...base,
        version: wo.version,
        delivery: { kind: 'none' },
        lines: [{ unitNumber: unit.unitNumber }],
        details: { workOrder: { typeCode: 'specialAdaptation', description: 'Förhöjt armstöd på höger sida.' } },
      },
    }),
  );
  for (const kind of ['instruction', 'riskAnalysis']) {
    await ok(
      await p.ctx.post(`/api/orders/${wo.id}/attachments`, {
        headers: p.headers,
        multipart: { kind, file: { name: `${kind}.pdf`, mimeType: 'application/pdf', buffer: Buffer.from(`%PDF-1.4\n%${kind}\n`) } },
      }),
      201,
    );
  }
  await ok(await p.ctx.post(`/api/orders/${wo.id}/submit`, { headers: p.headers, data: {} }));
  await p.ctx.dispose();

  // The technician makes the risk analysis and sends a quote.
  const tech = await apiAs(baseURL!, 'tekniker');
  await expect.poll(async () => (await tech.ctx.get(`/api/provision/work-orders/${wo.id}`)).status(), { timeout: 60_000 }).toBe(200);
  const r = (await ok(
    await tech.ctx.post(`/api/provision/work-orders/${wo.id}/risk-analysis`, {
      headers: tech.headers,
      data: { version: 1, riskAnalysis: 'Ingen kvarstående risk.' },
    }),
  )) as { version: number };
  await ok(
    await tech.ctx.post(`/api/provision/work-orders/${wo.id}/quote`, {
      headers: tech.headers,
      data: { version: r.version, amount: 4200, text: 'Armstöd och två timmars arbete.' },
    }),
  );

  await loginAs(page, 'forskrivare', `/bestallningar/${wo.id}`);
  const quote = page.getByRole('region', { name: 'Offert att godkänna' });
  await expect(async () => {
    await page.reload();
    await expect(quote).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 60_000 });
  await expect(quote).toContainText('4 200,00 kr');
  await expect(quote).toContainText('Armstöd och två timmars arbete.');
  await expect(page.getByRole('list', { name: 'Händelser' })).toContainText('Offert från hjälpmedelscentralen');
  await expectNoAxeViolations(page, 'order page with a quote to approve');
  await quote.getByLabel('Kommentar till hjälpmedelscentralen').fill('Godkänd av enhetschefen.');
  await quote.getByRole('button', { name: 'Godkänn offert' }).click();
  await expect(quote).toHaveCount(0);
  await expect(page.getByRole('list', { name: 'Händelser' })).toContainText('Offerten godkänd');
  await expectNoAxeViolations(page, 'order page with the quote approved');

  // The answer reaches the centre: the technician may start manufacture.
  await expect
    .poll(async () => ((await (await tech.ctx.get(`/api/provision/work-orders/${wo.id}`)).json()) as { state: string }).state, { timeout: 60_000 })
    .toBe('approved');
  await tech.ctx.dispose();
});
