import { desc, eq, sql } from 'drizzle-orm';
import { audit } from '../../platform/audit/audit.ts';
import { requireRole, type Ctx } from '../../platform/context.ts';
import { foreignKeyViolation, uniqueViolation } from '../../platform/db/errors.ts';
import { AppError } from '../../platform/errors.ts';
import { swedishSortKey } from '../../platform/i18n/sort-key.ts';
import { article, product, supplier } from '../schema.ts';
import type { ArticleView, CreateArticleInput } from './article-schemas.ts';
import { checkArticleRules } from './article-rules.ts';
import { addNameWords } from './article-words.ts';
import { getArticle } from './get-article.ts';
import { ARTICLE_EDITORS } from './visibility.ts';

/** Local article numbers: 'L' and six digits, a range the national database never uses (DOMAIN §3). */
export const LOCAL_NUMBER = /^L\d{6}$/;

async function nextLocalNumber(tx: Parameters<Parameters<Ctx['db']['transaction']>[0]>[0]): Promise<string> {
  const [last] = await tx
    .select({ n: article.articleNumber })
    .from(article)
    .where(sql`${article.articleNumber} ~ '^L[0-9]{6}$'`)
    .orderBy(desc(article.articleNumber))
    .limit(1);
  const next = last ? Number(last.n.slice(1)) + 1 : 1;
  if (next > 999_999) throw new AppError('CONFLICT', 'Det lokala nummerintervallet (L000001–L999999) är slut');
  return `L${String(next).padStart(6, '0')}`;
}

/**
 * POST /api/catalogue/articles: the assortment role enters an article that is not in the national database.
 * The server gives it the next number in the local range.
 */
export async function createArticle(ctx: Ctx, input: CreateArticleInput): Promise<ArticleView> {
  requireRole(ctx, ...ARTICLE_EDITORS);
  for (let attempt = 0; ; attempt++) {
    try {
      const id = await ctx.db.transaction(async (tx) => {
        await checkArticleRules(tx, input);
        if (input.supplierId) {
          const [s] = await tx.select({ id: supplier.id }).from(supplier).where(eq(supplier.id, input.supplierId));
          if (!s)
            throw new AppError('VALIDATION', 'Leverantören finns inte', {
              issues: [{ path: 'body.supplierId', code: 'unknown', message: 'leverantören finns inte' }],
            });
        }
        if (input.productId) {
          const [p] = await tx.select({ id: product.id }).from(product).where(eq(product.id, input.productId));
          if (!p)
            throw new AppError('VALIDATION', 'Produkten finns inte', {
              issues: [{ path: 'body.productId', code: 'unknown', message: 'produkten finns inte' }],
            });
        }
        const articleNumber = await nextLocalNumber(tx);
        const [row] = await tx
          .insert(article)
          .values({
            articleNumber,
            name: input.name,
            sortKey: swedishSortKey(input.name),
            description: input.description ?? null,
            articleType: input.articleType,
            isoCode: input.isoCode,
            isoEdition: input.isoCode ? input.isoEdition : null,
            supplierId: input.supplierId ?? null,
            supplierArticleNumber: input.supplierArticleNumber ?? null,
            gtin: input.gtin ?? null,
            productId: input.productId ?? null,
            chargingForm: input.chargingForm,
            stockForm: input.stockForm,
            unitTracked: input.unitTracked,
            serialRequired: input.serialRequired,
            inspectionIntervalMonths: input.inspectionIntervalMonths,
            maintenanceIntervalMonths: input.maintenanceIntervalMonths,
            depreciationYears: input.depreciationYears,
            unit: input.unit,
            published: input.published,
            orderable: input.orderable,
            inAssortment: input.inAssortment,
            prescribedBy: input.prescribedBy ?? [],
            mayBeComponent: input.mayBeComponent,
            source: 'local',
            updatedAt: ctx.now(),
          })
          .returning({ id: article.id });
        await addNameWords(tx, input.name);
        await audit(tx, ctx, {
          action: 'article.create',
          entityType: 'article',
          entityId: row!.id,
          details: { articleNumber, name: input.name, articleType: input.articleType, isoCode: input.isoCode },
        });
        return row!.id;
      });
      return await getArticle(ctx, id);
    } catch (err) {
      // Two editors creating at the same moment draw the same number: draw again.
      if (uniqueViolation(err) && attempt < 5) continue;
      if (foreignKeyViolation(err)) throw new AppError('VALIDATION', 'Leverantören eller produkten finns inte');
      throw err;
    }
  }
}
