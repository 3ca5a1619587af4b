import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { audit } from '../../platform/audit/audit.ts';
import { requireRole, type Ctx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { CUSTOMER_SERVICE } from '../roles.ts';
import { provisionOrder } from '../schema.ts';
import { recordContractEvent } from './order-events.ts';
import { lockOrder } from './order-store.ts';

export const acknowledgeResult = z.object({ orderId: z.uuid(), acknowledgedAt: z.string(), inTime: z.boolean() });

/**
 * POST /api/provision/orders/:id/acknowledge: customer service acknowledges an urgent order (due by 08:00
 * the next working day, config). Recorded with whether it was in time, for the quarterly follow-up, and sent to
 * the ordering side as the event 'acknowledged', shown on the prescriber's timeline.
 */
export async function acknowledgeUrgent(ctx: Ctx, orderId: string) {
  const actor = requireRole(ctx, ...CUSTOMER_SERVICE);
  return ctx.db.transaction(async (tx) => {
    const order = await lockOrder(tx, orderId);
    if (!order.urgent) throw new AppError('INVALID_TRANSITION', 'Ordern är inte akut');
    if (order.acknowledgedAt) throw new AppError('INVALID_TRANSITION', 'Ordern är redan kvitterad');
    const now = ctx.now();
    const inTime = !order.acknowledgeBy || now <= order.acknowledgeBy;
    await tx
      .update(provisionOrder)
      .set({ acknowledgedAt: now, acknowledgedBy: actor.userId, version: sql`${provisionOrder.version} + 1`, updatedAt: now })
      .where(eq(provisionOrder.id, orderId));
    // The acknowledgement is a confirmation to the prescriber (issue 15 item 5), through the contract's outbox.
    await recordContractEvent(
      tx,
      ctx,
      order,
      { data: { inTime, acknowledgeBy: order.acknowledgeBy?.toISOString() ?? null } },
      { type: 'acknowledged', acknowledgedAt: now.toISOString(), inTime },
    );
    await audit(tx, ctx, {
      action: 'provision.order.acknowledge',
      entityType: 'provision_order',
      entityId: orderId,
      careProviderId: order.careProviderId,
      details: { centreOrderNumber: order.centreOrderNumber, inTime },
    });
    return { orderId, acknowledgedAt: now.toISOString(), inTime };
  });
}
