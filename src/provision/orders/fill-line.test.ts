import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/app.ts';
import { stockholmDateTime } from '../../platform/calendar/index.ts';
import type { Ctx } from '../../platform/context.ts';
import { Worker } from '../../platform/jobs/jobs.ts';
import { createLogger } from '../../platform/logger.ts';
import { provisionJobHandlers } from '../jobs.ts';
import { postStockTransaction, stockLedger } from '../stock/stock.ts';
import { as, givenReceivedOrder, givenUnitArticle, givenUnits, givenWarehouses, markReconditioned, RecordingOrdering } from '../testing/given.ts';
import { acknowledgeUrgent } from './acknowledge-urgent.ts';
import { cancelOrder } from './cancel-lines.ts';
import { deliverLine } from './deliver-line.ts';
import { setEquivalents } from './equivalents.ts';
import { releaseUnits, reserveUnits, suggestUnits } from './fill-line.ts';
import { getOrder } from './get-order.ts';
import { setPlannedDate } from './set-planned-date.ts';

let t: TestApp;
let wh: Awaited<ReturnType<typeof givenWarehouses>>;
let ctx: Ctx;
let warehouse: Ctx;
const log = createLogger('silent');

beforeAll(async () => {
  t = await startTestApp();
  wh = await givenWarehouses(t.database);
});
afterAll(() => t.close());
beforeEach(() => {
  ctx = t.ctx();
  warehouse = as(ctx, 'warehouse');
});

const today = () => stockholmDateTime(new Date()).date;
const line = async (lineId: string) => (await t.database.query<{ state: string; delivered_quantity: number; version: number }>(`SELECT state, delivered_quantity, version FROM provision_order_line WHERE id = $1`, [lineId]))[0]!;
const unitStatus = async (id: string) => (await t.database.query<{ status: string; reserved_for_line_id: string | null }>(`SELECT status, reserved_for_line_id FROM provision_unit WHERE id = $1`, [id]))[0]!;
const contractEvents = async (orderId: string) =>
  (await t.database.query<{ contract_event: Record<string, unknown> }>(`SELECT contract_event FROM provision_order_event WHERE order_id = $1 AND event_id IS NOT NULL ORDER BY sequence`, [orderId])).map(
    (r) => r.contract_event,
  );

async function chairWithUnits(name: string, units: { purchaseDate: string; serialNumber?: string; reconditioned?: boolean }[]) {
  const a = await givenUnitArticle(t.database, { name });
  const rows = await givenUnits(ctx, wh.main.id, a.id, units);
  for (const [i, u] of units.entries()) if (u.reconditioned) await markReconditioned(t.database, rows[i]!.id);
  return { article: a, units: rows };
}

describe('the replacement chain', () => {
  it('the oldest reconditioned unit is picked before a newer one, and reconditioned units before new ones', async () => {
    const { article, units } = await chairWithUnits('Rullstol Kedja 40', [
      { purchaseDate: '2019-01-01' }, // new, old
      { purchaseDate: '2021-05-01', reconditioned: true },
      { purchaseDate: '2020-03-01', reconditioned: true },
      { purchaseDate: '2018-01-01' }, // new, oldest of all
    ]);
    const o = await givenReceivedOrder(ctx, { lines: [{ articleNumber: article.articleNumber }] });
    const s = await suggestUnits(warehouse, o.lineIds[0]!);
    expect(s.suggestions.map((u) => u.id)).toEqual([units[2]!.id, units[1]!.id, units[3]!.id, units[0]!.id]);
    const r = await reserveUnits(warehouse, o.lineIds[0]!, { version: s.lineVersion });
    expect(r.reserved.map((u) => u.id)).toEqual([units[2]!.id]);
    expect(await unitStatus(units[2]!.id)).toEqual({ status: 'reserved', reserved_for_line_id: o.lineIds[0] });
  });

  it('an equivalent article’s unit fills the line once it is configured as equivalent', async () => {
    const ordered = await givenUnitArticle(t.database, { name: 'Rollator Ny modell' });
    const { article: older, units } = await chairWithUnits('Rollator Förra modellen', [{ purchaseDate: '2017-06-01' }]);
    const o = await givenReceivedOrder(ctx, { lines: [{ articleNumber: ordered.articleNumber }] });
    await expect(reserveUnits(warehouse, o.lineIds[0]!, { version: 1 })).rejects.toMatchObject({ code: 'UNIT_NOT_AVAILABLE' });
    await setEquivalents(as(ctx, 'assortment'), ordered.id, { equivalentArticleIds: [older.id] });
    const r = await reserveUnits(warehouse, o.lineIds[0]!, { version: 1 });
    expect(r.reserved.map((u) => u.id)).toEqual([units[0]!.id]);
  });
});

describe('reservation and delivery', () => {
  it('a unit reserved for another line cannot be delivered or reserved on this one', async () => {
    const { article, units } = await chairWithUnits('Rullstol Reserverad', [{ purchaseDate: '2020-01-01', serialNumber: 'SN-R1' }, { purchaseDate: '2022-01-01', serialNumber: 'SN-R2' }]);
    const first = await givenReceivedOrder(ctx, { lines: [{ articleNumber: article.articleNumber }] });
    const second = await givenReceivedOrder(ctx, { lines: [{ articleNumber: article.articleNumber }] });
    await reserveUnits(warehouse, first.lineIds[0]!, { version: 1, unitIds: [units[0]!.id] });
    const [{ n }] = (await t.database.query<{ n: string }>(`SELECT centre_order_number AS n FROM provision_order WHERE id = $1`, [first.orderId])) as [{ n: string }];

    const deliver = deliverLine(warehouse, second.lineIds[0]!, { version: 1, units: [{ unitId: units[0]!.id, serialNumber: 'SN-R1' }] });
    await expect(deliver).rejects.toMatchObject({ code: 'UNIT_RESERVED_ELSEWHERE', message: expect.stringContaining(`order ${n} rad 1`) });
    await expect(reserveUnits(warehouse, second.lineIds[0]!, { version: 1, unitIds: [units[0]!.id] })).rejects.toMatchObject({ code: 'UNIT_RESERVED_ELSEWHERE' });
    expect(await unitStatus(units[0]!.id)).toEqual({ status: 'reserved', reserved_for_line_id: first.lineIds[0] });
    expect(await line(second.lineIds[0]!)).toMatchObject({ state: 'received', delivered_quantity: 0 });
    // The free unit can be delivered on the second line.
    await deliverLine(warehouse, second.lineIds[0]!, { version: 1, units: [{ unitId: units[1]!.id, serialNumber: 'SN-R2' }] });
    expect(await line(second.lineIds[0]!)).toMatchObject({ state: 'delivered', delivered_quantity: 1 });
  });

  it('delivered sends the units to the ordering side and starts the holding on the delivery day', async () => {
    const { article, units } = await chairWithUnits('Rullstol Leverans', [{ purchaseDate: '2021-01-01', serialNumber: 'SN-L1' }]);
    const o = await givenReceivedOrder(ctx, { lines: [{ articleNumber: article.articleNumber }] });
    const r = await reserveUnits(warehouse, o.lineIds[0]!, { version: 1 });
    await deliverLine(warehouse, o.lineIds[0]!, { version: r.lineVersion, units: [{ unitId: units[0]!.id, serialNumber: 'SN-L1' }] });

    const ordering = new RecordingOrdering();
    await new Worker({ database: t.database, log, handlers: provisionJobHandlers({ database: t.database, config: t.config, log, ordering }) }).runDue();
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
      units: [{ unitNumber: units[0]!.unitNumber, serialNumber: 'SN-L1', articleNumber: article.articleNumber, articleName: 'Rullstol Leverans', isoCode: '12 22 03', chargingForm: 'rent' }],
    });
    const [h] = await t.database.query<{ from_date: string; to_date: string | null; patient_id: string | null }>(`SELECT from_date::text, to_date, patient_id FROM provision_holding WHERE unit_id = $1`, [units[0]!.id]);
    expect(h).toMatchObject({ from_date: today(), to_date: null, patient_id: expect.any(String) });
    expect(await unitStatus(units[0]!.id)).toEqual({ status: 'onPatient', reserved_for_line_id: null });
    expect((await t.database.query<{ status: string }>(`SELECT status FROM provision_order WHERE id = $1`, [o.orderId]))[0]!.status).toBe('done');
    expect(await t.database.query(`SELECT 1 FROM provision_order_event WHERE order_id = $1 AND event_id IS NOT NULL AND sent_at IS NULL`, [o.orderId])).toHaveLength(0);
  });

  it('a partial delivery leaves the rest of the line open and says so', async () => {
    const { article, units } = await chairWithUnits('Rullstol Delleverans', [{ purchaseDate: '2021-01-01' }, { purchaseDate: '2021-02-01' }]);
    const o = await givenReceivedOrder(ctx, { lines: [{ articleNumber: article.articleNumber, quantity: 2 }] });
    const first = await deliverLine(warehouse, o.lineIds[0]!, { version: 1, units: [{ unitId: units[0]!.id }] });
    expect(first).toMatchObject({ state: 'received', deliveredQuantity: 1, quantity: 2 });
    await deliverLine(warehouse, o.lineIds[0]!, { version: first.lineVersion, units: [{ unitId: units[1]!.id }] });
    const ev = (await contractEvents(o.orderId)).filter((e) => e.type === 'delivered');
    expect(ev.map((e) => [e.quantity, e.partial])).toEqual([
      [1, true],
      [1, false],
    ]);
    expect(await line(o.lineIds[0]!)).toMatchObject({ state: 'delivered', delivered_quantity: 2 });
  });

  it('a serial number that does not match the unit is refused and nothing changes', async () => {
    const { article, units } = await chairWithUnits('Rullstol Serie', [{ purchaseDate: '2021-01-01', serialNumber: 'SN-RIGHT' }]);
    const o = await givenReceivedOrder(ctx, { lines: [{ articleNumber: article.articleNumber }] });
    await expect(deliverLine(warehouse, o.lineIds[0]!, { version: 1, units: [{ unitId: units[0]!.id, serialNumber: 'SN-WRONG' }] })).rejects.toMatchObject({
      code: 'VALIDATION',
      details: { issues: [{ path: 'body.units.0.serialNumber' }] },
    });
    await expect(deliverLine(warehouse, o.lineIds[0]!, { version: 1, units: [{ unitId: units[0]!.id }] })).rejects.toMatchObject({ code: 'VALIDATION' });
    expect(await unitStatus(units[0]!.id)).toMatchObject({ status: 'newInStock' });
    expect(await line(o.lineIds[0]!)).toMatchObject({ delivered_quantity: 0, version: 1 });
  });

  it('two staff delivering the same line: one wins, the other gets a clear 409', async () => {
    const { article, units } = await chairWithUnits('Rullstol Krock', [{ purchaseDate: '2020-01-01' }, { purchaseDate: '2020-02-01' }]);
    const o = await givenReceivedOrder(ctx, { lines: [{ articleNumber: article.articleNumber }] });
    const [leila, other] = [await t.login('lager'), await t.login('lager')];
    const [a, b] = await Promise.all([
      leila.post(`/api/provision/lines/${o.lineIds[0]}/deliver`, { version: 1, units: [{ unitId: units[0]!.id }] }),
      other.post(`/api/provision/lines/${o.lineIds[0]}/deliver`, { version: 1, units: [{ unitId: units[1]!.id }] }),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    const loser = a.statusCode === 409 ? a : b;
    expect(loser.json().error).toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/har just ändrats av någon annan/) });
    expect(await t.database.query(`SELECT 1 FROM provision_holding WHERE line_id = $1`, [o.lineIds[0]])).toHaveLength(1);
    expect((await contractEvents(o.orderId)).filter((e) => e.type === 'delivered')).toHaveLength(1);
    const statuses = [await unitStatus(units[0]!.id), await unitStatus(units[1]!.id)].map((u) => u.status).sort();
    expect(statuses).toEqual(['newInStock', 'onPatient']);
  });

  it('two staff reserving by the chain for two lines at once never get the same unit', async () => {
    const { article, units } = await chairWithUnits('Rullstol Samtidig', [{ purchaseDate: '2019-01-01' }, { purchaseDate: '2020-01-01' }]);
    const a = await givenReceivedOrder(ctx, { lines: [{ articleNumber: article.articleNumber }] });
    const b = await givenReceivedOrder(ctx, { lines: [{ articleNumber: article.articleNumber }] });
    const [ra, rb] = await Promise.all([reserveUnits(warehouse, a.lineIds[0]!, { version: 1 }), reserveUnits(as(ctx, 'warehouse'), b.lineIds[0]!, { version: 1 })]);
    const got = [...ra.reserved, ...rb.reserved].map((u) => u.id).sort();
    expect(got).toEqual(units.map((u) => u.id).sort());
  });

  it('releasing a reservation puts the unit back in stock with the status it had', async () => {
    const { article, units } = await chairWithUnits('Rullstol Släpp', [{ purchaseDate: '2019-01-01', reconditioned: true }]);
    const o = await givenReceivedOrder(ctx, { lines: [{ articleNumber: article.articleNumber }] });
    const r = await reserveUnits(warehouse, o.lineIds[0]!, { version: 1 });
    await releaseUnits(warehouse, o.lineIds[0]!, { version: r.lineVersion });
    expect(await unitStatus(units[0]!.id)).toEqual({ status: 'reconditionedInStock', reserved_for_line_id: null });
  });
});

describe('articles that are not unit-tracked', () => {
  it('are delivered from the stock ledger, whose balance never goes negative and is the ledger’s sum', async () => {
    const pad = await givenUnitArticle(t.database, { name: 'Inkontinensskydd Test', chargingForm: 'sale', unitTracked: false, articleType: 'H' });
    await postStockTransaction(warehouse, { warehouseId: wh.main.id, articleId: pad.id, quantity: 5, kind: 'receipt' });
    const o = await givenReceivedOrder(ctx, { lines: [{ articleNumber: pad.articleNumber, quantity: 3 }] });
    await deliverLine(warehouse, o.lineIds[0]!, { version: 1, quantity: 3, warehouseId: wh.main.id });
    const o2 = await givenReceivedOrder(ctx, { lines: [{ articleNumber: pad.articleNumber, quantity: 3 }] });
    await expect(deliverLine(warehouse, o2.lineIds[0]!, { version: 1, quantity: 3, warehouseId: wh.main.id })).rejects.toMatchObject({
      code: 'INSUFFICIENT_STOCK',
      message: expect.stringMatching(/är 2; 3 behövs/),
    });
    await expect(postStockTransaction(warehouse, { warehouseId: wh.main.id, articleId: pad.id, quantity: -3, kind: 'adjustment' })).rejects.toMatchObject({ code: 'INSUFFICIENT_STOCK' });
    const ledger = await stockLedger(warehouse, { warehouseId: wh.main.id, articleId: pad.id, limit: 100 });
    expect(ledger.balance).toBe(2);
    expect(ledger.entries.map((e) => [e.kind, e.quantity])).toEqual([
      ['delivery', -3],
      ['receipt', 5],
    ]);
    const [b] = await t.database.query<{ balance: number }>(`SELECT balance FROM provision_stock_balance WHERE warehouse_id = $1 AND article_id = $2`, [wh.main.id, pad.id]);
    expect(b!.balance).toBe(2);
  });
});

describe('cancellation, planned dates and urgent orders', () => {
  it('cancelling for "nobody home" releases the reserved units, records the failed-delivery fee and sends "cancelled"', async () => {
    const { article, units } = await chairWithUnits('Rullstol Bom', [{ purchaseDate: '2020-01-01' }]);
    const o = await givenReceivedOrder(ctx, { lines: [{ articleNumber: article.articleNumber }] });
    await reserveUnits(warehouse, o.lineIds[0]!, { version: 1 });
    await cancelOrder(as(ctx, 'customerService'), o.orderId, { reason: 'nobodyHome', comment: 'Ingen öppnade 13:35' });
    expect(await unitStatus(units[0]!.id)).toEqual({ status: 'newInStock', reserved_for_line_id: null });
    expect(await line(o.lineIds[0]!)).toMatchObject({ state: 'cancelled' });
    const ev = await contractEvents(o.orderId);
    expect(ev.at(-1)).toMatchObject({ type: 'cancelled', lineId: null, reason: 'nobodyHome', comment: 'Ingen öppnade 13:35' });
    const [step] = await t.database.query<{ data: { failedDeliveryFee: boolean } }>(`SELECT data FROM provision_order_event WHERE order_id = $1 AND type = 'cancelled' AND line_id IS NOT NULL`, [o.orderId]);
    expect(step!.data.failedDeliveryFee).toBe(true);
    await expect(deliverLine(warehouse, o.lineIds[0]!, { version: 3, units: [{ unitId: units[0]!.id }] })).rejects.toMatchObject({ code: 'INVALID_TRANSITION' });
  });

  it('cancelling one line of a partly delivered order tells the ordering side about that line only', async () => {
    const { article, units } = await chairWithUnits('Rullstol Halv', [{ purchaseDate: '2020-01-01' }]);
    const o = await givenReceivedOrder(ctx, { lines: [{ articleNumber: article.articleNumber }, { articleNumber: article.articleNumber }] });
    await deliverLine(warehouse, o.lineIds[0]!, { version: 1, units: [{ unitId: units[0]!.id }] });
    await cancelOrder(as(ctx, 'customerService'), o.orderId, { reason: 'articleUnavailable' });
    expect((await contractEvents(o.orderId)).at(-1)).toMatchObject({ type: 'cancelled', lineId: o.lineIds[1], reason: 'articleUnavailable' });
    expect((await t.database.query<{ status: string }>(`SELECT status FROM provision_order WHERE id = $1`, [o.orderId]))[0]!.status).toBe('done');
  });

  it('a planned date on an order item moves it to "ordered from supplier" and sends "plannedDate"', async () => {
    const item = await givenUnitArticle(t.database, { name: 'Specialstol Beställningsvara', stockForm: 'orderItem' });
    const o = await givenReceivedOrder(ctx, { lines: [{ articleNumber: item.articleNumber }] });
    const view = await getOrder(as(ctx, 'customerService'), o.orderId);
    expect(view.lines[0]!.needsPlannedDate).toBe(true);
    const far = view.lines[0]!.dueDate!;
    const r = await setPlannedDate(as(ctx, 'customerService'), o.lineIds[0]!, { version: 1, plannedDate: far });
    expect(r).toMatchObject({ state: 'orderedFromSupplier', plannedDate: far });
    expect((await contractEvents(o.orderId)).at(-1)).toMatchObject({ type: 'plannedDate', lineId: o.lineIds[0], plannedDate: far });
    const after = await getOrder(as(ctx, 'customerService'), o.orderId);
    expect(after.lines[0]).toMatchObject({ expectedDate: far, needsPlannedDate: false, state: 'orderedFromSupplier' });
    await expect(setPlannedDate(as(ctx, 'customerService'), o.lineIds[0]!, { version: 1, plannedDate: far })).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('an urgent order is acknowledged by customer service, once', async () => {
    const { article } = await chairWithUnits('Rullstol Akut', [{ purchaseDate: '2020-01-01' }]);
    const o = await givenReceivedOrder(ctx, { urgent: true, lines: [{ articleNumber: article.articleNumber }] });
    const view = await getOrder(as(ctx, 'customerService'), o.orderId);
    expect(view.acknowledgeBy).not.toBeNull();
    expect(view.lines[0]!.dueAt).not.toBeNull();
    const r = await acknowledgeUrgent(as(ctx, 'customerService'), o.orderId);
    expect(r.inTime).toBe(true);
    await expect(acknowledgeUrgent(as(ctx, 'customerService'), o.orderId)).rejects.toMatchObject({ code: 'INVALID_TRANSITION' });
  });

  it('reading an order with its patient is audited', async () => {
    const { article } = await chairWithUnits('Rullstol Logg', [{ purchaseDate: '2020-01-01' }]);
    const o = await givenReceivedOrder(ctx, { lines: [{ articleNumber: article.articleNumber }] });
    const view = await getOrder(as(ctx, 'warehouse'), o.orderId);
    expect(view.patient).toMatchObject({ firstName: 'Märta', address: { street: 'Storgatan 12' } });
    const rows = await t.database.query(`SELECT 1 FROM audit_log WHERE action = 'provision.order.read' AND entity_id = $1 AND patient_ref = $2`, [o.orderId, view.patient!.id]);
    expect(rows).toHaveLength(1);
  });
});

describe('the outbox to the ordering side', () => {
  it('sends an order’s events in sequence; a failed delivery is retried and the later events wait behind it', async () => {
    // Earlier tests' events go out first, so the failure below hits this order.
    await new Worker({ database: t.database, log, handlers: provisionJobHandlers({ database: t.database, config: t.config, log, ordering: new RecordingOrdering() }) }).runDue();
    const { article, units } = await chairWithUnits('Rullstol Utkorg', [{ purchaseDate: '2020-01-01' }]);
    const o = await givenReceivedOrder(ctx, { lines: [{ articleNumber: article.articleNumber }] });
    await deliverLine(warehouse, o.lineIds[0]!, { version: 1, units: [{ unitId: units[0]!.id }] });
    const ordering = new RecordingOrdering();
    ordering.failures = 1;
    let clock = Date.now();
    const worker = new Worker({ database: t.database, log, now: () => new Date(clock), handlers: provisionJobHandlers({ database: t.database, config: t.config, log, ordering }) });
    await worker.runDue();
    // The first job failed on 'received' and is waiting for its retry; the second job found 'received'
    // still unsent and failed on it too (or, once it got through, sent the rest in order) — never 2 before 1.
    const arrived = ordering.of(o.orderId).map((e) => e.sequence);
    expect(arrived).toEqual([1, 2].slice(0, arrived.length));
    clock += 3_600_000;
    await worker.runDue();
    expect(ordering.of(o.orderId).map((e) => [e.sequence, e.type])).toEqual([
      [1, 'received'],
      [2, 'delivered'],
    ]);
    const attempts = await t.database.query<{ ok: boolean }>(`SELECT a.ok FROM job_attempt a JOIN job j ON j.id = a.job_id WHERE j.payload->>'orderId' = $1 ORDER BY a.id`, [o.orderId]);
    expect(attempts.some((a) => !a.ok)).toBe(true);
  });
});
