import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { articleFactsById } from '../../catalogue/articles/articles-by-number.ts';
import { audit } from '../../platform/audit/audit.ts';
import { requireRole, type Ctx } from '../../platform/context.ts';
import type { DbOrTx } from '../../platform/db/client.ts';
import { AppError } from '../../platform/errors.ts';
import { CENTRE_READERS, EQUIVALENT_EDITORS } from '../roles.ts';
import { provisionEquivalent } from '../schema.ts';

/**
 * Equivalence for the replacement chain: an order line for an article may be filled with a unit of the
 * same article or of an article configured as equivalent (same function, e.g. the previous model).
 */
export async function equivalentArticleIds(db: DbOrTx, articleId: string): Promise<string[]> {
  const rows = await db.select({ id: provisionEquivalent.equivalentArticleId }).from(provisionEquivalent).where(eq(provisionEquivalent.articleId, articleId));
  return [articleId, ...rows.map((r) => r.id)];
}

export const equivalentsInput = z.strictObject({ equivalentArticleIds: z.array(z.uuid()).max(100) });
export const equivalentsView = z.object({
  articleId: z.uuid(),
  equivalents: z.array(z.object({ id: z.uuid(), articleNumber: z.string(), name: z.string() })),
});
export type EquivalentsView = z.infer<typeof equivalentsView>;

async function view(db: DbOrTx, articleId: string): Promise<EquivalentsView> {
  const ids = (await equivalentArticleIds(db, articleId)).slice(1);
  const facts = await articleFactsById(db, ids);
  return {
    articleId,
    equivalents: ids.flatMap((id) => (facts.get(id) ? [{ id, articleNumber: facts.get(id)!.articleNumber, name: facts.get(id)!.name }] : [])),
  };
}

/** GET /api/provision/equivalents/:articleId */
export async function getEquivalents(ctx: Ctx, articleId: string): Promise<EquivalentsView> {
  requireRole(ctx, ...CENTRE_READERS);
  return view(ctx.db, articleId);
}

/** PUT /api/provision/equivalents/:articleId: replaces the list of articles that may fill an order for the article. */
export async function setEquivalents(ctx: Ctx, articleId: string, input: z.infer<typeof equivalentsInput>): Promise<EquivalentsView> {
  requireRole(ctx, ...EQUIVALENT_EDITORS);
  const ids = [...new Set(input.equivalentArticleIds)].filter((id) => id !== articleId);
  return ctx.db.transaction(async (tx) => {
    const facts = await articleFactsById(tx, [articleId, ...ids]);
    if (!facts.has(articleId)) throw new AppError('NOT_FOUND', 'Artikeln finns inte');
    const missing = ids.filter((id) => !facts.has(id));
    if (missing.length)
      throw new AppError('VALIDATION', 'En eller flera artiklar finns inte', {
        issues: [
          { path: 'body.equivalentArticleIds', code: 'unknown', message: `okända artiklar: ${missing.join(', ')}`, params: { value: missing.join(', ') } },
        ],
      });
    await tx.delete(provisionEquivalent).where(eq(provisionEquivalent.articleId, articleId));
    if (ids.length) await tx.insert(provisionEquivalent).values(ids.map((id) => ({ articleId, equivalentArticleId: id })));
    await audit(tx, ctx, { action: 'provision.equivalents.set', entityType: 'article', entityId: articleId, details: { equivalentArticleIds: ids } });
    return view(tx, articleId);
  });
}
