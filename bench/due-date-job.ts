/**
 * Due-date job benchmark (issue 5, items 2 and 11), printed as JSON: 'provision.check-due-dates' over
 * 1 000 000 open customer-order lines on PostgreSQL (goal ≤ 10 s), in two scenarios:
 *  - "someOverdue": a working day's reality, 10 % of the open lines past their date;
 *  - "allOverdue": the worst case, every open line past its date.
 * Each against a baseline measured in the same run on the same rows: a plain UPDATE that moves the same
 * lines' dates (no events, no outbox). The job does that update plus the order sequence numbers, the
 * 'delayed' events (stored one row per order, each row standing for one contract event per line: the
 * outbox expands them when it sends) and one outbox job (a sweep of the unsent events).
 * Each measurement records the machine's load average: other work on the machine skews the figures.
 *
 *   node --import tsx bench/due-date-job.ts [postgres://postgres@127.0.0.1:5432/test] [lines]
 *   npm run bench:due-dates
 *
 * A fresh database is created beside the given one and dropped afterwards.
 */
import crypto from 'node:crypto';
import os from 'node:os';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { testConfig } from '../src/platform/config.ts';
import { systemCtx } from '../src/platform/context.ts';
import { openDatabase, type Database } from '../src/platform/db/client.ts';
import { migrate } from '../src/platform/db/migrate.ts';
import { createLogger } from '../src/platform/logger.ts';
import { addDays, stockholmDateTime, stockholmInstant } from '../src/platform/calendar/index.ts';
import { checkDueDates } from '../src/provision/due-dates/check-due-dates.ts';

const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;
/** The machine's load average (1, 5, 15 minutes), as `uptime` shows it: other work on the machine skews the figures. */
const loadAverage = () => os.loadavg().map((x) => round(x));
const progress = (what: string) => process.stderr.write(`[${new Date().toISOString().slice(11, 19)}] ${what}\n`);

const url = process.argv[2] ?? 'postgres://postgres@127.0.0.1:5432/test';
const LINES = Number(process.argv[3] ?? 1_000_000);
const LINES_PER_ORDER = 4;
const ORDERS = Math.ceil(LINES / LINES_PER_ORDER);

function withDatabase(u: string, name: string) {
  const x = new URL(u);
  x.pathname = `/${name}`;
  return x.toString();
}

const today = stockholmDateTime(new Date()).date;
/** The job runs at 06:00 on a day well after every due date in the data. */
export const jobAt = stockholmInstant(addDays(today, 60), 6 * 60);
const jobDay = stockholmDateTime(jobAt).date;

/**
 * Bench data straight in SQL: ORDERS customer orders of 4 lines each, spread over the five delivery
 * weekdays; `overdueShare` of the lines have a date before the job's day, the rest a date after it. A few
 * delivered lines are mixed in (the job must skip them).
 */
export async function load(db: Database, overdueShare: number) {
  await db.exec(
    `TRUNCATE provision_order_event, provision_order_line, provision_patient, provision_holding, provision_order RESTART IDENTITY CASCADE; DELETE FROM job;`,
  );
  await db.query(
    `INSERT INTO provision_order (id, message_id, order_number, order_type, urgent, queue, customer_id, customer_number, customer_name, care_provider_id,
                                  delivery_area_id, delivery_area_name, delivery_weekday, ordered_by, ordered_by_name, delivery, details, due_date,
                                  sent_at, received_at, rule_set_id)
     SELECT gen_random_uuid(), gen_random_uuid(), 'B-' || g, 'customerOrder', false, 'warehouse', gen_random_uuid(), '20101', 'Hemtjänst', gen_random_uuid(),
            gen_random_uuid(), 'Område', 1 + g % 5, '{}'::jsonb, 'Anna', '{"kind":"patientAddress"}'::jsonb, '{}'::jsonb, $1::date,
            now(), now(), (SELECT max(id) FROM provision_rule_set)
       FROM generate_series(1, $2::int) g`,
    [today, ORDERS],
  );
  await db.query(
    `INSERT INTO provision_order_line (id, order_id, line_number, article_id, article_number, article_name, stock_form, quantity, state, urgent, due_date, expected_date)
     SELECT gen_random_uuid(), o.id, n, gen_random_uuid(), 'A' || n, 'Rullstol', 'stock', 1,
            CASE WHEN (o.seq + n) % 97 = 0 THEN 'delivered' ELSE 'received' END, false,
            d, d
       FROM provision_order o
       CROSS JOIN generate_series(1, ${LINES_PER_ORDER}) n
       CROSS JOIN LATERAL (SELECT CASE WHEN ((o.seq * ${LINES_PER_ORDER} + n) % 1000) < $1::int THEN $2::date ELSE $3::date END AS d) x`,
    [Math.round(overdueShare * 1000), addDays(jobDay, -3), addDays(jobDay, 5)],
  );
  // The 'received' event every order already has (sequence 1).
  await db.query(
    `INSERT INTO provision_order_event (order_id, type, at, actor_label, event_id, sequence, contract_event, sent_at)
     SELECT id, 'received', now(), 'system', gen_random_uuid(), 1, '{}'::jsonb, now() FROM provision_order`,
  );
  for (const t of ['provision_order', 'provision_order_line', 'provision_order_event']) await db.exec(`VACUUM ANALYZE ${t}`);
  const [c] = await db.query<{ open: number; overdue: number }>(
    `SELECT count(*) FILTER (WHERE state NOT IN ('delivered','cancelled','done'))::int AS open,
            count(*) FILTER (WHERE state NOT IN ('delivered','cancelled','done') AND expected_date < $1::date)::int AS overdue
       FROM provision_order_line`,
    [jobDay],
  );
  return c!;
}

async function timed<T>(fn: () => Promise<T>): Promise<{ seconds: number; result: T }> {
  const t0 = performance.now();
  const result = await fn();
  return { seconds: (performance.now() - t0) / 1000, result };
}

async function scenario(db: Database, name: string, overdueShare: number) {
  progress(`${name}: loading ${ORDERS * LINES_PER_ORDER} lines`);
  const counts = await load(db, overdueShare);
  progress(`${name}: baseline (plain UPDATE of the overdue lines)`);
  const baselineLoad = loadAverage();
  const baseline = await timed(async () => {
    const r = await db.query<{ n: number }>(
      `WITH u AS (UPDATE provision_order_line SET expected_date = $2::date, version = version + 1
                   WHERE state NOT IN ('delivered','cancelled','done') AND coalesce(expected_date, '9999-12-31'::date) < $1::date RETURNING 1)
       SELECT count(*)::int AS n FROM u`,
      [jobDay, addDays(jobDay, 7)],
    );
    return r[0]!.n;
  });
  // The same rows again, for the job (and statistics as fresh as before the baseline).
  await db.query(`UPDATE provision_order_line SET expected_date = due_date, version = 1`);
  await db.exec('VACUUM ANALYZE provision_order_line;');
  progress(`${name}: the job`);
  const ctx = systemCtx({ db: db.db, database: db, config: testConfig(), log: createLogger('silent') }, () => jobAt);
  const jobLoad = loadAverage();
  const job = await timed(() => checkDueDates(ctx));
  const [check] = await db.query<{ events: number; rows: number; jobs: number }>(
    `SELECT (SELECT coalesce(sum(coalesce(jsonb_array_length(data->'lineIds'), 1)), 0) FROM provision_order_event WHERE type = 'delayed')::int AS events,
            (SELECT count(*) FROM provision_order_event WHERE type = 'delayed')::int AS rows,
            (SELECT count(*) FROM job WHERE kind LIKE 'provision.send-%')::int AS jobs`,
  );
  const again = await timed(() => checkDueDates(ctx));
  return {
    openLines: counts.open,
    overdueLines: counts.overdue,
    jobSeconds: round(job.seconds),
    /** Contract 'delayed' events the outbox will send (one per line) … */
    delayedEvents: check!.events,
    /** … and the rows they are stored in (one per order and new date). */
    delayedEventRows: check!.rows,
    outboxJobs: check!.jobs,
    baselinePlainUpdateSeconds: round(baseline.seconds),
    baselineRows: baseline.result,
    ratioToBaseline: round(job.seconds / baseline.seconds),
    secondRunSameDaySeconds: round(again.seconds),
    secondRunDelayedLines: again.result.delayedLines,
    goalSeconds: 10,
    meetsGoal: job.seconds <= 10,
    loadAverageAtBaseline: baselineLoad,
    loadAverageAtJob: jobLoad,
  };
}

async function main() {
  const name = `bista_bench_due_${crypto.randomBytes(3).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const db = await openDatabase({ databaseUrl: withDatabase(url, name), poolSize: 2 });
  try {
    await migrate(db);
    const [v] = await db.query<{ v: string }>(`SELECT current_setting('server_version') AS v`);
    const someOverdue = await scenario(db, 'someOverdue', 0.1);
    const allOverdue = await scenario(db, 'allOverdue', 1);
    process.stdout.write(
      JSON.stringify(
        {
          benchmark: 'provision.check-due-dates',
          database: `PostgreSQL ${v!.v}`,
          lines: ORDERS * LINES_PER_ORDER,
          orders: ORDERS,
          jobDay,
          scenarios: { someOverdue, allOverdue },
        },
        null,
        2,
      ) + '\n',
    );
  } finally {
    await db.close();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]!).href) await main();
