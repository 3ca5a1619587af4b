import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { dropDurableDatabases, durableDatabase } from '../../../test/durable-database.ts';
import { testConfig } from '../../platform/config.ts';
import { systemCtx } from '../../platform/context.ts';
import { type Database } from '../../platform/db/client.ts';
import { migrate } from '../../platform/db/migrate.ts';
import { createLogger } from '../../platform/logger.ts';
import { importCatalogueFile } from './import-catalogue-file.ts';
import { catalogueChecksum, FIXTURES, fixtureVariant, givenIsoCodes } from './test-helpers.ts';

/**
 * A real crash: a separate process is killed (SIGKILL) in the middle of the publish transaction. The
 * database it leaves (a PGlite data directory after crash recovery, or the PostgreSQL server) has the
 * published catalogue exactly as it was, and the next import works.
 */

afterAll(dropDurableDatabases);

it('the process killed in the middle of publishing leaves the published catalogue exactly as it was', async () => {
  const { target, open } = await durableDatabase();
  let database = await open();
  await migrate(database);
  await givenIsoCodes(database);
  const ctx = (d: Database) => systemCtx({ db: d.db, database: d, config: testConfig(), log: createLogger('silent') });
  expect((await importCatalogueFile(ctx(database), path.join(FIXTURES, 'catalogue-small.xml'), { publish: true })).status).toBe('published');
  const before = await catalogueChecksum(database);
  await database.close();

  const changed = fixtureVariant((x) =>
    x.replaceAll('Rullstol Ärla, sitsbredd', 'Rullstol Ärla III, sitsbredd').replace('Rollator Ödmjuk, låg', 'Rollator Ödmjuk, hög'),
  );
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
