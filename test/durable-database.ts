import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import { openDatabase, type Database } from '../src/platform/db/client.ts';
import { withDatabase } from './global-setup.ts';

const cleanups: (() => Promise<void>)[] = [];

/**
 * A database that survives its process, for crash tests that kill a child process mid-transaction: a PGlite
 * data directory, or (with TEST_DATABASE_URL) a new database on the test server. `target` is what the child
 * opens. Call `dropDurableDatabases` in the test file's afterAll.
 */
export async function durableDatabase(): Promise<{ target: string; open: () => Promise<Database> }> {
  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    const name = `bista_t_crash_${crypto.randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    // From the run's migrated template (global-setup.ts): the test's own migrate() then has nothing to do.
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${inject('pgTemplate')}`);
    await admin.end();
    cleanups.push(async () => {
      const a = new pg.Client({ connectionString: url });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    });
    const target = withDatabase(url, name);
    return { target, open: () => openDatabase({ databaseUrl: target, poolSize: 2 }) };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bista-crash-'));
  cleanups.push(async () => fs.rmSync(dir, { recursive: true, force: true }));
  return { target: dir, open: () => openDatabase({ dataDir: dir }) };
}

export async function dropDurableDatabases(): Promise<void> {
  for (const c of cleanups.splice(0).reverse()) await c();
}
