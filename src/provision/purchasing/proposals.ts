import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { agreementView } from '../../catalogue/agreements/agreement-view.ts';
import { stockholmDateTime } from '../../platform/calendar/index.ts';
import { requireRole, type Ctx } from '../../platform/context.ts';
import type { DbOrTx } from '../../platform/db/client.ts';
import { swedishCollator } from '../../platform/i18n/sort-key.ts';
import { rowsOf } from '../orders/order-store.ts';
import { PURCHASE_READERS } from '../roles.ts';
import { buyOptions, noOptionText } from './agreements.ts';
import { receivingWarehouse } from './create-purchase-order.ts';
import { lineNeeds } from './needs.ts';
import { kronor, ore } from './purchase-views.ts';

export const proposalLineView = z.object({
  kind: z.enum(['orderLine', 'reorder']),
  articleId: z.uuid(),
  articleNumber: z.string(),
  articleName: z.string(),
  supplierArticleNumber: z.string().nullable(),
  unitTracked: z.boolean(),
  quantity: z.number().describe('Föreslaget antal'),
  unitPrice: z.string(),
  amount: z.string(),
  /** A waiting customer-order line (an order item) and what it still needs. */
  orderLine: z
    .object({
      orderId: z.uuid(),
      lineId: z.uuid(),
      centreOrderNumber: z.string(),
      lineNumber: z.number(),
      customerName: z.string(),
      dueDate: z.string().nullable(),
      plannedDate: z.string().nullable(),
    })
    .nullable(),
  /** Stock below its reorder point in the warehouse. */
  reorder: z.object({ inStock: z.number(), onOrder: z.number(), reorderPoint: z.number(), reorderQuantity: z.number() }).nullable(),
});
export const proposalGroupView = z.object({
  agreement: agreementView,
  warehouseId: z.uuid(),
  warehouseName: z.string(),
  lines: z.array(proposalLineView),
  total: z.string(),
  belowMinimum: z.boolean(),
});
export const proposalsView = z.object({
  groups: z.array(proposalGroupView),
  /** What needs buying but has no agreement in force to buy it under (cannot be ordered). */
  withoutAgreement: z.array(
    z.object({
      kind: z.enum(['orderLine', 'reorder']),
      articleId: z.uuid(),
      articleNumber: z.string(),
      articleName: z.string(),
      quantity: z.number(),
      warehouseName: z.string(),
      centreOrderNumber: z.string().nullable(),
      lineNumber: z.number().nullable(),
      reason: z.string(),
    }),
  ),
});
export type ProposalsView = z.infer<typeof proposalsView>;

interface ReorderRaw {
  warehouse_id: string;
  warehouse_name: string;
  article_id: string;
  article_number: string;
  article_name: string;
  unit_tracked: boolean;
  reorder_point: number;
  reorder_quantity: number;
  in_stock: number;
  on_order: number;
}

/**
 * The stock position of every article with a reorder point: in stock (units new or reconditioned in the warehouse,
 * or the ledger balance) and on order for stock (purchase-order lines not bound to a customer-order line, drafts
 * included, still outstanding).
 */
export async function reorderPositions(db: DbOrTx, warehouseId?: string) {
  const rows = rowsOf<ReorderRaw>(
    await db.execute(sql`
      SELECT r.warehouse_id, w.name AS warehouse_name, r.article_id, r.article_number, r.article_name, r.unit_tracked,
             r.reorder_point, r.reorder_quantity,
             (CASE WHEN r.unit_tracked
                   THEN (SELECT count(*) FROM provision_unit u WHERE u.warehouse_id = r.warehouse_id AND u.article_id = r.article_id
                            AND u.status IN ('newInStock', 'reconditionedInStock'))
                   ELSE coalesce((SELECT b.balance FROM provision_stock_balance b WHERE b.warehouse_id = r.warehouse_id AND b.article_id = r.article_id), 0)
              END)::int AS in_stock,
             coalesce((SELECT sum(greatest(pl.quantity - pl.received_quantity - pl.short_quantity, 0))
                         FROM provision_purchase_order_line pl JOIN provision_purchase_order po ON po.id = pl.purchase_order_id
                        WHERE pl.article_id = r.article_id AND po.warehouse_id = r.warehouse_id AND pl.order_line_id IS NULL
                          AND po.status IN ('draft', 'sent', 'partlyReceived')), 0)::int AS on_order
        FROM provision_reorder_point r JOIN provision_warehouse w ON w.id = r.warehouse_id
       ${warehouseId ? sql`WHERE r.warehouse_id = ${warehouseId}` : sql``}`),
  );
  return rows.map((r) => ({
    warehouseId: r.warehouse_id,
    warehouseName: r.warehouse_name,
    articleId: r.article_id,
    articleNumber: r.article_number,
    articleName: r.article_name,
    unitTracked: r.unit_tracked,
    reorderPoint: r.reorder_point,
    reorderQuantity: r.reorder_quantity,
    inStock: r.in_stock,
    onOrder: r.on_order,
  }));
}

/**
 * How much to order when the position (in stock + on order) is below the reorder point: the reorder quantity, or
 * the smallest multiple of it that brings the position back to the point.
 */
export function reorderQuantityFor(p: { inStock: number; onOrder: number; reorderPoint: number; reorderQuantity: number }): number {
  const position = p.inStock + p.onOrder;
  if (position >= p.reorderPoint) return 0;
  return Math.ceil((p.reorderPoint - position) / p.reorderQuantity) * p.reorderQuantity;
}

/**
 * GET /api/provision/purchasing/proposals: what to buy now (issue 17 item 2), like the buffer refill proposals —
 * every waiting order-item line that is not yet covered, and every article in a warehouse whose stock position is
 * below its reorder point, grouped by the agreement it is bought under and the receiving warehouse (one purchase
 * order each). Order-item lines are received into the central warehouse. What has no agreement in force is listed
 * apart: it cannot be ordered.
 */
export async function purchaseProposals(ctx: Ctx): Promise<ProposalsView> {
  requireRole(ctx, ...PURCHASE_READERS);
  const today = stockholmDateTime(ctx.now()).date;
  const needs = (await lineNeeds(ctx.db, { orderItemsOnly: true })).filter((n) => n.need > 0);
  const reorders = (await reorderPositions(ctx.db)).map((p) => ({ ...p, quantity: reorderQuantityFor(p) })).filter((p) => p.quantity > 0);
  const main = needs.length ? await receivingWarehouse(ctx.db, undefined) : null;
  const options = await buyOptions(ctx.db, [...needs.map((n) => n.articleId), ...reorders.map((r) => r.articleId)], today);

  const groups = new Map<string, z.infer<typeof proposalGroupView>>();
  const withoutAgreement: ProposalsView['withoutAgreement'] = [];
  const add = (
    warehouse: { id: string; name: string },
    articleId: string,
    line: Omit<z.infer<typeof proposalLineView>, 'unitPrice' | 'amount' | 'supplierArticleNumber'>,
  ) => {
    const c = options.get(articleId)!;
    if (!c.ok) {
      withoutAgreement.push({
        kind: line.kind,
        articleId,
        articleNumber: line.articleNumber,
        articleName: line.articleName,
        quantity: line.quantity,
        warehouseName: warehouse.name,
        centreOrderNumber: line.orderLine?.centreOrderNumber ?? null,
        lineNumber: line.orderLine?.lineNumber ?? null,
        reason: noOptionText(line.articleNumber, line.articleName, c),
      });
      return;
    }
    const o = c.option;
    const key = `${o.agreementId}|${warehouse.id}`;
    let g = groups.get(key);
    if (!g) {
      g = { agreement: o.agreement, warehouseId: warehouse.id, warehouseName: warehouse.name, lines: [], total: '0.00', belowMinimum: false };
      groups.set(key, g);
    }
    g.lines.push({
      ...line,
      supplierArticleNumber: o.supplierArticleNumber,
      unitPrice: Number(o.amount).toFixed(2),
      amount: kronor(line.quantity * ore(o.amount)),
    });
  };
  for (const n of needs)
    add({ id: main!.id, name: main!.name }, n.articleId, {
      kind: 'orderLine',
      articleId: n.articleId,
      articleNumber: n.articleNumber,
      articleName: n.articleName,
      unitTracked: n.unitTracked,
      quantity: n.need,
      orderLine: {
        orderId: n.orderId,
        lineId: n.lineId,
        centreOrderNumber: n.centreOrderNumber,
        lineNumber: n.lineNumber,
        customerName: n.customerName,
        dueDate: n.dueDate,
        plannedDate: n.plannedDate,
      },
      reorder: null,
    });
  for (const r of reorders)
    add({ id: r.warehouseId, name: r.warehouseName }, r.articleId, {
      kind: 'reorder',
      articleId: r.articleId,
      articleNumber: r.articleNumber,
      articleName: r.articleName,
      unitTracked: r.unitTracked,
      quantity: r.quantity,
      orderLine: null,
      reorder: { inStock: r.inStock, onOrder: r.onOrder, reorderPoint: r.reorderPoint, reorderQuantity: r.reorderQuantity },
    });
  const out = [...groups.values()].map((g) => {
    const total = g.lines.reduce((s, l) => s + ore(l.amount), 0);
    return { ...g, total: kronor(total), belowMinimum: g.agreement.minimumOrderAmount !== null && total < ore(g.agreement.minimumOrderAmount) };
  });
  out.sort(
    (a, b) =>
      swedishCollator.compare(a.agreement.supplierName, b.agreement.supplierName) ||
      a.agreement.agreementNumber.localeCompare(b.agreement.agreementNumber) ||
      swedishCollator.compare(a.warehouseName, b.warehouseName),
  );
  return { groups: out, withoutAgreement };
}
