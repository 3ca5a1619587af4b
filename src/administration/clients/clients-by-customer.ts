import type { Database, DbOrTx } from '../../platform/db/client.ts';
import { sql } from 'drizzle-orm';

/**
 * The active system clients whose scope holds each of `customerIds` (issue 18: the centre's events for a
 * customer's orders go to the systems that order for that customer). Customers no client serves are absent.
 */
export async function clientsByCustomer(db: DbOrTx, customerIds: readonly string[]): Promise<Map<string, string[]>> {
  if (customerIds.length === 0) return new Map();
  const { rows } = (await db.execute(
    sql`SELECT sc.customer_id, json_agg(sc.client_id) AS client_ids
          FROM system_client_customer sc JOIN system_client c ON c.id = sc.client_id AND c.revoked_at IS NULL
         WHERE sc.customer_id = ANY(${`{${[...new Set(customerIds)].join(',')}}`}::uuid[])
         GROUP BY sc.customer_id`,
  )) as unknown as { rows: { customer_id: string; client_ids: string[] }[] };
  return new Map(rows.map((r) => [r.customer_id, r.client_ids]));
}

/** A client as another module needs it: whether it exists and is not revoked, and its care provider. */
export async function clientStanding(database: Database, clientId: string): Promise<{ name: string; careProviderId: string; revoked: boolean } | null> {
  const [row] = await database.query<{ name: string; care_provider_id: string; revoked: boolean }>(
    `SELECT name, care_provider_id, revoked_at IS NOT NULL AS revoked FROM system_client WHERE id = $1`,
    [clientId],
  );
  return row ? { name: row.name, careProviderId: row.care_provider_id, revoked: row.revoked } : null;
}
