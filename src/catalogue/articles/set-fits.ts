import { and, eq, inArray } from 'drizzle-orm';
import { audit } from '../../platform/audit/audit.ts';
import { requireRole, type Ctx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { article, articleFit } from '../schema.ts';
import type { ArticleView } from './article-schemas.ts';
import { articleNotFound, getArticle } from './get-article.ts';
import { ARTICLE_EDITORS } from './visibility.ts';

/** PUT /api/catalogue/articles/:id/fits: the main articles an accessory or spare part fits (replaces the list). */
export async function setFits(ctx: Ctx, id: string, input: { mainIds: string[] }): Promise<ArticleView> {
  requireRole(ctx, ...ARTICLE_EDITORS);
  const wanted = [...new Set(input.mainIds)];
  await ctx.db.transaction(async (tx) => {
    const [part] = await tx.select({ id: article.id, articleType: article.articleType }).from(article).where(eq(article.id, id));
    if (!part) throw articleNotFound();
    if (part.articleType === 'H' && wanted.length) {
      throw new AppError('VALIDATION', 'Ett huvudhjälpmedel passar inte till andra artiklar; koppla tillbehör och reservdelar till det i stället', {
        issues: [{ path: 'body.mainIds', code: 'main_article_type', message: 'artikeln är ett huvudhjälpmedel (typ H)' }],
      });
    }
    if (wanted.includes(id)) {
      throw new AppError('VALIDATION', 'En artikel kan inte passa till sig själv', {
        issues: [{ path: 'body.mainIds', code: 'self_reference', message: 'artikeln själv finns i listan' }],
      });
    }
    const mains = wanted.length ? await tx.select({ id: article.id }).from(article).where(inArray(article.id, wanted)) : [];
    const missing = wanted.filter((m) => !mains.some((r) => r.id === m));
    if (missing.length) {
      throw new AppError('VALIDATION', `${missing.length} av huvudartiklarna finns inte`, {
        issues: missing.map((m) => ({ path: 'body.mainIds', code: 'unknown' as const, message: `artikeln ${m} finns inte`, params: { value: m } })),
      });
    }
    const current = (await tx.select({ mainId: articleFit.mainId }).from(articleFit).where(eq(articleFit.partId, id))).map((r) => r.mainId);
    const added = wanted.filter((m) => !current.includes(m));
    const removed = current.filter((m) => !wanted.includes(m));
    if (!added.length && !removed.length) return;
    if (removed.length) await tx.delete(articleFit).where(and(eq(articleFit.partId, id), inArray(articleFit.mainId, removed)));
    if (added.length) await tx.insert(articleFit).values(added.map((mainId) => ({ partId: id, mainId })));
    await audit(tx, ctx, {
      action: 'article.fits.set',
      entityType: 'article',
      entityId: id,
      details: { changes: { fits: { from: current, to: wanted } }, added, removed },
    });
  });
  return getArticle(ctx, id);
}
