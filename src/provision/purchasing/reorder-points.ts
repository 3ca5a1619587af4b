import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { articleFactsById } from '../../catalogue/articles/articles-by-number.ts';
import { audit } from '../../platform/audit/audit.ts';
import { requireRole, type Ctx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { swedishCollator } from '../../platform/i18n/sort-key.ts';
import { PURCHASE_READERS, PURCHASERS } from '../roles.ts';
import { receivingWarehouse } from './create-purchase-order.ts';
import { reorderPositions, reorderQuantityFor } from './proposals.ts';
import { provisionReorderPoint } from './schema.ts';

export const reorderPointParams = z.strictObject({ warehouseId: z.uuid(), articleId: z.uuid() });
export const reorderPointInput = z.strictObject({
  reorderPoint: z
    .int({ error: 'ange ett heltal' })
    .min(0, 'beställningspunkten är minst 0')
    .max(100_000)
    .describe('Förslag görs när lager + beställt är under detta'),
  reorderQuantity: z.int({ error: 'ange ett heltal' }).min(1, 'beställningskvantiteten är minst 1').max(100_000).describe('Antal att beställa åt gången'),
});
export const reorderPointQuery = z.strictObject({ warehouseId: z.uuid().optional() });

export const reorderPointView = z.object({
  warehouseId: z.uuid(),
  warehouseName: z.string(),
  articleId: z.uuid(),
  articleNumber: z.string(),
  articleName: z.string(),
  unitTracked: z.boolean(),
  reorderPoint: z.number(),
  reorderQuantity: z.number(),
  inStock: z.number(),
  onOrder: z.number(),
  /** What a proposal would order now (0 = the position is at or above the point). */
  proposed: z.number(),
});

/** GET /api/provision/purchasing/reorder-points: every reorder point with the stock position, by warehouse and article name. */
export async function listReorderPoints(ctx: Ctx, q: z.infer<typeof reorderPointQuery>) {
  requireRole(ctx, ...PURCHASE_READERS);
  return (await reorderPositions(ctx.db, q.warehouseId))
    .map((p) => ({ ...p, proposed: reorderQuantityFor(p) }))
    .sort((a, b) => swedishCollator.compare(a.warehouseName, b.warehouseName) || swedishCollator.compare(a.articleName, b.articleName));
}

/**
 * PUT /api/provision/purchasing/reorder-points/:warehouseId/:articleId: the reorder point and quantity of a stock
 * article in a warehouse (issue 17 item 2). An order item (bought per order) gets none: it is never kept in stock.
 */
export async function setReorderPoint(ctx: Ctx, params: z.infer<typeof reorderPointParams>, input: z.infer<typeof reorderPointInput>) {
  const actor = requireRole(ctx, ...PURCHASERS);
  return ctx.db.transaction(async (tx) => {
    const wh = await receivingWarehouse(tx, params.warehouseId, 'params.warehouseId');
    const a = (await articleFactsById(tx, [params.articleId])).get(params.articleId);
    if (!a || a.removed)
      throw new AppError('VALIDATION', 'Artikeln finns inte', { issues: [{ path: 'params.articleId', code: 'unknown', message: 'okänd artikel' }] });
    if (a.stockForm === 'orderItem')
      throw new AppError('VALIDATION', `${a.articleNumber} ${a.name} är en beställningsvara: den köps in per order och hålls inte i lager`, {
        issues: [{ path: 'params.articleId', code: 'invalid', message: 'beställningsvara' }],
      });
    const now = ctx.now();
    await tx
      .insert(provisionReorderPoint)
      .values({
        warehouseId: wh.id,
        articleId: a.id,
        articleNumber: a.articleNumber,
        articleName: a.name,
        unitTracked: a.unitTracked,
        reorderPoint: input.reorderPoint,
        reorderQuantity: input.reorderQuantity,
        updatedAt: now,
        updatedBy: actor.userId,
      })
      .onConflictDoUpdate({
        target: [provisionReorderPoint.warehouseId, provisionReorderPoint.articleId],
        set: {
          reorderPoint: input.reorderPoint,
          reorderQuantity: input.reorderQuantity,
          articleNumber: a.articleNumber,
          articleName: a.name,
          version: sql`${provisionReorderPoint.version} + 1`,
          updatedAt: now,
          updatedBy: actor.userId,
        },
      });
    await audit(tx, ctx, {
      action: 'provision.reorder-point.set',
      entityType: 'article',
      entityId: a.id,
      details: { warehouse: wh.code, articleNumber: a.articleNumber, reorderPoint: input.reorderPoint, reorderQuantity: input.reorderQuantity },
    });
    const [p] = (await reorderPositions(tx, wh.id)).filter((r) => r.articleId === a.id);
    return { ...p!, proposed: reorderQuantityFor(p!) };
  });
}

/** DELETE /api/provision/purchasing/reorder-points/:warehouseId/:articleId: the article is no longer refilled by proposal there. */
export async function removeReorderPoint(ctx: Ctx, params: z.infer<typeof reorderPointParams>) {
  requireRole(ctx, ...PURCHASERS);
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .delete(provisionReorderPoint)
      .where(and(eq(provisionReorderPoint.warehouseId, params.warehouseId), eq(provisionReorderPoint.articleId, params.articleId)))
      .returning();
    if (!row) throw new AppError('NOT_FOUND', 'Artikeln har ingen beställningspunkt i lagret');
    await audit(tx, ctx, {
      action: 'provision.reorder-point.remove',
      entityType: 'article',
      entityId: params.articleId,
      details: { warehouseId: params.warehouseId, articleNumber: row.articleNumber },
    });
    return { ok: true as const };
  });
}
