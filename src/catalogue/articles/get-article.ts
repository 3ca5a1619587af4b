import { and, asc, desc, eq, isNull, sql } from 'drizzle-orm';
import { stockholmDateTime } from '../../platform/calendar/stockholm-time.ts';
import type { Ctx } from '../../platform/context.ts';
import type { DbOrTx } from '../../platform/db/client.ts';
import { AppError } from '../../platform/errors.ts';
import { swedishCollator } from '../../platform/i18n/sort-key.ts';
import { article, articleFit, isoCode, media, price, product, supplier } from '../schema.ts';
import type { ArticleView, PriceView } from './article-schemas.ts';
import { visibilityOf } from './visibility.ts';

export const articleNotFound = () => new AppError('NOT_FOUND', 'Artikeln finns inte');

type PriceRow = typeof price.$inferSelect;

const toPriceView = (p: PriceRow): PriceView => ({
  id: p.id,
  kind: p.kind,
  amount: Number(p.amount).toFixed(2),
  validFrom: p.validFrom,
  validTo: p.validTo,
  agreementId: p.agreementId,
});

/** The version of `kind` valid on `date` (the latest start wins if versions overlap). */
export function priceOn(prices: PriceRow[], kind: PriceRow['kind'], date: string): PriceRow | null {
  return (
    prices
      .filter((p) => p.kind === kind && p.validFrom <= date && (p.validTo === null || p.validTo >= date))
      .sort((a, b) => (a.validFrom < b.validFrom ? 1 : -1))[0] ?? null
  );
}

/**
 * The article page: product, ISO node, supplier, images and documents, prices, what fits it and what it fits.
 * The ordering side sees only published, not removed articles (404 otherwise), only published parts, and only
 * the customer's price (the general price valid today); the centre also sees the agreed price and every version.
 */
export async function getArticle(ctx: Ctx, id: string, db: DbOrTx = ctx.db): Promise<ArticleView> {
  const vis = visibilityOf(ctx);
  const [a] = await db.select().from(article).where(eq(article.id, id));
  if (!a || (!vis.centre && (!a.published || a.removedAt !== null))) throw articleNotFound();

  const partCols = {
    id: article.id,
    articleNumber: article.articleNumber,
    name: article.name,
    articleType: article.articleType,
    published: article.published,
    orderable: article.orderable,
    removedAt: article.removedAt,
    sortKey: article.sortKey,
  };
  const visible = (r: { published: boolean; removedAt: Date | null }) => vis.centre || (r.published && r.removedAt === null);

  const [iso, prod, sup, mediaRows, prices, parts, mains] = await Promise.all([
    a.isoCode
      ? db
          .select({ edition: isoCode.edition, code: isoCode.code, titleSv: isoCode.titleSv, titleEn: isoCode.titleEn })
          .from(isoCode)
          .where(and(eq(isoCode.edition, a.isoEdition ?? '2022'), eq(isoCode.code, a.isoCode)))
      : Promise.resolve([]),
    a.productId
      ? db
          .select({ id: product.id, productNumber: product.productNumber, name: product.name, description: product.description })
          .from(product)
          .where(eq(product.id, a.productId))
      : Promise.resolve([]),
    a.supplierId
      ? db.select({ id: supplier.id, name: supplier.name, gln: supplier.gln }).from(supplier).where(eq(supplier.id, a.supplierId))
      : Promise.resolve([]),
    db.select().from(media).where(eq(media.articleId, id)).orderBy(asc(media.position), asc(media.createdAt), asc(media.id)),
    db.select().from(price).where(eq(price.articleId, id)).orderBy(desc(price.validFrom), asc(price.kind)),
    db
      .select(partCols)
      .from(articleFit)
      .innerJoin(article, eq(article.id, articleFit.partId))
      .where(and(eq(articleFit.mainId, id), vis.centre ? sql`true` : and(eq(article.published, true), isNull(article.removedAt)))),
    db
      .select(partCols)
      .from(articleFit)
      .innerJoin(article, eq(article.id, articleFit.mainId))
      .where(and(eq(articleFit.partId, id), vis.centre ? sql`true` : and(eq(article.published, true), isNull(article.removedAt)))),
  ]);

  const today = stockholmDateTime(ctx.now()).date;
  const general = priceOn(prices, 'general', today);
  const ref = (rows: typeof parts) =>
    rows
      .filter(visible)
      .sort((x, y) => swedishCollator.compare(x.name, y.name) || (x.articleNumber < y.articleNumber ? -1 : 1))
      .map(({ removedAt: _r, sortKey: _s, ...r }) => r);

  const view: ArticleView = {
    id: a.id,
    articleNumber: a.articleNumber,
    name: a.name,
    description: a.description,
    articleType: a.articleType,
    isoCode: a.isoCode,
    isoEdition: a.isoEdition,
    iso: iso[0] ?? null,
    product: prod[0] ?? null,
    supplier: sup[0] ?? null,
    supplierArticleNumber: a.supplierArticleNumber,
    gtin: a.gtin,
    chargingForm: a.chargingForm,
    stockForm: a.stockForm,
    unitTracked: a.unitTracked,
    serialRequired: a.serialRequired,
    inspectionIntervalMonths: a.inspectionIntervalMonths,
    maintenanceIntervalMonths: a.maintenanceIntervalMonths,
    depreciationYears: a.depreciationYears,
    unit: a.unit,
    published: a.published,
    orderable: a.orderable,
    inAssortment: a.inAssortment,
    prescribedBy: a.prescribedBy,
    mayBeComponent: a.mayBeComponent,
    source: a.source,
    version: a.version,
    removedAt: a.removedAt,
    updatedAt: a.updatedAt,
    media: mediaRows.map((m) => ({
      id: m.id,
      kind: m.kind,
      title: m.title,
      contentType: m.contentType,
      url: `/api/catalogue/media/${m.id}`,
      thumbnailUrl: m.thumbnailKey ? `/api/catalogue/media/${m.id}/thumbnail` : null,
    })),
    customerPrice: general ? toPriceView(general) : null,
    parts: ref(parts),
    fits: ref(mains),
  };
  if (vis.centre) {
    const agreed = priceOn(prices, 'agreed', today);
    view.agreedPrice = agreed ? toPriceView(agreed) : null;
    view.priceHistory = prices.map(toPriceView);
  }
  return view;
}
