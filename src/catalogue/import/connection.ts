import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { PGlite, Transaction } from '@electric-sql/pglite';
import type { Client, Pool } from 'pg';
import type { Ctx } from '../../platform/context.ts';
import type { Db } from '../../platform/db/client.ts';

/**
 * One dedicated database connection for a whole import: staging tables are TEMP tables (they live on one
 * session), rows are loaded with COPY, and publishing is one transaction on the same session.
 *
 * `ctx.database.withConnection` does not hand out the driver's client, which COPY needs. On PostgreSQL the
 * import opens a session of its own with the options of the app's pool (Drizzle's public `$client`); on
 * PGlite it uses the one instance. See the report to the lead.
 */
export interface ImportConnection {
  kind: 'pglite' | 'postgres';
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  /**
   * COPY … FROM STDIN in text format; `data` is tab-separated rows ending in \n, as a string or as its UTF-8
   * bytes (which the caller may reuse once the promise settles).
   */
  copyText(table: string, columns: string[], data: string | Uint8Array<ArrayBuffer>): Promise<void>;
  /** One transaction on this connection. `db` is a Drizzle handle inside it (for `audit`). */
  transaction<T>(fn: (tx: ImportTx) => Promise<T>): Promise<T>;
}

export interface ImportTx {
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  db: Db;
}

export async function withImportConnection<T>(ctx: Ctx, fn: (c: ImportConnection) => Promise<T>): Promise<T> {
  if (ctx.database.kind === 'pglite') return fn(await pgliteConnection(ctx.database.pglite!));
  // A session of its own (same settings as the app's pool), so that its temp buffers and settings go with it.
  const pool = (ctx.db as unknown as { $client: Pool }).$client;
  const { default: pg } = await import('pg');
  const client = new pg.Client(pool.options);
  await client.connect();
  try {
    // Staging tables are TEMP tables: give them room in memory (possible before the session's first temp table).
    await client.query(`SET temp_buffers = '256MB'`);
    return await fn(await postgresConnection(client));
  } finally {
    await client.end().catch(() => {});
  }
}

async function postgresConnection(client: Client): Promise<ImportConnection> {
  const [{ drizzle }, { from: copyFrom }] = await Promise.all([import('drizzle-orm/node-postgres'), import('pg-copy-streams')]);
  const query = async <T>(text: string, params?: unknown[]) => (await client.query(text, params)).rows as T[];
  return {
    kind: 'postgres',
    query,
    async copyText(table, columns, data) {
      const stream = client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`));
      await pipeline(
        (async function* () {
          yield typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
        })(),
        stream as unknown as Writable,
      );
    },
    async transaction(fn) {
      await client.query('BEGIN');
      try {
        const db = drizzle({ client }) as unknown as Db;
        const result = await fn({ query, db });
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => {});
        throw err;
      }
    },
  };
}

async function pgliteConnection(pg: PGlite): Promise<ImportConnection> {
  const { drizzle } = await import('drizzle-orm/pglite');
  return {
    kind: 'pglite',
    query: async <T>(text: string, params?: unknown[]) => (await pg.query<T>(text, params)).rows,
    async copyText(table, columns, data) {
      await pg.query(`COPY ${table} (${columns.join(', ')}) FROM '/dev/blob'`, [], { blob: new Blob([data]) });
    },
    // PGlite's own transaction holds its lock: other requests wait instead of running inside our transaction.
    transaction: (fn) =>
      pg.transaction(async (t: Transaction) => {
        const db = drizzle({ client: t as unknown as PGlite }) as unknown as Db;
        return fn({ query: async <T>(text: string, params?: unknown[]) => (await t.query<T>(text, params)).rows, db });
      }),
  };
}
