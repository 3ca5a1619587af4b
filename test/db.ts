import crypto from 'node:crypto';
import fs from 'node:fs';
import pg from 'pg';
import { inject } from 'vitest';
import { openDatabase, type Database } from '../src/platform/db/client.ts';
import { withDatabase } from './global-setup.ts';

/**
 * A fresh, migrated database for one test file: PGlite in memory by default, a new database on the
 * PostgreSQL server when TEST_DATABASE_URL is set. Close it with `drop()`.
 */
export async function freshDatabase(): Promise<Database & { drop(): Promise<void> }> {
  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    const name = `bista_t_${inject('runId')}_${crypto.randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${inject('pgTemplate')}`);
    await admin.end();
    const db = await openDatabase({ databaseUrl: withDatabase(url, name), poolSize: 5 });
    return Object.assign(db, {
      async drop() {
        await db.close();
        const a = new pg.Client({ connectionString: url });
        await a.connect();
        await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await a.end();
      },
    });
  }
  const blob = new Blob([fs.readFileSync(inject('pgliteTemplate'))]);
  const db = await openDatabase({ loadDataDir: blob });
  return Object.assign(db, { drop: () => db.close() });
}
