import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/app.ts';
import type { Ctx } from '../../platform/context.ts';
import { receiveMessage } from '../intake/receive-message.ts';
import { reserveUnits } from '../orders/fill-line.ts';
import { as, givenUnitArticle, givenUnits, givenWarehouses, submitMessage, type MessageLine } from '../testing/given.ts';
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
const holdings = async (unitId: string) => t.database.query<{ from_date: string; to_date: string | null }>(`SELECT from_date::text, to_date::text FROM provision_holding WHERE unit_id = $1`, [unitId]);
const sent = async (orderId: string) =>
  (await t.database.query<{ contract_event: Record<string, unknown> }>(`SELECT contract_event FROM provision_order_event WHERE order_id = $1 AND event_id IS NOT NULL ORDER BY sequence`, [orderId])).map((r) => r.contract_event);

async function withdrawal(lines: MessageLine[], bufferStoreId = storeId) {
  const m = submitMessage({ orderType: 'bufferWithdrawal', lines });
  m.order.delivery = { kind: 'bufferStore', bufferStoreId, label: 'Buffertförråd' };
  await receiveMessage(ctx, m);
  return { orderId: m.order.orderId, lineIds: m.order.lines.map((l) => l.lineId) };
}

async function unitsInBuffer(name: string, n: number) {
  const a = await givenUnitArticle(t.database, { name });
  const units = await givenUnits(ctx, wh.main.id, a.id, Array.from({ length: n }, () => ({ purchaseDate: '2024-05-01' })));
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
    expect(events[1]).toMatchObject({ lineId: o.lineIds[0], since: today, units: [{ unitNumber: units[1]!.unitNumber, articleNumber: article.articleNumber }] });
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
    await expect(registerWithdrawal(as(ctx, 'customerService'), elsewhere.lineIds[0]!, { version: 1, units: [{ unitNumber: units[0]!.unitNumber }] })).rejects.toMatchObject({ code: 'UNIT_NOT_IN_BUFFER_STORE' });
    const o = await withdrawal([{ articleNumber: article.articleNumber }]);
    await expect(registerWithdrawal(as(ctx, 'customerService'), o.lineIds[0]!, { version: 1, units: [{ unitNumber: inWarehouse!.unitNumber }] })).rejects.toMatchObject({ code: 'UNIT_NOT_IN_BUFFER_STORE' });
    await expect(registerWithdrawal(as(ctx, 'customerService'), o.lineIds[0]!, { version: 1, units: [{ unitNumber: 'U-999998' }] })).rejects.toMatchObject({ code: 'UNIT_NOT_IN_BUFFER_STORE' });
    await expect(registerWithdrawal(as(ctx, 'prescriber'), o.lineIds[0]!, { version: 1, units: [{ unitNumber: units[0]!.unitNumber }] })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});
