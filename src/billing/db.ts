import type { SQL } from 'drizzle-orm';
import type { DbOrTx } from '../platform/db/client.ts';

/** Runs a query: its rows, and how many rows an INSERT/UPDATE/DELETE touched (node-postgres: rowCount, PGlite: affectedRows). */
export async function run(db: DbOrTx, query: SQL): Promise<{ rows: unknown[]; count: number }> {
  const r = (await db.execute(query)) as unknown as { rows: unknown[]; rowCount?: number | null; affectedRows?: number };
  return { rows: r.rows, count: Number(r.rowCount ?? r.affectedRows ?? 0) };
}
