import { inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/client.ts';
import { article } from '../schema.ts';

export interface ArticleFacts {
  id: string;
  articleNumber: string;
  name: string;
  articleType: string;
  isoCode: string | null;
  chargingForm: 'rent' | 'sale' | 'saleWithReturn';
  stockForm: 'stock' | 'orderItem';
  unitTracked: boolean;
  serialRequired: boolean;
  published: boolean;
  orderable: boolean;
  removed: boolean;
  /** Months between inspections (besiktning), or null: the centre's preventive maintenance counts from it. */
  inspectionIntervalMonths: number | null;
}

const columns = {
  id: article.id,
  articleNumber: article.articleNumber,
  name: article.name,
  articleType: article.articleType,
  isoCode: article.isoCode,
  chargingForm: article.chargingForm,
  stockForm: article.stockForm,
  unitTracked: article.unitTracked,
  serialRequired: article.serialRequired,
  published: article.published,
  orderable: article.orderable,
  removedAt: article.removedAt,
  inspectionIntervalMonths: article.inspectionIntervalMonths,
};

function toFacts({ removedAt, ...r }: { removedAt: Date | null } & Omit<ArticleFacts, 'removed'>): ArticleFacts {
  return { ...r, removed: removedAt !== null };
}

/** The facts the centre's order handling needs about articles, by article number (no permission check: the caller has done it). */
export async function articlesByNumber(db: DbOrTx, numbers: readonly string[]): Promise<Map<string, ArticleFacts>> {
  if (numbers.length === 0) return new Map();
  const rows = await db
    .select(columns)
    .from(article)
    .where(inArray(article.articleNumber, [...new Set(numbers)]));
  return new Map(rows.map((r) => [r.articleNumber, toFacts(r)]));
}

/** The same facts by article id. */
export async function articleFactsById(db: DbOrTx, ids: readonly string[]): Promise<Map<string, ArticleFacts>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select(columns)
    .from(article)
    .where(inArray(article.id, [...new Set(ids)]));
  return new Map(rows.map((r) => [r.id, toFacts(r)]));
}

/**
 * The same facts as a JSON object built by SQL, for a caller that reads them within a larger query of
 * its own (order intake reads everything a batch needs in one round trip). `a` is the article table's alias.
 */
export const articleFactsJson = (a: string) =>
  `json_build_object('id', ${a}.id, 'articleNumber', ${a}.article_number, 'name', ${a}.name, 'articleType', ${a}.article_type,
     'isoCode', ${a}.iso_code, 'chargingForm', ${a}.charging_form, 'stockForm', ${a}.stock_form, 'unitTracked', ${a}.unit_tracked,
     'serialRequired', ${a}.serial_required, 'published', ${a}.published, 'orderable', ${a}.orderable, 'removed', ${a}.removed_at IS NOT NULL,
     'inspectionIntervalMonths', ${a}.inspection_interval_months)`;
