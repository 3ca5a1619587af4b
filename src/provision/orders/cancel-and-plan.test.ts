import { describe, expect, it } from 'vitest';
import { as, givenReceivedOrder, givenUnitArticle } from '../testing/given.ts';
import { acknowledgeUrgent } from './acknowledge-urgent.ts';
import { cancelCentreOrder } from './cancel-lines.ts';
import { deliverLine } from './deliver-line.ts';
import { reserveUnits } from './fill-line.ts';
import { getCentreOrder } from './get-order.ts';
import { setPlannedDate } from './set-planned-date.ts';
import { orderLineFixture } from '../testing/order-lines.ts';

// Cancelling lines, planned dates on order items, urgent orders, and reading an order.

const f = orderLineFixture();
const { line, unitStatus, contractEvents, chairWithUnits } = f;

describe('cancellation, planned dates and urgent orders', () => {
  it('cancelling for "nobody home" releases the reserved units, records the failed-delivery fee and sends "cancelled"', async () => {
    const { article, units } = await chairWithUnits('Rullstol Bom', [{ purchaseDate: '2020-01-01' }]);
    const o = await givenReceivedOrder(f.ctx, { lines: [{ articleNumber: article.articleNumber }] });
    await reserveUnits(f.warehouse, o.lineIds[0]!, { version: 1 });
    await cancelCentreOrder(as(f.ctx, 'customerService'), o.orderId, { reason: 'nobodyHome', comment: 'Ingen öppnade 13:35' });
    expect(await unitStatus(units[0]!.id)).toEqual({ status: 'newInStock', reserved_for_line_id: null });
    expect(await line(o.lineIds[0]!)).toMatchObject({ state: 'cancelled' });
    const ev = await contractEvents(o.orderId);
    expect(ev.at(-1)).toMatchObject({ type: 'cancelled', lineId: null, reason: 'nobodyHome', comment: 'Ingen öppnade 13:35' });
    const [step] = await f.t.database.query<{ data: { failedDeliveryFee: boolean } }>(
      `SELECT data FROM provision_order_event WHERE order_id = $1 AND type = 'cancelled' AND line_id IS NOT NULL`,
      [o.orderId],
    );
    expect(step!.data.failedDeliveryFee).toBe(true);
    await expect(deliverLine(f.warehouse, o.lineIds[0]!, { version: 3, units: [{ unitId: units[0]!.id }] })).rejects.toMatchObject({
      code: 'INVALID_TRANSITION',
    });
  });

  it('cancelling one line of a partly delivered order tells the ordering side about that line only', async () => {
    const { article, units } = await chairWithUnits('Rullstol Halv', [{ purchaseDate: '2020-01-01' }]);
    const o = await givenReceivedOrder(f.ctx, { lines: [{ articleNumber: article.articleNumber }, { articleNumber: article.articleNumber }] });
    await deliverLine(f.warehouse, o.lineIds[0]!, { version: 1, units: [{ unitId: units[0]!.id }] });
    await cancelCentreOrder(as(f.ctx, 'customerService'), o.orderId, { reason: 'articleUnavailable' });
    expect((await contractEvents(o.orderId)).at(-1)).toMatchObject({ type: 'cancelled', lineId: o.lineIds[1], reason: 'articleUnavailable' });
    expect((await f.t.database.query<{ status: string }>(`SELECT status FROM provision_order WHERE id = $1`, [o.orderId]))[0]!.status).toBe('done');
  });

  it('a planned date on an order item moves it to "ordered from supplier" and sends "plannedDate"', async () => {
    const item = await givenUnitArticle(f.t.database, { name: 'Specialstol Beställningsvara', stockForm: 'orderItem' });
    const o = await givenReceivedOrder(f.ctx, { lines: [{ articleNumber: item.articleNumber }] });
    const view = await getCentreOrder(as(f.ctx, 'customerService'), o.orderId);
    // Due within the 17 working days: a planned date is not required (issue 15 item 9), but may be given.
    expect(view.lines[0]!.needsPlannedDate).toBe(false);
    const far = view.lines[0]!.dueDate!;
    const r = await setPlannedDate(as(f.ctx, 'customerService'), o.lineIds[0]!, { version: 1, plannedDate: far });
    expect(r).toMatchObject({ state: 'orderedFromSupplier', plannedDate: far });
    expect((await contractEvents(o.orderId)).at(-1)).toMatchObject({ type: 'plannedDate', lineId: o.lineIds[0], plannedDate: far });
    const after = await getCentreOrder(as(f.ctx, 'customerService'), o.orderId);
    expect(after.lines[0]).toMatchObject({ expectedDate: far, needsPlannedDate: false, state: 'orderedFromSupplier' });
    await expect(setPlannedDate(as(f.ctx, 'customerService'), o.lineIds[0]!, { version: 1, plannedDate: far })).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('an urgent order is acknowledged by customer service, once', async () => {
    const { article } = await chairWithUnits('Rullstol Akut', [{ purchaseDate: '2020-01-01' }]);
    const o = await givenReceivedOrder(f.ctx, { urgent: true, lines: [{ articleNumber: article.articleNumber }] });
    const view = await getCentreOrder(as(f.ctx, 'customerService'), o.orderId);
    expect(view.acknowledgeBy).not.toBeNull();
    expect(view.lines[0]!.dueAt).not.toBeNull();
    const r = await acknowledgeUrgent(as(f.ctx, 'customerService'), o.orderId);
    expect(r.inTime).toBe(true);
    // The acknowledgement is a confirmation back through the contract (issue 15 item 5).
    expect((await contractEvents(o.orderId)).at(-1)).toMatchObject({ type: 'acknowledged', acknowledgedAt: r.acknowledgedAt, inTime: true });
    await expect(acknowledgeUrgent(as(f.ctx, 'customerService'), o.orderId)).rejects.toMatchObject({ code: 'INVALID_TRANSITION' });
  });

  it('reading an order with its patient is audited', async () => {
    const { article } = await chairWithUnits('Rullstol Logg', [{ purchaseDate: '2020-01-01' }]);
    const o = await givenReceivedOrder(f.ctx, { lines: [{ articleNumber: article.articleNumber }] });
    const view = await getCentreOrder(as(f.ctx, 'warehouse'), o.orderId);
    expect(view.patient).toMatchObject({ firstName: 'Märta', address: { street: 'Storgatan 12' } });
    const rows = await f.t.database.query(`SELECT 1 FROM audit_log WHERE action = 'provision.order.read' AND entity_id = $1 AND patient_ref = $2`, [
      o.orderId,
      view.patient!.id,
    ]);
    expect(rows).toHaveLength(1);
  });
});
