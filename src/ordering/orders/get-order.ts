import { and, eq } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { auditingRefusals } from '../patients/access.ts';
import { loadOrderView } from './load-order.ts';
import { requireOrderAccess } from './order-access.ts';
import type { OrderView } from './order-schemas.ts';
import { visibleOrders } from './scope.ts';
import { orderingOrder } from './schema.ts';

export const orderNotFound = () => new AppError('NOT_FOUND', 'Beställningen finns inte');

/**
 * One order with its lines and timeline. Reading it reads patient data: it takes the care provider's scope,
 * and for an order for a patient the author or a care relationship today (order-access.ts); audit-logged,
 * refusals too. Another user's draft is theirs until sent (404, as in the lists).
 */
export async function getOrder(ctx: Ctx, id: string): Promise<OrderView> {
  const visible = visibleOrders(ctx);
  return auditingRefusals(ctx, () =>
    ctx.db.transaction(async (tx) => {
      const [o] = await tx
        .select({
          id: orderingOrder.id,
          careProviderId: orderingOrder.careProviderId,
          patientId: orderingOrder.patientId,
          createdBy: orderingOrder.createdBy,
          status: orderingOrder.status,
        })
        .from(orderingOrder)
        .where(and(eq(orderingOrder.id, id), visible));
      if (!o || (o.status === 'draft' && o.createdBy !== ctx.actor!.userId)) throw orderNotFound();
      await requireOrderAccess(ctx, tx, o);
      return (await loadOrderView(tx, id))!;
    }),
  );
}
