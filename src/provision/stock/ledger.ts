import { and, eq, sql } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.ts';
import type { DbOrTx } from '../../platform/db/client.ts';
import { AppError } from '../../platform/errors.ts';
import { provisionStockBalance, provisionStockTransaction, provisionWarehouse } from '../schema.ts';

export type StockKind = (typeof provisionStockTransaction.$inferInsert)['kind'];

export interface StockPosting {
  warehouseId: string;
  article: { id: string; articleNumber: string; name: string };
  /** Positive in, negative out. */
  quantity: number;
  kind: StockKind;
  orderId?: string | null;
  lineId?: string | null;
  note?: string | null;
  /**
   * A receipt's purchase cost per piece, in kronor. Incoming quantities with a cost move the balance's average
   * cost (the moving weighted average); everything else (deliveries, returns, adjustments, receipts without a
   * cost) moves at the average cost as it stands, which the ledger entry keeps.
   */
  unitCost?: number | null;
}

/**
 * Posts one transaction to the stock ledger and moves the balance with it, in the caller's transaction.
 * The balance row is updated only if it stays at or above zero, so two withdrawals at once are serialised
 * by its row lock and the second gets INSUFFICIENT_STOCK rather than a negative balance.
 */
export async function postStock(tx: DbOrTx, ctx: Ctx, p: StockPosting): Promise<number> {
  if (!Number.isInteger(p.quantity) || p.quantity === 0) throw new AppError('VALIDATION', 'Antalet ska vara ett heltal skilt från noll');
  const [wh] = await tx
    .select({ name: provisionWarehouse.name, active: provisionWarehouse.active })
    .from(provisionWarehouse)
    .where(eq(provisionWarehouse.id, p.warehouseId));
  if (!wh) throw new AppError('VALIDATION', 'Lagret finns inte', { issues: [{ path: 'warehouseId', code: 'unknown', message: 'okänt lager' }] });
  if (p.unitCost !== undefined && p.unitCost !== null && (!(p.unitCost >= 0) || p.quantity < 0))
    throw new AppError('VALIDATION', 'Ett inköpspris gäller bara det som kommer in och kan inte vara negativt');
  const now = ctx.now();
  const where = and(eq(provisionStockBalance.warehouseId, p.warehouseId), eq(provisionStockBalance.articleId, p.article.id));
  const cost = p.unitCost ?? null;
  // The new average: (old quantity × old average + quantity × cost) / new quantity; an old balance without a known
  // cost counts at the new cost. Four decimals, so a run of deliveries does not drift the value by rounding.
  const averaged =
    cost === null
      ? sql`${provisionStockBalance.averageCost}`
      : sql`round((${provisionStockBalance.balance} * coalesce(${provisionStockBalance.averageCost}, ${cost}::numeric) + ${p.quantity} * ${cost}::numeric) / (${provisionStockBalance.balance} + ${p.quantity}), 4)`;
  let [row] = await tx
    .update(provisionStockBalance)
    .set({ balance: sql`${provisionStockBalance.balance} + ${p.quantity}`, averageCost: averaged, updatedAt: now })
    .where(and(where, sql`${provisionStockBalance.balance} + ${p.quantity} >= 0`))
    .returning({ balance: provisionStockBalance.balance, averageCost: provisionStockBalance.averageCost });
  if (!row && p.quantity > 0) {
    [row] = await tx
      .insert(provisionStockBalance)
      .values({
        warehouseId: p.warehouseId,
        articleId: p.article.id,
        articleNumber: p.article.articleNumber,
        articleName: p.article.name,
        balance: p.quantity,
        averageCost: cost === null ? null : cost.toFixed(4),
        updatedAt: now,
      })
      .onConflictDoUpdate({
        target: [provisionStockBalance.warehouseId, provisionStockBalance.articleId],
        set: { balance: sql`${provisionStockBalance.balance} + ${p.quantity}`, averageCost: averaged, updatedAt: now },
      })
      .returning({ balance: provisionStockBalance.balance, averageCost: provisionStockBalance.averageCost });
  }
  if (!row) {
    const [current] = await tx.select({ balance: provisionStockBalance.balance }).from(provisionStockBalance).where(where);
    throw new AppError(
      'INSUFFICIENT_STOCK',
      `Saldot för ${p.article.articleNumber} ${p.article.name} i ${wh.name} är ${current?.balance ?? 0}; ${-p.quantity} behövs`,
      { balance: current?.balance ?? 0 },
    );
  }
  await tx.insert(provisionStockTransaction).values({
    warehouseId: p.warehouseId,
    articleId: p.article.id,
    quantity: p.quantity,
    kind: p.kind,
    orderId: p.orderId ?? null,
    lineId: p.lineId ?? null,
    note: p.note ?? null,
    // A receipt keeps its own cost; anything else moves at the average, which it leaves as it was.
    unitCost: cost !== null ? cost.toFixed(4) : row.averageCost,
    at: now,
    actorUserId: ctx.actor?.userId ?? null,
  });
  return row.balance;
}
