/**
 * Fixtures for test/permissions.test.ts: one fresh target per call for every pick-up, reconditioning and
 * buffer-withdrawal route, made through the real use cases (intake, delivery, pick-up) where the state
 * matters and by SQL where only a unit's status does.
 */
import type { Ctx } from '../../platform/context.ts';
import type { Database } from '../../platform/db/client.ts';
import { placeInBufferStore } from '../buffer-withdrawals/register-withdrawal.ts';
import { receiveMessage } from '../intake/receive-message.ts';
import { deliverLine } from '../orders/deliver-line.ts';
import { reserveUnits } from '../orders/fill-line.ts';
import { as, givenReceivedOrder, givenUnitArticle, givenUnits, submitMessage } from './given.ts';
import { confirmPickUp, reportUnitMissing } from '../pickups/pick-up-actions.ts';

export interface PickUpPermissionFixtures {
  orderId: string;
  pickUpPool: { id: string; unitNumber: string }[];
  deregisterPool: { id: string; version: number }[];
  /** Per role in `undoers`: a line picked up today, recorded as that role's user's step (only they may undo it); `other`: someone else's. */
  undoPool: Record<string, { id: string; version: number }>;
  missingPool: string[];
  foundPool: string[];
  investigationWriteOffPool: string[];
  startPool: string[];
  finishPool: string[];
  scrapPool: string[];
  placePool: string[];
  customerId: string;
  bufferStoreId: string;
  withdrawalLineId: string;
  registerPool: { lineId: string; unitNumber: string }[];
}

/**
 * `calls` targets in each pool (one per role allowed, plus one that denied callers share: they are refused
 * before anything happens to it), for customer '20101' and its buffer store.
 */
export async function givenPickUpPermissionFixtures(
  database: Database,
  ctx: Ctx,
  warehouseId: string,
  undoers: Record<string, string> = {},
  calls = 4,
): Promise<PickUpPermissionFixtures> {
  const chair = await givenUnitArticle(database, { name: 'Rollator Behörighet Hämtning' });
  const wh = as(ctx, 'warehouse');
  const tech = as(ctx, 'technician');

  /** n units delivered on one customer order line to the default patient, then n pick-up lines for them. */
  async function pickUpLines(n: number): Promise<string[]> {
    const units = await givenUnits(
      ctx,
      warehouseId,
      chair.id,
      Array.from({ length: n }, () => ({ purchaseDate: '2024-01-01' })),
    );
    const o = await givenReceivedOrder(ctx, { lines: [{ articleNumber: chair.articleNumber, quantity: n }] });
    const r = await reserveUnits(wh, o.lineIds[0]!, { version: 1, unitIds: units.map((u) => u.id) });
    await deliverLine(wh, o.lineIds[0]!, { version: r.lineVersion, units: units.map((u) => ({ unitId: u.id })) });
    const p = await givenReceivedOrder(ctx, { orderType: 'pickUp', lines: units.map((u) => ({ unitNumber: u.unitNumber })) });
    return p.lineIds;
  }

  const pickUps = await pickUpLines(calls * 5);
  const take = () => pickUps.splice(0, calls);
  const unitOfLine = async (id: string) =>
    (await database.query<{ unit_number: string }>(`SELECT unit_number FROM provision_order_line WHERE id = $1`, [id]))[0]!.unit_number;
  const pickUpPool = [];
  for (const id of take()) pickUpPool.push({ id, unitNumber: await unitOfLine(id) });
  const deregisterPool = [];
  for (const id of take())
    deregisterPool.push({ id, version: (await confirmPickUp(tech, id, { version: 1, identifiedAs: await unitOfLine(id) })).lineVersion });
  const undoPool: Record<string, { id: string; version: number }> = {};
  const undoLines = await pickUpLines(Object.keys(undoers).length + 1);
  for (const [i, who] of [...Object.keys(undoers), 'other'].entries()) {
    const id = undoLines[i]!;
    undoPool[who] = { id, version: (await confirmPickUp(tech, id, { version: 1, identifiedAs: await unitOfLine(id) })).lineVersion };
    if (undoers[who]) await database.query(`UPDATE provision_pick_up SET picked_up_by = $2 WHERE line_id = $1`, [id, undoers[who]]);
  }
  const missingPool = take();
  const investigations: string[] = [];
  for (const id of [...take(), ...take()]) investigations.push((await reportUnitMissing(tech, id, { version: 1 })).investigationId!);

  // Reconditioning only needs units in the right status.
  const recond = await givenUnits(
    ctx,
    warehouseId,
    chair.id,
    Array.from({ length: calls * 3 }, () => ({ purchaseDate: '2023-01-01' })),
  );
  const ids = recond.map((u) => u.id);
  const startPool = ids.slice(0, calls);
  const finishPool = ids.slice(calls, calls * 2);
  const scrapPool = ids.slice(calls * 2);
  await database.query(`UPDATE provision_unit SET status = 'returned', warehouse_id = NULL WHERE id = ANY($1::uuid[])`, [[...startPool, ...scrapPool]]);
  await database.query(`UPDATE provision_unit SET status = 'inReconditioning', warehouse_id = NULL WHERE id = ANY($1::uuid[])`, [finishPool]);

  // Buffer stores: units to place, units placed and withdrawal lines to register them on.
  const [store] = await database.query<{ id: string; customer_id: string }>(
    `SELECT b.id, b.customer_id FROM buffer_store b JOIN customer c ON c.id = b.customer_id WHERE c.customer_number = '20101' AND b.active ORDER BY b.name LIMIT 1`,
  );
  const placePool = (
    await givenUnits(
      ctx,
      warehouseId,
      chair.id,
      Array.from({ length: calls }, () => ({ purchaseDate: '2023-06-01' })),
    )
  ).map((u) => u.id);
  const inStore = await givenUnits(
    ctx,
    warehouseId,
    chair.id,
    Array.from({ length: calls }, () => ({ purchaseDate: '2023-06-01' })),
  );
  await placeInBufferStore(wh, { customerId: store!.customer_id, bufferStoreId: store!.id, unitIds: inStore.map((u) => u.id) });
  const m = submitMessage({ orderType: 'bufferWithdrawal', lines: Array.from({ length: calls }, () => ({ articleNumber: chair.articleNumber })) });
  m.order.delivery = { kind: 'bufferStore', bufferStoreId: store!.id, label: 'Buffertförråd' };
  await receiveMessage(ctx, m);
  const registerPool = m.order.lines.map((l, i) => ({ lineId: l.lineId, unitNumber: inStore[i]!.unitNumber }));

  return {
    orderId: (await database.query<{ order_id: string }>(`SELECT order_id FROM provision_order_line WHERE id = $1`, [pickUpPool[0]!.id]))[0]!.order_id,
    pickUpPool,
    deregisterPool,
    undoPool,
    missingPool,
    foundPool: investigations.slice(0, calls),
    investigationWriteOffPool: investigations.slice(calls),
    startPool,
    finishPool,
    scrapPool,
    placePool,
    customerId: store!.customer_id,
    bufferStoreId: store!.id,
    withdrawalLineId: m.order.lines[0]!.lineId,
    registerPool,
  };
}
