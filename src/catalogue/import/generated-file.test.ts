import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { generateCatalogue } from '../../../bench/gen-catalogue.ts';
import { freshDatabase } from '../../../test/db.ts';
import { testConfig } from '../../platform/config.ts';
import { systemCtx } from '../../platform/context.ts';
import type { Database } from '../../platform/db/client.ts';
import { createLogger } from '../../platform/logger.ts';
import { importCatalogueFile } from './import-catalogue-file.ts';

/** The benchmark's generator and the importer agree: a generated file imports without a single error. */

let database: Database & { drop(): Promise<void> };
let dir: string;
beforeAll(async () => {
  database = await freshDatabase();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bista-gen-'));
});
afterAll(async () => {
  await database.drop();
  fs.rmSync(dir, { recursive: true, force: true });
});

it('a generated national file (2 000 articles) is valid and publishes, about 30 % of it accessories and spare parts', async () => {
  const file = path.join(dir, 'gen.xml');
  const stats = await generateCatalogue(file, 2000, 42);
  expect(stats.articles).toBe(2000);
  expect(stats.parts / stats.articles).toBeGreaterThan(0.2);
  expect(stats.parts / stats.articles).toBeLessThan(0.4);
  const ctx = systemCtx({ db: database.db, database, config: testConfig(), log: createLogger('silent') });
  const batch = await importCatalogueFile(ctx, file, { publish: true });
  expect(batch.report!.errors).toEqual([]);
  expect(batch.status).toBe('published');
  expect(batch.report!.counts).toMatchObject({ article: 2000, supplier: 200, fit: stats.fits, price: stats.prices });
  const [{ n }] = (await database.query<{ n: number }>(`SELECT count(DISTINCT substr(iso_code, 1, 2))::int AS n FROM article`)) as [{ n: number }];
  expect(n).toBeGreaterThanOrEqual(10); // ISO codes across the classes
});
