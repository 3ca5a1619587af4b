import { and, eq, sql } from 'drizzle-orm';
import { audit } from '../../platform/audit/audit.ts';
import { requireRole, type Ctx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { swedishSortKey } from '../../platform/i18n/sort-key.ts';
import { article } from '../schema.ts';
import type { ArticleView, UpdateArticleInput } from './article-schemas.ts';
import { checkArticleRules } from './article-rules.ts';
import { addNameWords } from './article-words.ts';
import { articleNotFound, getArticle } from './get-article.ts';
import { ARTICLE_EDITORS } from './visibility.ts';

const FIELDS = [
  'name',
  'description',
  'articleType',
  'isoCode',
  'isoEdition',
  'chargingForm',
  'stockForm',
  'unitTracked',
  'serialRequired',
  'inspectionIntervalMonths',
  'maintenanceIntervalMonths',
  'depreciationYears',
  'unit',
  'published',
  'orderable',
  'inAssortment',
  'mayBeComponent',
  'prescribedBy',
] as const;
type Field = (typeof FIELDS)[number];

/**
 * PATCH /api/catalogue/articles/:id: the assortment role edits fields and flags. Optimistic concurrency: the
 * caller sends the version it read; if someone saved in between, nothing is written and the answer is 409.
 * The audit row holds each changed field as before → after, which is the article's history.
 */
export async function updateArticle(ctx: Ctx, id: string, input: UpdateArticleInput): Promise<ArticleView> {
  requireRole(ctx, ...ARTICLE_EDITORS);
  await ctx.db.transaction(async (tx) => {
    const [before] = await tx.select().from(article).where(eq(article.id, id)).for('update');
    if (!before) throw articleNotFound();
    if (before.version !== input.version) {
      throw new AppError(
        'CONFLICT',
        `Artikeln har ändrats av någon annan sedan du läste den (du har version ${input.version}, nu är den version ${before.version}). Ladda om artikeln och gör ändringen igen.`,
        { currentVersion: before.version },
      );
    }
    const next = { ...before };
    const changes: Record<string, { from: unknown; to: unknown }> = {};
    for (const f of FIELDS) {
      const v = input[f as Field];
      if (v === undefined) continue;
      const value = f === 'description' && v === null ? null : v;
      if (JSON.stringify(before[f]) !== JSON.stringify(value)) {
        changes[f] = { from: before[f], to: value };
        (next as Record<string, unknown>)[f] = value;
      }
    }
    if (changes.isoCode && next.isoCode && !next.isoEdition) next.isoEdition = '2022';
    if (next.isoCode === null) next.isoEdition = null;
    if (next.isoEdition !== before.isoEdition && !changes.isoEdition) changes.isoEdition = { from: before.isoEdition, to: next.isoEdition };
    await checkArticleRules(tx, next);
    if (!Object.keys(changes).length) return;
    const updated = await tx
      .update(article)
      .set({
        name: next.name,
        sortKey: swedishSortKey(next.name),
        description: next.description,
        articleType: next.articleType,
        isoCode: next.isoCode,
        isoEdition: next.isoEdition,
        chargingForm: next.chargingForm,
        stockForm: next.stockForm,
        unitTracked: next.unitTracked,
        serialRequired: next.serialRequired,
        inspectionIntervalMonths: next.inspectionIntervalMonths,
        maintenanceIntervalMonths: next.maintenanceIntervalMonths,
        depreciationYears: next.depreciationYears,
        unit: next.unit,
        published: next.published,
        orderable: next.orderable,
        inAssortment: next.inAssortment,
        mayBeComponent: next.mayBeComponent,
        prescribedBy: next.prescribedBy,
        version: sql`${article.version} + 1`,
        updatedAt: ctx.now(),
      })
      .where(and(eq(article.id, id), eq(article.version, input.version)))
      .returning({ version: article.version });
    if (!updated.length) throw new AppError('CONFLICT', 'Artikeln ändrades samtidigt av någon annan. Ladda om och försök igen.');
    if (changes.name) await addNameWords(tx, next.name);
    await audit(tx, ctx, {
      action: 'article.update',
      entityType: 'article',
      entityId: id,
      details: { version: updated[0]!.version, changes },
    });
  });
  return getArticle(ctx, id);
}
