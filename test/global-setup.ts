import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { openDatabase } from '../src/platform/db/client.ts';
import { migrate } from '../src/platform/db/migrate.ts';

export const TEMPLATE_DIR = path.resolve('.tmp');
export const TEMPLATE_FILE = path.join(TEMPLATE_DIR, 'pglite-template.tar.gz');
export const PG_TEMPLATE_DB = 'bista_test_template';

/**
 * Migrates one template database per run; each test file then starts from a copy of it
 * (PGlite: loadDataDir of a dumped data dir; PostgreSQL: CREATE DATABASE ... TEMPLATE).
 */
export default async function setup() {
  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname LIKE 'bista_t_%' OR datname = $1`, [PG_TEMPLATE_DB]);
    const old = await admin.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE 'bista_t\\_%' OR datname = $1`, [PG_TEMPLATE_DB]);
    for (const r of old.rows) await admin.query(`DROP DATABASE IF EXISTS "${r.datname}"`);
    await admin.query(`CREATE DATABASE ${PG_TEMPLATE_DB}`);
    await admin.end();
    const db = await openDatabase({ databaseUrl: withDatabase(url, PG_TEMPLATE_DB), poolSize: 1 });
    await migrate(db);
    await db.close();
    return;
  }
  fs.mkdirSync(TEMPLATE_DIR, { recursive: true });
  const db = await openDatabase({});
  await migrate(db);
  const dump = await db.pglite!.dumpDataDir('gzip');
  fs.writeFileSync(TEMPLATE_FILE, Buffer.from(await dump.arrayBuffer()));
  await db.close();
}

export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}
