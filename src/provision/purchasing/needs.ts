import { sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/client.ts';
import { CLOSED_STATES_SQL } from '../orders/line-states.ts';
import { rowsOf } from '../orders/order-store.ts';
import type { ProvisionLineState } from '../schema.ts';

/**
 * What a customer-order line still needs bought (issue 17 item 2). A line is covered by what was delivered and by
 * what is on purchase orders for it that are not cancelled:
 *
 * - unit-tracked: units reserved for it (received units are reserved at once) and what is still outstanding on
 *   its purchase-order lines (ordered − received − closed short);
 * - not unit-tracked: everything its purchase-order lines bought (ordered − closed short), received or not: the
 *   received quantity is in the stock ledger waiting for the line's delivery.
 *
 * A line whose goods were closed short, or whose purchase order was cancelled, needs buying again.
 */
export interface LineNeed {
  lineId: string;
  orderId: string;
  lineNumber: number;
  centreOrderNumber: string;
  customerName: string;
  articleId: string;
  articleNumber: string;
  articleName: string;
  unitTracked: boolean;
  stockForm: 'stock' | 'orderItem' | null;
  state: ProvisionLineState;
  quantity: number;
  deliveredQuantity: number;
  reserved: number;
  onOrder: number;
  need: number;
  dueDate: string | null;
  plannedDate: string | null;
  plannedDateRequiredAfter: string | null;
}

interface Raw {
  line_id: string;
  order_id: string;
  line_number: number;
  centre_order_number: string;
  customer_name: string;
  article_id: string;
  article_number: string;
  article_name: string;
  unit_tracked: boolean;
  stock_form: 'stock' | 'orderItem' | null;
  state: ProvisionLineState;
  quantity: number;
  delivered_quantity: number;
  reserved: number;
  on_order: number;
  due_date: string | null;
  planned_date: string | null;
  planned_date_required_after: string | null;
}

/** Open customer-order lines with an article and what they need: by id, or every order item (for the proposals). */
export async function lineNeeds(db: DbOrTx, filter: { lineIds?: readonly string[]; orderId?: string; orderItemsOnly?: boolean }): Promise<LineNeed[]> {
  const conds: SQL[] = [sql`o.order_type = 'customerOrder'`, sql`l.article_id IS NOT NULL`];
  if (filter.lineIds) {
    if (!filter.lineIds.length) return [];
    conds.push(
      sql`l.id IN (${sql.join(
        filter.lineIds.map((id) => sql`${id}::uuid`),
        sql`, `,
      )})`,
    );
  }
  if (filter.orderId) conds.push(sql`l.order_id = ${filter.orderId}`);
  if (filter.orderItemsOnly) conds.push(sql`l.stock_form = 'orderItem'`, sql`l.state NOT IN ${sql.raw(CLOSED_STATES_SQL)}`);
  const rows = rowsOf<Raw>(
    await db.execute(sql`
      SELECT l.id AS line_id, l.order_id, l.line_number, o.centre_order_number, o.customer_name, l.article_id, l.article_number, l.article_name,
             l.unit_tracked, l.stock_form, l.state, l.quantity, l.delivered_quantity, l.due_date::text AS due_date,
             l.planned_date::text AS planned_date, l.planned_date_required_after::text AS planned_date_required_after,
             (SELECT count(*) FROM provision_unit u WHERE u.reserved_for_line_id = l.id)::int AS reserved,
             coalesce((SELECT sum(CASE WHEN l.unit_tracked THEN greatest(pl.quantity - pl.received_quantity - pl.short_quantity, 0)
                                       ELSE pl.quantity - pl.short_quantity END)
                         FROM provision_purchase_order_line pl JOIN provision_purchase_order po ON po.id = pl.purchase_order_id
                        WHERE pl.order_line_id = l.id AND po.status <> 'cancelled'), 0)::int AS on_order
        FROM provision_order_line l JOIN provision_order o ON o.id = l.order_id
       WHERE ${sql.join(conds, sql` AND `)}
       ORDER BY coalesce(l.planned_date, l.due_date, '9999-12-31'::date), o.seq, l.line_number
       LIMIT 2000`),
  );
  return rows.map((r) => {
    const closed = (['delivered', 'cancelled', 'done'] as string[]).includes(r.state);
    const covered = r.delivered_quantity + (r.unit_tracked ? r.reserved : 0) + r.on_order;
    return {
      lineId: r.line_id,
      orderId: r.order_id,
      lineNumber: r.line_number,
      centreOrderNumber: r.centre_order_number,
      customerName: r.customer_name,
      articleId: r.article_id,
      articleNumber: r.article_number,
      articleName: r.article_name,
      unitTracked: r.unit_tracked,
      stockForm: r.stock_form,
      state: r.state,
      quantity: r.quantity,
      deliveredQuantity: r.delivered_quantity,
      reserved: r.reserved,
      onOrder: r.on_order,
      need: closed ? 0 : Math.max(0, r.quantity - covered),
      dueDate: r.due_date,
      plannedDate: r.planned_date,
      plannedDateRequiredAfter: r.planned_date_required_after,
    };
  });
}
