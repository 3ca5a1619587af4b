/**
 * Delivery-run planning benchmark (issue 19 item 6), printed as JSON: `planRuns` for one day with 2 000 stops
 * across 40 delivery areas on PostgreSQL (goal ≤ 2 s). The stops: 1 600 customer orders of 2 unit-tracked
 * lines, every unit reserved and due by the day, and 400 pick-ups; around them the noise a real centre has —
 * 16 000 open lines in the same areas not yet due or not filled, and 8 000 open lines of 10 areas that deliver
 * on another weekday.
 *
 * Baseline, same run, same rows: the bare SELECT of the same stops (the ready lines and pick-ups grouped per
 * order with their address and postal-code order), without writing anything. planRuns does that selection and
 * writes the runs, the stops and their lines, and the audit row, in one transaction. A second planRuns of the
 * same day (nothing new) is timed too.
 *
 *   node --import tsx bench/transport.ts [postgres://postgres@127.0.0.1:5432/test]
 *   npm run bench:transport
 *
 * A fresh database is created beside the given one and dropped afterwards.
 */
import crypto from 'node:crypto';
import os from 'node:os';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { addDays, isoWeekday, stockholmDateTime, stockholmInstant } from '../src/platform/calendar/index.ts';
import { testConfig } from '../src/platform/config.ts';
import { systemCtx, type Ctx } from '../src/platform/context.ts';
import { openDatabase, type Database } from '../src/platform/db/client.ts';
import { migrate } from '../src/platform/db/migrate.ts';
import { createLogger } from '../src/platform/logger.ts';
import { planRuns } from '../src/provision/transport/plan-runs.ts';

const round = (x: number, d = 3) => Math.round(x * 10 ** d) / 10 ** d;
const loadAverage = () => os.loadavg().map((x) => round(x, 2));
const progress = (what: string) => process.stderr.write(`[${new Date().toISOString().slice(11, 19)}] ${what}\n`);

const url = process.argv[2] ?? 'postgres://postgres@127.0.0.1:5432/test';
const AREAS = 40;
const OTHER_AREAS = 10;
const DELIVERY_ORDERS = 1600;
const PICK_UPS = 400;
const GOAL_SECONDS = 2;

function withDatabase(u: string, name: string) {
  const x = new URL(u);
  x.pathname = `/${name}`;
  return x.toString();
}

/** A Wednesday some weeks ahead with no holiday near it: the day planned. */
function benchDay(): string {
  let d = addDays(stockholmDateTime(new Date()).date, 60);
  while (isoWeekday(d) !== 3) d = addDays(d, 1);
  return d;
}

async function load(db: Database, day: string) {
  const weekday = isoWeekday(day);
  await db.query(
    `INSERT INTO delivery_area (name, weekday)
     SELECT 'Bänkområde ' || lpad(g::text, 2, '0'), CASE WHEN g <= $1::int THEN $2::int ELSE 1 + ($2::int % 5) END
       FROM generate_series(1, $1::int + $3::int) g`,
    [AREAS, weekday, OTHER_AREAS],
  );
  // Orders: the deliveries and pick-ups of the day, then the noise (not due, not filled, other areas).
  // kind: 0 = ready delivery, 1 = pick-up, 2 = same area not due, 3 = same area not filled, 4 = other area.
  const groups = [
    { kind: 0, n: DELIVERY_ORDERS, type: 'customerOrder' },
    { kind: 1, n: PICK_UPS, type: 'pickUp' },
    { kind: 2, n: 4000, type: 'customerOrder' },
    { kind: 3, n: 4000, type: 'customerOrder' },
    { kind: 4, n: 4000, type: 'customerOrder' },
  ];
  for (const g of groups) {
    await db.query(
      `WITH areas AS (SELECT id, name, weekday, row_number() OVER (ORDER BY name) AS k FROM delivery_area),
       o AS (
         INSERT INTO provision_order (id, message_id, order_number, order_type, urgent, queue, customer_id, customer_number, customer_name, care_provider_id,
                                      delivery_area_id, delivery_area_name, delivery_weekday, ordered_by, ordered_by_name, delivery, contact, details, due_date,
                                      sent_at, received_at, rule_set_id)
         SELECT gen_random_uuid(), gen_random_uuid(), 'B-' || $1::int || '-' || s, $2::text, false, 'warehouse', gen_random_uuid(), '20101', 'Hemtjänst', gen_random_uuid(),
                a.id, a.name, a.weekday, '{}'::jsonb, 'Anna', '{"kind":"patientAddress"}'::jsonb, '{"name":"Anna","phone":"0611-123456"}'::jsonb, '{}'::jsonb, $4::date,
                now(), now(), (SELECT max(id) FROM provision_rule_set)
           FROM generate_series(1, $3::int) s
           JOIN areas a ON a.k = CASE WHEN $1::int = 4 THEN ${AREAS} + 1 + s % ${OTHER_AREAS} ELSE 1 + s % ${AREAS} END
         RETURNING id, seq)
       INSERT INTO provision_patient (order_id, identifier, identifier_kind, first_name, last_name, protected_identity, street, postal_code, city, captured_at)
       SELECT id, '19400107' || lpad((seq % 10000)::text, 4, '0'), 'personnummer', 'Patient', 'Nummer ' || seq, false,
              'Gatan ' || (seq % 97), (900 + seq % 90)::text || ' ' || lpad((seq % 100)::text, 2, '0'), 'Norrvik', now()
         FROM o`,
      [g.kind, g.type, g.n, addDays(day, g.kind === 2 ? 7 : -2)],
    );
  }
  // Lines: two per customer order; one per pick-up (with the unit on the patient to fetch).
  await db.query(
    `INSERT INTO provision_order_line (id, order_id, line_number, article_id, article_number, article_name, stock_form, unit_tracked, quantity, state, urgent, due_date, expected_date, unit_number)
     SELECT gen_random_uuid(), o.id, n, '00000000-0000-4000-8000-000000000001'::uuid, 'A1', 'Rullstol Bänk', 'stock', true, 1, 'received', false, o.due_date, o.due_date,
            CASE WHEN o.order_type = 'pickUp' THEN 'U-P' || o.seq END
       FROM provision_order o CROSS JOIN generate_series(1, 2) n
      WHERE o.order_type = 'customerOrder' OR n = 1`,
  );
  // Units: reserved for the ready lines (every group but 'not filled'), and one on each pick-up's patient.
  await db.query(
    `INSERT INTO provision_unit (article_id, article_number, article_name, purchase_date, purchase_cost, status, reserved_for_line_id)
     SELECT l.article_id, 'A1', 'Rullstol Bänk', '2024-01-01', 9000, 'reserved', l.id
       FROM provision_order_line l JOIN provision_order o ON o.id = l.order_id
      WHERE o.order_type = 'customerOrder' AND o.order_number NOT LIKE 'B-3-%'`,
  );
  await db.query(
    `WITH u AS (
       INSERT INTO provision_unit (article_id, article_number, article_name, purchase_date, purchase_cost, status, serial_number)
       SELECT l.article_id, 'A1', 'Rullstol Bänk', '2024-01-01', 9000, 'pickUpOrdered', l.id::text
         FROM provision_order_line l JOIN provision_order o ON o.id = l.order_id WHERE o.order_type = 'pickUp'
       RETURNING id, serial_number)
     INSERT INTO provision_pick_up (line_id, order_id, unit_id, registered_on, pick_up_by, deregister_by)
     SELECT l.id, l.order_id, u.id, $1::date, $2::date, $2::date FROM u JOIN provision_order_line l ON l.id::text = u.serial_number`,
    [addDays(day, -3), addDays(day, 4)],
  );
  for (const t of ['provision_order', 'provision_order_line', 'provision_patient', 'provision_unit', 'provision_pick_up', 'delivery_area'])
    await db.exec(`VACUUM ANALYZE ${t}`);
  const [c] = await db.query<{ lines: number }>(`SELECT count(*)::int AS lines FROM provision_order_line`);
  return c!.lines;
}

/** The bare SELECT of the same stops: ready lines and pick-ups of the day's areas, one row per order with its address, in postal-code order. */
const BASELINE = `
  WITH areas AS (SELECT id FROM delivery_area WHERE weekday = $2::int),
  cand AS (
    SELECT o.id AS order_id, o.delivery_area_id FROM provision_order_line l JOIN provision_order o ON o.id = l.order_id
     WHERE o.delivery_area_id IN (SELECT id FROM areas) AND l.state IN ('received', 'orderedFromSupplier') AND o.status = 'open'
       AND o.order_type = 'customerOrder' AND coalesce(l.planned_date, l.due_date, '9999-12-31'::date) <= $1::date
       AND (SELECT count(*) FROM provision_unit u WHERE u.reserved_for_line_id = l.id) >= l.quantity - l.delivered_quantity
    UNION ALL
    SELECT o.id, o.delivery_area_id FROM provision_pick_up pu JOIN provision_order_line l ON l.id = pu.line_id JOIN provision_order o ON o.id = l.order_id
     WHERE o.delivery_area_id IN (SELECT id FROM areas) AND pu.picked_up_on IS NULL AND pu.unit_id IS NOT NULL AND pu.registered_on <= $1::date AND l.state = 'received'
  )
  SELECT c.order_id, c.delivery_area_id, p.street, p.postal_code, p.city
    FROM (SELECT DISTINCT order_id, delivery_area_id FROM cand) c JOIN provision_patient p ON p.order_id = c.order_id
   ORDER BY c.delivery_area_id, p.postal_code, p.street`;

async function timed<T>(fn: () => Promise<T>): Promise<{ seconds: number; result: T }> {
  const t0 = performance.now();
  const result = await fn();
  return { seconds: (performance.now() - t0) / 1000, result };
}

async function main() {
  const name = `bista_bench_transport_${crypto.randomBytes(3).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const db = await openDatabase({ databaseUrl: withDatabase(url, name), poolSize: 2 });
  try {
    await migrate(db);
    const [v] = await db.query<{ v: string }>(`SELECT current_setting('server_version') AS v`);
    const day = benchDay();
    progress(`loading ${DELIVERY_ORDERS + PICK_UPS} stops and the noise around them (day ${day})`);
    const lines = await load(db, day);
    const base = systemCtx({ db: db.db, database: db, config: testConfig(), log: createLogger('silent') }, () => stockholmInstant(day, 6 * 60));
    const ctx: Ctx = {
      ...base,
      actor: {
        userId: crypto.randomUUID(),
        username: 'bench.lager',
        name: 'Bänk Lager',
        roles: new Set(['warehouse']),
        customerIds: [],
        defaultCustomerId: null,
        careProviderIds: [],
      },
    };

    progress('baseline: the bare SELECT of the same stops (once to warm up, then timed)');
    await db.query(BASELINE, [day, isoWeekday(day)]);
    const baselineLoad = loadAverage();
    const baseline = await timed(() => db.query(BASELINE, [day, isoWeekday(day)]));
    progress('planRuns');
    const planLoad = loadAverage();
    const plan = await timed(() => planRuns(ctx, { day }));
    const again = await timed(() => planRuns(ctx, { day }));
    const [check] = await db.query<{ runs: number; stops: number; stopLines: number; pickUps: number }>(
      `SELECT (SELECT count(*) FROM provision_delivery_run)::int AS runs, (SELECT count(*) FROM provision_delivery_stop)::int AS stops,
              (SELECT count(*) FROM provision_delivery_stop_line)::int AS "stopLines",
              (SELECT count(*) FROM provision_delivery_stop WHERE kind = 'pickUp')::int AS "pickUps"`,
    );
    process.stdout.write(
      JSON.stringify(
        {
          benchmark: 'provision.transport.planRuns',
          database: `PostgreSQL ${v!.v}`,
          day,
          areas: AREAS,
          otherAreas: OTHER_AREAS,
          openLinesInDatabase: lines,
          runs: check!.runs,
          stops: check!.stops,
          stopLines: check!.stopLines,
          pickUpStops: check!.pickUps,
          baselineRows: baseline.result.length,
          planRunsSeconds: round(plan.seconds),
          baselineBareSelectSeconds: round(baseline.seconds),
          ratioToBaseline: round(plan.seconds / baseline.seconds, 2),
          secondPlanSameDaySeconds: round(again.seconds),
          secondPlanAdded: again.result.runs.reduce((n, r) => n + r.added, 0),
          goalSeconds: GOAL_SECONDS,
          meetsGoal: plan.seconds <= GOAL_SECONDS,
          loadAverageAtBaseline: baselineLoad,
          loadAverageAtPlan: planLoad,
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
