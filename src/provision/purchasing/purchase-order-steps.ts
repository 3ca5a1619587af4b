import { and, asc, eq, sql } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.ts';
import type { DbOrTx } from '../../platform/db/client.ts';
import { AppError } from '../../platform/errors.ts';
import { isClosed } from '../orders/line-states.ts';
import { recordStep } from '../orders/order-events.ts';
import { lockLine, type LineRow, type OrderRow } from '../orders/order-store.ts';
import { type PurchaseLineRow, type PurchaseOrderRow, statusLabels } from './purchase-views.ts';
import { provisionPurchaseOrder, provisionPurchaseOrderLine } from './schema.ts';

/** Shared by the purchase-order steps: the version bump, the lines, and the waiting customer-order lines. */

export async function updatePurchaseOrder(tx: DbOrTx, po: PurchaseOrderRow, set: Partial<typeof provisionPurchaseOrder.$inferInsert>, now: Date) {
  const [row] = await tx
    .update(provisionPurchaseOrder)
    .set({ ...set, version: sql`${provisionPurchaseOrder.version} + 1`, updatedAt: now })
    .where(and(eq(provisionPurchaseOrder.id, po.id), eq(provisionPurchaseOrder.version, po.version)))
    .returning();
  if (!row) throw new AppError('CONFLICT', `Inköpsorder ${po.number} har just ändrats av någon annan. Ladda om sidan.`);
  return row;
}

export async function linesOf(tx: DbOrTx, purchaseOrderId: string): Promise<PurchaseLineRow[]> {
  return tx
    .select()
    .from(provisionPurchaseOrderLine)
    .where(eq(provisionPurchaseOrderLine.purchaseOrderId, purchaseOrderId))
    .orderBy(asc(provisionPurchaseOrderLine.lineNumber));
}

export function requireStatus(po: PurchaseOrderRow, allowed: readonly PurchaseOrderRow['status'][], what: string) {
  if (!allowed.includes(po.status)) throw new AppError('INVALID_TRANSITION', `Inköpsorder ${po.number} är ${statusLabels[po.status]}: ${what}`);
}

/**
 * The open customer-order lines a purchase order's lines are for, each locked (its order first) in a fixed order:
 * by order id, then line id. The purchase order is locked before them, always, so two steps never lock the other way.
 */
export async function lockWaitingLines(
  tx: DbOrTx,
  lines: readonly PurchaseLineRow[],
): Promise<{ purchaseLine: PurchaseLineRow; order: OrderRow; line: LineRow }[]> {
  const bound = lines
    .filter((l) => l.orderLineId && l.orderId)
    .sort((a, b) => (a.orderId! < b.orderId! ? -1 : a.orderId! > b.orderId! ? 1 : a.orderLineId! < b.orderLineId! ? -1 : 1));
  const out = [];
  for (const purchaseLine of bound) {
    const { order, line } = await lockLine(tx, purchaseLine.orderLineId!);
    if (order.orderType !== 'customerOrder' || isClosed(line.state)) continue;
    out.push({ purchaseLine, order, line });
  }
  return out;
}

/** A step on the waiting line's order stream (no message to the ordering side): what purchasing did for it. */
export const purchaseStep = (tx: DbOrTx, ctx: Ctx, orderId: string, lineId: string, type: string, data: Record<string, unknown>) =>
  recordStep(tx, ctx, { orderId, lineId, type, data });
