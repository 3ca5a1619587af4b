import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCatalogue } from '../../../bench/gen-catalogue.ts';
import { freshDatabase } from '../../../test/db.ts';
import { testConfig } from '../../platform/config.ts';
import { systemCtx } from '../../platform/context.ts';
import type { Database } from '../../platform/db/client.ts';
import { createLogger } from '../../platform/logger.ts';
import { runImportCommand } from './cli.ts';
import { getBatch, importCatalogueFile, type ImportBatchView } from './import-catalogue-file.ts';
import type { ImportProgress } from './import-progress.ts';
import { FIXTURES, givenIsoCodes } from './test-helpers.ts';

/** An import's progress is in its batch row while it runs (a reloaded page reads it) and after it ends. */

let database: Database & { drop(): Promise<void> };
let dir: string;
let file: string;
const ARTICLES = 6000;
const log = createLogger('silent');
const ctx = () => systemCtx({ db: database.db, database, config: testConfig(), log });

beforeAll(async () => {
  database = await freshDatabase();
  await givenIsoCodes(database);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bista-progress-'));
  file = path.join(dir, 'national.xml');
  await generateCatalogue(file, ARTICLES, 7);
});
afterAll(async () => {
  await database.drop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('import progress', () => {
  it('is readable from the batch while the file is read, and stays there when the import ends', async () => {
    expect(fs.statSync(file).size).toBeGreaterThan(2 << 20); // more than one chunk: the total is estimated first
    const reports: ImportProgress[] = [];
    let whileRunning: ImportBatchView | null = null;
    const done = await importCatalogueFile(ctx(), file, {
      publish: true,
      parseInWorker: false,
      onProgress: (p) => reports.push(p),
      whileReading: async () => {
        const [latest] = await database.query<{ id: string }>(`SELECT id FROM import_batch ORDER BY created_at DESC LIMIT 1`);
        whileRunning = await getBatch(ctx(), latest!.id);
      },
    });

    // While it ran: the status says "staging" and the stored progress is the reading phase, with rows, a
    // rate and a total estimated from the bytes read.
    const seen = whileRunning as ImportBatchView | null;
    expect(seen?.id).toBe(done.id);
    expect(seen?.status).toBe('staging');
    const p = seen!.progress!;
    expect(p.phase).toBe('reading');
    expect(p.estimated).toBe(true);
    expect(p.done).toBeGreaterThan(0);
    expect(p.done).toBeLessThan(ARTICLES);
    expect(p.total).toBeGreaterThan(ARTICLES * 0.5);
    expect(p.total).toBeLessThan(ARTICLES * 1.5);

    // The reports went through reading → checking → publishing, rows never going back.
    const phases = [...new Set(reports.map((r) => r.phase))];
    expect(phases).toEqual(['reading', 'checking', 'publishing']);
    const rowsRead = reports.filter((r) => r.phase === 'reading').map((r) => r.done);
    expect(rowsRead).toEqual([...rowsRead].sort((a, b) => a - b));

    // After the end: the last progress stays, exact.
    expect(done.status).toBe('published');
    expect(done.progress).toMatchObject({ phase: 'publishing', done: ARTICLES, total: ARTICLES, estimated: false, etaSec: 0 });
    expect((await getBatch(ctx(), done.id)).progress).toEqual(done.progress);
  });

  it('reports the same way when the XML is parsed in a worker thread', async () => {
    const reports: ImportProgress[] = [];
    let whileRunning: ImportBatchView | null = null;
    const done = await importCatalogueFile(ctx(), file, {
      publish: false,
      parseInWorker: true,
      onProgress: (p) => reports.push(p),
      whileReading: async () => {
        const [latest] = await database.query<{ id: string }>(`SELECT id FROM import_batch ORDER BY created_at DESC LIMIT 1`);
        whileRunning = await getBatch(ctx(), latest!.id);
      },
    });
    expect(done.status).toBe('validated');
    const seen = whileRunning as ImportBatchView | null;
    expect(seen?.id).toBe(done.id);
    expect(seen?.progress).toMatchObject({ phase: 'reading', estimated: true });
    expect(seen!.progress!.done).toBeGreaterThan(0);
    expect(reports.at(-1)).toMatchObject({ phase: 'checking', done: ARTICLES, total: ARTICLES, estimated: false });
    expect(done.progress).toEqual(reports.at(-1));
  });

  it('the CLI writes plain progress lines when its progress stream is not a terminal, and one rewritten line on a terminal', async () => {
    const plain: string[] = [];
    const code = await runImportCommand(database, testConfig(), log, path.join(FIXTURES, 'catalogue-small.xml'), {
      dryRun: true,
      out: () => {},
      err: () => {},
      progress: { isTTY: false, write: (s) => plain.push(s) },
    });
    expect(code).toBe(0);
    const text = plain.join('').replace(/[\u00a0\u202f]/g, ' ');
    expect(text).toMatch(/^Läser 5 av 5 rader/m);
    expect(text).toMatch(/^Kontrollerar 5 rader …$/m);
    expect(text).not.toContain('\r');

    const tty: string[] = [];
    await runImportCommand(database, testConfig(), log, path.join(FIXTURES, 'catalogue-small.xml'), {
      dryRun: true,
      out: () => {},
      err: () => {},
      progress: { isTTY: true, columns: 200, write: (s) => tty.push(s) },
    });
    expect(tty[0]).toMatch(/^\r\x1b\[2KLäser \[█+\] 100 % 5 av 5 rader/);
    expect(tty.at(-1)).toBe('\r\x1b[2K'); // the line is cleared before the summary
    expect(tty.join('')).not.toContain('\n');
  });
});
