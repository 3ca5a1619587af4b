import { inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/client.ts';
import { article } from '../schema.ts';

export interface ArticleForOrdering {
  id: string;
  articleNumber: string;
  name: string;
  articleType: string;
  isoCode: string | null;
  chargingForm: 'rent' | 'sale' | 'saleWithReturn';
  stockForm: 'stock' | 'orderItem';
  unitTracked: boolean;
  /** Visible to the ordering side: published and not removed. */
  published: boolean;
  orderable: boolean;
  /** The professions that usually prescribe it; empty = any (issue 15 item 10). */
  prescribedBy: string[];
}

/** The facts an order form needs about articles, for other modules' use cases (they check permission themselves). */
export async function articlesForOrdering(db: DbOrTx, ids: readonly string[]): Promise<Map<string, ArticleForOrdering>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({
      id: article.id,
      articleNumber: article.articleNumber,
      name: article.name,
      articleType: article.articleType,
      isoCode: article.isoCode,
      chargingForm: article.chargingForm,
      stockForm: article.stockForm,
      unitTracked: article.unitTracked,
      published: article.published,
      orderable: article.orderable,
      prescribedBy: article.prescribedBy,
      removedAt: article.removedAt,
    })
    .from(article)
    .where(inArray(article.id, [...new Set(ids)]));
  return new Map(rows.map(({ removedAt, ...r }) => [r.id, { ...r, published: r.published && removedAt === null }]));
}
