/**
 * Invoice-run benchmark (issue 12 item 10), printed as JSON.
 *  - PostgreSQL: HOLDINGS rent holdings (default 2 500 000) and OTHER one-time charges (500 000 sale
 *    deliveries) over CUSTOMERS customer numbers (2 000), all running in November 2026; the month's run
 *    (`runMonth`: every line computed and stored, set-based in SQL) timed, goal ≤ 60 s and ≤ 1 GB RSS of
 *    this process (the run happens in the database: PostgreSQL's own memory is its server's, not ours).
 *    Then every customer number's XLSX is written twice per customer, interleaved, to a discarding stream:
 *    with our writer (header block, styles, autofilter, total row) and with ExcelJS's raw streaming writer
 *    on the same row values (no styles): goal ours ≥ 0.7 of raw's speed.
 *  - PGlite (file-backed, in this process): PGLITE_HOLDINGS holdings (default 250 000) and a tenth as many
 *    sales; the run timed, goal ≤ 60 s.
 * Data is generated with generate_series straight into the provision, catalogue and administration tables
 * (a benchmark's licence: the app itself never writes another module's tables).
 *
 *   node --import tsx bench/invoice.ts [postgres-url|skip] [holdings] [customers] [pglite-holdings|skip] [xlsx-every-nth-customer]
 *   npm run bench:invoice
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { basisHeader, basisRows, basisColumns, cellOf, type BasisRow } from '../src/billing/basis/basis.ts';
import { writeBasisXlsx } from '../src/billing/basis/xlsx.ts';
import { runMonth } from '../src/billing/runs/run-month.ts';
import { testConfig } from '../src/platform/config.ts';
import { systemCtx } from '../src/platform/context.ts';
import { openDatabase, type Database } from '../src/platform/db/client.ts';
import { migrate } from '../src/platform/db/migrate.ts';
import { createLogger } from '../src/platform/logger.ts';

const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;
const progress = (what: string) => process.stderr.write(`[${new Date().toISOString().slice(11, 19)}] ${what}\n`);
const rssMB = () => round(process.memoryUsage().rss / 1048576, 0);
const maxRssMB = () => round(process.resourceUsage().maxRSS / 1024, 0);

const url = process.argv[2] ?? 'postgres://postgres@127.0.0.1:5432/test';
const HOLDINGS = Number(process.argv[3] ?? 2_500_000);
const CUSTOMERS = Number(process.argv[4] ?? 2_000);
const PGLITE_HOLDINGS = process.argv[5] === 'skip' ? 0 : Number(process.argv[5] ?? 250_000);
const PERIOD = '2026-11';
/** Write the XLSX of every n-th customer number (1 = every one; a larger step samples, for a quicker run). */
const XLSX_STEP = Number(process.argv[6] ?? 1);
const HOLDINGS_PER_ORDER = 10;
const RENT_ARTICLES = 400;
const SALE_ARTICLES = 100;

/** Bench data in SQL: customers, articles with prices, orders with patients and lines, units, holdings, sale deliveries. */
async function load(db: Database, holdings: number, sales: number, customers: number) {
  const orders = Math.ceil(holdings / HOLDINGS_PER_ORDER);
  const saleOrders = Math.ceil(sales / 10);
  const q = (sql: string, params: unknown[] = []) => db.query(sql, params);
  await q(`INSERT INTO collaboration (id, name) VALUES (gen_random_uuid(), 'Bench')`);
  await q(`INSERT INTO care_provider (collaboration_id, name, sort_key, kind, organisation_number)
           SELECT c.id, 'Vårdgivare ' || g, 'v' || g, 'municipality', '212000-' || lpad(g::text, 4, '0') FROM collaboration c, generate_series(1, 20) g`);
  await q(`INSERT INTO delivery_area (name, weekday) VALUES ('Bench', 2)`);
  await q(
    `INSERT INTO customer (care_provider_id, customer_number, name, sort_key, payer, cost_centre, delivery_area_id)
           SELECT (SELECT id FROM care_provider ORDER BY organisation_number OFFSET g % 20 LIMIT 1), 'B' || lpad(g::text, 5, '0'), 'Kund ' || g || ' Åby', 'k' || g, 'Betalare ' || (g % 20), 'KST-' || g, (SELECT id FROM delivery_area LIMIT 1)
             FROM generate_series(1, $1::int) g`,
    [customers],
  );
  await q(`INSERT INTO article (article_number, name, sort_key, article_type, iso_code, charging_form, stock_form, unit_tracked)
           SELECT 'R' || lpad(g::text, 5, '0'), 'Rullstol Öst ' || g, 'r' || g, 'H', '12 22 ' || lpad((g % 20)::text, 2, '0'), 'rent', 'stock', true FROM generate_series(1, ${RENT_ARTICLES}) g
           UNION ALL
           SELECT 'S' || lpad(g::text, 5, '0'), 'Griptång ' || g, 's' || g, 'H', '24 21 03', 'sale', 'stock', false FROM generate_series(1, ${SALE_ARTICLES}) g`);
  // One general price per article from January; a third of the rent articles get a new price from 16 November.
  await q(
    `INSERT INTO price (article_id, kind, amount, valid_from) SELECT id, 'general', 150 + (hashtext(article_number) & 1023) + 0.35, '2026-01-01' FROM article`,
  );
  await q(
    `INSERT INTO price (article_id, kind, amount, valid_from) SELECT id, 'general', 170 + (hashtext(article_number) & 1023) + 0.65, '2026-11-16' FROM article WHERE charging_form = 'rent' AND hashtext(article_number) % 3 = 0`,
  );
  await q(
    `INSERT INTO billing_cost_rule (name, priority, max_patient_age, payer_customer_number, valid_from) VALUES ('Barn och unga', 10, 17, 'B00001', '2026-01-01')`,
  );
  await q(
    `INSERT INTO billing_service_price (code, amount_ore, valid_from) SELECT c, 50000, '2026-01-01' FROM unnest(ARRAY['urgentFee','failedDeliveryFee','technicianHour','consultantHour','installation','deinstallation']) c`,
  );
  progress(`orders ${orders + saleOrders}`);
  await q(
    `CREATE TEMP TABLE bench_customer AS SELECT row_number() OVER (ORDER BY customer_number) - 1 AS i, id, customer_number, name, care_provider_id FROM customer WHERE customer_number LIKE 'B%'`,
  );
  await q(
    `INSERT INTO provision_order (id, message_id, order_number, order_type, urgent, queue, status, customer_id, customer_number, customer_name, care_provider_id,
                                       delivery_area_id, delivery_area_name, delivery_weekday, ordered_by, ordered_by_name, delivery, details, sent_at, received_at, rule_set_id)
           SELECT gen_random_uuid(), gen_random_uuid(), 'B2026-' || g, 'customerOrder', g % 100 = 0, 'warehouse', 'done', c.id, c.customer_number, c.name, c.care_provider_id,
                  gen_random_uuid(), 'Bench', 2, '{}'::jsonb, 'Anna Åberg', '{"kind":"patientAddress"}'::jsonb, '{}'::jsonb,
                  d::timestamptz, d::timestamptz, (SELECT max(id) FROM provision_rule_set)
             FROM generate_series(1, $1::int) g
             JOIN bench_customer c ON c.i = g % $2::int
             CROSS JOIN LATERAL (SELECT CASE WHEN g > $3::int THEN '2026-11-01'::date + (g % 29) ELSE '2024-01-01'::date + (g % 1030) END + time '09:00' AS d) x`,
    [orders + saleOrders, customers, orders],
  );
  progress('patients and lines');
  await q(`INSERT INTO provision_patient (order_id, identifier, identifier_kind, first_name, last_name, protected_identity, home_municipality_code, captured_at)
           SELECT id, to_char(DATE '1930-01-01' + (seq % 33000)::int, 'YYYYMMDD') || lpad((seq % 1000)::text, 3, '0') || '0', 'personnummer', 'Märta', 'Öström', seq % 500 = 0, '9901', received_at FROM provision_order`);
  await q(
    `INSERT INTO provision_order_line (id, order_id, line_number, article_id, article_number, article_name, iso_code, charging_form, stock_form, unit_tracked, quantity, delivered_quantity, state)
           SELECT gen_random_uuid(), o.id, 1, a.id, a.article_number, a.name, a.iso_code, a.charging_form, 'stock', a.unit_tracked, 10, 10, 'delivered'
             FROM provision_order o
             JOIN LATERAL (SELECT * FROM article WHERE charging_form = CASE WHEN substr(o.order_number, 7)::int > $1::int THEN 'sale' ELSE 'rent' END
                             AND article_number = CASE WHEN substr(o.order_number, 7)::int > $1::int THEN 'S' || lpad((1 + o.seq % ${SALE_ARTICLES})::text, 5, '0') ELSE 'R' || lpad((1 + o.seq % ${RENT_ARTICLES})::text, 5, '0') END) a ON true`,
    [orders],
  );
  progress(`units and holdings ${holdings}`);
  await q(`CREATE TEMP TABLE bench_unit AS
           SELECT gen_random_uuid() AS unit_id, l.id AS line_id, l.order_id, l.article_id, l.article_number, l.article_name, n
             FROM provision_order_line l, generate_series(1, ${HOLDINGS_PER_ORDER}) n WHERE l.charging_form = 'rent'`);
  await q(`INSERT INTO provision_unit (id, article_id, article_number, article_name, purchase_date, purchase_cost, status)
           SELECT unit_id, article_id, article_number, article_name, '2023-01-01', 12000, 'onPatient' FROM bench_unit`);
  // Holdings: delivered on the order's day; 10 % with a rent stop in November, 5 % ended before November.
  await q(`INSERT INTO provision_holding (unit_id, patient_id, customer_id, order_id, line_id, from_date, to_date, end_reason, rent_stops_on)
           SELECT b.unit_id, p.id, o.customer_id, o.id, b.line_id, (o.received_at AT TIME ZONE 'Europe/Stockholm')::date,
                  CASE WHEN k % 20 = 1 THEN DATE '2026-10-15' END, CASE WHEN k % 20 = 1 THEN 'pickedUp' END,
                  CASE WHEN k % 10 = 3 THEN DATE '2026-11-01' + (k % 29)::int WHEN k % 20 = 1 THEN DATE '2026-10-15' END
             FROM (SELECT b.*, (o2.seq * ${HOLDINGS_PER_ORDER} + b.n) AS k FROM bench_unit b JOIN provision_order o2 ON o2.id = b.order_id) b
             JOIN provision_order o ON o.id = b.order_id
             JOIN provision_patient p ON p.order_id = o.id`);
  progress(`sale deliveries ${sales}`);
  await q(`INSERT INTO provision_order_event (order_id, line_id, type, from_state, to_state, at, actor_label, data, event_id, sequence)
           SELECT l.order_id, l.id, 'delivered', 'received', 'delivered', o.received_at + n * interval '1 minute', 'bench',
                  jsonb_build_object('deliveredOn', to_char((o.received_at AT TIME ZONE 'Europe/Stockholm')::date, 'YYYY-MM-DD'), 'quantity', 1 + n % 3),
                  gen_random_uuid(), n
             FROM provision_order_line l JOIN provision_order o ON o.id = l.order_id, generate_series(1, 10) n
            WHERE l.charging_form = 'sale'`);
  for (const t of [
    'provision_order',
    'provision_order_line',
    'provision_patient',
    'provision_unit',
    'provision_holding',
    'provision_order_event',
    'article',
    'price',
    'customer',
  ])
    await db.exec(`VACUUM ANALYZE ${t}`);
  const [c] = await db.query<{ h: number; s: number }>(
    `SELECT (SELECT count(*) FROM provision_holding)::int AS h, (SELECT count(*) FROM provision_order_event WHERE type = 'delivered')::int AS s`,
  );
  return { holdings: c!.h, saleDeliveries: c!.s };
}

async function timed<T>(fn: () => Promise<T>): Promise<{ seconds: number; result: T }> {
  const t0 = performance.now();
  const result = await fn();
  return { seconds: (performance.now() - t0) / 1000, result };
}

const sink = () =>
  new Writable({
    write(_chunk, _enc, cb) {
      cb();
    },
  });

/** ExcelJS's streaming writer with nothing of ours: the same cell values, no header block, no styles. */
async function rawXlsx(rows: BasisRow[], h: Parameters<typeof cellOf>[0]) {
  const { default: ExcelJS } = await import('exceljs');
  const stream = sink();
  const done = new Promise((r) => stream.on('finish', r));
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: false, useSharedStrings: false });
  const ws = wb.addWorksheet('Fakturaunderlag');
  ws.addRow(basisColumns.map((c) => c.header)).commit();
  for (const r of rows)
    ws.addRow(
      basisColumns.map((c) => {
        const v = cellOf(h, r, c.key);
        if (v === null || v === undefined) return null;
        if (c.kind === 'money') return (v as number) / 100;
        if (c.kind === 'date') return new Date(`${v as string}T00:00:00Z`);
        return v;
      }),
    ).commit();
  await ws.commit();
  await wb.commit();
  await done;
}

async function ourXlsx(rows: BasisRow[], h: Awaited<ReturnType<typeof basisHeader>>) {
  const stream = sink();
  const done = new Promise((r) => stream.on('finish', r));
  await writeBasisXlsx(stream, h, rows);
  await done;
}

async function scenario(db: Database, kind: 'postgres' | 'pglite', holdings: number, sales: number, customers: number, xlsx: boolean) {
  progress(`${kind}: loading`);
  const loadT = await timed(() => load(db, holdings, sales, customers));
  const ctx = systemCtx({ db: db.db, database: db, config: testConfig(), log: createLogger('silent') }, () => new Date('2026-12-01T08:00:00Z'));
  progress(`${kind}: the run`);
  const before = rssMB();
  const runT = await timed(() => runMonth(ctx, PERIOD));
  const rssAfterRun = rssMB();
  const maxAfterRun = maxRssMB();
  const [tot] = await db.query<{ lines: number; total: string; missing: number; customers: number }>(
    `SELECT count(*)::int AS lines, sum(amount_ore)::bigint AS total, count(*) FILTER (WHERE amount_ore IS NULL)::int AS missing, count(DISTINCT customer_number)::int AS customers FROM billing_line WHERE period = $1`,
    [PERIOD],
  );
  progress(`${kind}: the run again`);
  const again = await timed(() => runMonth(ctx, PERIOD));
  const [tot2] = await db.query<{ lines: number; total: string }>(
    `SELECT count(*)::int AS lines, sum(amount_ore)::bigint AS total FROM billing_line WHERE period = $1`,
    [PERIOD],
  );
  const out: Record<string, unknown> = {
    database:
      kind === 'postgres'
        ? `PostgreSQL ${(await db.query<{ v: string }>(`SELECT current_setting('server_version') AS v`))[0]!.v}`
        : 'PGlite (file-backed, in process)',
    holdings: loadT.result.holdings,
    saleDeliveries: loadT.result.saleDeliveries,
    customerNumbers: customers,
    loadSeconds: round(loadT.seconds),
    runSeconds: round(runT.seconds),
    runResult: runT.result,
    lines: tot!.lines,
    linesWithoutPrice: tot!.missing,
    customersBilled: tot!.customers,
    totalKronor: Number(tot!.total) / 100,
    secondRunSeconds: round(again.seconds),
    secondRunSameBasis: tot2!.lines === tot!.lines && tot2!.total === tot!.total,
    rssBeforeRunMB: before,
    rssAfterRunMB: rssAfterRun,
    maxRssAfterRunMB: maxAfterRun,
    goalRunSeconds: 60,
    meetsRunGoal: runT.seconds <= 60,
    meetsRssGoal: maxAfterRun <= 1024,
    loadAverage: os.loadavg().map((x) => round(x)),
  };
  if (xlsx) {
    progress(`${kind}: XLSX for every customer number (ours and raw ExcelJS, interleaved)`);
    const numbers = (await db.query<{ c: string }>(`SELECT DISTINCT customer_number AS c FROM billing_line WHERE period = $1 ORDER BY 1`, [PERIOD]))
      .map((r) => r.c)
      .filter((_, i) => i % XLSX_STEP === 0);
    let ours = 0;
    let raw = 0;
    let rowsWritten = 0;
    for (const [i, c] of numbers.entries()) {
      const h = await basisHeader(db.db, PERIOD, c);
      const rows = await basisRows(db.db, PERIOD, c, 'masked');
      rowsWritten += rows.length;
      // Alternate which goes first, so neither always runs on a warmer heap.
      if (i % 2 === 0) {
        raw += (await timed(() => rawXlsx(rows, h))).seconds;
        ours += (await timed(() => ourXlsx(rows, h))).seconds;
      } else {
        ours += (await timed(() => ourXlsx(rows, h))).seconds;
        raw += (await timed(() => rawXlsx(rows, h))).seconds;
      }
      if (i % 200 === 0) progress(`  ${i}/${numbers.length} customers`);
    }
    out.xlsx = {
      workbooks: numbers.length,
      sampleEveryNthCustomer: XLSX_STEP,
      rows: rowsWritten,
      oursSeconds: round(ours),
      rawExcelJsSeconds: round(raw),
      speedRatioOursToRaw: round(raw / ours, 3),
      goalRatio: 0.7,
      meetsGoal: raw / ours >= 0.7,
      maxRssMB: maxRssMB(),
    };
  }
  return out;
}

function withDatabase(u: string, name: string) {
  const x = new URL(u);
  x.pathname = `/${name}`;
  return x.toString();
}

async function main() {
  const result: Record<string, unknown> = { benchmark: 'billing.invoice-run', period: PERIOD, node: process.version, cpus: os.cpus().length };
  if (url !== 'skip') {
    const name = `bista_bench_invoice_${crypto.randomBytes(3).toString('hex')}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    const db = await openDatabase({ databaseUrl: withDatabase(url, name), poolSize: 2 });
    try {
      await migrate(db);
      result.postgres = await scenario(db, 'postgres', HOLDINGS, 500_000 * (HOLDINGS / 2_500_000), CUSTOMERS, true);
    } finally {
      await db.close();
      // BENCH_KEEP_DB=1 keeps the loaded database for EXPLAIN (its name goes to stderr); drop it by hand.
      if (process.env.BENCH_KEEP_DB === '1') progress(`kept database ${name}`);
      else await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    }
  }
  if (PGLITE_HOLDINGS > 0) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bista-bench-invoice-'));
    const db = await openDatabase({ dataDir: dir });
    try {
      await migrate(db);
      result.pglite = await scenario(db, 'pglite', PGLITE_HOLDINGS, PGLITE_HOLDINGS / 10, Math.min(CUSTOMERS, 2000), false);
    } finally {
      await db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  process.stdout.write(JSON.stringify(result, null, 2) + '\n');
}

if (import.meta.url === pathToFileURL(process.argv[1]!).href) await main();
