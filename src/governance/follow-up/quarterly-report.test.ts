import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/app.ts';
import { pdfText } from '../../platform/documents/pdf-text.ts';
import { seedIsoCodes } from '../../catalogue/iso/seed-iso-codes.ts';
import type { SubmitOrder } from '../../contract/messages.ts';
import { receiveMessage } from '../../provision/intake/receive-message.ts';
import { deliverLine } from '../../provision/orders/deliver-line.ts';
import { as, givenReceivedOrder, givenUnitArticle, givenUnits, givenWarehouses, submitMessage } from '../../provision/testing/given.ts';
import { setCodeLabel } from '../../provision/rules/edit-rules.ts';
import { quarterBounds, type QuarterlyReport } from './quarterly-report.ts';

/**
 * The centre's quarterly follow-up (issue 14 item 3, DOMAIN §8): medical-device incidents with the unit or
 * article they concern, fault reports per category against delivered order lines beside the previous quarter,
 * delivery precision (delivered by the due date) and the top products by six-digit ISO code; the same report
 * as PDF and Excel, read back here. Orders come in through the real intake and are delivered by the real
 * delivery; the clock is ours to move.
 */
let clock = new Date('2026-08-03T08:00:00Z');
const at = (iso: string) => (clock = new Date(iso));
let t: TestApp;
let wh: Awaited<ReturnType<typeof givenWarehouses>>;
const ctx = () => t.ctx(() => clock);

beforeAll(async () => {
  t = await startTestApp({ now: () => clock });
  await seedIsoCodes(t.database.db);
  wh = await givenWarehouses(t.database);
});
afterAll(() => t.close());

/** A unit-tracked article ordered now; returns a function that delivers the line today (whenever it is called). */
async function ordered(article: { id: string; articleNumber: string }) {
  const [u] = await givenUnits(ctx(), wh.main.id, article.id, [{ purchaseDate: '2025-01-01' }]);
  const o = await givenReceivedOrder(ctx(), { lines: [{ articleNumber: article.articleNumber }], sentAt: clock });
  return { unit: u!, deliver: () => deliverLine(as(ctx(), 'warehouse'), o.lineIds[0]!, { version: 1, units: [{ unitId: u!.id }] }) };
}

async function report(order: Partial<SubmitOrder['order']>) {
  const m = submitMessage({ orderType: order.orderType ?? 'faultReport', lines: [], patient: null, sentAt: clock });
  Object.assign(m.order, order);
  await receiveMessage(ctx(), m);
  return m.order.orderId;
}
const fault = (category: NonNullable<SubmitOrder['order']['faultReport']>['category']) =>
  report({ orderType: 'faultReport', faultReport: { category, description: 'Fel' } });

describe('the quarterly follow-up', () => {
  let chairUnit = '';
  let rollatorNumber = '';

  beforeAll(async () => {
    const chair = await givenUnitArticle(t.database, { name: 'Rullstol Kvartal 42' }); // 12 22 03
    const rollator = await givenUnitArticle(t.database, { name: 'Rollator Kvartal', isoCode: '12 06 06' });
    rollatorNumber = rollator.articleNumber;

    // The previous quarter (K3): one line delivered on time, one fault report, one deviation.
    at('2026-08-03T08:00:00Z');
    await (await ordered(chair)).deliver();
    await fault('damagedGoods');
    await report({ orderType: 'deviation', deviation: { kind: 'complaint', description: 'Dynan sprack', articleNumber: rollator.articleNumber } });

    // K4: three chairs and a rollator ordered on 2 November; three delivered the same day, one in mid-December (late).
    at('2026-11-02T08:00:00Z');
    const lines = [await ordered(chair), await ordered(chair), await ordered(rollator), await ordered(chair)];
    for (const l of lines.slice(0, 3)) await l.deliver();
    chairUnit = lines[0]!.unit.unitNumber!;
    await fault('damagedGoods');
    await fault('damagedGoods');
    await fault('wrongItem');
    await report({
      orderType: 'deviation',
      deviation: { kind: 'negativeEvent', description: 'Bromsen släppte i en backe', occurredOn: '2026-11-01', unitNumber: chairUnit },
    });
    at('2026-12-15T09:00:00Z');
    await lines[3]!.deliver();
    await report({ orderType: 'deviation', deviation: { kind: 'nearMiss', description: 'Handtaget lossnade nästan', articleNumber: rollator.articleNumber } });
    // In K1 next year: outside the quarter.
    at('2027-01-04T09:00:00Z');
    await fault('wrongItem');
  });

  const get = async (url: string) => (await t.login('samordnare')).get(url);

  it('counts deviations with their unit or article, faults per 1 000 delivered lines against the previous quarter, precision and the top products', async () => {
    const res = await get('/api/quality/quarterly?quarter=2026-K4');
    expect(res.statusCode, res.body).toBe(200);
    const r = res.json() as QuarterlyReport;
    expect(r).toMatchObject({
      quarter: '2026-K4',
      previousQuarter: '2026-K3',
      from: '2026-10-01',
      to: '2026-12-31',
      deliveredLines: 4,
      previousDeliveredLines: 1,
    });

    expect(r.deviations.map((d) => [d.kind, d.unitNumber, d.articleNumber, d.articleName])).toEqual([
      ['negativeEvent', chairUnit, null, 'Rullstol Kvartal 42'],
      ['nearMiss', null, rollatorNumber, 'Rollator Kvartal'],
    ]);
    expect(r.deviations[0]).toMatchObject({ receivedOn: '2026-11-02', occurredOn: '2026-11-01', status: 'open', customerName: expect.any(String) });
    expect(r.deviationsByKind.find((d) => d.kind === 'complaint')).toMatchObject({ kind: 'complaint', count: 0, previous: 1 });
    expect(r.deviationsByKind.find((d) => d.kind === 'nearMiss')).toMatchObject({ kind: 'nearMiss', count: 1, previous: 0 });

    expect(r.faultReports.find((f) => f.category === 'damagedGoods')).toMatchObject({
      category: 'damagedGoods',
      count: 2,
      perThousandLines: 500,
      previousCount: 1,
      previousPerThousandLines: 1000,
    });
    expect(r.faultReports.find((f) => f.category === 'wrongItem')).toMatchObject({
      category: 'wrongItem',
      count: 1,
      perThousandLines: 250,
      previousCount: 0,
      previousPerThousandLines: 0,
    });
    expect(r.faultReportsTotal).toEqual({ count: 3, perThousandLines: 750, previousCount: 1, previousPerThousandLines: 1000 });

    expect(r.deliveryPrecision).toEqual({ withDueDate: 4, onTime: 3, share: 0.75, previousWithDueDate: 1, previousOnTime: 1, previousShare: 1 });
    expect(r.topProducts).toEqual([
      {
        rank: 1,
        isoCode: '12 22 03',
        titleSv: 'Manuella tvåhjulsdrivna rullstolar',
        titleEn: 'Manual wheelchairs driven by both hands',
        lines: 3,
        quantity: 3,
      },
      { rank: 2, isoCode: '12 06 06', titleSv: 'Rollatorer', titleEn: 'Rollators', lines: 1, quantity: 1 },
    ]);
  });

  it("names fault categories and deviation kinds as the centre's rules do (the rules are data)", async () => {
    await setCodeLabel(as(t.ctx(), 'systemAdmin'), 'faultCategories', 'dirtyGoods', { sv: 'Ej rengjort gods', en: 'Goods not cleaned', active: true });
    const r = (await get('/api/quality/quarterly?quarter=2026-K4')).json() as QuarterlyReport;
    expect(r.faultReports.find((f) => f.category === 'dirtyGoods')!.label).toEqual({ sv: 'Ej rengjort gods', en: 'Goods not cleaned' });
    expect(r.deviationsByKind.find((d) => d.kind === 'nearMiss')!.label.sv).toBe('Tillbud');
  });

  it('a quarter with nothing delivered has no rates and no precision ("no data"), never 0 %', async () => {
    const r = (await get('/api/quality/quarterly?quarter=2026-K2')).json() as QuarterlyReport;
    expect(r.deliveredLines).toBe(0);
    expect(r.deliveryPrecision.share).toBeNull();
    expect(r.faultReportsTotal).toEqual({ count: 0, perThousandLines: null, previousCount: 0, previousPerThousandLines: null });
    expect(r.topProducts).toEqual([]);
    // K1 compares with the year before's K4.
    expect((await get('/api/quality/quarterly?quarter=2027-K1')).json()).toMatchObject({
      previousQuarter: '2026-K4',
      faultReportsTotal: { count: 1, previousCount: 3 },
    });
  });

  it('the PDF is an A4 report in Swedish with page numbers, and reads back with the same figures', async () => {
    const res = await get('/api/quality/quarterly.pdf?quarter=2026-K4');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toBe('attachment; filename="kvartalsuppfoljning-2026-K4.pdf"');
    expect(res.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    // A4 portrait: 595.28 × 841.89 points.
    expect(res.rawPayload.toString('latin1')).toMatch(/\/MediaBox \[0 0 595\.28 841\.89\]/);
    const { pages } = pdfText(res.rawPayload);
    const text = pages.flat().join('\n');
    for (const s of [
      'Kvartalsuppföljning 2026-K4 – hjälpmedelscentralen',
      'Leveransprecision',
      '75,0 %',
      'Skadat gods',
      '500,0',
      'Medicintekniska avvikelser',
      'Negativ händelse',
      chairUnit,
      'Rollator Kvartal',
      'Manuella tvåhjulsdrivna rullstolar',
      'Topp 20 produkter per ISO-kod (sex siffror)',
    ])
      expect(text, s).toContain(s);
    expect(pages.at(-1)!.join('\n')).toContain(`Sida ${pages.length} av ${pages.length}`);
  });

  it('the Excel file reads back with one sheet per section and the numbers as numbers', async () => {
    const res = await get('/api/quality/quarterly.xlsx?quarter=2026-K4');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const { default: ExcelJS } = await import('exceljs');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Om rapporten', 'Leveransprecision', 'Felrapporter', 'Avvikelser', 'Topp 20 produkter']);
    const values = (name: string) =>
      wb
        .getWorksheet(name)!
        .getSheetValues()
        .filter(Boolean)
        .map((r) => (r as unknown[]).slice(1));
    expect(values('Leveransprecision')).toEqual([
      ['Kvartal', 'Levererade rader med leveransdatum', 'Levererade i tid', 'Andel i tid (%)'],
      ['2026-K4', 4, 3, 75],
      ['2026-K3', 1, 1, 100],
    ]);
    expect(values('Felrapporter').find((r) => r[0] === 'Skadat gods')).toEqual(['Skadat gods', 2, 500, 1, 1000]);
    expect(
      values('Avvikelser')
        .slice(1)
        .map((r) => [r[2], r[4], r[6]]),
    ).toEqual([
      ['Negativ händelse', chairUnit, 'Rullstol Kvartal 42'],
      ['Tillbud', '', 'Rollator Kvartal'],
    ]);
    expect(values('Topp 20 produkter').slice(1)).toEqual([
      [1, '12 22 03', 'Manuella tvåhjulsdrivna rullstolar', 3, 3],
      [2, '12 06 06', 'Rollatorer', 1, 1],
    ]);
  });

  it('is refused to others, and a malformed quarter is a clear refusal', async () => {
    for (const u of ['kundtjanst', 'forskrivare']) expect((await (await t.login(u)).get('/api/quality/quarterly?quarter=2026-K4')).statusCode, u).toBe(403);
    expect((await (await t.login('kundtjanst')).get('/api/quality/quarterly.pdf?quarter=2026-K4')).statusCode).toBe(403);
    const bad = await get('/api/quality/quarterly?quarter=2026-K5');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.issues.map((i: { path: string; message: string }) => [i.path, i.message])).toEqual([
      ['querystring.quarter', 'ange kvartal som ÅÅÅÅ-Kn, t.ex. 2026-K4'],
    ]);
  });
});

describe('quarter bounds', () => {
  it('gives the first and last day and the quarter before, across the new year', () => {
    expect(quarterBounds('2026-K1')).toEqual({ from: '2026-01-01', to: '2026-03-31', previous: '2025-K4' });
    expect(quarterBounds('2024-K4')).toEqual({ from: '2024-10-01', to: '2024-12-31', previous: '2024-K3' });
    expect(quarterBounds('2026-K2')).toEqual({ from: '2026-04-01', to: '2026-06-30', previous: '2026-K1' });
  });
});
