import { and, desc, eq, isNull } from 'drizzle-orm';
import { addWorkingDays, stockholmDateTime } from '../../platform/calendar/index.ts';
import type { Ctx } from '../../platform/context.ts';
import type { DbOrTx } from '../../platform/db/client.ts';
import { workOrderType } from '../due-dates/compute-due-date.ts';
import { loadTimeLimits } from '../due-dates/time-limits.ts';
import { recordContractEvent, recordStep } from '../orders/order-events.ts';
import type { LineRow, OrderRow } from '../orders/order-store.ts';
import { unitOnPatient } from '../pickups/pick-up-lines.ts';
import { provisionHolding, provisionOrderLine, provisionUnit, provisionUnitEvent } from '../schema.ts';
import { transitionUnit } from '../units/transition-unit.ts';

/**
 * De-installation replaces a pick-up (DOMAIN §4, issue 15 item 3): the device is taken down at the patient
 * and comes back to the centre. So it does what a pick-up does, on the work order's own steps:
 *
 * - at intake, each line's unit on the patient becomes 'pick-up ordered' and its holding's rent stops at
 *   registration + 3 working days (the pick-up's setting `pickUpRentStopsWorkingDays`);
 * - when the work is done, the holding ends that day (end reason 'deinstalled'), the unit is 'returned' for
 *   reconditioning, and the ordering side gets 'deregistered' per line, which takes the unit off the patient's
 *   device list;
 * - a cancelled de-installation gives the unit back to the patient, and its rent runs on.
 *
 * A unit the centre cannot find on the patient is accepted as a line and noted, as a pick-up does.
 */
export const endsHolding = (order: Pick<OrderRow, 'orderType' | 'workOrderTypeCode'>) =>
  order.orderType === 'workOrder' && !!workOrderType(order.workOrderTypeCode)?.endsHolding;

const ORDERED = 'deinstallationOrdered';

/** At intake, in the order's transaction (intake/receive-message.ts). */
export async function registerDeinstallationInTx(tx: DbOrTx, ctx: Ctx, order: OrderRow, patientIdentifier: string | null) {
  const lines = await tx.select().from(provisionOrderLine).where(eq(provisionOrderLine.orderId, order.id));
  const registeredOn = stockholmDateTime(ctx.now()).date;
  const rentStopsOn = addWorkingDays(registeredOn, (await loadTimeLimits(tx)).pickUpRentStopsWorkingDays);
  for (const line of lines) {
    const found = line.unitNumber ? await unitOnPatient(tx, line.unitNumber, patientIdentifier) : null;
    if (!found) {
      await recordStep(tx, ctx, { orderId: order.id, lineId: line.id, type: 'unitNotOnPatient', data: { unitNumber: line.unitNumber } });
      continue;
    }
    await transitionUnit(tx, ctx, found.unit, 'pickUpOrdered', { type: ORDERED, orderId: order.id, lineId: line.id, data: { rentStopsOn } });
    await tx.update(provisionHolding).set({ rentStopsOn }).where(eq(provisionHolding.id, found.holdingId));
    await recordStep(tx, ctx, { orderId: order.id, lineId: line.id, type: 'rentStops', data: { unitNumber: line.unitNumber, rentStopsOn } });
  }
}

/** The line's unit, locked, if this de-installation order made it 'pick-up ordered' and it still is. */
async function orderedUnit(tx: DbOrTx, order: OrderRow, line: LineRow) {
  if (!line.unitNumber) return null;
  const [unit] = await tx.select().from(provisionUnit).where(eq(provisionUnit.unitNumber, line.unitNumber)).for('update');
  if (!unit || unit.status !== 'pickUpOrdered') return null;
  const [last] = await tx
    .select({ type: provisionUnitEvent.type, orderId: provisionUnitEvent.orderId })
    .from(provisionUnitEvent)
    .where(eq(provisionUnitEvent.unitId, unit.id))
    .orderBy(desc(provisionUnitEvent.id))
    .limit(1);
  if (last?.type !== ORDERED || last.orderId !== order.id) return null;
  const [holding] = await tx
    .select({ id: provisionHolding.id })
    .from(provisionHolding)
    .where(and(eq(provisionHolding.unitId, unit.id), isNull(provisionHolding.toDate)));
  return holding ? { unit, holdingId: holding.id } : null;
}

/** A de-installation line cancelled (orders/cancel-lines.ts): the unit is the patient's again and the rent runs on. */
export async function releaseDeinstallationInTx(tx: DbOrTx, ctx: Ctx, order: OrderRow, line: LineRow, reason: string) {
  if (!endsHolding(order)) return;
  const found = await orderedUnit(tx, order, line);
  if (!found) return;
  await transitionUnit(tx, ctx, found.unit, 'onPatient', { type: 'deinstallationCancelled', orderId: order.id, lineId: line.id, data: { reason } });
  await tx.update(provisionHolding).set({ rentStopsOn: null }).where(eq(provisionHolding.id, found.holdingId));
}

/**
 * The de-installation is done (work-orders/finish-work-order.ts, before the order's lines close): each unit
 * leaves the patient on `on` and comes back to the centre; the ordering side hears 'deregistered'.
 */
export async function deinstallInTx(tx: DbOrTx, ctx: Ctx, order: OrderRow, lines: readonly LineRow[], on: string) {
  for (const line of lines) {
    if (line.state === 'cancelled' || line.state === 'done') continue;
    const found = await orderedUnit(tx, order, line);
    if (!found) continue;
    await tx.update(provisionHolding).set({ toDate: on, endReason: 'deinstalled' }).where(eq(provisionHolding.id, found.holdingId));
    await transitionUnit(tx, ctx, found.unit, 'returned', { type: 'deinstalled', orderId: order.id, lineId: line.id, data: { on } });
    await recordContractEvent(
      tx,
      ctx,
      order,
      { lineId: line.id, data: { unitNumber: line.unitNumber, until: on } },
      { type: 'deregistered', lineId: line.id, unitNumber: line.unitNumber!, until: on },
    );
  }
}
