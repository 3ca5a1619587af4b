import { sql, type SQL } from 'drizzle-orm';

/**
 * The catalogue's facts billing prices from (issue 12), as read-only queries billing joins set-based.
 * The customer's price of an article is its general price list version ('general' in `price`): the
 * monthly rent (funktionshyra) of a rent article, the sale price of a sale article. Billing keeps no copy.
 */

/** Articles: article_id, article_number, article_name, iso_code, charging_form. */
export function billingArticlesQuery(): SQL {
  return sql`SELECT a.id AS article_id, a.article_number, a.name AS article_name, a.iso_code, a.charging_form FROM article a`;
}

/**
 * General price versions with the day each one ends (inclusive): its own valid_to, or the day before the
 * next version starts, whichever comes first (null = open). Columns: article_id, amount_ore, valid_from,
 * valid_until. At most one version is in force on any day.
 */
export function billingPricesQuery(): SQL {
  return sql`SELECT p.article_id, round(p.amount * 100)::bigint AS amount_ore, p.valid_from,
      CASE WHEN p.valid_to IS NULL THEN nxt - 1 WHEN nxt IS NULL THEN p.valid_to ELSE least(p.valid_to, nxt - 1) END AS valid_until
    FROM (SELECT price.*, lead(valid_from) OVER (PARTITION BY article_id ORDER BY valid_from) AS nxt FROM price WHERE kind = 'general') p`;
}
