/**
 * Catalogue search benchmark (issue 3, item 8, search half), printed as JSON.
 *
 * Builds (or reuses) a database with 660 000 articles generated in SQL (Swedish name parts, ISO codes across the
 * classes, 200 suppliers, types H/T/R, 5 % in the assortment, a general price each), then runs a fixed mix of
 * queries through the HTTP API (the app in-process on a loopback port, logged in as the prescriber) and the very
 * same SQL straight on the database (the statements `planSearch` builds, run by `runSearchPlan`), and reports
 * p50/p95, req/s and the ratio API p95 / SQL p95. Goal: p95 ≤ 50 ms on PostgreSQL, the API adds ≤ 1.5x.
 *
 * Then what prescribers type (issue 16 item 4, bench/search-queries.ts): a fixed set of realistic articles is
 * added to the generated catalogue, and each prescriber query is searched as the prescriber does (the catalogue
 * page, or the order editor's picker with orderable=true): recall (share of the expected articles on the first
 * page, 20 hits) overall and per kind, the queries that miss, and the p95 of the API and of the same SQL.
 * Recall is measured twice: on the fixed set alone (a register of an assortment's size, where every expected
 * article should be found; the goal is 0.95) and inside the generated catalogue (where 660 000 look-alike
 * articles compete for the first page, so generic words and ISO codes of crowded classes fill it with other,
 * equally fitting articles).
 *
 *   node --import tsx bench/catalogue-search.ts                  # PostgreSQL (BENCH_PG_URL) and PGlite
 *   BENCH_ENGINES=postgres BENCH_ARTICLES=660000 node --import tsx bench/catalogue-search.ts
 *   BENCH_FIXED_ONLY=1 node --import tsx bench/catalogue-search.ts  # the prescriber queries on the fixed set only
 * The databases are kept (PostgreSQL: bista_bench_search; PGlite: .tmp/bench-catalogue-search) and reused
 * when they already hold the same number of articles; BENCH_REBUILD=1 builds them anew.
 */
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { seedDemo, DEMO_PASSWORD } from '../src/administration/seed/demo.ts';
import { swedishSortKey } from '../src/platform/i18n/sort-key.ts';
import { FIXED_ARTICLES, SEARCH_QUERIES } from './search-queries.ts';
import { seedIsoCodes } from '../src/catalogue/iso/seed-iso-codes.ts';
import { MIN_WORD, wordsOfName } from '../src/catalogue/articles/article-words.ts';
import { planSearch, runSearchPlan, searchQuery, type SearchInput } from '../src/catalogue/articles/search-articles.ts';
import { testConfig } from '../src/platform/config.ts';
import { openDatabase, type Database } from '../src/platform/db/client.ts';
import { migrate } from '../src/platform/db/migrate.ts';
import { buildApp } from '../src/platform/http/app.ts';
import { appRoutes } from '../src/app/routes.ts';
import { CentreLink } from '../src/ordering/orders/centre-link.ts';
import { createLogger } from '../src/platform/logger.ts';

const ROOT = path.resolve(import.meta.dirname, '..');

export interface BenchOptions {
  engine: 'postgres' | 'pglite';
  /** Admin URL of a PostgreSQL server (a database is created on it). */
  adminUrl?: string;
  articles?: number;
  runs?: number;
  rebuild?: boolean;
  throughputSeconds?: number;
  /** Runs of each prescriber query (after one warm-up). */
  queryRuns?: number;
  log?: (msg: string) => void;
}

const pct = (xs: number[], p: number) => {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
};
const r2 = (x: number) => Math.round(x * 100) / 100;

// ---- data ---------------------------------------------------------------------------------------------------

const NOUNS: [string, string][] = [
  ['Rullstol', '12 22 03'],
  ['Elrullstol', '12 23 06'],
  ['Transportrullstol', '12 22 18'],
  ['Rollator', '12 06 06'],
  ['Gåbord', '12 06 12'],
  ['Käpp', '12 03 03'],
  ['Armbågskrycka', '12 03 06'],
  ['Duschstol', '09 33 03'],
  ['Toalettstol', '09 12 03'],
  ['Säng', '18 12 10'],
  ['Madrass', '04 33 06'],
  ['Sittdyna', '04 33 03'],
  ['Personlyft', '12 36 03'],
  ['Lyftsele', '12 36 21'],
  ['Glidmatta', '12 31 03'],
  ['Vridplatta', '12 31 06'],
  ['Griptång', '24 21 03'],
  ['Strumppådragare', '09 09 03'],
  ['Förstoringsglas', '22 03 09'],
  ['Tangentbord', '22 36 03'],
  ['Arbetsstol', '18 09 03'],
  ['Ståstöd', '04 48 08'],
  ['Inhalator', '04 03 06'],
  ['Huvudskydd', '09 06 03'],
];
const ADJECTIVES = [
  'Manuell',
  'Aktiv',
  'Komfort',
  'Lätt',
  'Kompakt',
  'Hopfällbar',
  'Elektrisk',
  'Barn',
  'Bariatrisk',
  'Standard',
  'Smal',
  'Bred',
  'Hög',
  'Låg',
  'Ute',
  'Inne',
  'Allround',
  'Tippbar',
  'Justerbar',
  'Mjuk',
];
const BRANDS = [
  'Alfa',
  'Nova',
  'Viking',
  'Delta',
  'Orion',
  'Saga',
  'Polar',
  'Fjäll',
  'Ek',
  'Björk',
  'Ask',
  'Lind',
  'Tall',
  'Gran',
  'Ståltek',
  'Nordic',
  'Svea',
  'Göta',
  'Ådal',
  'Ölund',
];
const PARTS = ['Hjul', 'Broms', 'Däck', 'Batteri', 'Handtag', 'Fotstöd', 'Ryggstöd', 'Överdrag', 'Sele', 'Laddare', 'Armstöd', 'Korg'];

const arr = (xs: string[]) => `ARRAY[${xs.map((x) => `'${x.replace(/'/g, "''")}'`).join(',')}]`;

/** One chunk of generated articles, i in [from, to]. Plain SQL that runs on PostgreSQL 15 and PGlite alike. */
function articleChunkSql(from: number, to: number): string {
  const nouns = arr(NOUNS.map((n) => n[0]));
  const isos = arr(NOUNS.map((n) => n[1]));
  return `
WITH s AS (SELECT array_agg(id ORDER BY gln) AS ids FROM supplier WHERE gln LIKE '7359%'),
g AS (
  SELECT i,
         (${nouns})[1 + (i * 7) % ${NOUNS.length}] AS noun,
         (${isos})[1 + (i * 7) % ${NOUNS.length}] AS iso,
         (${arr(ADJECTIVES)})[1 + (i / ${NOUNS.length}) % ${ADJECTIVES.length}] AS adj,
         (${arr(BRANDS)})[1 + (i / ${NOUNS.length * ADJECTIVES.length}) % ${BRANDS.length}] AS brand,
         (${arr(PARTS)})[1 + (i / 3) % ${PARTS.length}] AS part,
         CASE WHEN i % 20 < 8 THEN 'H' WHEN i % 20 < 15 THEN 'T' ELSE 'R' END AS typ
    FROM generate_series(${from}, ${to}) i
),
n AS (
  SELECT g.*,
         CASE g.typ WHEN 'H' THEN g.noun || ' ' || g.adj || ' ' || g.brand || ' ' || (36 + (g.i % 13) * 2) || ' cm'
                    WHEN 'T' THEN g.part || ' till ' || lower(g.noun) || ' ' || g.brand
                    ELSE 'Reservdel ' || lower(g.part) || ' ' || lower(g.noun) || ' ' || g.brand || ' ' || (g.i % 97) END AS name
    FROM g
)
INSERT INTO article (article_number, name, sort_key, description, article_type, iso_code, iso_edition, supplier_id,
                     supplier_article_number, gtin, charging_form, stock_form, unit_tracked, published, orderable,
                     in_assortment, source)
SELECT lpad(n.i::text, 7, '0'), n.name, lower(translate(n.name, 'ÅÄÖåäöÉéÜü', '{|}{|}EeYy')),
       'Serie ' || n.brand || '. ' || n.adj || ' ' || lower(n.noun) || ' för vardagsbruk, ' || CASE WHEN n.i % 2 = 0 THEN 'inomhus' ELSE 'utomhus' END || '.',
       n.typ, CASE WHEN n.typ = 'H' THEN n.iso ELSE '12 24 09' END, '2022', s.ids[1 + n.i % 200],
       'S' || (n.i % 200) || '-' || n.i, '735' || lpad(n.i::text, 10, '0'),
       CASE WHEN n.typ = 'H' AND n.i % 3 = 0 THEN 'rent' ELSE 'sale' END, CASE WHEN n.i % 4 = 0 THEN 'orderItem' ELSE 'stock' END,
       n.typ = 'H' AND n.i % 3 = 0, n.i % 20 <> 7, n.i % 10 <> 3, n.i % 20 = 0, 'national'
  FROM n, s`;
}

async function generate(database: Database, articles: number, log: (m: string) => void) {
  const t0 = performance.now();
  await database.exec(`
    INSERT INTO supplier (gln, name, sort_key)
    SELECT '7359' || lpad(i::text, 9, '0'), 'Leverantör ' || i || ' AB', 'leverant}r ' || lpad(i::text, 3, '0')
      FROM generate_series(1, 200) i ON CONFLICT (gln) DO NOTHING;
    DROP INDEX IF EXISTS article_search_idx;
    DROP INDEX IF EXISTS article_name_trgm_idx;`);
  const chunk = 66_000;
  for (let from = 1; from <= articles; from += chunk) {
    await database.exec(articleChunkSql(from, Math.min(articles, from + chunk - 1)));
    log(`  articles ${Math.min(articles, from + chunk - 1)}/${articles} (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
  }
  await database.exec(`
    INSERT INTO price (article_id, kind, amount, valid_from)
    SELECT id, 'general', (100 + (hashtext(article_number) & 4095))::numeric, DATE '2020-01-01' FROM article WHERE source = 'national';
    CREATE INDEX article_search_idx ON article USING gin (search);
    CREATE INDEX article_name_trgm_idx ON article USING gin (name gin_trgm_ops);
    -- The search vocabulary, as the importer's publish fills it (src/catalogue/articles/article-words.ts).
    INSERT INTO article_word (word)
    SELECT DISTINCT w FROM article, ${wordsOfName('article.name')} WHERE length(w) >= ${MIN_WORD} ON CONFLICT DO NOTHING;
    CREATE TABLE IF NOT EXISTS bench_meta (articles integer NOT NULL);
    DELETE FROM bench_meta;
    INSERT INTO bench_meta VALUES (${articles});
    ANALYZE;`);
  log(`  generated in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return (performance.now() - t0) / 1000;
}

/**
 * Before measuring: the search indexes of migration 0004 (a database built by an older version of this benchmark
 * may have had them dropped), and the GIN indexes' pending lists merged. Rows inserted into a GIN index with
 * fastupdate wait in a pending list that every search scans in full until (auto)vacuum merges them; the importer
 * merges them after a publish, the SQL generator above does not.
 */
const PREPARE = `
  CREATE INDEX IF NOT EXISTS article_search_boost_idx ON article USING gin (search) WHERE in_assortment AND article_type = 'H';
  CREATE INDEX IF NOT EXISTS article_iso_sort_idx ON article (iso_code, sort_key, id);
  SELECT gin_clean_pending_list(x.indexrelid) FROM pg_index x JOIN pg_class c ON c.oid = x.indexrelid JOIN pg_am am ON am.oid = c.relam
   WHERE x.indrelid IN ('article'::regclass, 'article_word'::regclass) AND am.amname = 'gin';
  ANALYZE article;
  ANALYZE article_word;`;

async function openBenchDatabase(opts: BenchOptions, articles: number, log: (m: string) => void) {
  let database: Database;
  if (opts.engine === 'postgres') {
    const admin = new pg.Client({ connectionString: opts.adminUrl });
    await admin.connect();
    const exists = (await admin.query(`SELECT 1 FROM pg_database WHERE datname = 'bista_bench_search'`)).rowCount;
    if (exists && opts.rebuild) await admin.query(`DROP DATABASE bista_bench_search WITH (FORCE)`);
    if (!exists || opts.rebuild) await admin.query(`CREATE DATABASE bista_bench_search`);
    await admin.end();
    const u = new URL(opts.adminUrl!);
    u.pathname = '/bista_bench_search';
    database = await openDatabase({ databaseUrl: u.toString(), poolSize: 10 });
  } else {
    const dir = path.join(ROOT, '.tmp', 'bench-catalogue-search');
    if (opts.rebuild) fs.rmSync(dir, { recursive: true, force: true });
    database = await openDatabase({ dataDir: dir });
  }
  await migrate(database);
  const have = await database
    .query<{ articles: number }>(`SELECT articles FROM bench_meta`)
    .then((r) => r[0]?.articles ?? 0)
    .catch(() => 0);
  let generatedSeconds: number | null = null;
  if (have !== articles) {
    if (have) throw new Error(`the bench database holds ${have} articles, not ${articles}: run with BENCH_REBUILD=1`);
    log(`${opts.engine}: generating ${articles} articles`);
    await seedDemo(database.db);
    await seedIsoCodes(database.db);
    generatedSeconds = await generate(database, articles, log);
  } else log(`${opts.engine}: reusing the bench database (${articles} articles)`);
  await seedIsoCodes(database.db);
  await ensureFixedArticles(database);
  await database.exec(PREPARE);
  return { database, generatedSeconds };
}

/**
 * The fixed articles of bench/search-queries.ts, added (or brought up to date) in any bench database, with their
 * words in the search vocabulary as every way of saving an article adds them.
 */
async function ensureFixedArticles(database: Database) {
  const rows = FIXED_ARTICLES.map((a) => ({ ...a, sort_key: swedishSortKey(a.name) }));
  await database.query(
    `INSERT INTO article (article_number, name, sort_key, article_type, iso_code, iso_edition, supplier_id, supplier_article_number, gtin,
                          charging_form, stock_form, published, orderable, in_assortment, source)
     SELECT r.number, r.name, r.sort_key, r.type, r.iso, CASE WHEN r.iso IS NOT NULL THEN '2022' END,
            (SELECT id FROM supplier ORDER BY gln LIMIT 1), r."supplierArticleNumber", r.gtin, 'sale', 'stock', true, true, r."inAssortment", 'local'
       FROM jsonb_to_recordset($1::jsonb) AS r(number text, name text, sort_key text, type text, iso text, "supplierArticleNumber" text,
                                              gtin text, "inAssortment" boolean)
     ON CONFLICT (article_number) DO UPDATE SET name = excluded.name, sort_key = excluded.sort_key, article_type = excluded.article_type,
       iso_code = excluded.iso_code, iso_edition = excluded.iso_edition, supplier_article_number = excluded.supplier_article_number,
       gtin = excluded.gtin, in_assortment = excluded.in_assortment, published = true, orderable = true, removed_at = NULL`,
    [JSON.stringify(rows)],
  );
  await database.query(
    `INSERT INTO article_word (word)
     SELECT DISTINCT w FROM jsonb_array_elements_text($1::jsonb) AS n(name), ${wordsOfName('n.name')} WHERE length(w) >= ${MIN_WORD}
     ON CONFLICT DO NOTHING`,
    [JSON.stringify(rows.map((r) => r.name))],
  );
}

/** A small database with the fixed articles only (the demo's users for the login), made anew each run. */
async function openFixedDatabase(opts: BenchOptions): Promise<Database> {
  let database: Database;
  if (opts.engine === 'postgres') {
    const admin = new pg.Client({ connectionString: opts.adminUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS bista_bench_search_fixed WITH (FORCE)`);
    await admin.query(`CREATE DATABASE bista_bench_search_fixed`);
    await admin.end();
    const u = new URL(opts.adminUrl!);
    u.pathname = '/bista_bench_search_fixed';
    database = await openDatabase({ databaseUrl: u.toString(), poolSize: 4 });
  } else {
    const dir = path.join(ROOT, '.tmp', 'bench-catalogue-search-fixed');
    fs.rmSync(dir, { recursive: true, force: true });
    database = await openDatabase({ dataDir: dir });
  }
  await migrate(database);
  await seedDemo(database.db);
  await seedIsoCodes(database.db);
  await database.exec(`INSERT INTO supplier (gln, name, sort_key) VALUES ('7359000000001', 'Leverantör 1 AB', 'leverant}r 001') ON CONFLICT DO NOTHING`);
  await ensureFixedArticles(database);
  await database.exec(`ANALYZE`);
  return database;
}

// ---- the query mix --------------------------------------------------------------------------------------------

function queryMix(supplierId: string): { name: string; params: Record<string, string> }[] {
  return [
    { name: 'exact article number', params: { q: '0123457' } },
    { name: 'GTIN', params: { q: '7350000045678' } },
    { name: 'supplier article number', params: { q: 'S57-123457' } },
    { name: 'full-text common word', params: { q: 'rullstol' } },
    { name: 'stemmed plural', params: { q: 'rullstolar' } },
    { name: "prefix while typing 'rull'", params: { q: 'rull' } },
    { name: "prefix while typing 'rolla'", params: { q: 'rolla' } },
    { name: 'two words', params: { q: 'rullstol komfort' } },
    { name: "typo 'rulstol'", params: { q: 'rulstol' } },
    { name: 'ISO filter + query', params: { q: 'komfort', iso: '12 22' } },
    { name: 'filter + query (assortment, type H)', params: { q: 'rullstol', inAssortment: 'true', type: 'H' } },
    { name: 'no query + ISO filter (Swedish order)', params: { iso: '12 06' } },
    { name: 'no query + supplier + type', params: { supplierId, type: 'R' } },
  ];
}

async function timeApi(base: string, cookie: string, url: string) {
  const t0 = performance.now();
  const res = await fetch(`${base}${url}`, { headers: { cookie } });
  const body = (await res.json()) as { items?: unknown[] };
  const ms = performance.now() - t0;
  if (res.status !== 200) throw new Error(`${url}: ${res.status} ${JSON.stringify(body)}`);
  return { ms, server: Number(/dur=([\d.]+)/.exec(res.headers.get('server-timing') ?? '')?.[1]), count: body.items?.length ?? 0 };
}

/** Logs in as the prescriber; the cookie of the session. */
async function loginPrescriber(base: string): Promise<string> {
  const login = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'forskrivare', password: DEMO_PASSWORD }),
  });
  if (login.status !== 200) throw new Error(`login failed: ${login.status}`);
  return login.headers.get('set-cookie')!.split(';')[0]!;
}

/** The app in-process on a loopback port. */
async function startApp(database: Database): Promise<{ app: Awaited<ReturnType<typeof buildApp>>; base: string }> {
  const config = testConfig({ login: { maxFailures: 100, lockMinutes: 1, perIpPerMinute: 10_000 } });
  const app = await buildApp({ config, database, log: createLogger('silent'), routes: appRoutes(new CentreLink()), webDist: null });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const addr = app.server.address();
  return { app, base: `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}` };
}

/**
 * The prescriber queries of bench/search-queries.ts: recall on the first page (as the API answers the prescriber)
 * and the latency of the API and of the same SQL (runSearchPlan), `runs` times each after one warm-up.
 */
async function runPrescriberQueries(base: string, cookie: string, database: Database, runs: number) {
  const vis = { centre: false };
  const api: number[] = [];
  const rawSql: number[] = [];
  let expected = 0;
  let found = 0;
  const byKind: Record<string, { queries: number; expected: number; found: number }> = {};
  const misses: { q: string; orderable: boolean; missing: string[]; firstPage: string[] }[] = [];
  for (const c of SEARCH_QUERIES) {
    const params: Record<string, string> = { q: c.q, ...(c.orderable ? { orderable: 'true' } : {}) };
    const url = `/api/catalogue/articles/search?${new URLSearchParams(params)}`;
    const input = searchQuery.parse(params) as SearchInput;
    const res = await fetch(`${base}${url}`, { headers: { cookie } });
    const body = (await res.json()) as { items?: { articleNumber: string; name: string }[] };
    if (res.status !== 200) throw new Error(`${url}: ${res.status} ${JSON.stringify(body)}`);
    const numbers = new Set(body.items!.map((i) => i.articleNumber));
    const missing = c.expect.filter((x) => !numbers.has(x));
    const k = (byKind[c.kind] ??= { queries: 0, expected: 0, found: 0 });
    k.queries++;
    k.expected += c.expect.length;
    k.found += c.expect.length - missing.length;
    expected += c.expect.length;
    found += c.expect.length - missing.length;
    if (missing.length) misses.push({ q: c.q, orderable: !!c.orderable, missing, firstPage: body.items!.slice(0, 5).map((i) => i.name) });
    for (let i = 0; i < runs + 1; i++) {
      const a = await timeApi(base, cookie, url);
      const t0 = performance.now();
      await runSearchPlan(database.query, planSearch(input, vis, new Date()));
      const s = performance.now() - t0;
      if (i === 0) continue; // warm-up
      api.push(a.ms);
      rawSql.push(s);
    }
  }
  const share = (f: number, e: number) => Math.round((f / e) * 1000) / 1000;
  return {
    queries: SEARCH_QUERIES.length,
    expectedArticles: expected,
    recall: share(found, expected),
    recallByKind: Object.fromEntries(Object.entries(byKind).map(([kind, v]) => [kind, { queries: v.queries, recall: share(v.found, v.expected) }])),
    apiP50Ms: r2(pct(api, 50)),
    apiP95Ms: r2(pct(api, 95)),
    sqlP50Ms: r2(pct(rawSql, 50)),
    sqlP95Ms: r2(pct(rawSql, 95)),
    ratioApiToSqlP95: r2(pct(api, 95) / pct(rawSql, 95)),
    misses,
  };
}

/** The prescriber queries on the fixed articles alone. */
async function benchFixedOnly(opts: BenchOptions, runs: number) {
  const database = await openFixedDatabase(opts);
  const { app, base } = await startApp(database);
  try {
    return await runPrescriberQueries(base, await loginPrescriber(base), database, runs);
  } finally {
    await app.close();
    await database.close();
  }
}

export async function benchSearch(opts: BenchOptions) {
  const log = opts.log ?? ((m: string) => process.stderr.write(`${m}\n`));
  const articles = opts.articles ?? 660_000;
  const runs = opts.runs ?? 20;
  const { database, generatedSeconds } = await openBenchDatabase(opts, articles, log);
  const { app, base } = await startApp(database);
  let closed = false;
  try {
    const cookie = await loginPrescriber(base);
    const [sup] = await database.query<{ id: string }>(`SELECT id FROM supplier WHERE gln = '7359000000057'`);
    const mix = queryMix(sup!.id);
    const vis = { centre: false };

    const perQuery: Record<string, unknown>[] = [];
    const allApi: number[] = [];
    const allSql: number[] = [];
    for (const q of mix) {
      const url = `/api/catalogue/articles/search?${new URLSearchParams(q.params)}`;
      const input = searchQuery.parse(q.params) as SearchInput;
      const api: number[] = [];
      const server: number[] = [];
      const rawSql: number[] = [];
      let hits = 0;
      for (let i = 0; i < runs + 3; i++) {
        const a = await timeApi(base, cookie, url);
        const t0 = performance.now();
        const r = await runSearchPlan(database.query, planSearch(input, vis, new Date()));
        const s = performance.now() - t0;
        if (i < 3) continue; // warm-up
        api.push(a.ms);
        server.push(a.server);
        rawSql.push(s);
        hits = r.items.length;
      }
      allApi.push(...api);
      allSql.push(...rawSql);
      perQuery.push({
        query: q.name,
        params: q.params,
        hits,
        apiP50Ms: r2(pct(api, 50)),
        apiP95Ms: r2(pct(api, 95)),
        serverP95Ms: r2(pct(server, 95)),
        sqlP50Ms: r2(pct(rawSql, 50)),
        sqlP95Ms: r2(pct(rawSql, 95)),
        ratioApiToSqlP95: r2(pct(api, 95) / pct(rawSql, 95)),
      });
      log(`  ${opts.engine} ${q.name}: api p95 ${pct(api, 95).toFixed(1)} ms, sql p95 ${pct(rawSql, 95).toFixed(1)} ms`);
    }

    // Throughput: the mix round-robin, bounded in time, 4 clients at once (PGlite serialises them anyway).
    const seconds = opts.throughputSeconds ?? 10;
    const urls = mix.map((q) => `/api/catalogue/articles/search?${new URLSearchParams(q.params)}`);
    let done = 0;
    const until = performance.now() + seconds * 1000;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: 4 }, async (_, w) => {
        for (let i = w; performance.now() < until; i++) {
          await timeApi(base, cookie, urls[i % urls.length]!);
          done++;
        }
      }),
    );
    const elapsed = (performance.now() - t0) / 1000;

    const apiP95 = pct(allApi, 95);
    const sqlP95 = pct(allSql, 95);

    const queryRuns = opts.queryRuns ?? 5;
    log(`  ${opts.engine}: ${SEARCH_QUERIES.length} prescriber queries in the generated catalogue`);
    const inGenerated = await runPrescriberQueries(base, cookie, database, queryRuns);
    await app.close();
    await database.close();
    closed = true;
    log(`  ${opts.engine}: the same queries on the fixed articles alone`);
    const fixedOnly = await benchFixedOnly(opts, queryRuns);
    log(`  ${opts.engine}: recall ${fixedOnly.recall} alone, ${inGenerated.recall} in the generated catalogue`);
    return {
      engine: opts.engine,
      articles,
      generatedSeconds: generatedSeconds === null ? null : r2(generatedSeconds),
      runsPerQuery: runs,
      mix: {
        apiP50Ms: r2(pct(allApi, 50)),
        apiP95Ms: r2(apiP95),
        sqlP50Ms: r2(pct(allSql, 50)),
        sqlP95Ms: r2(sqlP95),
        ratioApiToSqlP95: r2(apiP95 / sqlP95),
        reqPerSecond: r2(done / elapsed),
        throughputClients: 4,
      },
      goals: {
        p95Ms: 50,
        meetsP95: apiP95 <= 50,
        maxApiOverhead: 1.5,
        meetsOverhead: apiP95 / sqlP95 <= 1.5,
        recall: 0.95,
        meetsRecall: fixedOnly.recall >= 0.95,
      },
      perQuery,
      prescriberQueries: {
        runsPerQuery: queryRuns,
        fixedArticles: FIXED_ARTICLES.length,
        fixedOnly,
        inGeneratedCatalogue: inGenerated,
      },
    };
  } finally {
    if (!closed) {
      await app.close();
      await database.close();
    }
  }
}

async function main() {
  const engines = (process.env.BENCH_ENGINES ?? 'postgres,pglite').split(',').map((s) => s.trim());
  const results = [];
  for (const engine of engines) {
    if (process.env.BENCH_FIXED_ONLY === '1') {
      // Quick: recall and latency of the prescriber queries on the fixed articles alone, no generated catalogue.
      const opts = { engine: engine as 'postgres' | 'pglite', adminUrl: process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test' };
      results.push({ engine, prescriberQueries: { fixedOnly: await benchFixedOnly(opts, Number(process.env.BENCH_QUERY_RUNS ?? 5)) } });
      continue;
    }
    results.push(
      await benchSearch({
        engine: engine as 'postgres' | 'pglite',
        adminUrl: process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
        articles: Number(process.env.BENCH_ARTICLES ?? 660_000),
        runs: Number(process.env.BENCH_RUNS ?? 20),
        rebuild: process.env.BENCH_REBUILD === '1',
        throughputSeconds: Number(process.env.BENCH_THROUGHPUT_SECONDS ?? 10),
        queryRuns: Number(process.env.BENCH_QUERY_RUNS ?? 5),
      }),
    );
  }
  process.stdout.write(`${JSON.stringify({ benchmark: 'catalogue-search', at: new Date().toISOString(), results }, null, 2)}\n`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
