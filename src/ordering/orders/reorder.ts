import { and, asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { customerById } from '../../administration/organisation/customers.ts';
import { articlesForOrdering } from '../../catalogue/articles/articles-for-ordering.ts';
import { audit } from '../../platform/audit/audit.ts';
import type { Ctx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { auditingRefusals, requirePatientAccess } from '../patients/access.ts';
import { profilePhone } from './create-draft.ts';
import { orderNotFound } from './get-order.ts';
import { loadOrderView } from './load-order.ts';
import { requireOrderAccess } from './order-access.ts';
import { orderView, type DeliveryInput, type OrderView } from './order-schemas.ts';
import { orderingCustomer, requireOrderingActor, visibleOrders } from './scope.ts';
import { orderingOrder, orderingOrderLine } from './schema.ts';

export const reorderResult = z.object({
  order: orderView,
  /** Lines of the earlier order that were left out: their article can no longer be ordered. */
  skipped: z.array(z.object({ lineNumber: z.number(), articleNumber: z.string().nullable(), articleName: z.string().nullable() })),
});
export type ReorderResult = z.infer<typeof reorderResult>;

/**
 * "Beställ igen" (issue 16 item 6): a new draft with the lines of an earlier customer order, for the same
 * patient, customer and delivery, with the actor as contact (their profile's phone). Lines whose article is no
 * longer published and orderable are left out and named; an accessory whose main device was left out loses the
 * link. Reading the earlier order takes what reading it takes (order-access.ts), and the new draft for the
 * patient takes a care relationship today, as any new order does. The message to the centre is not copied:
 * it was about that delivery.
 */
export async function reorder(ctx: Ctx, sourceId: string): Promise<ReorderResult> {
  const actor = requireOrderingActor(ctx);
  const visible = visibleOrders(ctx);
  return auditingRefusals(ctx, () =>
    ctx.db.transaction(async (tx) => {
      const [src] = await tx
        .select()
        .from(orderingOrder)
        .where(and(eq(orderingOrder.id, sourceId), visible));
      if (!src || (src.status === 'draft' && src.createdBy !== actor.userId)) throw orderNotFound();
      await requireOrderAccess(ctx, tx, src);
      if (src.orderType !== 'customerOrder') throw new AppError('VALIDATION', 'Bara en kundorder kan beställas igen');
      const customerId = actor.customerIds.includes(src.customerId) ? src.customerId : orderingCustomer(ctx, null);
      const customer = await customerById(tx, customerId);
      if (!customer || !customer.active) throw new AppError('CONFLICT', 'Kunden är inte längre aktiv; välj en annan kund');
      if (src.patientId) await requirePatientAccess(ctx, tx, src.patientId);

      const lines = await tx.select().from(orderingOrderLine).where(eq(orderingOrderLine.orderId, src.id)).orderBy(asc(orderingOrderLine.lineNumber));
      const articles = await articlesForOrdering(
        tx,
        lines.flatMap((l) => (l.articleId ? [l.articleId] : [])),
      );
      const ok = (l: (typeof lines)[number]) => {
        const a = l.articleId ? articles.get(l.articleId) : undefined;
        return !!a && a.published && a.orderable;
      };
      const kept = lines.filter(ok);
      const skipped = lines.filter((l) => !ok(l)).map((l) => ({ lineNumber: l.lineNumber, articleNumber: l.articleNumber, articleName: l.articleName }));
      if (kept.length === 0)
        throw new AppError('VALIDATION', 'Inget av hjälpmedlen i beställningen kan beställas längre', {
          issues: [{ path: 'lines', code: 'none_orderable', message: 'inga beställningsbara rader' }],
        });

      const d = src.delivery as DeliveryInput;
      const sameCustomer = customer.id === src.customerId;
      const deliveryStillValid =
        (d.kind === 'patientAddress' && !!src.patientId) ||
        d.kind === 'otherAddress' ||
        (d.kind === 'deliveryPoint' && sameCustomer && customer.addresses.some((a) => a.id === d.deliveryAddressId)) ||
        (d.kind === 'bufferStore' && sameCustomer && customer.bufferStores.some((b) => b.id === d.bufferStoreId && b.active));
      const delivery: DeliveryInput = deliveryStillValid ? d : src.patientId ? { kind: 'patientAddress' } : { kind: 'none' };

      const now = ctx.now();
      const [created] = await tx
        .insert(orderingOrder)
        .values({
          orderType: 'customerOrder',
          customerId: customer.id,
          customerNumber: customer.customerNumber,
          customerName: customer.name,
          careProviderId: customer.careProviderId,
          createdBy: actor.userId,
          createdByName: actor.name,
          patientId: src.patientId,
          delivery,
          contactName: actor.name,
          contactPhone: await profilePhone(tx, actor.userId),
          createdAt: now,
          updatedAt: now,
        })
        .returning({ id: orderingOrder.id });
      const ids = new Map(kept.map((l) => [l.id, crypto.randomUUID()]));
      await tx.insert(orderingOrderLine).values(
        kept.map((l, i) => {
          const a = articles.get(l.articleId!)!;
          return {
            id: ids.get(l.id)!,
            orderId: created!.id,
            lineNumber: i + 1,
            articleId: a.id,
            articleNumber: a.articleNumber,
            articleName: a.name,
            quantity: l.quantity,
            accessoryForLineId: l.accessoryForLineId ? (ids.get(l.accessoryForLineId) ?? null) : null,
          };
        }),
      );
      await audit(tx, ctx, {
        action: 'order.create-draft',
        entityType: 'order',
        entityId: created!.id,
        careProviderId: customer.careProviderId,
        patientRef: src.patientId,
        details: { reorderOf: src.id, lines: kept.length, skipped: skipped.length },
      });
      const order: OrderView = (await loadOrderView(tx, created!.id))!;
      return { order, skipped };
    }),
  );
}
