import { and, eq } from 'drizzle-orm';
import { audit } from '../../platform/audit/audit.ts';
import type { Ctx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { loadOrderView } from './load-order.ts';
import type { OrderView } from './order-schemas.ts';
import { visibleOrders } from './scope.ts';
import { orderingOrder } from './schema.ts';

/** One order with its lines and timeline. Reading it reads patient data, so it is audit-logged. */
export async function getOrder(ctx: Ctx, id: string): Promise<OrderView> {
  const visible = visibleOrders(ctx);
  return ctx.db.transaction(async (tx) => {
    const [o] = await tx.select({ id: orderingOrder.id, careProviderId: orderingOrder.careProviderId, patientId: orderingOrder.patientId }).from(orderingOrder).where(and(eq(orderingOrder.id, id), visible));
    if (!o) throw new AppError('NOT_FOUND', 'Beställningen finns inte');
    const view = (await loadOrderView(tx, id))!;
    if (o.patientId) await audit(tx, ctx, { action: 'patient.read', entityType: 'order', entityId: id, careProviderId: o.careProviderId, patientRef: o.patientId, purpose: 'beställning' });
    return view;
  });
}
