import { eq } from 'drizzle-orm';
import { ContractRefused, parseOrderMessage, type CentreEndpoint } from '../../contract/index.ts';
import type { Database } from '../../platform/db/client.ts';
import type { JobHandler } from '../../platform/jobs/jobs.ts';
import { orderingMessage, orderingOrder, orderingOrderEvent, orderingOrderLine } from './schema.ts';
import { SEND_MESSAGE_JOB } from './submit-order.ts';

/**
 * The outbox worker's handler for the ordering side's messages: delivers one message to the centre.
 * A transport failure throws, and the worker retries with backoff. A refusal is final: the order is marked
 * refused (with the centre's reason on its timeline) and the prescriber is told, instead of retrying forever.
 */
export function orderingJobHandlers(deps: { database: Database; centre: CentreEndpoint }): Record<string, JobHandler> {
  return {
    [SEND_MESSAGE_JOB]: async (payload) => {
      const parsed = parseOrderMessage(payload);
      if (!parsed.ok) throw new Error(`outbox holds an invalid message: ${parsed.message}`);
      const message = parsed.value;
      try {
        await deps.centre.receive(message);
      } catch (err) {
        if (!(err instanceof ContractRefused)) throw err;
        const orderId = message.type === 'order.submit' ? message.order.orderId : message.orderId;
        await deps.database.db.transaction(async (tx) => {
          const [o] = await tx.select().from(orderingOrder).where(eq(orderingOrder.id, orderId)).for('update');
          if (!o) return;
          const eventId = crypto.randomUUID();
          await tx.insert(orderingOrderEvent).values({
            eventId,
            orderId,
            sequence: 0,
            type: 'refused',
            occurredAt: new Date(),
            payload: { code: err.code, message: err.message, messageType: message.type },
          });
          if (message.type === 'order.submit') {
            await tx.update(orderingOrder).set({ status: 'cancelled', updatedAt: new Date() }).where(eq(orderingOrder.id, orderId));
            await tx.update(orderingOrderLine).set({ status: 'cancelled', cancelReason: 'refused' }).where(eq(orderingOrderLine.orderId, orderId));
          }
          await tx.insert(orderingMessage).values({ userId: o.createdBy, orderId, eventId, kind: 'refused' });
        });
      }
    },
  };
}
