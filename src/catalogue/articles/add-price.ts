import { and, desc, eq, gte, isNull, lt, or } from 'drizzle-orm';
import { audit } from '../../platform/audit/audit.ts';
import { addDays } from '../../platform/calendar/iso-date.ts';
import { requireRole, type Ctx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { agreement, article, price } from '../schema.ts';
import type { AddPriceInput, ArticleView } from './article-schemas.ts';
import { articleNotFound, getArticle } from './get-article.ts';
import { ARTICLE_EDITORS, GENERAL_PRICE_EDITORS } from './visibility.ts';

/**
 * POST /api/catalogue/articles/:id/prices: a new price version. The open (or still running) version of the same
 * kind that started before it is closed the day before the new one starts. A version may not start on or before
 * the start of a later one: that would rewrite history, so it is refused (change the later version instead).
 */
export async function addPrice(ctx: Ctx, id: string, input: AddPriceInput): Promise<ArticleView> {
  requireRole(ctx, ...(input.kind === 'general' ? GENERAL_PRICE_EDITORS : ARTICLE_EDITORS));
  await ctx.db.transaction(async (tx) => {
    const [a] = await tx.select({ id: article.id }).from(article).where(eq(article.id, id)).for('update');
    if (!a) throw articleNotFound();
    if (input.agreementId) {
      const [ag] = await tx.select({ id: agreement.id }).from(agreement).where(eq(agreement.id, input.agreementId));
      if (!ag)
        throw new AppError('VALIDATION', 'Avtalet finns inte', { issues: [{ path: 'body.agreementId', code: 'unknown', message: 'avtalet finns inte' }] });
    }
    const [later] = await tx
      .select({ validFrom: price.validFrom })
      .from(price)
      .where(and(eq(price.articleId, id), eq(price.kind, input.kind), gte(price.validFrom, input.validFrom)))
      .orderBy(price.validFrom)
      .limit(1);
    if (later) {
      throw new AppError('CONFLICT', `Det finns redan en prisversion som börjar ${later.validFrom}; en ny version måste börja efter den senaste`, {
        issues: [{ path: 'body.validFrom', code: 'date_too_early', message: `måste vara efter ${later.validFrom}`, params: { min: later.validFrom } }],
      });
    }
    const [previous] = await tx
      .select()
      .from(price)
      .where(
        and(
          eq(price.articleId, id),
          eq(price.kind, input.kind),
          lt(price.validFrom, input.validFrom),
          or(isNull(price.validTo), gte(price.validTo, input.validFrom)),
        ),
      )
      .orderBy(desc(price.validFrom))
      .limit(1);
    let closed: { id: string; validTo: { from: string | null; to: string } } | null = null;
    if (previous) {
      const dayBefore = addDays(input.validFrom, -1);
      await tx.update(price).set({ validTo: dayBefore }).where(eq(price.id, previous.id));
      closed = { id: previous.id, validTo: { from: previous.validTo, to: dayBefore } };
    }
    const [row] = await tx
      .insert(price)
      .values({
        articleId: id,
        kind: input.kind,
        amount: input.amount.toFixed(2),
        validFrom: input.validFrom,
        validTo: input.validTo ?? null,
        agreementId: input.agreementId ?? null,
      })
      .returning({ id: price.id });
    await audit(tx, ctx, {
      action: 'article.price.add',
      entityType: 'article',
      entityId: id,
      details: {
        priceId: row!.id,
        changes: { [`price.${input.kind}`]: { from: previous ? Number(previous.amount).toFixed(2) : null, to: input.amount.toFixed(2) } },
        kind: input.kind,
        amount: input.amount.toFixed(2),
        validFrom: input.validFrom,
        validTo: input.validTo ?? null,
        closedPrevious: closed,
      },
    });
  });
  return getArticle(ctx, id);
}
