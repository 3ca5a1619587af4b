import { and, eq, isNull } from 'drizzle-orm';
import { addWorkingDays, stockholmDateTime } from '../../platform/calendar/index.ts';
import type { Ctx } from '../../platform/context.ts';
import type { DbOrTx } from '../../platform/db/client.ts';
import { loadTimeLimits } from '../due-dates/time-limits.ts';
import { declareLineTransitions } from '../orders/line-states.ts';
import { recordStep } from '../orders/order-events.ts';
import type { LineRow, OrderRow } from '../orders/order-store.ts';
import { provisionHolding, provisionOrderLine, provisionPatient, provisionUnit } from '../schema.ts';
import { transitionUnit } from '../units/transition-unit.ts';
import { provisionPickUp } from './schema.ts';

/**
 * The pick-up line (hämtorder, DOMAIN §4): received (rent stops at +3 working days) → picked up (≤ 7 wd)
 * → deregistered from the patient (≤ 7 wd) = done. The technician may do both in one visit (received →
 * done). The step may be undone the same day by the one who recorded it (→ received). Exit: the unit
 * is missing at pick-up → cancelled (reason unitMissing), rent restarts, and an investigation is opened. A pick-up the ordering side cancels before anything happened: cancelled.
 */
declareLineTransitions('pickUp', {
  received: ['pickedUp', 'done', 'cancelled'],
  // → received: the pick-up (and the deregistration recorded with it) undone the same day by the one who did it.
  pickedUp: ['done', 'received'],
  done: ['received'],
  cancelled: [],
});

/**
 * At intake (called by intake/receive-message.ts in the same transaction): each line's unit, if it is on
 * this order's patient at the centre, becomes 'pick-up ordered' and its holding's rent stops at
 * registration + 3 working days. A unit the centre cannot find on the patient is accepted as a line (the
 * ordering side's device list said so) and noted in the order's stream for customer service to sort out.
 */
export async function registerPickUpsInTx(tx: DbOrTx, ctx: Ctx, orderId: string) {
  const lines = await tx.select().from(provisionOrderLine).where(eq(provisionOrderLine.orderId, orderId));
  const [patient] = await tx.select().from(provisionPatient).where(eq(provisionPatient.orderId, orderId));
  const limits = await loadTimeLimits(tx);
  const registeredOn = stockholmDateTime(ctx.now()).date;
  const rentStopsOn = addWorkingDays(registeredOn, limits.pickUpRentStopsWorkingDays);
  const pickUpBy = addWorkingDays(registeredOn, limits.pickUpWorkingDays);
  const deregisterBy = addWorkingDays(registeredOn, limits.deregisterWorkingDays);
  for (const line of lines) {
    const found = line.unitNumber ? await unitOnPatient(tx, line.unitNumber, patient?.identifier ?? null) : null;
    await tx
      .insert(provisionPickUp)
      .values({ lineId: line.id, orderId, unitId: found?.unit.id ?? null, holdingId: found?.holdingId ?? null, registeredOn, pickUpBy, deregisterBy });
    if (!found) {
      await recordStep(tx, ctx, { orderId, lineId: line.id, type: 'unitNotOnPatient', data: { unitNumber: line.unitNumber } });
      continue;
    }
    await transitionUnit(tx, ctx, found.unit, 'pickUpOrdered', { type: 'pickUpOrdered', orderId, lineId: line.id, data: { rentStopsOn } });
    await tx.update(provisionHolding).set({ rentStopsOn }).where(eq(provisionHolding.id, found.holdingId));
    await recordStep(tx, ctx, { orderId, lineId: line.id, type: 'rentStops', data: { unitNumber: line.unitNumber, rentStopsOn, pickUpBy, deregisterBy } });
  }
}

/** The unit by number, locked, if it is on a patient with an open holding (and, when known, on this patient). */
export async function unitOnPatient(tx: DbOrTx, unitNumber: string, patientIdentifier: string | null) {
  const [unit] = await tx.select().from(provisionUnit).where(eq(provisionUnit.unitNumber, unitNumber)).for('update');
  if (!unit || unit.status !== 'onPatient') return null;
  const [h] = await tx
    .select({ id: provisionHolding.id, identifier: provisionPatient.identifier })
    .from(provisionHolding)
    .leftJoin(provisionPatient, eq(provisionPatient.id, provisionHolding.patientId))
    .where(and(eq(provisionHolding.unitId, unit.id), isNull(provisionHolding.toDate)));
  if (!h) return null;
  if (patientIdentifier && h.identifier && h.identifier !== patientIdentifier) return null;
  return { unit, holdingId: h.id };
}

/**
 * A pick-up line is cancelled (by the ordering side, by customer service, or because the unit was
 * missing): the unit is the patient's again and its rent runs on (called by orders/cancel-lines.ts).
 */
export async function releasePickUpInTx(tx: DbOrTx, ctx: Ctx, order: OrderRow, line: LineRow, reason: string) {
  const [p] = await tx.select().from(provisionPickUp).where(eq(provisionPickUp.lineId, line.id));
  if (!p?.unitId || p.pickedUpOn) return null;
  const [unit] = await tx.select().from(provisionUnit).where(eq(provisionUnit.id, p.unitId)).for('update');
  if (!unit || unit.status !== 'pickUpOrdered') return null;
  const after = await transitionUnit(tx, ctx, unit, 'onPatient', { type: 'pickUpCancelled', orderId: order.id, lineId: line.id, data: { reason } });
  if (p.holdingId) await tx.update(provisionHolding).set({ rentStopsOn: null }).where(eq(provisionHolding.id, p.holdingId));
  return after;
}
