import { describe, expect, it } from 'vitest';
import { Worker } from '../../platform/jobs/jobs.ts';
import { createLogger } from '../../platform/logger.ts';
import { provisionJobHandlers } from '../jobs.ts';
import { postStockTransaction, stockLedger } from '../stock/stock.ts';
import { as, givenReceivedOrder, givenUnitArticle, RecordingOrdering } from '../testing/given.ts';
import { pdfText } from '../../platform/documents/pdf-text.ts';
import { deliverLine } from './deliver-line.ts';
import { handoverReceiptPdf } from './handover-receipt.ts';
import { releaseUnits, reserveUnits } from './fill-line.ts';
import { orderLineFixture } from '../testing/order-lines.ts';

// Reserving and delivering a line: units and the stock ledger, races between staff.

const f = orderLineFixture();
const { today, line, unitStatus, contractEvents, chairWithUnits } = f;
const log = createLogger('silent');

describe('reservation and delivery', () => {
  it('a unit reserved for another line cannot be delivered or reserved on this one', async () => {
    const { article, units } = await chairWithUnits('Rullstol Reserverad', [
      { purchaseDate: '2020-01-01', serialNumber: 'SN-R1' },
      { purchaseDate: '2022-01-01', serialNumber: 'SN-R2' },
    ]);
    const first = await givenReceivedOrder(f.ctx, { lines: [{ articleNumber: article.articleNumber }] });
    const second = await givenReceivedOrder(f.ctx, { lines: [{ articleNumber: article.articleNumber }] });
    await reserveUnits(f.warehouse, first.lineIds[0]!, { version: 1, unitIds: [units[0]!.id] });
    const [{ n }] = (await f.t.database.query<{ n: string }>(`SELECT centre_order_number AS n FROM provision_order WHERE id = $1`, [first.orderId])) as [
      { n: string },
    ];

    const deliver = deliverLine(f.warehouse, second.lineIds[0]!, { version: 1, units: [{ unitId: units[0]!.id, serialNumber: 'SN-R1' }] });
    await expect(deliver).rejects.toMatchObject({ code: 'UNIT_RESERVED_ELSEWHERE', message: expect.stringContaining(`order ${n} rad 1`) });
    await expect(reserveUnits(f.warehouse, second.lineIds[0]!, { version: 1, unitIds: [units[0]!.id] })).rejects.toMatchObject({
      code: 'UNIT_RESERVED_ELSEWHERE',
    });
    expect(await unitStatus(units[0]!.id)).toEqual({ status: 'reserved', reserved_for_line_id: first.lineIds[0] });
    expect(await line(second.lineIds[0]!)).toMatchObject({ state: 'received', delivered_quantity: 0 });
    // The free unit can be delivered on the second line.
    await deliverLine(f.warehouse, second.lineIds[0]!, { version: 1, units: [{ unitId: units[1]!.id, serialNumber: 'SN-R2' }] });
    expect(await line(second.lineIds[0]!)).toMatchObject({ state: 'delivered', delivered_quantity: 1 });
  });

  it('delivered sends the units to the ordering side and starts the holding on the delivery day', async () => {
    const { article, units } = await chairWithUnits('Rullstol Leverans', [{ purchaseDate: '2021-01-01', serialNumber: 'SN-L1' }]);
    const o = await givenReceivedOrder(f.ctx, { lines: [{ articleNumber: article.articleNumber }] });
    const r = await reserveUnits(f.warehouse, o.lineIds[0]!, { version: 1 });
    await deliverLine(f.warehouse, o.lineIds[0]!, { version: r.lineVersion, units: [{ unitId: units[0]!.id, serialNumber: 'SN-L1' }] });

    const ordering = new RecordingOrdering();
    await new Worker({ database: f.t.database, log, handlers: provisionJobHandlers({ database: f.t.database, config: f.t.config, log, ordering }) }).runDue();
    const events = ordering.of(o.orderId);
    expect(events.map((e) => [e.sequence, e.type])).toEqual([
      [1, 'received'],
      [2, 'delivered'],
    ]);
    expect(events[1]).toMatchObject({
      lineId: o.lineIds[0],
      deliveredOn: today(),
      quantity: 1,
      partial: false,
      units: [
        {
          unitNumber: units[0]!.unitNumber,
          serialNumber: 'SN-L1',
          articleNumber: article.articleNumber,
          articleName: 'Rullstol Leverans',
          isoCode: '12 22 03',
          chargingForm: 'rent',
        },
      ],
    });
    const [h] = await f.t.database.query<{ from_date: string; to_date: string | null; patient_id: string | null }>(
      `SELECT from_date::text, to_date, patient_id FROM provision_holding WHERE unit_id = $1`,
      [units[0]!.id],
    );
    expect(h).toMatchObject({ from_date: today(), to_date: null, patient_id: expect.any(String) });
    expect(await unitStatus(units[0]!.id)).toEqual({ status: 'onPatient', reserved_for_line_id: null });
    expect((await f.t.database.query<{ status: string }>(`SELECT status FROM provision_order WHERE id = $1`, [o.orderId]))[0]!.status).toBe('done');
    expect(
      await f.t.database.query(`SELECT 1 FROM provision_order_event WHERE order_id = $1 AND event_id IS NOT NULL AND sent_at IS NULL`, [o.orderId]),
    ).toHaveLength(0);
  });

  it('a partial delivery leaves the rest of the line open and says so', async () => {
    const { article, units } = await chairWithUnits('Rullstol Delleverans', [{ purchaseDate: '2021-01-01' }, { purchaseDate: '2021-02-01' }]);
    const o = await givenReceivedOrder(f.ctx, { lines: [{ articleNumber: article.articleNumber, quantity: 2 }] });
    const first = await deliverLine(f.warehouse, o.lineIds[0]!, { version: 1, units: [{ unitId: units[0]!.id }] });
    expect(first).toMatchObject({ state: 'received', deliveredQuantity: 1, quantity: 2 });
    await deliverLine(f.warehouse, o.lineIds[0]!, { version: first.lineVersion, units: [{ unitId: units[1]!.id }] });
    const ev = (await contractEvents(o.orderId)).filter((e) => e.type === 'delivered');
    expect(ev.map((e) => [e.quantity, e.partial])).toEqual([
      [1, true],
      [1, false],
    ]);
    expect(await line(o.lineIds[0]!)).toMatchObject({ state: 'delivered', delivered_quantity: 2 });
  });

  it('a serial number that does not match the unit is refused and nothing changes', async () => {
    const { article, units } = await chairWithUnits('Rullstol Serie', [{ purchaseDate: '2021-01-01', serialNumber: 'SN-RIGHT' }]);
    const o = await givenReceivedOrder(f.ctx, { lines: [{ articleNumber: article.articleNumber }] });
    await expect(deliverLine(f.warehouse, o.lineIds[0]!, { version: 1, units: [{ unitId: units[0]!.id, serialNumber: 'SN-WRONG' }] })).rejects.toMatchObject({
      code: 'VALIDATION',
      details: { issues: [{ path: 'body.units.0.serialNumber' }] },
    });
    await expect(deliverLine(f.warehouse, o.lineIds[0]!, { version: 1, units: [{ unitId: units[0]!.id }] })).rejects.toMatchObject({ code: 'VALIDATION' });
    expect(await unitStatus(units[0]!.id)).toMatchObject({ status: 'newInStock' });
    expect(await line(o.lineIds[0]!)).toMatchObject({ delivered_quantity: 0, version: 1 });
  });

  it('two staff delivering the same line: one wins, the other gets a clear 409', async () => {
    const { article, units } = await chairWithUnits('Rullstol Krock', [{ purchaseDate: '2020-01-01' }, { purchaseDate: '2020-02-01' }]);
    const o = await givenReceivedOrder(f.ctx, { lines: [{ articleNumber: article.articleNumber }] });
    const [leila, other] = [await f.t.login('lager'), await f.t.login('lager')];
    const [a, b] = await Promise.all([
      leila.post(`/api/provision/lines/${o.lineIds[0]}/deliver`, { version: 1, units: [{ unitId: units[0]!.id }] }),
      other.post(`/api/provision/lines/${o.lineIds[0]}/deliver`, { version: 1, units: [{ unitId: units[1]!.id }] }),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    const loser = a.statusCode === 409 ? a : b;
    expect(loser.json().error).toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/har just ändrats av någon annan/) });
    expect(await f.t.database.query(`SELECT 1 FROM provision_holding WHERE line_id = $1`, [o.lineIds[0]])).toHaveLength(1);
    expect((await contractEvents(o.orderId)).filter((e) => e.type === 'delivered')).toHaveLength(1);
    const statuses = [await unitStatus(units[0]!.id), await unitStatus(units[1]!.id)].map((u) => u.status).sort();
    expect(statuses).toEqual(['newInStock', 'onPatient']);
  });

  it('two staff reserving by the chain for two lines at once never get the same unit', async () => {
    const { article, units } = await chairWithUnits('Rullstol Samtidig', [{ purchaseDate: '2019-01-01' }, { purchaseDate: '2020-01-01' }]);
    const a = await givenReceivedOrder(f.ctx, { lines: [{ articleNumber: article.articleNumber }] });
    const b = await givenReceivedOrder(f.ctx, { lines: [{ articleNumber: article.articleNumber }] });
    const [ra, rb] = await Promise.all([
      reserveUnits(f.warehouse, a.lineIds[0]!, { version: 1 }),
      reserveUnits(as(f.ctx, 'warehouse'), b.lineIds[0]!, { version: 1 }),
    ]);
    const got = [...ra.reserved, ...rb.reserved].map((u) => u.id).sort();
    expect(got).toEqual(units.map((u) => u.id).sort());
  });

  it('releasing a reservation puts the unit back in stock with the status it had', async () => {
    const { article, units } = await chairWithUnits('Rullstol Släpp', [{ purchaseDate: '2019-01-01', reconditioned: true }]);
    const o = await givenReceivedOrder(f.ctx, { lines: [{ articleNumber: article.articleNumber }] });
    const r = await reserveUnits(f.warehouse, o.lineIds[0]!, { version: 1 });
    await releaseUnits(f.warehouse, o.lineIds[0]!, { version: r.lineVersion });
    expect(await unitStatus(units[0]!.id)).toEqual({ status: 'reconditionedInStock', reserved_for_line_id: null });
  });
});

describe('articles that are not unit-tracked', () => {
  it('are delivered from the stock ledger, whose balance never goes negative and is the ledger’s sum', async () => {
    const pad = await givenUnitArticle(f.t.database, { name: 'Inkontinensskydd Test', chargingForm: 'sale', unitTracked: false, articleType: 'H' });
    await postStockTransaction(f.warehouse, { warehouseId: f.wh.main.id, articleId: pad.id, quantity: 5, kind: 'receipt' });
    const o = await givenReceivedOrder(f.ctx, { lines: [{ articleNumber: pad.articleNumber, quantity: 3 }] });
    await deliverLine(f.warehouse, o.lineIds[0]!, { version: 1, quantity: 3, warehouseId: f.wh.main.id });
    const o2 = await givenReceivedOrder(f.ctx, { lines: [{ articleNumber: pad.articleNumber, quantity: 3 }] });
    await expect(deliverLine(f.warehouse, o2.lineIds[0]!, { version: 1, quantity: 3, warehouseId: f.wh.main.id })).rejects.toMatchObject({
      code: 'INSUFFICIENT_STOCK',
      message: expect.stringMatching(/är 2; 3 behövs/),
    });
    await expect(postStockTransaction(f.warehouse, { warehouseId: f.wh.main.id, articleId: pad.id, quantity: -3, kind: 'adjustment' })).rejects.toMatchObject({
      code: 'INSUFFICIENT_STOCK',
    });
    const ledger = await stockLedger(f.warehouse, { warehouseId: f.wh.main.id, articleId: pad.id, limit: 100 });
    expect(ledger.balance).toBe(2);
    expect(ledger.entries.map((e) => [e.kind, e.quantity])).toEqual([
      ['delivery', -3],
      ['receipt', 5],
    ]);
    const [b] = await f.t.database.query<{ balance: number }>(`SELECT balance FROM provision_stock_balance WHERE warehouse_id = $1 AND article_id = $2`, [
      f.wh.main.id,
      pad.id,
    ]);
    expect(b!.balance).toBe(2);
  });
});

describe('the hand-over receipt (utlämningskvitto, issue 16 item 14)', () => {
  const textOf = (pdf: Buffer) =>
    pdfText(pdf)
      .pages.map((p) => p.join('\n'))
      .join('\n');

  it('lists each delivered unit with its serial number, the patient and lines to sign; before any delivery there is none', async () => {
    const { article, units } = await chairWithUnits('Rullstol Kvitto', [{ purchaseDate: '2021-01-01', serialNumber: 'SN-KV1' }]);
    const o = await givenReceivedOrder(f.ctx, { lines: [{ articleNumber: article.articleNumber }] });
    await expect(handoverReceiptPdf(f.warehouse, o.orderId)).rejects.toMatchObject({
      code: 'INVALID_TRANSITION',
      message: expect.stringContaining('Inget är levererat'),
    });
    const r = await reserveUnits(f.warehouse, o.lineIds[0]!, { version: 1 });
    await deliverLine(f.warehouse, o.lineIds[0]!, { version: r.lineVersion, units: [{ unitId: units[0]!.id, serialNumber: 'SN-KV1' }] });
    const receipt = await handoverReceiptPdf(f.warehouse, o.orderId);
    expect(receipt.fileName).toMatch(/^utlamningskvitto-K-\d+\.pdf$/);
    const text = textOf(receipt.pdf);
    const [p] = await f.t.database.query<{ identifier: string; first_name: string }>(
      `SELECT identifier, first_name FROM provision_patient WHERE order_id = $1`,
      [o.orderId],
    );
    for (const s of [
      'Utlämningskvitto',
      'Rullstol Kvitto',
      units[0]!.unitNumber,
      'SN-KV1',
      today(),
      `${p!.identifier.slice(0, 8)}-${p!.identifier.slice(8)}`,
      'Mottaget av (namnteckning)',
      'Namnförtydligande',
    ])
      expect(text).toContain(s);
    await expect(handoverReceiptPdf(as(f.ctx, 'prescriber'), o.orderId)).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});
