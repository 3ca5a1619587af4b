import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/app.ts';
import { nextDeliveryDay } from '../../platform/calendar/index.ts';
import { postStockTransaction } from '../stock/stock.ts';
import { as, givenUnitArticle, givenUnits, givenWarehouses, markReconditioned } from '../testing/given.ts';
import { bufferQuantity, postBufferTransaction } from './buffer-ledger.ts';
import { adjustBuffer, getBufferStore, listBufferStores, setSafetyLevel } from './levels.ts';
import { acceptProposal, listProposals, makeDueProposals, proposeRefill } from './refill-proposals.ts';

let t: TestApp;
let wh: Awaited<ReturnType<typeof givenWarehouses>>;
/** The demo's buffer store at Hemsjukvården Åby (Område Nord, delivered on Mondays), and the other store in that area. */
let aby = { id: '', areaId: '' };
let bjorken = '';

beforeAll(async () => {
  t = await startTestApp();
  wh = await givenWarehouses(t.database);
  const [s] = await t.database.query<{ id: string; area: string }>(
    `SELECT b.id, c.delivery_area_id AS area FROM buffer_store b JOIN customer c ON c.id = b.customer_id WHERE b.name = 'Buffert Åby'`,
  );
  aby = { id: s!.id, areaId: s!.area };
  // A second store in the same area, at Åby äldreboende Björken.
  const [b] = await t.database.query<{ id: string }>(
    `INSERT INTO buffer_store (customer_id, name, size) SELECT id, 'Björkens förråd', 'small' FROM customer WHERE customer_number = '30102' RETURNING id`,
  );
  bjorken = b!.id;
});
afterAll(() => t.close());

const ctx = () => t.ctx();
const warehouse = () => as(ctx(), 'warehouse');

async function stockArticle(name: string, inStock: number) {
  const a = await givenUnitArticle(t.database, { name, unitTracked: false, chargingForm: 'sale' });
  if (inStock) await postStockTransaction(warehouse(), { warehouseId: wh.main.id, articleId: a.id, quantity: inStock, kind: 'receipt' });
  return a;
}
const article = (a: { id: string; articleNumber: string; name: string }, unitTracked = false) => ({
  id: a.id,
  articleNumber: a.articleNumber,
  name: a.name,
  unitTracked,
});
const centralBalance = async (articleId: string) =>
  (
    await t.database.query<{ balance: number }>(`SELECT balance FROM provision_stock_balance WHERE warehouse_id = $1 AND article_id = $2`, [
      wh.main.id,
      articleId,
    ])
  )[0]?.balance ?? 0;

describe('buffer levels', () => {
  it('a buffer store keeps a safety level and a quantity per article; withdrawals lower the quantity but never below zero', async () => {
    const pads = await stockArticle('Inkontinensskydd Buffert', 0);
    const level = await setSafetyLevel(as(ctx(), 'customerService'), { id: aby.id, articleId: pads.id }, { safetyLevel: 10 });
    expect(level).toMatchObject({ safetyLevel: 10, quantity: 0, shortfall: 10 });
    await adjustBuffer(warehouse(), aby.id, { articleId: pads.id, quantity: 6, note: 'Inventering' });
    // A buffer withdrawal (src/provision/buffer-withdrawals) posts its withdrawal through the exported ledger function.
    await t.database.db.transaction((tx) =>
      postBufferTransaction(tx, ctx(), { bufferStoreId: aby.id, article: article(pads), quantity: -2, kind: 'withdrawal' }),
    );
    expect(await bufferQuantity(t.database.db, aby.id, pads.id)).toBe(4);
    await expect(
      t.database.db.transaction((tx) => postBufferTransaction(tx, ctx(), { bufferStoreId: aby.id, article: article(pads), quantity: -5, kind: 'withdrawal' })),
    ).rejects.toMatchObject({
      code: 'INSUFFICIENT_STOCK',
    });
    const view = await getBufferStore(as(ctx(), 'finance'), aby.id);
    expect(view.levels.find((l) => l.articleId === pads.id)).toMatchObject({ safetyLevel: 10, quantity: 4, shortfall: 6 });
    expect(view.transactions.filter((x) => x.articleNumber === pads.articleNumber).map((x) => [x.kind, x.quantity])).toEqual([
      ['withdrawal', -2],
      ['adjustment', 6],
    ]);
    const listed = (await listBufferStores(as(ctx(), 'warehouse'))).find((s) => s.id === aby.id)!;
    expect(listed).toMatchObject({ customerNumber: '30101', deliveryAreaName: 'Område Nord', deliveryWeekday: 1 });
    expect(listed.belowSafetyLevel).toBeGreaterThanOrEqual(1);
  });

  it('a count (inventering) sets the balance to what was counted; a count that matches posts nothing', async () => {
    const pads = await stockArticle('Inkontinensskydd Inventering', 0);
    await adjustBuffer(warehouse(), aby.id, { articleId: pads.id, quantity: 9 });
    expect(await adjustBuffer(warehouse(), aby.id, { articleId: pads.id, counted: 4 })).toEqual({ quantity: 4, change: -5 });
    expect(await adjustBuffer(warehouse(), aby.id, { articleId: pads.id, counted: 4 })).toEqual({ quantity: 4, change: 0 });
    expect(await adjustBuffer(warehouse(), aby.id, { articleId: pads.id, counted: 7, note: 'Hittade en kartong till' })).toEqual({ quantity: 7, change: 3 });
    const view = await getBufferStore(warehouse(), aby.id);
    expect(view.transactions.filter((x) => x.articleNumber === pads.articleNumber).map((x) => [x.quantity, x.note])).toEqual([
      [3, 'Hittade en kartong till'],
      [-5, 'Inventering: räknat 4'],
      [9, null],
    ]);
    // An article the store never held: counted from zero.
    const gloves = await stockArticle('Handskar Inventering', 0);
    expect(await adjustBuffer(warehouse(), aby.id, { articleId: gloves.id, counted: 2 })).toEqual({ quantity: 2, change: 2 });
    await expect(adjustBuffer(as(ctx(), 'customerService'), aby.id, { articleId: pads.id, counted: 1 })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('safety levels are set by customer service or the warehouse; a unit-tracked article is not adjusted by count', async () => {
    const chair = await givenUnitArticle(t.database, { name: 'Rullstol Buffertnivå' });
    await expect(setSafetyLevel(as(ctx(), 'technician'), { id: aby.id, articleId: chair.id }, { safetyLevel: 1 })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await setSafetyLevel(warehouse(), { id: aby.id, articleId: chair.id }, { safetyLevel: 1 });
    await expect(adjustBuffer(warehouse(), aby.id, { articleId: chair.id, quantity: 1 })).rejects.toMatchObject({ code: 'VALIDATION' });
  });
});

describe('refill proposals', () => {
  it('the proposal for a delivery area’s next delivery day brings every article under its safety level back up to it', async () => {
    const gloves = await stockArticle('Handskar Påfyllning', 100);
    const walker = await givenUnitArticle(t.database, { name: 'Rollator Påfyllning' });
    const units = await givenUnits(ctx(), wh.main.id, walker.id, [
      { purchaseDate: '2024-01-01' },
      { purchaseDate: '2020-01-01' },
      { purchaseDate: '2022-01-01' },
    ]);
    await markReconditioned(t.database, units[0]!.id);
    const cs = as(ctx(), 'customerService');
    await setSafetyLevel(cs, { id: aby.id, articleId: gloves.id }, { safetyLevel: 8 });
    await adjustBuffer(warehouse(), aby.id, { articleId: gloves.id, quantity: 3 });
    await setSafetyLevel(cs, { id: bjorken, articleId: gloves.id }, { safetyLevel: 5 });
    await setSafetyLevel(cs, { id: bjorken, articleId: walker.id }, { safetyLevel: 2 });
    // At or above its level: not proposed.
    await setSafetyLevel(cs, { id: aby.id, articleId: walker.id }, { safetyLevel: 0 });

    const p = await proposeRefill(warehouse(), { deliveryAreaId: aby.areaId });
    expect(p.deliveryDate).toBe(nextDeliveryDay(new Date(), 1, { minutes: 600, workingDaysBefore: 1 }));
    const mine = p.lines
      .filter((l) => [gloves.id, walker.id].includes(l.articleId))
      .map((l) => [l.bufferStoreName, l.articleName, l.quantityBefore, l.proposedQuantity]);
    expect(mine).toEqual([
      ['Buffert Åby', 'Handskar Påfyllning', 3, 5],
      ['Björkens förråd', 'Handskar Påfyllning', 0, 5],
      ['Björkens förråd', 'Rollator Påfyllning', 0, 2],
    ]);
    // Made again for the same day: it replaces the undelivered one.
    const again = await proposeRefill(warehouse(), { deliveryAreaId: aby.areaId });
    expect((await listProposals(warehouse(), { deliveryAreaId: aby.areaId, status: 'proposed' })).map((x) => x.id)).toEqual([again.id]);

    const before = await centralBalance(gloves.id);
    // The warehouse sends less of a line when its stock is short: here nothing of the first test's pads.
    const skip = again.lines.filter((l) => ![gloves.id, walker.id].includes(l.articleId)).map((l) => ({ lineId: l.id, quantity: 0 }));
    expect(skip.length).toBeGreaterThan(0);
    const done = await acceptProposal(warehouse(), again.id, { version: again.version, warehouseId: wh.main.id, quantities: skip });
    expect(done.status).toBe('delivered');
    expect(done.lines.filter((l) => [gloves.id, walker.id].includes(l.articleId)).every((l) => l.deliveredQuantity === l.proposedQuantity)).toBe(true);
    expect(await centralBalance(gloves.id)).toBe(before - 10);
    expect(await bufferQuantity(t.database.db, aby.id, gloves.id)).toBe(8);
    expect(await bufferQuantity(t.database.db, bjorken, gloves.id)).toBe(5);
    expect(await bufferQuantity(t.database.db, bjorken, walker.id)).toBe(2);
    // The replacement chain chose the units: the reconditioned one first, then the oldest new one.
    const placed = await t.database.query<{ unit_id: string; status: string }>(
      `SELECT b.unit_id, u.status FROM provision_buffer_unit b JOIN provision_unit u ON u.id = b.unit_id WHERE b.buffer_store_id = $1 ORDER BY u.purchase_date`,
      [bjorken],
    );
    expect(placed.map((r) => r.unit_id).sort()).toEqual([units[0]!.id, units[1]!.id].sort());
    expect(placed.every((r) => r.status === 'inBufferStore')).toBe(true);
    // Delivered once.
    await expect(acceptProposal(warehouse(), again.id, { version: done.version, warehouseId: wh.main.id })).rejects.toMatchObject({
      code: 'INVALID_TRANSITION',
    });
    // Back at the levels: the next proposal has nothing of these articles, and again what was not sent.
    const next = await proposeRefill(warehouse(), { deliveryAreaId: aby.areaId });
    expect(next.lines.filter((l) => [gloves.id, walker.id].includes(l.articleId))).toEqual([]);
    expect(next.lines.length).toBe(skip.length);
  });

  it('a refill the warehouse cannot fill is refused whole: nothing moves', async () => {
    const gauze = await stockArticle('Kompresser Brist', 2);
    const [s] = await t.database.query<{ id: string; area: string }>(
      `SELECT b.id, c.delivery_area_id AS area FROM buffer_store b JOIN customer c ON c.id = b.customer_id WHERE b.name = 'Buffert Ängsby'`,
    );
    await setSafetyLevel(warehouse(), { id: s!.id, articleId: gauze.id }, { safetyLevel: 4 });
    const p = await proposeRefill(warehouse(), { deliveryAreaId: s!.area });
    await expect(acceptProposal(warehouse(), p.id, { version: p.version, warehouseId: wh.main.id })).rejects.toMatchObject({ code: 'INSUFFICIENT_STOCK' });
    expect(await centralBalance(gauze.id)).toBe(2);
    expect(await bufferQuantity(t.database.db, s!.id, gauze.id)).toBe(0);
    await expect(acceptProposal(as(ctx(), 'customerService'), p.id, { version: p.version, warehouseId: wh.main.id })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
  });
});

describe('the daily refill job', () => {
  it('every delivery area with buffer stores gets its proposal for its next delivery day once, without anyone asking', async () => {
    const soap = await stockArticle('Tvål Dagligt jobb', 10);
    const [s] = await t.database.query<{ id: string; area: string }>(
      `SELECT b.id, c.delivery_area_id AS area FROM buffer_store b JOIN customer c ON c.id = b.customer_id WHERE b.name = 'Österviks buffertförråd'`,
    );
    await setSafetyLevel(warehouse(), { id: s!.id, articleId: soap.id }, { safetyLevel: 3 });
    const first = await makeDueProposals(ctx());
    expect(first.proposals).toBeGreaterThanOrEqual(1);
    const [p] = await listProposals(warehouse(), { deliveryAreaId: s!.area });
    expect(p!.lines.map((l) => [l.articleName, l.proposedQuantity])).toEqual([['Tvål Dagligt jobb', 3]]);
    // The second run the same day makes nothing new.
    expect(await makeDueProposals(ctx())).toEqual({ proposals: 0 });
    expect(await listProposals(warehouse(), { deliveryAreaId: s!.area })).toHaveLength(1);
  });
});
