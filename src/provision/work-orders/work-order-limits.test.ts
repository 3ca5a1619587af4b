import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/app.ts';
import { stockholmInstant } from '../../platform/calendar/index.ts';
import type { Ctx } from '../../platform/context.ts';
import { computeLineDue, type DueInput } from '../due-dates/compute-due-date.ts';
import { defaultProvisionTimeLimits } from '../due-dates/time-limits.ts';
import { reserveUnits } from '../orders/fill-line.ts';
import { listQueue } from '../queues/list-queue.ts';
import { as, givenReceivedOrder, givenUnitArticle, givenUnits, givenWarehouses } from '../testing/given.ts';
import { bookWorkOrder } from './book-work-order.ts';
import { getWorkOrder } from './get-work-order.ts';

// The work-order limits a review against DOMAIN §4 found wrong (issue 15 items 2 and 7).
let t: TestApp;
let wh: Awaited<ReturnType<typeof givenWarehouses>>;
let articleId = '';
let articleNumber = '';

beforeAll(async () => {
  t = await startTestApp();
  wh = await givenWarehouses(t.database);
  const a = await givenUnitArticle(t.database, { name: 'Taklyft Gränsvärde 200' });
  articleId = a.id;
  articleNumber = a.articleNumber;
});
afterAll(() => t.close());

const at = (d: Date): Ctx => t.ctx(() => d);
// Monday 23 November 2026, 09:00 in Stockholm; the customer 20101's area delivers on its weekday.
const monday = stockholmInstant('2026-11-23', 9 * 60);

describe('installation: the 10-working-day limit is for two trades and counts from the delivery (item 2)', () => {
  const due = (i: Partial<DueInput>) =>
    computeLineDue(
      { orderType: 'workOrder', urgent: false, stockForm: null, receivedAt: monday, deliveryWeekday: 3, workOrderTypeCode: 'installation', ...i },
      defaultProvisionTimeLimits,
    ).dueDate;

  it('needing two trades: 10 working days after the delivery; otherwise it follows the delivery', () => {
    expect(due({ twoTrades: true, deliveredOn: '2026-12-02' })).toBe('2026-12-16');
    expect(due({ twoTrades: false, deliveredOn: '2026-12-02' })).toBe('2026-12-02');
  });

  it('a device delivered before the order: two trades count from the order, one trade takes the next delivery day', () => {
    expect(due({ twoTrades: true, deliveredOn: '2026-11-02' })).toBe('2026-12-07');
    expect(due({ twoTrades: false, deliveredOn: '2026-11-02' })).toBe('2026-11-25');
    expect(due({ twoTrades: false, deliveredOn: null })).toBe('2026-11-25');
  });

  it('at intake the limit counts from the delivery the unit is reserved for, and the work order page shows it', async () => {
    const ctx = at(monday);
    const [u1, u2] = await givenUnits(ctx, wh.main.id, articleId, [{ purchaseDate: '2025-01-01' }, { purchaseDate: '2025-01-02' }]);
    const deliveries = [];
    for (const u of [u1!, u2!]) {
      const o = await givenReceivedOrder(ctx, { lines: [{ articleNumber }] });
      await reserveUnits(as(ctx, 'warehouse'), o.lineIds[0]!, { version: 1, unitIds: [u.id] });
      deliveries.push((await t.database.query<{ d: string }>(`SELECT due_date::text AS d FROM provision_order_line WHERE id = $1`, [o.lineIds[0]]))[0]!.d);
    }
    const install = (unitNumber: string, twoTrades: boolean) =>
      givenReceivedOrder(ctx, {
        orderType: 'workOrder',
        lines: [{ unitNumber }],
        workOrder: { typeCode: 'installation', description: 'Taklyft monteras i sovrummet', twoTrades },
      });
    const two = await install(u1!.unitNumber, true);
    const one = await install(u2!.unitNumber, false);
    const tech = as(ctx, 'technician');
    expect(await getWorkOrder(tech, two.orderId)).toMatchObject({ twoTrades: true, doneBy: due({ twoTrades: true, deliveredOn: deliveries[0] }) });
    expect(await getWorkOrder(tech, one.orderId)).toMatchObject({ twoTrades: false, doneBy: deliveries[1] });
  });
});

describe('consultation: "offered within 15 working days" is met by the booking, not by the start (item 7)', () => {
  const consultation = async () =>
    givenReceivedOrder(at(monday), {
      orderType: 'workOrder',
      lines: [{ unitNumber: (await givenUnits(at(monday), wh.main.id, articleId, [{ purchaseDate: '2025-02-01' }]))[0]!.unitNumber }],
      workOrder: { typeCode: 'consultation', description: 'Utprovning av elrullstol', preferredDate: null },
    });
  // The limit: Monday 14 December 2026.
  const after = () => at(stockholmInstant('2026-12-15', 9 * 60));
  const queueItem = async (orderId: string) =>
    (await listQueue(as(after(), 'consultant'), 'consultant', { limit: 200 })).items.find((i) => i.orderId === orderId);

  it('booked in time for a day after the limit: met, and not overdue in the queue', async () => {
    const c = await consultation();
    await bookWorkOrder(as(at(stockholmInstant('2026-12-04', 10 * 60)), 'consultant'), c.orderId, {
      version: 1,
      bookedFor: stockholmInstant('2027-01-12', 10 * 60).toISOString(),
    });
    expect(await getWorkOrder(as(after(), 'consultant'), c.orderId)).toMatchObject({
      startBy: '2026-12-14',
      startLimitMetBy: 'booking',
      offeredOn: '2026-12-04',
      startOverdue: false,
      state: 'booked',
    });
    expect(await queueItem(c.orderId)).toMatchObject({ overdue: false, expectedDate: '2027-01-12' });
  });

  it('not booked by the limit, or booked after it: overdue', async () => {
    const late = await consultation();
    const none = await consultation();
    await bookWorkOrder(as(at(stockholmInstant('2026-12-15', 8 * 60)), 'consultant'), late.orderId, {
      version: 1,
      bookedFor: stockholmInstant('2026-12-16', 10 * 60).toISOString(),
    });
    expect(await getWorkOrder(as(after(), 'consultant'), late.orderId)).toMatchObject({ offeredOn: '2026-12-15', startOverdue: true });
    expect(await getWorkOrder(as(after(), 'consultant'), none.orderId)).toMatchObject({ offeredOn: null, startOverdue: true });
    expect(await queueItem(none.orderId)).toMatchObject({ overdue: true });
  });
});
