import { asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { cancelReasons, type CancelReason } from '../../contract/matrix.ts';
import { requireCancelReasonInUse, ruleSetById } from '../rules/rule-set.ts';
import { audit } from '../../platform/audit/audit.ts';
import { requireRole, type Ctx } from '../../platform/context.ts';
import type { DbOrTx } from '../../platform/db/client.ts';
import { AppError } from '../../platform/errors.ts';
import { optionalText } from '../../platform/http/schemas.ts';
import { CUSTOMER_SERVICE } from '../roles.ts';
import { provisionOrderLine, provisionUnit } from '../schema.ts';
import { transitionUnit } from '../units/transition-unit.ts';
import { releasePickUpInTx } from '../pickups/pick-up-lines.ts';
import { releaseDeinstallationInTx } from '../work-orders/deinstallation.ts';
import { stockStatusOf } from '../units/unit-states.ts';
import { assertTransition, isClosed } from './line-states.ts';
import { recordContractEvent, recordStep } from './order-events.ts';
import { closeOrderIfFinished, lockOrder, updateLine, type LineRow, type OrderRow } from './order-store.ts';

export const cancelInput = z.strictObject({
  lineIds: z.array(z.uuid()).min(1).max(100).nullish().describe('Rader att makulera; utelämnat = hela ordern'),
  reason: z.enum(cancelReasons).describe('Orsak, t.ex. nobodyHome (bomkörning)'),
  comment: optionalText(1000),
  /** Line versions the caller saw: a line changed since is not cancelled behind their back. */
  versions: z.record(z.uuid(), z.int()).optional(),
});
export type CancelInput = z.infer<typeof cancelInput>;

export interface CancelResult {
  cancelledLineIds: string[];
}

/**
 * Cancels the order's open lines (or the given ones) in the caller's transaction, with the order locked:
 * reserved units go back to stock, each line gets its step, and the ordering side gets 'cancelled' — once
 * for the whole order when all of it was asked for and nothing was delivered, else per line. A line already
 * partly delivered keeps what was delivered (and its holdings); the rest of it is cancelled.
 * "Nobody home" (bomkörning) records the failed-delivery fee for billing.
 */
export async function cancelLinesInTx(
  tx: DbOrTx,
  ctx: Ctx,
  order: OrderRow,
  input: {
    lineIds?: readonly string[] | null;
    reason: CancelReason;
    comment?: string | null;
    versions?: Record<string, number> | undefined;
    source: 'centre' | 'orderingSide';
  },
): Promise<CancelResult> {
  const lines = await tx
    .select()
    .from(provisionOrderLine)
    .where(eq(provisionOrderLine.orderId, order.id))
    .orderBy(asc(provisionOrderLine.lineNumber))
    .for('update');
  const wanted = input.lineIds ? new Set(input.lineIds) : null;
  if (wanted) {
    const unknown = [...wanted].filter((id) => !lines.some((l) => l.id === id));
    if (unknown.length)
      throw new AppError('VALIDATION', 'En eller flera rader hör inte till ordern', {
        issues: [{ path: 'lineIds', code: 'unknown', message: `okända rader: ${unknown.join(', ')}`, params: { value: unknown.join(', ') } }],
      });
  }
  const targets = lines.filter((l) => (!wanted || wanted.has(l.id)) && !isClosed(l.state));
  if (targets.length === 0) {
    throw new AppError('INVALID_TRANSITION', wanted ? 'Raderna är redan levererade eller makulerade' : 'Ordern har inga öppna rader att makulera');
  }
  for (const l of targets) {
    const seen = input.versions?.[l.id];
    if (seen !== undefined && seen !== l.version) {
      throw new AppError('CONFLICT', `Rad ${l.lineNumber} har just ändrats av någon annan. Ladda om ordern.`, { currentVersion: l.version });
    }
    assertTransition(order.orderType, l.state, 'cancelled', l.lineNumber);
  }

  const now = ctx.now();
  const data = {
    reason: input.reason,
    comment: input.comment ?? null,
    source: input.source,
    ...(input.reason === 'nobodyHome' ? { failedDeliveryFee: true } : {}),
  };
  const cancelled: LineRow[] = [];
  for (const l of targets) {
    const reserved = await tx.select().from(provisionUnit).where(eq(provisionUnit.reservedForLineId, l.id)).for('update');
    for (const u of reserved) {
      await transitionUnit(
        tx,
        ctx,
        u,
        stockStatusOf(u),
        { type: 'released', orderId: order.id, lineId: l.id, data: { reason: 'lineCancelled' } },
        { reservedForLineId: null },
      );
    }
    // A pick-up cancelled before the unit was fetched: the unit is the patient's again and the rent runs on.
    if (order.orderType === 'pickUp') await releasePickUpInTx(tx, ctx, order, l, input.reason);
    // A de-installation likewise (work-orders/deinstallation.ts).
    if (order.orderType === 'workOrder') await releaseDeinstallationInTx(tx, ctx, order, l, input.reason);
    cancelled.push(await updateLine(tx, l, { state: 'cancelled', cancelReason: input.reason }, now));
  }

  const wholeOrder = !wanted && targets.length === lines.length && lines.every((l) => l.deliveredQuantity === 0);
  const comment = (l: LineRow) =>
    l.deliveredQuantity > 0
      ? [`${l.deliveredQuantity} av ${l.quantity} levererade; resten makulerad.`, input.comment].filter(Boolean).join(' ')
      : (input.comment ?? null);
  for (const l of targets) {
    const step = { lineId: l.id, fromState: l.state, toState: 'cancelled' as const, data: { ...data, deliveredQuantity: l.deliveredQuantity } };
    if (wholeOrder) await recordStep(tx, ctx, { orderId: order.id, type: 'cancelled', ...step });
    else await recordContractEvent(tx, ctx, order, step, { type: 'cancelled', lineId: l.id, reason: input.reason, comment: comment(l) });
  }
  if (wholeOrder)
    await recordContractEvent(tx, ctx, order, { data }, { type: 'cancelled', lineId: null, reason: input.reason, comment: input.comment ?? null });
  await closeOrderIfFinished(tx, order.id, now);
  await audit(tx, ctx, {
    action: 'provision.order.cancel',
    entityType: 'provision_order',
    entityId: order.id,
    careProviderId: order.careProviderId,
    details: { centreOrderNumber: order.centreOrderNumber, lines: targets.map((l) => l.lineNumber), reason: input.reason, source: input.source },
  });
  return { cancelledLineIds: cancelled.map((l) => l.id) };
}

/** POST /api/provision/orders/:id/cancel: customer service cancels lines with a reason (incl. nobody home). */
export async function cancelCentreOrder(ctx: Ctx, orderId: string, input: CancelInput): Promise<CancelResult> {
  requireRole(ctx, ...CUSTOMER_SERVICE);
  return ctx.db.transaction(async (tx) => {
    const order = await lockOrder(tx, orderId);
    // A reason the region had retired when the order came in is not given for it (the order keeps its rules version).
    requireCancelReasonInUse(await ruleSetById(tx, order.ruleSetId), input.reason);
    return cancelLinesInTx(tx, ctx, order, { ...input, source: 'centre' });
  });
}
