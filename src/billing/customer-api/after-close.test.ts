import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/app.ts';
import { stockholmInstant } from '../../platform/calendar/index.ts';
import type { Ctx } from '../../platform/context.ts';
import { as, givenUnitArticle, givenWarehouses } from '../../provision/testing/given.ts';
import { getItCostSplit, setItCost } from '../it-cost/it-cost.ts';
import { setCustomerContact } from '../notices/close-notice.ts';
import { closeMonth } from '../runs/close-month.ts';
import { getMonth } from '../runs/preview.ts';
import { runMonth } from '../runs/run-month.ts';
import { getCostStatistics } from '../statistics/cost-statistics.ts';
import { givenDeliveredUnit, givenGeneralPrice, givenServicePrices, linesOf } from '../testing/given.ts';

// What happens once a month is closed (issue 12 items 6, 7, 8): the notice to the customer, the customer
// API for their systems, the IT cost split and the cost statistics. November is closed; December is a draft.

let t: TestApp;
let closed: Awaited<ReturnType<typeof closeMonth>>;
const day = (d: string): Ctx => t.ctx(() => stockholmInstant(d, 10 * 60));
const finance = (d = '2026-12-01') => as(day(d), 'finance');
const ore = async (customer: string, period = '2026-11') =>
  (await linesOf(t.database, period)).filter((l) => l.customer_number === customer).reduce((s, l) => s + l.amount_ore!, 0);

beforeAll(async () => {
  t = await startTestApp();
  const wh = await givenWarehouses(t.database);
  await givenServicePrices(t.database);
  const chair = await givenUnitArticle(t.database, { name: 'Rullstol Kundsystem' });
  await givenGeneralPrice(t.database, chair.id, '600.00');
  const cushion = await givenUnitArticle(t.database, { name: 'Dyna Kundsystem', isoCode: '04 33 03' });
  await givenGeneralPrice(t.database, cushion.id, '133.33');
  await givenDeliveredUnit(day('2026-11-02'), wh.main.id, chair); // 20101, Norrviks kommun
  await givenDeliveredUnit(day('2026-11-16'), wh.main.id, cushion); // 20101
  await givenDeliveredUnit(day('2026-11-05'), wh.main.id, chair, { customerNumber: '20102' }); // Norrviks kommun
  await givenDeliveredUnit(day('2026-11-09'), wh.main.id, chair, { customerNumber: '30101' }); // Åby kommun
  await setCustomerContact(finance(), { customerNumber: '20101', email: 'faktura@norrvik.example.se' });
  await runMonth(finance(), '2026-11');
  closed = await closeMonth(finance(), '2026-11', { version: (await getMonth(finance(), '2026-11')).version });
  await runMonth(finance('2026-12-20'), '2026-12');
});
afterAll(() => t.close());

describe('the notice when a month is closed', () => {
  it("goes to each customer number's contact address through the mail outbox; the close names those without one", async () => {
    expect(closed.notified).toEqual(['20101']);
    expect(closed.withoutContact).toEqual(['20102', '30101']);
    const mails = await t.database.query<{ to: string; subject: string; body: string }>(
      `SELECT "to", subject, body FROM outgoing_mail WHERE reason = 'billing.month.close'`,
    );
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({ to: 'faktura@norrvik.example.se', subject: 'Fakturaunderlag 2026-11 för kundnummer 20101 är klart' });
    expect(mails[0]!.body).toContain('FU-202611-20101');
    expect(mails[0]!.body).toContain('/api/billing/v1/bases?period=2026-11');
    // No patient data in a mail.
    expect(mails[0]!.body).not.toMatch(/\d{8}-?\d{4}|Märta|Öström/);
    const jobs = await t.database.query<{ n: number }>(`SELECT count(*)::int AS n FROM job WHERE kind = 'platform.send-mail'`);
    expect(Number(jobs[0]!.n)).toBeGreaterThanOrEqual(1);
  });

  it('a contact address for a customer number that does not exist is refused with the field named', async () => {
    const r = await (await t.login('ekonomi')).put('/api/billing/customer-contacts', { customerNumber: '99999', email: 'x@example.se' });
    expect(r.statusCode).toBe(400);
    expect(r.json().error.issues).toEqual([
      { path: 'body.customerNumber', code: 'unknown', message: 'kundnummer 99999 finns inte', params: { value: '99999' } },
    ]);
  });
});

describe("finance's preview of a customer number's lines", () => {
  it('lists every stored line with its kind, price and amount in kronor; only finance', async () => {
    const c = await t.login('ekonomi');
    const res = await c.get('/api/billing/months/2026-11/lines?customerNumber=20101');
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json() as {
      basisNumber: string;
      state: string;
      total: number;
      lines: { lineId: number; kind: string; amount: number; unitPrice: number; articleName: string }[];
    };
    const stored = (await linesOf(t.database, '2026-11')).filter((l) => l.customer_number === '20101');
    expect(body).toMatchObject({ basisNumber: 'FU-202611-20101', state: 'closed', total: (await ore('20101')) / 100 });
    expect(body.lines.map((l) => [l.lineId, l.kind, Math.round(l.amount * 100), Math.round(l.unitPrice * 100)]).sort()).toEqual(
      stored.map((l) => [l.id, l.kind, l.amount_ore, l.unit_price_ore]).sort(),
    );
    expect((await (await t.login('forskrivare')).get('/api/billing/months/2026-11/lines?customerNumber=20101')).statusCode).toBe(403);
    expect((await c.get('/api/billing/months/2026-11/lines?customerNumber=99999')).statusCode).toBe(404);
  });

  it('a contact address is removed with an empty address', async () => {
    const c = await t.login('ekonomi');
    expect((await c.put('/api/billing/customer-contacts', { customerNumber: '30101', email: 'aby@example.se' })).json()).toEqual([
      { customerNumber: '20101', email: 'faktura@norrvik.example.se' },
      { customerNumber: '30101', email: 'aby@example.se' },
    ]);
    expect((await c.put('/api/billing/customer-contacts', { customerNumber: '30101', email: null })).json()).toEqual([
      { customerNumber: '20101', email: 'faktura@norrvik.example.se' },
    ]);
    expect((await c.put('/api/billing/customer-contacts', { customerNumber: '30101', email: 'inte en adress' })).statusCode).toBe(400);
  });
});

describe("the customer API for the customers' systems (v1)", () => {
  let clients = 0;
  async function tokenFor(customerNumbers: string[], roles: string[]) {
    const admin = await t.login('admin');
    const rows = await t.database.query<{ id: string; care_provider_id: string; customer_number: string }>(
      `SELECT id, care_provider_id, customer_number FROM customer WHERE customer_number = ANY($1)`,
      [customerNumbers],
    );
    const reg = await admin.post('/api/system-clients', {
      name: `Ekonomisystem ${customerNumbers.join(' ')} nr ${++clients}`,
      careProviderId: rows[0]!.care_provider_id,
      customerIds: rows.map((r) => r.id),
      roles,
    });
    expect(reg.statusCode, reg.body).toBe(201);
    const { client, clientSecret } = reg.json() as { client: { id: string }; clientSecret: string };
    const res = await t.app.inject({
      method: 'POST',
      url: '/oauth/token',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`${client.id}:${clientSecret}`).toString('base64')}`,
      },
      payload: 'grant_type=client_credentials',
    });
    expect(res.statusCode, res.body).toBe(200);
    const token = res.json().access_token as string;
    return (url: string) => t.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });
  }

  it("a system client lists only its own customer numbers' bases of closed months, with links to the files, and fetches them", async () => {
    const get = await tokenFor(['20101'], ['orderer']);
    const list = await get('/api/billing/v1/bases');
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json()).toEqual({
      apiVersion: 1,
      bases: [
        {
          period: '2026-11',
          state: 'closed',
          basisNumber: 'FU-202611-20101',
          customerNumber: '20101',
          lines: 2,
          total: (await ore('20101')) / 100,
          files: {
            xlsx: '/api/billing/v1/bases/2026-11/20101/xlsx',
            csv: '/api/billing/v1/bases/2026-11/20101/csv',
            pdf: '/api/billing/v1/bases/2026-11/20101/pdf',
          },
        },
      ],
    });
    const xlsx = await get('/api/billing/v1/bases/2026-11/20101/xlsx');
    expect(xlsx.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    expect(wb.getWorksheet('Fakturaunderlag')!.getCell('B3').value).toBe('FU-202611-20101');
    const csv = await get('/api/billing/v1/bases/2026-11/20101/csv');
    expect(csv.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect((await get('/api/billing/v1/bases/2026-11/20101/pdf')).headers['content-type']).toBe('application/pdf');
  });

  it("another customer's basis and a month not yet closed do not exist for it (404); the period filter works; no token is 401", async () => {
    const get = await tokenFor(['20101'], ['orderer']);
    expect((await get('/api/billing/v1/bases/2026-11/30101/xlsx')).statusCode).toBe(404);
    expect((await get('/api/billing/v1/bases/2026-12/20101/xlsx')).statusCode).toBe(404);
    expect((await get('/api/billing/v1/bases?period=2026-12')).json()).toEqual({ apiVersion: 1, bases: [] });
    expect((await t.app.inject({ method: 'GET', url: '/api/billing/v1/bases' })).statusCode).toBe(401);
    // The web's own routes take no bearer tokens.
    expect((await get('/api/billing/bases')).statusCode).toBe(403);
  });

  it('is described in the OpenAPI document', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/docs/json' })).json() as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/billing/v1/bases', '/api/billing/v1/bases/{period}/{customerNumber}/{format}']));
  });
});

describe('the IT cost split', () => {
  it("divides the period's IT cost over the care providers by their device cost in closed bases; the parts sum exactly to the total", async () => {
    await setItCost(finance(), '2026-11', '2026-12', { amount: 1000.01 });
    const s = await getItCostSplit(finance(), '2026-11', '2026-12');
    const norrvik = (await ore('20101')) + (await ore('20102'));
    const aby = await ore('30101');
    expect(s.closedMonths).toEqual(['2026-11']);
    expect(s.openMonths).toEqual(['2026-12']);
    expect(s.deviceCost).toBe((norrvik + aby) / 100);
    expect(s.parts.map((p) => [p.careProviderName, p.deviceCost])).toEqual([
      ['Norrviks kommun', norrvik / 100],
      ['Åby kommun', aby / 100],
    ]);
    const partsOre = s.parts.map((p) => Math.round(p.part * 100));
    expect(partsOre.reduce((a, b) => a + b, 0)).toBe(100001);
    // Each part is its exact share rounded down or up by one öre.
    for (const [i, cost] of [norrvik, aby].entries()) expect(Math.abs(partsOre[i]! - (100001 * cost) / (norrvik + aby))).toBeLessThan(1);
    expect(s.percentOfDeviceCost).toBeCloseTo((100001 / (norrvik + aby)) * 100, 3);
  });

  it('as an Excel workbook: one row per care provider and a total row equal to the IT cost; only finance', async () => {
    const res = await (await t.login('ekonomi')).get('/api/billing/it-costs/2026-11/2026-12/split.xlsx');
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('IT-kostnad')!;
    expect([ws.getCell('A5').value, ws.getCell('A6').value, ws.getCell('A7').value]).toEqual(['Norrviks kommun', 'Åby kommun', 'Summa']);
    expect((ws.getCell('D7').value as { result: number }).result).toBe(1000.01);
    expect(Number(ws.getCell('D5').value) + Number(ws.getCell('D6').value)).toBeCloseTo(1000.01, 2);
    expect((await (await t.login('forskrivare')).get('/api/billing/it-costs/2026-11/2026-12/split')).statusCode).toBe(403);
  });

  it('a period that ends before it starts, or a negative amount, is refused with the field named', async () => {
    const c = await t.login('ekonomi');
    const back = await c.put('/api/billing/it-costs/2026-12/2026-11', { amount: 5 });
    expect(back.statusCode).toBe(400);
    expect(back.json().error.issues[0].path).toBe('params.to');
    const neg = await c.put('/api/billing/it-costs/2026-11/2026-11', { amount: -5 });
    expect(neg.statusCode).toBe(400);
    expect(neg.json().error.issues[0].path).toContain('amount');
  });
});

describe('cost statistics', () => {
  it('per customer number, month and ISO class, from closed months only', async () => {
    const s = await getCostStatistics(finance(), { from: '2026-01', to: '2026-12' });
    const lines = await linesOf(t.database, '2026-11');
    const expected = new Map<string, number>();
    for (const l of lines) {
      const iso = l.article_number
        ? (await t.database.query<{ iso: string }>(`SELECT substr(iso_code, 1, 2) AS iso FROM billing_line WHERE id = $1`, [l.id]))[0]!.iso
        : null;
      const k = `${l.customer_number}|${iso}`;
      expected.set(k, (expected.get(k) ?? 0) + l.amount_ore!);
    }
    expect(s.rows.every((r) => r.period === '2026-11')).toBe(true);
    expect(new Map(s.rows.map((r) => [`${r.customerNumber}|${r.isoClass}`, Math.round(r.amount * 100)]))).toEqual(expected);
    expect(s.rows.find((r) => r.customerNumber === '20101' && r.isoClass === '04')).toBeTruthy();
    expect(Math.round(s.total * 100)).toBe(lines.reduce((a, l) => a + l.amount_ore!, 0));
  });

  it("a customer's user sees only their own customer numbers; the Excel export holds the same rows", async () => {
    const prescriber = await t.login('forskrivare'); // 10101 and 20101
    const res = await prescriber.get('/api/billing/statistics?from=2026-01&to=2026-12');
    expect(res.statusCode).toBe(200);
    expect([...new Set((res.json() as { rows: { customerNumber: string }[] }).rows.map((r) => r.customerNumber))]).toEqual(['20101']);
    expect((await prescriber.get('/api/billing/statistics?from=2026-01&to=2026-12&customerNumber=30101')).json().rows).toEqual([]);
    const x = await prescriber.get('/api/billing/statistics.xlsx?from=2026-01&to=2026-12');
    expect(x.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.rawPayload as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('Kostnadsstatistik')!;
    const rows: unknown[][] = [];
    ws.eachRow((r, n) => n > 3 && rows.push((r.values as unknown[]).slice(1)));
    expect(rows.at(-1)![0]).toBe('Summa');
    expect(rows.slice(0, -1).map((r) => [r[0], r[1], r[2]])).toEqual([
      ['20101', '2026-11', '04'],
      ['20101', '2026-11', '12'],
    ]);
    expect((await (await t.login('tekniker')).get('/api/billing/statistics?from=2026-01&to=2026-12')).statusCode).toBe(403);
  });
});
