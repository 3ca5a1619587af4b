import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, expect, it } from 'vitest';
import { withDatabase } from '../../../test/global-setup.ts';
import { testConfig } from '../../platform/config.ts';
import { systemCtx } from '../../platform/context.ts';
import { openDatabase, type Database } from '../../platform/db/client.ts';
import { migrate } from '../../platform/db/migrate.ts';
import { createLogger } from '../../platform/logger.ts';
import { importCatalogueFile } from './import-catalogue-file.ts';
import { catalogueChecksum, FIXTURES, fixtureVariant, givenIsoCodes } from './test-helpers.ts';

/**
 * A real crash: a separate process is killed (SIGKILL) in the middle of the publish transaction. The
 * database it leaves (a PGlite data directory after crash recovery, or the PostgreSQL server) has the
 * published catalogue exactly as it was, and the next import works.
 */

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

/** A database that survives its process: a PGlite data directory, or a new database on the test server. */
async function durableDatabase(): Promise<{ target: string; open: () => Promise<Database> }> {
  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    const name = `bista_t_crash_${crypto.randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
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

it('the process killed in the middle of publishing leaves the published catalogue exactly as it was', async () => {
  const { target, open } = await durableDatabase();
  let database = await open();
  await migrate(database);
  await givenIsoCodes(database);
  const ctx = (d: Database) => systemCtx({ db: d.db, database: d, config: testConfig(), log: createLogger('silent') });
  expect((await importCatalogueFile(ctx(database), path.join(FIXTURES, 'catalogue-small.xml'), { publish: true })).status).toBe('published');
  const before = await catalogueChecksum(database);
  await database.close();

  const changed = fixtureVariant((x) => x.replaceAll('Rullstol Ärla, sitsbredd', 'Rullstol Ärla III, sitsbredd').replace('Rollator Ödmjuk, låg', 'Rollator Ödmjuk, hög'));
  const child = spawnSync(process.execPath, ['--import', 'tsx', path.join(FIXTURES, 'crash-child.ts'), target, changed], { encoding: 'utf8', timeout: 60_000 });
  expect(child.signal, child.stderr).toBe('SIGKILL');
  expect(child.stdout).not.toContain('not killed');

  database = await open();
  try {
    expect(await catalogueChecksum(database)).toBe(before);
    // The batch of the killed run never finished; the catalogue is usable and the same file publishes now.
    const [killed] = await database.query<{ status: string }>(`SELECT status FROM import_batch ORDER BY created_at DESC LIMIT 1`);
    expect(killed!.status).toBe('staging');
    const again = await importCatalogueFile(ctx(database), changed, { publish: true });
    expect(again.status).toBe('published');
    expect(again.report!.changes).toMatchObject({ changed: 3 });
  } finally {
    await database.close();
  }
}, 120_000);
