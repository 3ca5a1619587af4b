import fs from 'node:fs';
import path from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import type { ExtractTablesWithRelations } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import * as schema from './schema.ts';

export type Schema = typeof schema;
/** The database as the use cases see it: the same Drizzle API on PGlite and on a PostgreSQL server. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** Either the database or an open transaction: helpers that only write take this. */
export type DbOrTx = Db | Tx;

export interface Database {
  kind: 'pglite' | 'postgres';
  db: Db;
  /** Plain SQL with $1 parameters; rows as objects. For migrations, backup and benchmarks. */
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  /** Several statements in one string, no parameters. */
  exec(text: string): Promise<void>;
  /** Runs `fn` on one dedicated connection (advisory locks are per connection). */
  withConnection<T>(fn: (c: { query: Database['query']; exec: Database['exec'] }) => Promise<T>): Promise<T>;
  close(): Promise<void>;
  /** The PGlite instance, for dumpDataDir in backups and tests. */
  pglite?: PGlite;
}

export interface OpenOptions {
  databaseUrl?: string | undefined;
  /** Data directory for PGlite; `undefined` means in memory (tests only). */
  dataDir?: string | undefined;
  /** A tarball from `dumpDataDir` to start from (tests clone a migrated template this way). */
  loadDataDir?: Blob | File | undefined;
  poolSize?: number;
}

export async function openDatabase(opts: OpenOptions): Promise<Database> {
  if (opts.databaseUrl) return openPostgres(opts.databaseUrl, opts.poolSize ?? 10);
  return openPglite(opts.dataDir, opts.loadDataDir);
}

// Only the driver in use is loaded: it shortens start-up.
async function openPglite(dataDir: string | undefined, loadDataDir: Blob | File | undefined): Promise<Database> {
  const [{ PGlite }, { pg_trgm }, { drizzle: drizzlePglite }] = await Promise.all([
    import('@electric-sql/pglite'),
    import('@electric-sql/pglite/contrib/pg_trgm'),
    import('drizzle-orm/pglite'),
  ]);
  let dir: string | undefined;
  if (dataDir) {
    dir = path.join(dataDir, 'pglite');
    fs.mkdirSync(dir, { recursive: true });
  }
  const client = await PGlite.create({
    ...(dir ? { dataDir: dir } : {}),
    ...(loadDataDir ? { loadDataDir } : {}),
    extensions: { pg_trgm },
  });
  const db = drizzlePglite({ client, schema }) as unknown as Db;
  const query = async <T,>(text: string, params?: unknown[]) => (await client.query<T>(text, params)).rows;
  const exec = async (text: string) => {
    await client.exec(text);
  };
  return {
    kind: 'pglite',
    db,
    query,
    exec,
    // PGlite is a single connection: every caller already shares it.
    withConnection: (fn) => fn({ query, exec }),
    close: () => client.close(),
    pglite: client,
  };
}

async function openPostgres(url: string, poolSize: number): Promise<Database> {
  const [{ default: pg }, { drizzle: drizzlePg }] = await Promise.all([import('pg'), import('drizzle-orm/node-postgres')]);
  // node-postgres would turn bigint into strings and dates into local-time Date objects; keep
  // bigint as number (ids never exceed 2^53) and `date` as the 'YYYY-MM-DD' string it is.
  pg.types.setTypeParser(20, (v: string) => Number(v));
  pg.types.setTypeParser(1082, (v: string) => v);
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  // Fail early with a clear message if the server is not there.
  const probe = await pool.connect();
  probe.release();
  const db = drizzlePg({ client: pool, schema }) as unknown as Db;
  return {
    kind: 'postgres',
    db,
    query: async <T,>(text: string, params?: unknown[]) => (await pool.query(text, params)).rows as T[],
    exec: async (text: string) => {
      await pool.query(text);
    },
    withConnection: async (fn) => {
      const c = await pool.connect();
      try {
        return await fn({
          query: async <T,>(text: string, params?: unknown[]) => (await c.query(text, params)).rows as T[],
          exec: async (text: string) => {
            await c.query(text);
          },
        });
      } finally {
        c.release();
      }
    },
    close: () => pool.end(),
  };
}
