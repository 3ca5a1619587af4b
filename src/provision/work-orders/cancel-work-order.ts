import { z } from 'zod';
import type { CancelReason } from '../../contract/matrix.ts';
import { requireRole, type Ctx } from '../../platform/context.ts';
import type { DbOrTx } from '../../platform/db/client.ts';
import { optionalText } from '../../platform/http/schemas.ts';
import { cancelLinesInTx } from '../orders/cancel-lines.ts';
import { recordStep } from '../orders/order-events.ts';
import { WORK_ORDER_CANCELLERS } from '../roles.ts';
import type { provisionWorkOrder } from './schema.ts';
import { assertMove } from './work-order-states.ts';
import { auditWorkOrder, lockWorkOrder, stepResult, updateWorkOrder, type Locked, type StepResult } from './work-order-store.ts';
import { requireCancelReasonInUse, ruleSetById } from '../rules/rule-set.ts';

/**
 * The reasons a work order is cancelled for (DOMAIN §4). The centre never changes a work order's type:
 * 'wrongWorkOrderType' tells the prescriber to send a new work order of the right type.
 */
export const workOrderCancelReasons = [
  'wrongWorkOrderType',
  'patientUnreachable',
  'missingDocuments',
  'requestedByCustomer',
  'other',
] as const satisfies readonly CancelReason[];

export const cancelWorkOrderInput = z.strictObject({
  version: z.int().min(1).describe('Arbetsorderns version som användaren såg'),
  reason: z.enum(workOrderCancelReasons).describe('Orsak: fel arbetsordertyp, patienten gick inte att nå, underlag saknas …'),
  comment: optionalText(1000),
});
export type CancelWorkOrderInput = z.infer<typeof cancelWorkOrderInput>;

const NEW_ORDER_NEEDED = 'Hjälpmedelscentralen kan inte ändra typ på en arbetsorder: skicka en ny arbetsorder med rätt typ.';

/**
 * POST /api/provision/work-orders/:id/cancel: cancels the work order with a reason. Its lines are cancelled
 * (the ordering side gets 'cancelled' with the reason); for a wrong type the comment tells the prescriber to
 * send a new one.
 */
export async function cancelWorkOrder(ctx: Ctx, orderId: string, input: CancelWorkOrderInput): Promise<StepResult> {
  requireRole(ctx, ...WORK_ORDER_CANCELLERS);
  return ctx.db.transaction(async (tx) => {
    const l = await lockWorkOrder(tx, ctx, orderId, input.version);
    assertMove(l.wo.specialAdaptation, l.wo.state, 'cancelled');
    requireCancelReasonInUse(await ruleSetById(tx, l.order.ruleSetId), input.reason);
    const comment = input.reason === 'wrongWorkOrderType' ? [input.comment, NEW_ORDER_NEEDED].filter(Boolean).join(' ') : (input.comment ?? null);
    await cancelLinesInTx(tx, ctx, l.order, { reason: input.reason, comment, source: 'centre' });
    const row = await updateWorkOrder(
      tx,
      ctx,
      l,
      { type: 'workOrderCancelled', data: { reason: input.reason, fromState: l.wo.state } },
      { state: 'cancelled', cancelReason: input.reason, cancelComment: comment },
    );
    await auditWorkOrder(tx, ctx, l, 'cancel', { reason: input.reason });
    return stepResult(row);
  });
}

/** Stops the work order after the cost-responsible declined the quote: its lines are cancelled ('other', with the answer). */
export async function stopWorkOrderInTx(
  tx: DbOrTx,
  ctx: Ctx,
  l: Locked,
  answer: { by: string; comment: string | null; messageId: string },
  set: Partial<typeof provisionWorkOrder.$inferInsert>,
) {
  assertMove(l.wo.specialAdaptation, l.wo.state, 'stopped');
  const comment = [`Offerten avböjdes av ${answer.by}; specialanpassningen görs inte.`, answer.comment].filter(Boolean).join(' ');
  await cancelLinesInTx(tx, ctx, l.order, { reason: 'other', comment, source: 'orderingSide' });
  await recordStep(tx, ctx, { orderId: l.order.id, type: 'quoteDeclined', data: { by: answer.by, comment: answer.comment, messageId: answer.messageId } });
  return updateWorkOrder(
    tx,
    ctx,
    l,
    { type: 'workOrderStopped', data: { fromState: l.wo.state } },
    { ...set, state: 'stopped', cancelReason: 'other', cancelComment: comment },
  );
}
