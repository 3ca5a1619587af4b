import crypto from 'node:crypto';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../src/platform/db/client.ts';
import { migrate } from '../src/platform/db/migrate.ts';
import { ensureTemplate } from '../src/platform/db/pglite-template.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The migrated template test files copy: a PGlite dump file, or a database name on the server. */
    pgliteTemplate: string;
    pgTemplate: string;
    runId: string;
  }
}

/**
 * Migrates one template database per run; each test file then starts from a copy of it
 * (PGlite: loadDataDir of a dumped data dir; PostgreSQL: CREATE DATABASE ... TEMPLATE). Names carry the run's
 * start time, so concurrent runs on one server do not disturb each other and leftovers of crashed runs
 * (older than an hour) are removed.
 */
export default async function setup(project: TestProject) {
  const started = Math.floor(Date.now() / 1000);
  const runId = `${started}_${crypto.randomBytes(3).toString('hex')}`;
  project.provide('runId', runId);
  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    const template = `bista_tpl_${runId}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    const old = await admin.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname ~ '^bista_(t|tpl)_[0-9]+_'`);
    for (const { datname } of old.rows) {
      const at = Number(/^bista_(?:t|tpl)_(\d+)_/.exec(datname)?.[1]);
      if (at < started - 3600) await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    }
    await admin.query(`CREATE DATABASE ${template}`);
    await admin.end();
    const db = await openDatabase({ databaseUrl: withDatabase(url, template), poolSize: 1 });
    await migrate(db);
    await db.close();
    project.provide('pgTemplate', template);
    project.provide('pgliteTemplate', '');
    return async () => {
      const a = new pg.Client({ connectionString: url });
      await a.connect();
      const mine = await a.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE $1 OR datname = $2`, [
        `bista_t_${runId}_%`,
        template,
      ]);
      for (const { datname } of mine.rows) await a.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
      await a.end();
    };
  }
  // The app's own template of the current migrations (made once, kept for the next run and for `npm start`).
  project.provide('pgliteTemplate', await ensureTemplate());
  project.provide('pgTemplate', '');
}

export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}
