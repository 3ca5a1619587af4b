import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/client.ts';
import { rowsOf } from '../orders/order-store.ts';

/**
 * How many of each article the centre could deliver from stock now, over all its warehouses: for a
 * unit-tracked article the units in stock (new or reconditioned, not reserved) of the article and of the
 * articles configured as equivalent to it (the replacement chain may deliver those, orders/equivalents.ts);
 * for any other article the stock balance. A unit past its inspection date or out of use is not counted. Units in
 * customers' buffer stores are the customers', not stock.
 * Articles with nothing are 0.
 */
export async function availableInStock(
  db: DbOrTx,
  articles: readonly { id: string; unitTracked: boolean }[],
  /** Units past their inspection date on this day (the caller's clock), or failed and out of use, cannot be delivered (maintenance/). */
  today: string,
): Promise<Map<string, number>> {
  const out = new Map<string, number>(articles.map((a) => [a.id, 0]));
  const tracked = [...new Set(articles.filter((a) => a.unitTracked).map((a) => a.id))];
  const counted = [...new Set(articles.filter((a) => !a.unitTracked).map((a) => a.id))];
  if (tracked.length) {
    const ids = sql.join(
      tracked.map((id) => sql`${id}::uuid`),
      sql`, `,
    );
    const rows = rowsOf<{ article_id: string; n: number }>(
      await db.execute(sql`
        SELECT a.id AS article_id, count(u.id)::int AS n
          FROM (SELECT unnest(ARRAY[${ids}]) AS id) a
          LEFT JOIN LATERAL (
            SELECT a.id AS article_id UNION SELECT e.equivalent_article_id FROM provision_equivalent e WHERE e.article_id = a.id
          ) fill ON true
          LEFT JOIN provision_unit u
            ON u.article_id = fill.article_id AND u.status IN ('newInStock', 'reconditionedInStock') AND u.warehouse_id IS NOT NULL
           AND u.out_of_use_since IS NULL AND (u.next_inspection_on IS NULL OR u.next_inspection_on >= ${today}::date)
         GROUP BY a.id`),
    );
    for (const r of rows) out.set(r.article_id, r.n);
  }
  if (counted.length) {
    const ids = sql.join(
      counted.map((id) => sql`${id}::uuid`),
      sql`, `,
    );
    const rows = rowsOf<{ article_id: string; n: number }>(
      await db.execute(sql`SELECT article_id, sum(balance)::int AS n FROM provision_stock_balance WHERE article_id IN (${ids}) GROUP BY article_id`),
    );
    for (const r of rows) out.set(r.article_id, r.n);
  }
  return out;
}
