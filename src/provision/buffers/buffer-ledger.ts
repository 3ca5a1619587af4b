import { and, eq, sql } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.ts';
import type { DbOrTx } from '../../platform/db/client.ts';
import { AppError } from '../../platform/errors.ts';
import { provisionBufferUnit } from '../buffer-withdrawals/schema.ts';
import { rowsOf } from '../orders/order-store.ts';
import { provisionUnit } from '../schema.ts';
import { provisionBufferLevel, provisionBufferTransaction, type BufferTransactionKind } from './schema.ts';

/**
 * The buffer stores' quantities, for this folder and for buffer withdrawals (src/provision/buffer-withdrawals):
 *
 * - `bufferQuantity(db, storeId, articleId)`: what the store holds of the article now — the ledger balance of
 *   an article that is not unit-tracked, or the number of units placed there (provision_buffer_unit).
 * - `postBufferTransaction(tx, ctx, posting)`: a change of quantity in the caller's transaction. A withdrawal
 *   of a non-unit-tracked article posts a negative quantity (refused with INSUFFICIENT_STOCK rather than going
 *   below zero). A unit-tracked article's quantity is the units placed, so a unit taken out (its
 *   provision_buffer_unit row removed) lowers it by itself; posting -1 with its unitId only records it in
 *   the ledger.
 */
export interface BufferPosting {
  bufferStoreId: string;
  article: { id: string; articleNumber: string; name: string; unitTracked: boolean };
  /** Positive in, negative out. */
  quantity: number;
  kind: BufferTransactionKind;
  unitId?: string | null;
  orderId?: string | null;
  lineId?: string | null;
  proposalId?: string | null;
  note?: string | null;
}

export async function bufferQuantity(db: DbOrTx, bufferStoreId: string, articleId: string): Promise<number> {
  return (await bufferQuantities(db, bufferStoreId)).get(articleId) ?? 0;
}

/** Every article's quantity in one store: ledger balances and units placed. */
export async function bufferQuantities(db: DbOrTx, bufferStoreId: string): Promise<Map<string, number>> {
  const rows = rowsOf<{ article_id: string; quantity: number }>(
    await db.execute(sql`
      SELECT article_id, sum(q)::int AS quantity FROM (
        SELECT article_id, quantity AS q FROM provision_buffer_level WHERE buffer_store_id = ${bufferStoreId} AND NOT unit_tracked
        UNION ALL
        SELECT u.article_id, 1 FROM ${provisionBufferUnit} b JOIN ${provisionUnit} u ON u.id = b.unit_id WHERE b.buffer_store_id = ${bufferStoreId}
      ) s GROUP BY article_id`),
  );
  return new Map(rows.map((r) => [r.article_id, Number(r.quantity)]));
}

export async function postBufferTransaction(tx: DbOrTx, ctx: Ctx, p: BufferPosting): Promise<number> {
  if (!Number.isInteger(p.quantity) || p.quantity === 0) throw new AppError('VALIDATION', 'Antalet ska vara ett heltal skilt från noll');
  if (p.article.unitTracked && (!p.unitId || Math.abs(p.quantity) !== 1))
    throw new Error('a unit-tracked article moves in or out of a buffer store one unit at a time, with its unitId');
  const now = ctx.now();
  const where = and(eq(provisionBufferLevel.bufferStoreId, p.bufferStoreId), eq(provisionBufferLevel.articleId, p.article.id));
  let quantity: number;
  if (p.article.unitTracked) {
    // The level row exists so the store's article list shows it; the count is the units placed.
    await tx
      .insert(provisionBufferLevel)
      .values({
        bufferStoreId: p.bufferStoreId,
        articleId: p.article.id,
        articleNumber: p.article.articleNumber,
        articleName: p.article.name,
        unitTracked: true,
        updatedAt: now,
      })
      .onConflictDoNothing();
    quantity = await bufferQuantity(tx, p.bufferStoreId, p.article.id);
  } else {
    let [row] = await tx
      .update(provisionBufferLevel)
      .set({ quantity: sql`${provisionBufferLevel.quantity} + ${p.quantity}`, updatedAt: now })
      .where(and(where, sql`${provisionBufferLevel.quantity} + ${p.quantity} >= 0`))
      .returning({ quantity: provisionBufferLevel.quantity });
    if (!row && p.quantity > 0) {
      [row] = await tx
        .insert(provisionBufferLevel)
        .values({
          bufferStoreId: p.bufferStoreId,
          articleId: p.article.id,
          articleNumber: p.article.articleNumber,
          articleName: p.article.name,
          unitTracked: false,
          quantity: p.quantity,
          updatedAt: now,
        })
        .onConflictDoUpdate({
          target: [provisionBufferLevel.bufferStoreId, provisionBufferLevel.articleId],
          set: { quantity: sql`${provisionBufferLevel.quantity} + ${p.quantity}`, updatedAt: now },
        })
        .returning({ quantity: provisionBufferLevel.quantity });
    }
    if (!row) {
      const [current] = await tx.select({ quantity: provisionBufferLevel.quantity }).from(provisionBufferLevel).where(where);
      throw new AppError(
        'INSUFFICIENT_STOCK',
        `Buffertförrådet har ${current?.quantity ?? 0} av ${p.article.articleNumber} ${p.article.name}; ${-p.quantity} behövs`,
        {
          balance: current?.quantity ?? 0,
        },
      );
    }
    quantity = row.quantity;
  }
  await tx.insert(provisionBufferTransaction).values({
    bufferStoreId: p.bufferStoreId,
    articleId: p.article.id,
    quantity: p.quantity,
    kind: p.kind,
    unitId: p.unitId ?? null,
    orderId: p.orderId ?? null,
    lineId: p.lineId ?? null,
    proposalId: p.proposalId ?? null,
    note: p.note ?? null,
    at: now,
    actorUserId: ctx.actor?.userId ?? null,
  });
  return quantity;
}
