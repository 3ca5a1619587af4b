/**
 * Catalogue import benchmark (issue 3, item 8), printed as JSON:
 *  - imports the national-size file (bench/gen-catalogue.ts, 660 000 articles) into a fresh database:
 *    seconds, articles/s, peak RSS of this process (goal ≤ 512 MB; on PGlite the data directory is created by
 *    another process and this one opens it, as `bista import-catalogue` opens an existing one), and the ratio to a raw COPY of the
 *    same rows in the same run (goal ≥ 0.4 on PostgreSQL): every row the import wrote (products, articles,
 *    prices, fits, media-fetch jobs) copied back in with COPY, once into plain tables (columns only) and
 *    once into tables shaped like the real ones (LIKE … INCLUDING ALL: same indexes, defaults and generated
 *    search column; no foreign keys);
 *  - a second import of the same file, which must change nothing, and how long that takes.
 *
 *   node --import tsx bench/catalogue-import.ts pglite [count]
 *   node --import tsx bench/catalogue-import.ts postgres postgres://postgres@127.0.0.1:5432/test [count]
 *   npm run bench:catalogue (see the report: the lead wires the script)
 *
 * Env: BENCH_CATALOGUE_FILE (reuse a generated file), BENCH_STAGE=copy|insert (staging method).
 */
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { importCatalogueFile } from '../src/catalogue/import/import-catalogue-file.ts';
import type { StageMethod } from '../src/catalogue/import/staging.ts';
import { testConfig } from '../src/platform/config.ts';
import { systemCtx } from '../src/platform/context.ts';
import { openDatabase, type Database } from '../src/platform/db/client.ts';
import { migrate } from '../src/platform/db/migrate.ts';
import { createLogger } from '../src/platform/logger.ts';
import { generateCatalogue } from './gen-catalogue.ts';

const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;
/** Progress on stderr (the JSON result goes to stdout). */
const progress = (what: string) => process.stderr.write(`[${new Date().toISOString().slice(11, 19)}] ${what}\n`);

/** Linux: the kernel's record of this process's peak RSS (VmHWM), and a way to reset it to the current RSS. */
const highWaterMark = {
  reset(): boolean {
    try {
      fs.writeFileSync('/proc/self/clear_refs', '5');
      return true;
    } catch {
      return false;
    }
  },
  read(): number | null {
    try {
      const m = /^VmHWM:\s+(\d+) kB/m.exec(fs.readFileSync('/proc/self/status', 'utf8'));
      return m ? Number(m[1]) * 1024 : null;
    } catch {
      return null;
    }
  },
};

/**
 * This process's memory between start() and stop(): peak RSS (everything, including an embedded PGlite's
 * WebAssembly memory) and the JavaScript side alone (V8 heap + buffers: the importer; includes the
 * WebAssembly memory on PGlite, which V8 counts as external). The peak RSS is the kernel's high-water mark
 * where there is one (Linux): a sampler alone misses most of a PGlite publish, whose statements run back to
 * back without giving timers a turn. The JS figure is sampled every 50 ms.
 */
function memorySampler() {
  let rss = 0;
  let js = 0;
  let hwm = false;
  let timer: NodeJS.Timeout | null = null;
  const sample = () => {
    const m = process.memoryUsage();
    rss = Math.max(rss, m.rss);
    js = Math.max(js, m.heapUsed + m.external);
  };
  const mb = (x: number) => Math.round(x / 1024 / 1024);
  return {
    start() {
      rss = 0;
      js = 0;
      hwm = highWaterMark.reset();
      sample();
      timer = setInterval(sample, 50);
    },
    stop() {
      if (timer) clearInterval(timer);
      sample();
      const peak = hwm ? highWaterMark.read() : null;
      return { peakRssMB: mb(Math.max(rss, peak ?? 0)), peakRssFrom: peak !== null ? 'VmHWM' : 'sampled', peakJsHeapMB: mb(js) };
    },
  };
}

/** PGlite's WebAssembly memory (MB reserved; it only grows), read through the engine's module (not public API). */
function pgliteWasmMB(database: Database): number | null {
  const bytes = (database.pglite as unknown as { mod?: { HEAPU8?: Uint8Array } } | undefined)?.mod?.HEAPU8?.buffer.byteLength;
  return bytes === undefined ? null : Math.round(bytes / 1024 / 1024);
}

export async function catalogueFile(count: number): Promise<{ file: string; generatedSeconds: number | null; bytes: number }> {
  const file = process.env.BENCH_CATALOGUE_FILE ?? path.join(os.tmpdir(), `bista-catalogue-${count}.xml`);
  if (fs.existsSync(file)) return { file, generatedSeconds: null, bytes: fs.statSync(file).size };
  const t0 = performance.now();
  const tmp = `${file}.${process.pid}.part`;
  await generateCatalogue(tmp, count);
  fs.renameSync(tmp, file);
  return { file, generatedSeconds: round((performance.now() - t0) / 1000, 1), bytes: fs.statSync(file).size };
}

/** Order-independent fingerprint of the catalogue tables (string_agg of 660 000 rows would be too big). */
async function fingerprint(database: Database) {
  const out: Record<string, string> = {};
  for (const t of ['iso_code', 'supplier', 'agreement', 'product', 'article', 'article_fit', 'price', 'media', 'job']) {
    const [r] = await database.query<{ n: string; h: string }>(
      `SELECT count(*)::text AS n, coalesce(sum(hashtext(x::text)::bigint), 0)::text AS h FROM ${t} x`,
    );
    out[t] = `${r!.n}:${r!.h}`;
  }
  return out;
}

/** The tables the import writes, and the columns it writes in them (the raw COPY copies exactly these). */
const WRITTEN: [table: string, columns: string][] = [
  ['product', 'id, product_number, name, description, iso_code, iso_edition, supplier_id, updated_at'],
  [
    'article',
    'id, article_number, product_id, name, sort_key, description, article_type, iso_code, iso_edition, supplier_id, supplier_article_number, gtin, charging_form, stock_form, unit_tracked, serial_required, inspection_interval_months, maintenance_interval_months, depreciation_years, unit, published, orderable, in_assortment, may_be_component, source, import_hash, version, removed_at, updated_at',
  ],
  ['price', 'id, article_id, kind, agreement_id, amount, valid_from, valid_to'],
  ['article_fit', 'part_id, main_id'],
  // Media links become fetch jobs for the media module.
  ['job', 'kind, payload, dedupe_key'],
];

/**
 * The baseline: COPY every row the import wrote (exported first, not timed) into new tables, (a) plain:
 * the columns only; (b) shaped like the real tables: same indexes, constraints and generated column.
 */
async function rawCopy(database: Database, kind: 'pglite' | 'postgres', url: string | undefined, dir: string) {
  const files: Record<string, string> = {};
  const result = { plainSeconds: 0, likeSeconds: 0, rows: 0 };
  if (kind === 'postgres') {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      for (const [t, cols] of WRITTEN) {
        files[t] = path.join(dir, `${t}.copy`);
        await pipeline(client.query(copyTo(`COPY (SELECT ${cols} FROM ${t}) TO STDOUT`)), fs.createWriteStream(files[t]!));
        await client.query(`CREATE TABLE raw_plain_${t} AS SELECT ${cols} FROM ${t} WITH NO DATA`);
        await client.query(`CREATE TABLE raw_like_${t} (LIKE ${t} INCLUDING ALL)`);
      }
      for (const variant of ['plain', 'like'] as const) {
        const t0 = performance.now();
        for (const [t, cols] of WRITTEN) {
          await pipeline(fs.createReadStream(files[t]!, { highWaterMark: 1 << 20 }), client.query(copyFrom(`COPY raw_${variant}_${t} (${cols}) FROM STDIN`)));
        }
        const s = (performance.now() - t0) / 1000;
        if (variant === 'plain') result.plainSeconds = s;
        else result.likeSeconds = s;
      }
      for (const [t] of WRITTEN) result.rows += Number((await client.query(`SELECT count(*) AS n FROM raw_plain_${t}`)).rows[0].n);
    } finally {
      await client.end();
    }
  } else {
    const pgl = database.pglite!;
    const blobs: Record<string, Blob> = {};
    for (const [t, cols] of WRITTEN) {
      const res = await pgl.query(`COPY (SELECT ${cols} FROM ${t}) TO '/dev/blob'`);
      // An empty result gives no blob, and COPY FROM '/dev/blob' without one leaves PGlite hanging.
      if (res.blob) blobs[t] = res.blob;
      await pgl.exec(`CREATE TABLE raw_plain_${t} AS SELECT ${cols} FROM ${t} WITH NO DATA; CREATE TABLE raw_like_${t} (LIKE ${t} INCLUDING ALL)`);
    }
    for (const variant of ['plain', 'like'] as const) {
      const t0 = performance.now();
      for (const [t, cols] of WRITTEN) {
        if (blobs[t]) await pgl.query(`COPY raw_${variant}_${t} (${cols}) FROM '/dev/blob'`, [], { blob: blobs[t] });
      }
      const s = (performance.now() - t0) / 1000;
      if (variant === 'plain') result.plainSeconds = s;
      else result.likeSeconds = s;
    }
    for (const [t] of WRITTEN) result.rows += Number((await pgl.query<{ n: string }>(`SELECT count(*) AS n FROM raw_plain_${t}`)).rows[0]!.n);
  }
  return result;
}

export async function benchImport(databaseKind: 'pglite' | 'postgres', databaseUrl?: string, opts: { count?: number; stage?: StageMethod } = {}) {
  const count = opts.count ?? 660_000;
  const stage = opts.stage ?? (process.env.BENCH_STAGE as StageMethod | undefined) ?? 'copy';
  const { file, generatedSeconds, bytes } = await catalogueFile(count);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bista-bench-catalogue-'));
  let database: Database;
  let url: string | undefined;
  let dropDatabase = async () => {};
  if (databaseKind === 'postgres') {
    if (!databaseUrl) throw new Error('postgres needs an admin URL, e.g. postgres://postgres@127.0.0.1:5432/test');
    const name = `bista_bench_catalogue_${crypto.randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: databaseUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const u = new URL(databaseUrl);
    u.pathname = `/${name}`;
    url = u.toString();
    database = await openDatabase({ databaseUrl: url, poolSize: 4 });
    dropDatabase = async () => {
      const a = new pg.Client({ connectionString: databaseUrl });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    };
  } else {
    // As `bista import-catalogue` runs: the data directory exists (created and migrated here by another
    // process) and this process opens it. Creating the cluster (initdb) leaves some 180 MB of a process's
    // memory touched for good, which an import run never has.
    const src = (f: string) => JSON.stringify(pathToFileURL(path.resolve(import.meta.dirname, '..', 'src/platform/db', f)).href);
    execFileSync(
      process.execPath,
      [
        '--import',
        'tsx',
        '--input-type=module',
        '-e',
        `const { openDatabase } = await import(${src('client.ts')}); const { migrate } = await import(${src('migrate.ts')}); const d = await openDatabase({ dataDir: ${JSON.stringify(dir)} }); await migrate(d); await d.close();`,
      ],
      { stdio: 'inherit' },
    );
    database = await openDatabase({ dataDir: dir });
  }
  try {
    await migrate(database);
    const ctx = systemCtx({ db: database.db, database, config: testConfig({ dataDir: dir }), log: createLogger('silent') });
    const mem = memorySampler();
    const rssBeforeImportMB = Math.round(process.memoryUsage.rss() / 1024 / 1024);
    const wasmBeforeMB = pgliteWasmMB(database);

    progress(`first import of ${file}`);
    mem.start();
    let t0 = performance.now();
    const first = await importCatalogueFile(ctx, file, { publish: true, stageMethod: stage });
    const firstSeconds = (performance.now() - t0) / 1000;
    const firstMemory = { ...mem.stop(), ...(databaseKind === 'pglite' ? { pgliteWasmMB: { before: wasmBeforeMB, after: pgliteWasmMB(database) } } : {}) };
    if (first.status !== 'published') throw new Error(`first import not published: ${first.status} ${JSON.stringify(first.report?.errors.slice(0, 5))}`);

    progress(`first import ${first.status} in ${round(firstSeconds)} s; fingerprint`);
    const before = await fingerprint(database);
    progress('second import');
    mem.start();
    t0 = performance.now();
    const second = await importCatalogueFile(ctx, file, { publish: true, stageMethod: stage });
    const secondSeconds = (performance.now() - t0) / 1000;
    const secondMemory = { ...mem.stop(), ...(databaseKind === 'pglite' ? { pgliteWasmMB: pgliteWasmMB(database) } : {}) };
    progress(`second import ${second.status} in ${round(secondSeconds)} s; fingerprint`);
    const after = await fingerprint(database);
    progress('raw COPY baseline');
    const unchanged = JSON.stringify(before) === JSON.stringify(after);

    const raw = await rawCopy(database, databaseKind, url, dir);
    const articles = first.report!.counts.article!;
    return {
      database: databaseKind,
      stageMethod: stage,
      file: { path: file, bytes, megabytes: round(bytes / 1024 / 1024, 1), articles, generatedSeconds },
      firstImport: {
        seconds: round(firstSeconds),
        articlesPerSecond: Math.round(articles / firstSeconds),
        rssBeforeImportMB,
        ...firstMemory,
        timingsMs: first.report!.timingsMs,
        changes: { new: first.report!.changes!.new, changed: first.report!.changes!.changed, removed: first.report!.changes!.removed },
        rowsStaged: first.report!.counts,
      },
      rawCopy: {
        rowsWritten: raw.rows,
        plainTablesSeconds: round(raw.plainSeconds),
        sameShapeTablesSeconds: round(raw.likeSeconds),
        ratioToPlain: round(raw.plainSeconds / firstSeconds, 3),
        ratioToSameShape: round(raw.likeSeconds / firstSeconds, 3),
      },
      secondImport: {
        seconds: round(secondSeconds),
        ...secondMemory,
        changedNothing: unchanged,
        changes: {
          new: second.report!.changes!.new,
          changed: second.report!.changes!.changed,
          unchanged: second.report!.changes!.unchanged,
          removed: second.report!.changes!.removed,
        },
        timingsMs: second.report!.timingsMs,
      },
      loadAverage: os.loadavg().map((x) => round(x)),
      goals: { peakRssMB: 512, ratio: databaseKind === 'postgres' ? 0.4 : null },
    };
  } finally {
    await database.close();
    await dropDatabase();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [kind = 'pglite', ...rest] = process.argv.slice(2);
  const url = rest.find((a) => a.startsWith('postgres'));
  const countArg = rest.find((a) => /^\d+$/.test(a));
  if (kind !== 'pglite' && kind !== 'postgres') {
    process.stderr.write('Användning: node --import tsx bench/catalogue-import.ts pglite|postgres [ADMIN-URL] [antal artiklar]\n');
    process.exit(2);
  }
  const result = await benchImport(kind, url ?? process.env.BENCH_DATABASE_URL, countArg ? { count: Number(countArg) } : {});
  console.log(JSON.stringify({ bench: 'catalogue-import', node: process.version, cpus: os.cpus().length, ...result }, null, 2));
}
