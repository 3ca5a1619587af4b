import { z } from 'zod';
import { requireRole, type Ctx } from '../../platform/context.ts';
import { recordContractEvent } from '../orders/order-events.ts';
import { WORK_ORDER_HANDLERS } from '../roles.ts';
import { auditWorkOrder, lockWorkOrder, moveWorkOrder, stepResult, type StepResult } from './work-order-store.ts';

export const versionInput = z.strictObject({ version: z.int().min(1).describe('Arbetsorderns version som användaren såg') });
export type VersionInput = z.infer<typeof versionInput>;

/**
 * POST /api/provision/work-orders/:id/start: the work starts (for a special adaptation: the manufacture,
 * after the risk analysis and, when a quote was sent, its approval). The ordering side gets 'workOrderStarted'.
 */
export async function startWorkOrder(ctx: Ctx, orderId: string, input: VersionInput): Promise<StepResult> {
  requireRole(ctx, ...WORK_ORDER_HANDLERS);
  return ctx.db.transaction(async (tx) => {
    const l = await lockWorkOrder(tx, ctx, orderId, input.version);
    const to = l.wo.specialAdaptation ? 'manufacturing' : 'started';
    const row = await moveWorkOrder(tx, ctx, l, to, { type: to === 'manufacturing' ? 'manufactureStarted' : 'workOrderStarted' }, { startedAt: ctx.now() });
    await recordContractEvent(tx, ctx, l.order, {}, { type: 'workOrderStarted' });
    await auditWorkOrder(tx, ctx, l, 'start');
    return stepResult(row);
  });
}
