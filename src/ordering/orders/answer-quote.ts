import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { CONTRACT_VERSION, type AnswerQuote } from '../../contract/index.ts';
import { audit } from '../../platform/audit/audit.ts';
import type { Ctx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { optionalText } from '../../platform/http/schemas.ts';
import { enqueue } from '../../platform/jobs/jobs.ts';
import { auditingRefusals } from '../patients/access.ts';
import { loadOrderView } from './load-order.ts';
import { requireOrderAccess } from './order-access.ts';
import type { OrderView } from './order-schemas.ts';
import { careProvidersVisible, requireOrderingActor } from './scope.ts';
import { orderingOrder, orderingOrderEvent } from './schema.ts';
import { SEND_MESSAGE_JOB } from './submit-order.ts';

export const answerQuoteInput = z.strictObject({
  approved: z.boolean().describe('true = offerten godkänns, false = avböjs (specialanpassningen stoppas)'),
  comment: optionalText(1000),
});

/** Whether the order has a quote from the centre that nobody has answered yet (quoteSent events outnumber answers). */
export function quoteAwaitingAnswer(events: readonly { type: string }[]): boolean {
  const sent = events.filter((e) => e.type === 'quoteSent').length;
  const answered = events.filter((e) => e.type === 'quoteAnswered').length;
  return sent > answered;
}

/**
 * POST /api/orders/:id/quote-answer: the cost-responsible's answer to the centre's quote for a special
 * adaptation (DOMAIN §4). A prescriber or orderer of the order's customer approves or declines it; the
 * answer goes to the centre as 'order.answerQuote' through the outbox and shows on the timeline at once.
 */
export async function answerQuote(ctx: Ctx, id: string, input: z.infer<typeof answerQuoteInput>): Promise<OrderView> {
  const actor = requireOrderingActor(ctx);
  const visible = careProvidersVisible(ctx);
  return auditingRefusals(ctx, () =>
    ctx.db.transaction(async (tx) => {
      const [o] = await tx.select().from(orderingOrder).where(eq(orderingOrder.id, id)).for('update');
      if (!o || (visible !== 'all' && !visible.includes(o.careProviderId) && o.createdBy !== actor.userId))
        throw new AppError('NOT_FOUND', 'Beställningen finns inte');
      if (!actor.customerIds.includes(o.customerId))
        throw new AppError('FORBIDDEN', 'Bara förskrivare och beställare hos beställningens kund kan svara på offerten');
      // The answer is the order with its patient: the author or a care relationship today (order-access.ts).
      await requireOrderAccess(ctx, tx, o, { purpose: 'quote-answer' });
      const events = await tx.select({ type: orderingOrderEvent.type }).from(orderingOrderEvent).where(eq(orderingOrderEvent.orderId, id));
      if (o.orderType !== 'workOrder' || !quoteAwaitingAnswer(events) || ['cancelled', 'done', 'delivered'].includes(o.status)) {
        throw new AppError('CONFLICT', 'Det finns ingen offert att svara på för beställningen');
      }
      const now = ctx.now();
      const message: AnswerQuote = {
        contractVersion: CONTRACT_VERSION,
        type: 'order.answerQuote',
        messageId: crypto.randomUUID(),
        sentAt: now.toISOString(),
        orderId: id,
        approved: input.approved,
        by: { userId: actor.userId, name: actor.name },
        comment: input.comment ?? null,
      };
      await tx.insert(orderingOrderEvent).values({
        eventId: message.messageId,
        orderId: id,
        sequence: 0,
        type: 'quoteAnswered',
        occurredAt: now,
        payload: { approved: input.approved, comment: input.comment ?? null, by: actor.name },
      });
      await enqueue(tx, SEND_MESSAGE_JOB, message, { maxAttempts: 50 });
      await audit(tx, ctx, {
        action: 'order.quote-answer',
        entityType: 'order',
        entityId: id,
        careProviderId: o.careProviderId,
        patientRef: o.patientId,
        details: { approved: input.approved },
      });
      return (await loadOrderView(tx, id))!;
    }),
  );
}
