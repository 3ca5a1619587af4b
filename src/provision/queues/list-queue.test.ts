import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/app.ts';
import { receiveMessage } from '../intake/receive-message.ts';
import { as, givenReceivedOrder, givenUnitArticle, submitMessage } from '../testing/given.ts';
import { setRuleTimeLimits } from '../rules/edit-rules.ts';
import { setPlannedDate } from '../orders/set-planned-date.ts';
import { listQueue } from './list-queue.ts';

let t: TestApp;
let stockNo: string;
let itemNo: string;

beforeAll(async () => {
  t = await startTestApp();
  stockNo = (await givenUnitArticle(t.database, { name: 'Rullstol Kö' })).articleNumber;
  itemNo = (await givenUnitArticle(t.database, { name: 'Specialstol Kö', stockForm: 'orderItem' })).articleNumber;
  // Customers in different delivery areas (20101 Centralorten/Friday, 20102 Väst/Thursday, 40101 Syd/Tuesday).
  for (const c of ['20101', '20102', '40101']) {
    await givenReceivedOrder(t.ctx(), { customerNumber: c, lines: [{ articleNumber: stockNo }] });
    await givenReceivedOrder(t.ctx(), { customerNumber: c, lines: [{ articleNumber: itemNo }] });
  }
  await givenReceivedOrder(t.ctx(), { customerNumber: '20101', urgent: true, lines: [{ articleNumber: stockNo }] });
  await receiveMessage(
    t.ctx(),
    submitMessage({
      orderType: 'faultReport',
      patient: null,
      lines: [],
      faultReport: { category: 'dirtyGoods', description: 'Smutsig dyna', relatedOrderNumber: null },
    }),
  );
  await receiveMessage(
    t.ctx(),
    submitMessage({
      orderType: 'workOrder',
      lines: [{ unitNumber: 'U-000001' }],
      workOrder: { typeCode: 'consultation', description: 'Utprovning av sittdyna', preferredDate: null },
    }),
  );
});
afterAll(() => t.close());

const key = (i: { expectedDate: string | null; urgent: boolean; id: string }) => `${i.expectedDate ?? '9999-12-31'}|${i.urgent ? 0 : 1}|${i.id}`;

describe('work queues', () => {
  it('list open work shortest deadline first, urgent first on the same day', async () => {
    const page = await listQueue(as(t.ctx(), 'warehouse'), 'warehouse', { limit: 200 });
    expect(page.items).toHaveLength(7);
    const keys = page.items.map(key);
    expect(keys).toEqual([...keys].sort());
    expect(page.items[0]!.urgent).toBe(true);
    expect(page.items.every((i) => i.orderType === 'customerOrder')).toBe(true);
  });

  it('page through the queue with a cursor without losing or repeating a line', async () => {
    const ctx = as(t.ctx(), 'customerService');
    const all = (await listQueue(ctx, 'customerService', { limit: 200 })).items.map((i) => i.id);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const p = await listQueue(ctx, 'customerService', { limit: 3, ...(cursor ? { cursor } : {}) });
      seen.push(...p.items.map((i) => i.id));
      cursor = p.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(all);
    expect(all).toHaveLength(9);
  });

  it('filter by order type, delivery area, due date and urgency', async () => {
    const ctx = as(t.ctx(), 'customerService');
    expect((await listQueue(ctx, 'customerService', { orderType: 'faultReport', limit: 50 })).items.map((i) => [i.orderType, i.lineId])).toEqual([
      ['faultReport', null],
    ]);
    const [area] = await t.database.query<{ id: string }>(`SELECT delivery_area_id AS id FROM provision_order WHERE customer_number = '40101' LIMIT 1`);
    const inArea = await listQueue(ctx, 'customerService', { deliveryAreaId: area!.id, limit: 50 });
    expect(inArea.items.map((i) => i.customerNumber)).toEqual(['40101', '40101']);
    const urgent = await listQueue(ctx, 'warehouse', { urgent: true, limit: 50 });
    expect(urgent.items).toHaveLength(1);
    const soon = await listQueue(ctx, 'warehouse', { dueBefore: urgent.items[0]!.expectedDate!, limit: 50 });
    expect(soon.items.every((i) => i.expectedDate! <= urgent.items[0]!.expectedDate!)).toBe(true);
    // An order item due within its 17 working days needs no planned date (issue 15 item 9).
    const item = (await listQueue(ctx, 'warehouse', { limit: 50 })).items.find((i) => i.articleNumber === itemNo)!;
    expect(item.needsPlannedDate).toBe(false);
  });

  it('each role reads its own queue; customer service reads them all', async () => {
    expect((await listQueue(as(t.ctx(), 'consultant'), 'consultant', { limit: 50 })).items.map((i) => i.workOrderTypeCode)).toEqual(['consultation']);
    expect((await listQueue(as(t.ctx(), 'technician'), 'technician', { limit: 50 })).items).toHaveLength(0);
    await expect(listQueue(as(t.ctx(), 'technician'), 'warehouse', { limit: 50 })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(listQueue(as(t.ctx(), 'finance'), 'warehouse', { limit: 50 })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect((await listQueue(as(t.ctx(), 'customerService'), 'consultant', { limit: 50 })).items).toHaveLength(1);
  });

  it('a bad cursor is refused with a message', async () => {
    const res = await (await t.login('lager')).get('/api/provision/queues/warehouse?cursor=nonsense');
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toMatch(/sidmarkör/);
  });
});

describe('a planned date is required over 17 working days (issue 15 item 9)', () => {
  it('a line due further away than 17 working days needs a planned date; the queue shows and filters the lines that lack one', async () => {
    const ctx = as(t.ctx(), 'customerService');
    // A region whose order items take 25 working days: their due date is past the 17-day threshold.
    await setRuleTimeLimits(as(t.ctx(), 'systemAdmin'), { orderItemDeliveryWorkingDays: 25 });
    try {
      const o = await givenReceivedOrder(t.ctx(), { customerNumber: '20101', lines: [{ articleNumber: itemNo }] });
      const lacking = await listQueue(ctx, 'warehouse', { needsPlannedDate: true, limit: 50 });
      expect(lacking.items.map((i) => i.lineId)).toEqual([o.lineIds[0]]);
      expect(lacking.items[0]).toMatchObject({ needsPlannedDate: true });
      expect((await listQueue(ctx, 'warehouse', { needsPlannedDate: false, limit: 50 })).items.some((i) => i.lineId === o.lineIds[0])).toBe(false);

      await setPlannedDate(ctx, o.lineIds[0]!, { version: 1, plannedDate: lacking.items[0]!.dueDate! });
      expect((await listQueue(ctx, 'warehouse', { needsPlannedDate: true, limit: 50 })).items).toEqual([]);
      expect((await listQueue(ctx, 'warehouse', { limit: 50 })).items.find((i) => i.lineId === o.lineIds[0])).toMatchObject({ needsPlannedDate: false });
    } finally {
      await setRuleTimeLimits(as(t.ctx(), 'systemAdmin'), { orderItemDeliveryWorkingDays: 17 });
    }
  });
});
