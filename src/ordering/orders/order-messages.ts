import { and, desc, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import type { Ctx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { requireOrderingActor } from './scope.ts';
import { orderingMessage, orderingOrder, orderingOrderEvent } from './schema.ts';

export const messageView = z.object({
  id: z.uuid(),
  kind: z.string(),
  createdAt: z.date(),
  read: z.boolean(),
  order: z.object({ id: z.uuid(), orderNumber: z.string().nullable(), orderType: z.string() }),
  /** The event's data: new date, reason, answer... */
  data: z.record(z.string(), z.unknown()),
});
export type MessageView = z.infer<typeof messageView>;

/** News on the prescriber's own orders (delayed, delivered, cancelled, answered), newest first. */
export async function listMessages(ctx: Ctx, q: { unread?: boolean; limit: number }): Promise<MessageView[]> {
  const actor = requireOrderingActor(ctx);
  const rows = await ctx.db
    .select({ m: orderingMessage, orderNumber: orderingOrder.orderNumber, orderType: orderingOrder.orderType, payload: orderingOrderEvent.payload })
    .from(orderingMessage)
    .innerJoin(orderingOrder, eq(orderingOrder.id, orderingMessage.orderId))
    .leftJoin(orderingOrderEvent, eq(orderingOrderEvent.eventId, orderingMessage.eventId))
    .where(and(eq(orderingMessage.userId, actor.userId), q.unread ? isNull(orderingMessage.readAt) : undefined))
    .orderBy(desc(orderingMessage.createdAt))
    .limit(q.limit);
  return rows.map(({ m, orderNumber, orderType, payload }) => {
    const { contractVersion: _v, eventId: _e, orderId: _o, sequence: _s, type: _t, ...data } = (payload ?? {}) as Record<string, unknown>;
    return { id: m.id, kind: m.kind, createdAt: m.createdAt, read: m.readAt !== null, order: { id: m.orderId, orderNumber, orderType }, data };
  });
}

export async function markMessageRead(ctx: Ctx, id: string): Promise<void> {
  const actor = requireOrderingActor(ctx);
  const done = await ctx.db
    .update(orderingMessage)
    .set({ readAt: ctx.now() })
    .where(and(eq(orderingMessage.id, id), eq(orderingMessage.userId, actor.userId)))
    .returning({ id: orderingMessage.id });
  if (!done.length) throw new AppError('NOT_FOUND', 'Meddelandet finns inte');
}
