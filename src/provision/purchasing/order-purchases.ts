import { asc, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import { stockholmDateTime } from '../../platform/calendar/index.ts';
import { requireRole, type Ctx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { ORDER_HANDLERS } from '../roles.ts';
import { provisionOrder } from '../schema.ts';
import { buyOptions, noOptionText } from './agreements.ts';
import { lineNeeds } from './needs.ts';
import { outstandingOf } from './purchase-views.ts';
import { provisionPurchaseOrder, provisionPurchaseOrderLine, purchaseOrderStatuses } from './schema.ts';

export const orderPurchasesView = z.object({
  lines: z.array(
    z.object({
      lineId: z.uuid(),
      /** What the line still needs bought (0 = covered by deliveries, reservations and purchase orders). */
      need: z.number(),
      /** The agreement a purchase would be made under, or why none can be made. */
      buyUnder: z
        .object({ agreementNumber: z.string(), supplierName: z.string(), unitPrice: z.string(), deliveryWorkingDays: z.number().nullable() })
        .nullable(),
      cannotBuy: z.string().nullable(),
      purchaseOrders: z.array(
        z.object({
          id: z.uuid(),
          number: z.string(),
          status: z.enum(purchaseOrderStatuses),
          supplierName: z.string(),
          quantity: z.number(),
          receivedQuantity: z.number(),
          outstanding: z.number(),
          expectedDate: z.string().nullable(),
          confirmedDate: z.string().nullable(),
        }),
      ),
    }),
  ),
});

/**
 * GET /api/provision/orders/:id/purchases: for the centre's order page, per customer-order line with an article, what
 * it still needs bought, the agreement it would be bought under, and the purchase orders made for it (issue 17 item 2).
 */
export async function orderPurchases(ctx: Ctx, orderId: string): Promise<z.infer<typeof orderPurchasesView>> {
  requireRole(ctx, ...ORDER_HANDLERS);
  const [o] = await ctx.db.select({ id: provisionOrder.id }).from(provisionOrder).where(eq(provisionOrder.id, orderId));
  if (!o) throw new AppError('NOT_FOUND', 'Ordern finns inte');
  const needs = await lineNeeds(ctx.db, { orderId });
  const today = stockholmDateTime(ctx.now()).date;
  const options = await buyOptions(
    ctx.db,
    needs.filter((n) => n.need > 0).map((n) => n.articleId),
    today,
  );
  const bought = needs.length
    ? await ctx.db
        .select({ line: provisionPurchaseOrderLine, po: provisionPurchaseOrder })
        .from(provisionPurchaseOrderLine)
        .innerJoin(provisionPurchaseOrder, eq(provisionPurchaseOrder.id, provisionPurchaseOrderLine.purchaseOrderId))
        .where(
          inArray(
            provisionPurchaseOrderLine.orderLineId,
            needs.map((n) => n.lineId),
          ),
        )
        .orderBy(asc(provisionPurchaseOrder.seq))
    : [];
  return {
    lines: needs.map((n) => {
      const c = n.need > 0 ? options.get(n.articleId) : undefined;
      return {
        lineId: n.lineId,
        need: n.need,
        buyUnder: c?.ok
          ? {
              agreementNumber: c.option.agreement.agreementNumber,
              supplierName: c.option.agreement.supplierName,
              unitPrice: Number(c.option.amount).toFixed(2),
              deliveryWorkingDays: c.option.agreement.deliveryWorkingDays,
            }
          : null,
        cannotBuy: c && !c.ok ? noOptionText(n.articleNumber, n.articleName, c) : null,
        purchaseOrders: bought
          .filter((b) => b.line.orderLineId === n.lineId)
          .map(({ line, po }) => ({
            id: po.id,
            number: po.number!,
            status: po.status,
            supplierName: po.supplierName,
            quantity: line.quantity,
            receivedQuantity: line.receivedQuantity,
            outstanding: po.status === 'cancelled' ? 0 : outstandingOf(line),
            expectedDate: po.expectedDate,
            confirmedDate: po.confirmedDate,
          })),
      };
    }),
  };
}
