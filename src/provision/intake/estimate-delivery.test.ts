import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/app.ts';
import { customerByNumber } from '../../administration/organisation/customer-by-number.ts';
import { givenArticle } from '../../catalogue/testing/article-fixtures.ts';
import { ContractRefused, type DeliveryEstimateRequest } from '../../contract/index.ts';
import { stockholmInstant } from '../../platform/calendar/index.ts';
import { createLogger } from '../../platform/logger.ts';
import { computeLineDue } from '../due-dates/compute-due-date.ts';
import { defaultProvisionTimeLimits } from '../due-dates/time-limits.ts';
import { setEquivalents } from '../orders/equivalents.ts';
import { postStock } from '../stock/ledger.ts';
import { as, givenUnitArticle, givenUnits, givenWarehouses } from '../testing/given.ts';
import { estimateDelivery } from './estimate-delivery.ts';
import { createCentreEndpoint } from './receive-message.ts';

// The centre's answer to a cart (issue 16 item 5): stock per line from its warehouses, and the delivery date by
// its own due-date rules, an out-of-stock stock item taking an order item's time.

let t: TestApp;
let weekday = 0;
const NOW = stockholmInstant('2026-12-01', 9 * 60); // Tuesday 1 December 2026, 09:00
const art = {} as Record<'chair' | 'oldChair' | 'cane' | 'cushion' | 'bed' | 'gone', { id: string; articleNumber: string }>;

/** The date the centre's own rules give a line received now. */
const dueOf = (stockForm: 'stock' | 'orderItem', urgent = false) =>
  computeLineDue({ orderType: 'customerOrder', urgent, stockForm, receivedAt: NOW, deliveryWeekday: weekday }, defaultProvisionTimeLimits).dueDate;

const ask = (lines: DeliveryEstimateRequest['lines'], over: Partial<DeliveryEstimateRequest> = {}) =>
  estimateDelivery(t.database.db, { customerNumber: '20101', orderType: 'customerOrder', urgent: false, lines, ...over }, NOW);

beforeAll(async () => {
  t = await startTestApp();
  weekday = (await customerByNumber(t.database.db, '20101'))!.deliveryWeekday;
  const { main, second } = await givenWarehouses(t.database);
  const ctx = as(
    t.ctx(() => NOW),
    'warehouse',
    'assortment',
  );
  art.chair = await givenUnitArticle(t.database, { name: 'Rullstol Uppskattning 45' });
  art.oldChair = await givenUnitArticle(t.database, { name: 'Rullstol Uppskattning 45, föregående modell' });
  art.cane = await givenArticle(t.database, {
    name: 'Armbågskrycka Uppskattning',
    articleType: 'H',
    chargingForm: 'sale',
    stockForm: 'stock',
    source: 'local',
  });
  art.cushion = await givenArticle(t.database, {
    name: 'Sittdyna Uppskattning',
    articleType: 'T',
    chargingForm: 'sale',
    stockForm: 'orderItem',
    source: 'local',
  });
  art.bed = await givenUnitArticle(t.database, { name: 'Vårdsäng Uppskattning' });
  art.gone = await givenArticle(t.database, { name: 'Borttagen rollator', source: 'local', removedAt: new Date('2026-01-01') });
  // Three chairs received, in two warehouses; one of them is out on a patient and does not count.
  const chairs = await givenUnits(ctx, main.id, art.chair.id, [{ purchaseDate: '2024-01-01' }, { purchaseDate: '2024-02-01' }]);
  await givenUnits(ctx, second.id, art.chair.id, [{ purchaseDate: '2024-03-01' }]);
  await t.database.query(`UPDATE provision_unit SET status = 'onPatient', warehouse_id = NULL WHERE id = $1`, [chairs[0]!.id]);
  // One unit of the previous model, which may fill an order for the chair.
  await givenUnits(ctx, main.id, art.oldChair.id, [{ purchaseDate: '2019-01-01' }]);
  await setEquivalents(ctx, art.chair.id, { equivalentArticleIds: [art.oldChair.id] });
  // Beds: one in a customer's buffer store is the customer's, not the centre's stock.
  const beds = await givenUnits(ctx, main.id, art.bed.id, [{ purchaseDate: '2024-01-01' }]);
  await t.database.query(`UPDATE provision_unit SET status = 'inBufferStore', warehouse_id = NULL WHERE id = $1`, [beds[0]!.id]);
  // Five crutches, in the two warehouses.
  await t.database.db.transaction(async (tx) => {
    await postStock(tx, ctx, { warehouseId: main.id, article: { ...art.cane, name: 'Armbågskrycka Uppskattning' }, quantity: 3, kind: 'receipt', note: null });
    await postStock(tx, ctx, {
      warehouseId: second.id,
      article: { ...art.cane, name: 'Armbågskrycka Uppskattning' },
      quantity: 2,
      kind: 'receipt',
      note: null,
    });
  });
});
afterAll(() => t?.close());

describe('the centre estimates a cart', () => {
  it('a stock item it has comes on the area’s next delivery day; units in stock of equivalent articles count, reserved and lent ones do not', async () => {
    const e = await ask([{ articleNumber: art.chair.articleNumber, quantity: 3 }]);
    expect(e.lines).toEqual([{ articleNumber: art.chair.articleNumber, stock: 'inStock', available: 3, expectedDate: dueOf('stock') }]);
    expect(e.expectedDate).toBe(dueOf('stock'));
  });

  it('a stock item it has too few of is bought from the supplier and takes an order item’s time, which moves the whole order', async () => {
    const e = await ask([
      { articleNumber: art.cane.articleNumber, quantity: 1 },
      { articleNumber: art.chair.articleNumber, quantity: 4 },
    ]);
    expect(e.lines.map((l) => [l.stock, l.available, l.expectedDate])).toEqual([
      ['inStock', 5, dueOf('stock')],
      ['notInStock', 3, dueOf('orderItem')],
    ]);
    expect(dueOf('orderItem')! > dueOf('stock')!).toBe(true);
    expect(e.expectedDate).toBe(dueOf('orderItem'));
  });

  it('lines of one article share its stock in their order: the second of 4 + 2 crutches out of 5 is not in stock', async () => {
    const e = await ask([
      { articleNumber: art.cane.articleNumber, quantity: 4 },
      { articleNumber: art.cane.articleNumber, quantity: 2 },
    ]);
    expect(e.lines.map((l) => [l.stock, l.available])).toEqual([
      ['inStock', 5],
      ['notInStock', 1],
    ]);
  });

  it('an order item is always bought; a unit in a buffer store is not stock', async () => {
    const e = await ask([
      { articleNumber: art.cushion.articleNumber, quantity: 1 },
      { articleNumber: art.bed.articleNumber, quantity: 1 },
    ]);
    expect(e.lines.map((l) => [l.stock, l.available, l.expectedDate])).toEqual([
      ['orderItem', null, dueOf('orderItem')],
      ['notInStock', 0, dueOf('orderItem')],
    ]);
  });

  it('urgent is quick only for what is in stock', async () => {
    const e = await ask(
      [
        { articleNumber: art.cane.articleNumber, quantity: 1 },
        { articleNumber: art.cushion.articleNumber, quantity: 1 },
      ],
      { urgent: true },
    );
    expect(e.lines.map((l) => l.expectedDate)).toEqual([dueOf('stock', true), dueOf('orderItem')]);
    expect(dueOf('stock', true)).toBe('2026-12-02');
  });

  it('an article it does not know (or has removed) and a customer it does not know are answered with nulls, not refused', async () => {
    const e = await ask([
      { articleNumber: 'NOPE-1', quantity: 1 },
      { articleNumber: art.gone.articleNumber, quantity: 1 },
      { articleNumber: art.cane.articleNumber, quantity: 1 },
    ]);
    expect(e.lines.map((l) => [l.stock, l.expectedDate])).toEqual([
      ['unknown', null],
      ['unknown', null],
      ['inStock', dueOf('stock')],
    ]);
    const stranger = await ask([{ articleNumber: art.cane.articleNumber, quantity: 1 }], { customerNumber: '99999' });
    expect(stranger).toEqual({ lines: [{ articleNumber: art.cane.articleNumber, stock: 'inStock', available: 5, expectedDate: null }], expectedDate: null });
  });

  it('a malformed request is refused as the contract refuses, and nothing is read', async () => {
    await expect(ask([{ articleNumber: art.cane.articleNumber, quantity: 0 }])).rejects.toBeInstanceOf(ContractRefused);
  });

  it('the in-process centre endpoint answers the same on its own clock', async () => {
    const centre = createCentreEndpoint({ database: t.database, config: t.config, log: createLogger('silent'), now: () => NOW });
    const request: DeliveryEstimateRequest = {
      customerNumber: '20101',
      orderType: 'customerOrder',
      urgent: false,
      lines: [{ articleNumber: art.chair.articleNumber, quantity: 1 }],
    };
    expect(await centre.estimateDelivery(request)).toEqual(await ask(request.lines));
  });
});
