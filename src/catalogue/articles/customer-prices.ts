import { and, eq, gte, inArray, isNull, lte, or } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/client.ts';
import { price } from '../schema.ts';
import { priceOn } from './get-article.ts';

/**
 * The customer's price of articles on a day, for other modules (the order cart, issue 16 item 5): the general
 * price list's version valid that day, as the article page shows it (get-article.ts) and billing charges it —
 * the monthly rent of a rent article, the price of a sale article. '1234.50' (kronor, two decimals); an article
 * without a price that day is missing from the map. No permission check: the general price is public to
 * everyone who may order.
 */
export async function customerPrices(db: DbOrTx, articleIds: readonly string[], date: string): Promise<Map<string, string>> {
  if (articleIds.length === 0) return new Map();
  const rows = await db
    .select()
    .from(price)
    .where(
      and(
        inArray(price.articleId, [...new Set(articleIds)]),
        eq(price.kind, 'general'),
        lte(price.validFrom, date),
        or(isNull(price.validTo), gte(price.validTo, date)),
      ),
    );
  const out = new Map<string, string>();
  for (const id of new Set(rows.map((r) => r.articleId))) {
    const p = priceOn(
      rows.filter((r) => r.articleId === id),
      'general',
      date,
    );
    if (p) out.set(id, Number(p.amount).toFixed(2));
  }
  return out;
}
