import fs from 'node:fs';
import path from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { readTemplate } from './pglite-template.ts';
import type { ExtractTablesWithRelations } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
// Drizzle is loaded by openDatabase while the database engine starts, so that importing this module stays
// cheap (the server imports it before anything else). The modules query their own tables with Drizzle's SQL
// builder, which needs no schema here: the platform knows no module's tables (the list of every module's
// tables, for drizzle-kit, is src/app/schema.ts).
type Schema = Record<string, never>;
/** The database as the use cases see it: the same Drizzle API on PGlite and on a PostgreSQL server. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** Either the database or an open transaction: helpers that only write take this. */
export type DbOrTx = Db | Tx;

export interface Database {
  kind: 'pglite' | 'postgres';
  db: Db;
  /**
   * Plain SQL with $1 parameters; rows as objects. For migrations, backup, benchmarks and hot paths. A
   * `name` makes it a prepared statement on a server (parsed and planned once per connection); the text
   * under one name must never change.
   */
  query<T = Record<string, unknown>>(text: string, params?: unknown[], name?: string): Promise<T[]>;
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
  const [{ PGlite }, { pg_trgm }] = await Promise.all([import('@electric-sql/pglite'), import('@electric-sql/pglite/contrib/pg_trgm')]);
  let dir: string | undefined;
  if (dataDir) {
    dir = path.join(dataDir, 'pglite');
    fs.mkdirSync(dir, { recursive: true });
    // A new data directory starts from the migrated template when there is one (pglite-template.ts).
    if (!loadDataDir && !fs.existsSync(path.join(dir, 'PG_VERSION'))) loadDataDir = readTemplate() ?? undefined;
  }
  // The engine starts first (it reads its files and decodes its WebAssembly off the main thread); Drizzle
  // loads meanwhile.
  const [started, modules] = await Promise.allSettled([
    PGlite.create({
      ...(dir ? { dataDir: dir } : {}),
      ...(loadDataDir ? { loadDataDir } : {}),
      extensions: { pg_trgm },
      // PGlite's buffer pool lives in the process's own memory, and its default 128 MB is nearly all touched
      // at start: 16 MB keeps the embedded server small (the national 660 000-article import peaks under
      // 512 MB with it, 597 MB without) and starts it sooner. The operating system's file cache still holds
      // the data files; a region that outgrows this runs on a PostgreSQL server.
      postgresqlconf: ['shared_buffers = 16MB'],
    }),
    import('drizzle-orm/pglite'),
  ]);
  if (started.status === 'rejected') throw started.reason;
  const client = started.value;
  if (modules.status === 'rejected') {
    await client.close();
    throw modules.reason;
  }
  const { drizzle: drizzlePglite } = modules.value;
  yieldBeforeEachQuery(client);
  const db = drizzlePglite({ client }) as unknown as Db;
  const query = async <T>(text: string, params?: unknown[]) => (await client.query<T>(text, params)).rows;
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

/**
 * PGlite answers on this thread, and each answer resolves as a microtask: while many requests' queries
 * follow one another, Node may not get back to its event loop for long: it reads no new request and no timer
 * fires (in bench/overload.ts without this, 200 clients' requests took 8–10 s and not one was refused: they
 * waited unread, where the bounded queue at the edge cannot see them). One turn of the event loop before each query lets the server take in,
 * and refuse, requests meanwhile; it costs microseconds per query.
 */
function yieldBeforeEachQuery(client: PGlite) {
  const turn = () => new Promise<void>((resolve) => setImmediate(resolve));
  const c = client as unknown as Record<'query' | 'exec' | 'transaction', (...args: unknown[]) => Promise<unknown>>;
  for (const method of ['query', 'exec', 'transaction'] as const) {
    const original = c[method].bind(client);
    c[method] = async (...args: unknown[]) => {
      await turn();
      return original(...args);
    };
  }
}

async function openPostgres(url: string, poolSize: number): Promise<Database> {
  const [{ default: pg }, { drizzle: drizzlePg }] = await Promise.all([import('pg'), import('drizzle-orm/node-postgres')]);
  // node-postgres would turn bigint into strings and dates into local-time Date objects; keep
  // bigint as number (ids never exceed 2^53) and `date` as the 'YYYY-MM-DD' string it is.
  pg.types.setTypeParser(20, (v: string) => Number(v));
  pg.types.setTypeParser(1082, (v: string) => v);
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  // An idle connection the server closes (a restart, an administrator, a dropped database) is an 'error' on
  // the pool, which would otherwise end the process. The pool drops that connection and the next query opens
  // a new one; a query in flight gets its own error.
  pool.on('error', () => undefined);
  // Fail early with a clear message if the server is not there.
  const probe = await pool.connect();
  probe.release();
  const db = drizzlePg({ client: pool }) as unknown as Db;
  return {
    kind: 'postgres',
    db,
    query: async <T>(text: string, params?: unknown[], name?: string) =>
      (await (name ? pool.query({ name, text, values: params ?? [] }) : pool.query(text, params))).rows as T[],
    exec: async (text: string) => {
      await pool.query(text);
    },
    withConnection: async (fn) => {
      const c = await pool.connect();
      try {
        return await fn({
          query: async <T>(text: string, params?: unknown[]) => (await c.query(text, params)).rows as T[],
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
