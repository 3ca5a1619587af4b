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
  const now = ctx.now();
  const where = and(eq(provisionStockBalance.warehouseId, p.warehouseId), eq(provisionStockBalance.articleId, p.article.id));
  let [row] = await tx
    .update(provisionStockBalance)
    .set({ balance: sql`${provisionStockBalance.balance} + ${p.quantity}`, updatedAt: now })
    .where(and(where, sql`${provisionStockBalance.balance} + ${p.quantity} >= 0`))
    .returning({ balance: provisionStockBalance.balance });
  if (!row && p.quantity > 0) {
    [row] = await tx
      .insert(provisionStockBalance)
      .values({
        warehouseId: p.warehouseId,
        articleId: p.article.id,
        articleNumber: p.article.articleNumber,
        articleName: p.article.name,
        balance: p.quantity,
        updatedAt: now,
      })
      .onConflictDoUpdate({
        target: [provisionStockBalance.warehouseId, provisionStockBalance.articleId],
        set: { balance: sql`${provisionStockBalance.balance} + ${p.quantity}`, updatedAt: now },
      })
      .returning({ balance: provisionStockBalance.balance });
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
    at: now,
    actorUserId: ctx.actor?.userId ?? null,
  });
  return row.balance;
}
