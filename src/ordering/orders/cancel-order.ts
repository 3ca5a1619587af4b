import { and, eq } from 'drizzle-orm';
import { CONTRACT_VERSION, type CancelOrder } from '../../contract/index.ts';
import { audit } from '../../platform/audit/audit.ts';
import type { Ctx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { enqueue } from '../../platform/jobs/jobs.ts';
import { auditingRefusals } from '../patients/access.ts';
import { isCancellable, loadOrderView } from './load-order.ts';
import { requireOrderAccess } from './order-access.ts';
import type { OrderView } from './order-schemas.ts';
import { careProvidersVisible } from './scope.ts';
import { orderingOrder, orderingOrderEvent, orderingOrderLine } from './schema.ts';
import { SEND_MESSAGE_JOB } from './submit-order.ts';

/**
 * Asks the centre to cancel a submitted order (DOMAIN §4: where the rules allow — the type is cancellable and
 * nothing has been delivered, picked up or started). The order shows "cancellation requested" until the
 * centre confirms with a 'cancelled' event; the centre may refuse if it has already acted.
 */
export async function cancelOrder(ctx: Ctx, id: string, input: { comment?: string | null }): Promise<OrderView> {
  const visible = careProvidersVisible(ctx);
  return auditingRefusals(ctx, () =>
    ctx.db.transaction(async (tx) => {
      const [o] = await tx.select().from(orderingOrder).where(eq(orderingOrder.id, id)).for('update');
      if (!o || (visible !== 'all' && !visible.includes(o.careProviderId) && o.createdBy !== ctx.actor!.userId))
        throw new AppError('NOT_FOUND', 'Beställningen finns inte');
      // The answer is the order with its patient: the author or a care relationship today (order-access.ts).
      await requireOrderAccess(ctx, tx, o, { purpose: 'order-cancellation' });
      if (o.status === 'draft') throw new AppError('CONFLICT', 'Ett utkast tas bort, det makuleras inte');
      const lines = await tx.select().from(orderingOrderLine).where(eq(orderingOrderLine.orderId, id));
      const pending = await tx
        .select({ id: orderingOrderEvent.eventId })
        .from(orderingOrderEvent)
        .where(and(eq(orderingOrderEvent.orderId, id), eq(orderingOrderEvent.type, 'cancelRequested')));
      // Asked once already: the centre's answer is on its way; asking again sends nothing new.
      if (pending.length) return (await loadOrderView(tx, id))!;
      if (!isCancellable(o, lines))
        throw new AppError('CONFLICT', 'Beställningen kan inte makuleras längre: den är redan levererad, påbörjad eller avslutad. Kontakta kundtjänst.');
      const now = ctx.now();
      const message: CancelOrder = {
        contractVersion: CONTRACT_VERSION,
        type: 'order.cancel',
        messageId: crypto.randomUUID(),
        sentAt: now.toISOString(),
        orderId: id,
        lineIds: null,
        reason: 'requestedByCustomer',
        comment: input.comment ?? null,
      };
      await tx.insert(orderingOrderEvent).values({
        eventId: message.messageId,
        orderId: id,
        sequence: 0,
        type: 'cancelRequested',
        occurredAt: now,
        payload: { comment: input.comment ?? null, by: ctx.actor!.name },
      });
      await enqueue(tx, SEND_MESSAGE_JOB, message, { maxAttempts: 50 });
      await audit(tx, ctx, { action: 'order.cancel-request', entityType: 'order', entityId: id, careProviderId: o.careProviderId, patientRef: o.patientId });
      return (await loadOrderView(tx, id))!;
    }),
  );
}
