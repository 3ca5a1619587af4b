import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/app.ts';
import type { Ctx } from '../../platform/context.ts';
import { receiveMessage } from '../intake/receive-message.ts';
import { reserveUnits } from '../orders/fill-line.ts';
import { as, givenUnitArticle, givenUnits, givenWarehouses, submitMessage, type MessageLine } from '../testing/given.ts';
import { adjustBuffer } from '../buffers/levels.ts';
import { listBufferUnitsForLine, placeInBufferStore, registerWithdrawal } from './register-withdrawal.ts';

let t: TestApp;
let wh: Awaited<ReturnType<typeof givenWarehouses>>;
let ctx: Ctx;
let customerId = '';
let storeId = '';
let otherStoreId = '';

beforeAll(async () => {
  t = await startTestApp();
  wh = await givenWarehouses(t.database);
  ctx = t.ctx();
  const stores = await t.database.query<{ id: string; customer_id: string; customer_number: string }>(
    `SELECT b.id, b.customer_id, c.customer_number FROM buffer_store b JOIN customer c ON c.id = b.customer_id WHERE c.customer_number IN ('20101', '20102') ORDER BY c.customer_number`,
  );
  customerId = stores[0]!.customer_id;
  storeId = stores[0]!.id;
  otherStoreId = stores[1]!.id;
});
afterAll(() => t.close());

const unit = async (id: string) => (await t.database.query<{ status: string }>(`SELECT status FROM provision_unit WHERE id = $1`, [id]))[0]!.status;
const holdings = async (unitId: string) =>
  t.database.query<{ from_date: string; to_date: string | null }>(`SELECT from_date::text, to_date::text FROM provision_holding WHERE unit_id = $1`, [unitId]);
const sent = async (orderId: string) =>
  (
    await t.database.query<{ contract_event: Record<string, unknown> }>(
      `SELECT contract_event FROM provision_order_event WHERE order_id = $1 AND event_id IS NOT NULL ORDER BY sequence`,
      [orderId],
    )
  ).map((r) => r.contract_event);

async function withdrawal(lines: MessageLine[], bufferStoreId = storeId) {
  const m = submitMessage({ orderType: 'bufferWithdrawal', lines });
  m.order.delivery = { kind: 'bufferStore', bufferStoreId, label: 'Buffertförråd' };
  await receiveMessage(ctx, m);
  return { orderId: m.order.orderId, lineIds: m.order.lines.map((l) => l.lineId) };
}

async function unitsInBuffer(name: string, n: number) {
  const a = await givenUnitArticle(t.database, { name });
  const units = await givenUnits(
    ctx,
    wh.main.id,
    a.id,
    Array.from({ length: n }, () => ({ purchaseDate: '2024-05-01' })),
  );
  await placeInBufferStore(as(ctx, 'warehouse'), { customerId, bufferStoreId: storeId, unitIds: units.map((u) => u.id) });
  return { article: a, units };
}

describe('units in a buffer store', () => {
  it('leave the replacement chain while they are in the store', async () => {
    const { article, units } = await unitsInBuffer('Rollator Buffert 1', 1);
    expect(await unit(units[0]!.id)).toBe('inBufferStore');
    const m = submitMessage({ lines: [{ articleNumber: article.articleNumber }] });
    await receiveMessage(ctx, m);
    await expect(reserveUnits(as(ctx, 'warehouse'), m.order.lines[0]!.lineId, { version: 1 })).rejects.toMatchObject({ code: 'UNIT_NOT_AVAILABLE' });
  });
});

describe('a buffer withdrawal', () => {
  it('the centre registers the withdrawn unit on the patient: the holding and rent start that day, and registeredOnPatient is sent', async () => {
    const { article, units } = await unitsInBuffer('Rollator Buffert 2', 2);
    const o = await withdrawal([{ articleNumber: article.articleNumber }]);
    const offered = await listBufferUnitsForLine(as(ctx, 'customerService'), o.lineIds[0]!);
    expect(offered.units.map((u) => u.id)).toEqual(units.map((u) => u.id));
    const r = await registerWithdrawal(as(ctx, 'customerService'), o.lineIds[0]!, { version: 1, units: [{ unitNumber: units[1]!.unitNumber }] });
    expect(r.state).toBe('done');
    expect(await unit(units[1]!.id)).toBe('onPatient');
    const today = new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Stockholm' });
    expect(await holdings(units[1]!.id)).toEqual([{ from_date: today, to_date: null }]);
    const events = await sent(o.orderId);
    expect(events.map((e) => e.type)).toEqual(['received', 'registeredOnPatient']);
    expect(events[1]).toMatchObject({
      lineId: o.lineIds[0],
      since: today,
      units: [{ unitNumber: units[1]!.unitNumber, articleNumber: article.articleNumber }],
    });
  });

  it('is registered automatically at intake when the order names a unit that is in that buffer store', async () => {
    const { article, units } = await unitsInBuffer('Rollator Buffert 3', 1);
    const o = await withdrawal([{ articleNumber: article.articleNumber, unitNumber: units[0]!.unitNumber }]);
    expect(await unit(units[0]!.id)).toBe('onPatient');
    expect((await sent(o.orderId)).map((e) => e.type)).toEqual(['received', 'registeredOnPatient']);
  });

  it('refuses a unit that is not in that buffer store, or not available, with a clear code', async () => {
    const { article, units } = await unitsInBuffer('Rollator Buffert 4', 1);
    const [inWarehouse] = await givenUnits(ctx, wh.main.id, article.id, [{ purchaseDate: '2024-05-01' }]);
    // Named at intake but in another customer's store: left for the centre, noted in the stream.
    const elsewhere = await withdrawal([{ articleNumber: article.articleNumber, unitNumber: units[0]!.unitNumber }], otherStoreId);
    expect(await unit(units[0]!.id)).toBe('inBufferStore');
    expect((await sent(elsewhere.orderId)).map((e) => e.type)).toEqual(['received']);
    await expect(
      registerWithdrawal(as(ctx, 'customerService'), elsewhere.lineIds[0]!, { version: 1, units: [{ unitNumber: units[0]!.unitNumber }] }),
    ).rejects.toMatchObject({ code: 'UNIT_NOT_IN_BUFFER_STORE' });
    const o = await withdrawal([{ articleNumber: article.articleNumber }]);
    await expect(
      registerWithdrawal(as(ctx, 'customerService'), o.lineIds[0]!, { version: 1, units: [{ unitNumber: inWarehouse!.unitNumber }] }),
    ).rejects.toMatchObject({ code: 'UNIT_NOT_IN_BUFFER_STORE' });
    await expect(registerWithdrawal(as(ctx, 'customerService'), o.lineIds[0]!, { version: 1, units: [{ unitNumber: 'U-999998' }] })).rejects.toMatchObject({
      code: 'UNIT_NOT_IN_BUFFER_STORE',
    });
    await expect(registerWithdrawal(as(ctx, 'prescriber'), o.lineIds[0]!, { version: 1, units: [{ unitNumber: units[0]!.unitNumber }] })).rejects.toMatchObject(
      { code: 'FORBIDDEN' },
    );
  });
});

describe('a buffer withdrawal of an article that is not unit-tracked', () => {
  const lineState = async (lineId: string) =>
    (
      await t.database.query<{ state: string; delivered_quantity: number }>(`SELECT state, delivered_quantity FROM provision_order_line WHERE id = $1`, [
        lineId,
      ])
    )[0]!;
  const balance = async (articleId: string) =>
    (
      await t.database.query<{ quantity: number }>(`SELECT quantity FROM provision_buffer_level WHERE buffer_store_id = $1 AND article_id = $2`, [
        storeId,
        articleId,
      ])
    )[0]?.quantity ?? 0;

  async function padsInBuffer(name: string, quantity: number) {
    const a = await givenUnitArticle(t.database, { name, articleType: 'H', chargingForm: 'sale', unitTracked: false, isoCode: '09 30 04' });
    if (quantity) await adjustBuffer(as(ctx, 'warehouse'), storeId, { articleId: a.id, quantity, note: 'Inventering' });
    return a;
  }

  it('leaves the store at intake when the store holds enough, and registeredOnPatient carries the quantity', async () => {
    const a = await padsInBuffer('Inkontinensskydd Buffert 1', 10);
    const o = await withdrawal([{ articleNumber: a.articleNumber, quantity: 3 }]);
    expect(await lineState(o.lineIds[0]!)).toEqual({ state: 'done', delivered_quantity: 3 });
    expect(await balance(a.id)).toBe(7);
    const events = await sent(o.orderId);
    expect(events.map((e) => e.type)).toEqual(['received', 'registeredOnPatient']);
    expect(events[1]).toMatchObject({ lineId: o.lineIds[0], units: [], quantity: 3 });
    const ledger = await t.database.query<{ quantity: number; kind: string; order_id: string }>(
      `SELECT quantity, kind, order_id FROM provision_buffer_transaction WHERE article_id = $1 ORDER BY at, id`,
      [a.id],
    );
    expect(ledger.at(-1)).toEqual({ quantity: -3, kind: 'withdrawal', order_id: o.orderId });
  });

  it('waits for customer service when the ledger holds less, who is told the balance, and registers it in parts', async () => {
    const a = await padsInBuffer('Inkontinensskydd Buffert 2', 2);
    const o = await withdrawal([{ articleNumber: a.articleNumber, quantity: 5 }]);
    const lineId = o.lineIds[0]!;
    expect(await lineState(lineId)).toEqual({ state: 'received', delivered_quantity: 0 });
    const steps = await t.database.query<{ type: string }>(`SELECT type FROM provision_order_event WHERE order_id = $1 ORDER BY at, id`, [o.orderId]);
    expect(steps.map((e) => e.type)).toContain('notEnoughInBufferStore');
    expect(await listBufferUnitsForLine(as(ctx, 'customerService'), lineId)).toMatchObject({ bufferStoreId: storeId, units: [], balance: 2 });

    const cs = as(ctx, 'customerService');
    await expect(registerWithdrawal(cs, lineId, { version: 1, quantity: 5 })).rejects.toMatchObject({
      code: 'INSUFFICIENT_STOCK',
      message: expect.stringMatching(/har 2 av .*inventerar lagret/),
    });
    await expect(registerWithdrawal(cs, lineId, { version: 1, quantity: 6 })).rejects.toMatchObject({
      code: 'VALIDATION',
      message: 'Rad 1 har 5 kvar att registrera, inte 6',
    });
    await expect(registerWithdrawal(cs, lineId, { version: 1, units: [{ unitNumber: 'U-1' }] })).rejects.toMatchObject({
      code: 'VALIDATION',
      message: expect.stringContaining('inte individmärkt'),
    });
    expect(await balance(a.id)).toBe(2);

    const first = await registerWithdrawal(cs, lineId, { version: 1, quantity: 2 });
    expect(first).toMatchObject({ state: 'received', quantity: 2, units: [] });
    await adjustBuffer(as(ctx, 'warehouse'), storeId, { articleId: a.id, quantity: 3, note: 'Inventering: fler än saldot' });
    const rest = await registerWithdrawal(cs, lineId, { version: first.lineVersion, quantity: 3 });
    expect(rest.state).toBe('done');
    expect(await balance(a.id)).toBe(0);
    expect((await sent(o.orderId)).filter((e) => e.type === 'registeredOnPatient').map((e) => e.quantity)).toEqual([2, 3]);
  });

  it('asks for unit numbers, not a quantity, for a unit-tracked article', async () => {
    const { article } = await unitsInBuffer('Rollator Buffert 5', 1);
    const o = await withdrawal([{ articleNumber: article.articleNumber }]);
    await expect(registerWithdrawal(as(ctx, 'customerService'), o.lineIds[0]!, { version: 1, quantity: 1 })).rejects.toMatchObject({
      code: 'VALIDATION',
      message: expect.stringContaining('ange individnumren'),
    });
  });
});

describe('the 24 hours run from the time the device was taken from the store (issue 15 item 6)', () => {
  const received = async (takenAt: Date | null, now: Date) => {
    const { article } = await unitsInBuffer(`Rollator Uttagstid ${now.getTime()}`, 1);
    const m = submitMessage({ orderType: 'bufferWithdrawal', lines: [{ articleNumber: article.articleNumber }] });
    m.order.delivery = { kind: 'bufferStore', bufferStoreId: storeId, label: 'Buffertförråd' };
    if (takenAt) m.order.bufferWithdrawal = { takenAt: takenAt.toISOString() };
    await receiveMessage(
      t.ctx(() => now),
      m,
    );
    const [line] = await t.database.query<{ due_at: Date }>(`SELECT due_at FROM provision_order_line WHERE order_id = $1`, [m.order.orderId]);
    return { dueAt: new Date(line!.due_at), events: await sent(m.order.orderId), details: m.order };
  };
  const now = new Date('2026-12-09T13:00:00Z'); // a Wednesday

  it('taken this morning: due 24 hours after the taking, not after the order; in time', async () => {
    const takenAt = new Date('2026-12-09T07:30:00Z');
    const r = await received(takenAt, now);
    expect(r.dueAt.toISOString()).toBe('2026-12-10T07:30:00.000Z');
    expect(r.events[0]).toMatchObject({ type: 'received' });
    expect(r.events[0]!.lateRegistration).toBeUndefined();
  });

  it('taken two days ago: the registration is late, and the customer is told so with the confirmation', async () => {
    const r = await received(new Date('2026-12-07T10:00:00Z'), now);
    expect(r.dueAt.toISOString()).toBe('2026-12-08T10:00:00.000Z');
    expect(r.events[0]).toMatchObject({ type: 'received', lateRegistration: true });
    const [o] = await t.database.query<{ taken: string }>(`SELECT details->'bufferWithdrawal'->>'takenAt' AS taken FROM provision_order WHERE id = $1`, [
      r.details.orderId,
    ]);
    expect(o!.taken).toBe('2026-12-07T10:00:00.000Z');
  });

  it('without the time (an older sender) the 24 hours run from the order, as before', async () => {
    const r = await received(null, now);
    expect(r.dueAt.toISOString()).toBe('2026-12-10T13:00:00.000Z');
  });
});
