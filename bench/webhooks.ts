/**
 * Webhook delivery benchmark (issue 18, item 5), printed as JSON: contract events recorded for a system client
 * on PostgreSQL (recordContractEvents, as the centre's outbox records them for another ordering system) and
 * delivered by the job worker (deliverWebhooksHandler: signed, each order's events in sequence, acknowledged
 * one by one in the database) to a local receiver, which checks every signature with the example verifier.
 * Measured: events delivered per second, and the time from an event's recording to its arrival (p50/p99).
 *
 * Baseline, same run, same receiver, same signed bodies, same HTTP client (http-post.ts, keep-alive) and concurrency (32): a plain loop
 * of HTTP POSTs, no database. Goal: ≥ 2 000 events/s and p99 ≤ 1 s.
 *
 * Two runs: a burst (all events recorded as fast as the database takes them, the worker delivering meanwhile:
 * the throughput, and how long the last events wait), and a steady rate (BENCH_RATE events/s, default 1 000, for
 * BENCH_SECONDS: the latency in ordinary use, with the worker polling as in production, every second).
 *
 *   node --import tsx bench/webhooks.ts [postgres://postgres@127.0.0.1:5432/test]
 *   npm run bench:webhooks
 *   BENCH_EVENTS=20000 BENCH_ORDERS=4000 BENCH_RATE=1000 BENCH_SECONDS=10 npm run bench:webhooks
 *   BENCH_POLL_MS=1000 npm run bench:webhooks   (the worker looks for due jobs every second instead of the production 250 ms)
 *
 * A fresh database is created beside the given one and dropped afterwards. The receiver runs in a child process.
 */
import { fork, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import http from 'node:http';
import os from 'node:os';
import pg from 'pg';

const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;
const progress = (what: string) => process.stderr.write(`[${new Date().toISOString().slice(11, 19)}] ${what}\n`);
const load = () => os.loadavg().map((x) => round(x, 2));

const EVENTS = Number(process.env.BENCH_EVENTS ?? 20_000);
const ORDERS = Number(process.env.BENCH_ORDERS ?? Math.max(1, Math.floor(EVENTS / 5)));
const RATE = Number(process.env.BENCH_RATE ?? 1000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const BATCH = 100;
const CONCURRENCY = 32;
const POLL_MS = Number(process.env.BENCH_POLL_MS ?? 250); // the worker's default (DEFAULT_POLL_MS, src/platform/jobs/jobs.ts)
const SECRET = `bwh_${crypto.randomBytes(32).toString('base64url')}`;

// ---------------------------------------------------------------------------------------------------------
// The receiver (child process): verifies each delivery, notes its delay since the event's occurredAt.

async function receiver() {
  const { SIGNATURE_HEADER, verifyWebhook } = await import('../src/contract/signature.ts');
  const secret = process.env.BENCH_SECRET!;
  let delays: number[] = [];
  let refused = 0;
  let last = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      if (!verifyWebhook({ secret, body, header: req.headers[SIGNATURE_HEADER] }).ok) {
        refused++;
        res.writeHead(401).end();
        return;
      }
      const { occurredAt } = JSON.parse(body.toString('utf8')) as { occurredAt: string };
      last = Date.now();
      delays.push(last - Date.parse(occurredAt));
      res.writeHead(204).end();
    });
  });
  server.keepAliveTimeout = 30_000;
  server.listen(0, '127.0.0.1', () => process.send!({ port: (server.address() as { port: number }).port }));
  process.on('message', (m: string) => {
    if (m === 'report') {
      process.send!({ count: delays.length, refused, last, delays });
      delays = [];
      refused = 0;
    } else if (m === 'stop') server.close(() => process.exit(0));
  });
}

interface Report {
  count: number;
  refused: number;
  last: number;
  delays: number[];
}

function ask(child: ChildProcess): Promise<Report> {
  return new Promise((resolve) => {
    child.once('message', (m) => resolve(m as Report));
    child.send('report');
  });
}

/** Polls the receiver until it has `n` deliveries (or nothing new arrives for 30 s). */
async function waitFor(child: ChildProcess, n: number): Promise<Report> {
  const all: Report = { count: 0, refused: 0, last: 0, delays: [] };
  let idleSince = Date.now();
  while (all.count < n) {
    await new Promise((r) => setTimeout(r, 100));
    const r = await ask(child);
    if (r.count) idleSince = Date.now();
    all.count += r.count;
    all.refused += r.refused;
    all.last = Math.max(all.last, r.last);
    all.delays.push(...r.delays);
    if (Date.now() - idleSince > 30_000) break;
  }
  return all;
}

function stats(delays: number[]) {
  const s = [...delays].sort((a, b) => a - b);
  const pct = (p: number) => s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
  return { p50Ms: pct(50), p90Ms: pct(90), p99Ms: pct(99), maxMs: s[s.length - 1] ?? NaN };
}

// ---------------------------------------------------------------------------------------------------------

function withDatabase(u: string, name: string) {
  const x = new URL(u);
  x.pathname = `/${name}`;
  return x.toString();
}

async function main() {
  const url = process.argv[2] ?? 'postgres://postgres@127.0.0.1:5432/test';
  const [
    { openDatabase },
    { migrate },
    { seedDemo },
    { createLogger },
    { Worker },
    { recordContractEvents, DELIVER_WEBHOOKS_JOB },
    { deliverWebhooksHandler },
    { signatureHeader },
    { postJson },
  ] = await Promise.all([
    import('../src/platform/db/client.ts'),
    import('../src/platform/db/migrate.ts'),
    import('../src/administration/seed/demo.ts'),
    import('../src/platform/logger.ts'),
    import('../src/platform/jobs/jobs.ts'),
    import('../src/contract/webhooks/record-events.ts'),
    import('../src/contract/webhooks/deliver-webhooks.ts'),
    import('../src/contract/signature.ts'),
    import('../src/contract/webhooks/http-post.ts'),
  ]);
  const name = `bista_bench_webhooks_${crypto.randomBytes(3).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const database = await openDatabase({ databaseUrl: withDatabase(url, name), poolSize: 8 });
  const child = fork(import.meta.filename, ['--receiver'], { execArgv: ['--import', 'tsx'], env: { ...process.env, BENCH_SECRET: SECRET }, stdio: 'inherit' });
  try {
    const { port } = await new Promise<{ port: number }>((resolve) => child.once('message', (m) => resolve(m as { port: number })));
    const target = `http://127.0.0.1:${port}/events`;
    await migrate(database);
    await seedDemo(database.db, { extraPrescribers: 0, provision: false });
    const [v] = await database.query<{ v: string }>(`SELECT current_setting('server_version') AS v`);
    const [cust] = await database.query<{ id: string; care_provider_id: string }>(`SELECT id, care_provider_id FROM customer WHERE customer_number = '20101'`);
    const [client] = await database.query<{ id: string }>(
      `INSERT INTO system_client (name, care_provider_id, roles, created_at) VALUES ('Benchmarkklient', $1, '{orderer}', now()) RETURNING id`,
      [cust!.care_provider_id],
    );
    await database.query(`INSERT INTO system_client_customer (client_id, customer_id) VALUES ($1, $2)`, [client!.id, cust!.id]);
    await database.query(`INSERT INTO webhook_subscription (client_id, url, secret, created_at) VALUES ($1, $2, $3, now())`, [client!.id, target, SECRET]);
    const origin = { senderClientId: client!.id, customerId: cust!.id, careProviderId: cust!.care_provider_id };

    const orders = Array.from({ length: ORDERS }, () => ({ id: crypto.randomUUID(), seq: 0 }));
    const RECORDERS = 4;
    const turn = Array.from({ length: RECORDERS }, (_, r) => r);
    /**
     * The next event of recorder `r`: its own orders in turn (every RECORDERS-th), each order's sequence counting
     * up, so that an order's events are recorded in sequence, one transaction after the other, as the centre's
     * outbox records them.
     */
    const nextEvent = (r = 0) => {
      const k = turn[r]!;
      turn[r] = k + RECORDERS;
      const o = orders[k % orders.length]!;
      o.seq++;
      return {
        contractVersion: 1 as const,
        eventId: crypto.randomUUID(),
        orderId: o.id,
        centreOrderNumber: `K-${100000 + (k % orders.length)}`,
        sequence: o.seq,
        occurredAt: new Date().toISOString(),
        type: 'received' as const,
        dueDate: '2026-12-14',
      };
    };
    const log = createLogger('warn');
    const worker = new Worker({
      database,
      log,
      pollMs: POLL_MS,
      handlers: { [DELIVER_WEBHOOKS_JOB]: deliverWebhooksHandler({ database, log, concurrency: CONCURRENCY }) },
    });

    // 1. Baseline: the same signed bodies POSTed in a plain loop, CONCURRENCY at a time.
    progress(`baseline: ${EVENTS} plain POSTs`);
    const bodies = Array.from({ length: EVENTS }, () => nextEvent());
    const loadBaseline = load();
    const b0 = performance.now();
    let i = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (i < bodies.length) {
          const e = bodies[i++]!;
          e.occurredAt = new Date().toISOString();
          const body = JSON.stringify(e);
          await postJson(target, { 'bista-signature': signatureHeader(SECRET, body) }, body, 10_000);
        }
      }),
    );
    const baselineSeconds = (performance.now() - b0) / 1000;
    const base = await waitFor(child, EVENTS);

    // 2. Burst: EVENTS recorded as fast as the database takes them (RECORDERS at once, BATCH events a transaction).
    progress(`burst: ${EVENTS} events over ${ORDERS} orders`);
    for (const o of orders) o.seq = 0;
    turn.forEach((_, r) => (turn[r] = r));
    const loadBurst = load();
    worker.start();
    const t0 = Date.now();
    let recorded = 0;
    await Promise.all(
      turn.map(async (_, r) => {
        while (recorded < EVENTS) {
          const n = Math.min(BATCH, EVENTS - recorded);
          recorded += n;
          const events = Array.from({ length: n }, () => nextEvent(r));
          await recordContractEvents(
            database,
            events.map((event) => ({ event, origin })),
          );
        }
      }),
    );
    const recordSeconds = (Date.now() - t0) / 1000;
    const burst = await waitFor(child, EVENTS);
    const burstSeconds = (burst.last - t0) / 1000;

    // 3. Steady: RATE events/s for SECONDS, recorded every 50 ms.
    progress(`steady: ${RATE} events/s for ${SECONDS} s`);
    const loadSteady = load();
    const steadyTotal = RATE * SECONDS;
    const s0 = Date.now();
    for (let sent = 0; sent < steadyTotal;) {
      const due = Math.min(steadyTotal, Math.floor(((Date.now() - s0) / 1000) * RATE));
      if (due > sent) {
        const events = Array.from({ length: due - sent }, () => nextEvent());
        sent = due;
        await recordContractEvents(
          database,
          events.map((event) => ({ event, origin })),
        );
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    const steady = await waitFor(child, steadyTotal);
    await worker.stop();

    const [pending] = await database.query<{ n: number; duplicates: number }>(
      `SELECT count(*) FILTER (WHERE delivered_at IS NULL)::int AS n, (count(*) - count(DISTINCT position))::int AS duplicates FROM webhook_delivery`,
    );
    const ratio = (a: number, b: number) => round(a / b, 2);
    const burstPerSecond = round(burst.count / burstSeconds);
    const baselinePerSecond = round(base.count / baselineSeconds);
    process.stdout.write(
      JSON.stringify(
        {
          benchmark: 'contract.webhooks',
          database: `PostgreSQL ${v!.v}`,
          cpus: os.cpus().length,
          receiver: 'node:http in a child process, every signature verified (src/contract/signature.ts)',
          concurrency: CONCURRENCY,
          workerPollMs: POLL_MS,
          baseline: {
            what: 'plain HTTP POST loop, no database',
            events: base.count,
            perSecond: baselinePerSecond,
            ...stats(base.delays),
            loadAverage: loadBaseline,
          },
          burst: {
            events: burst.count,
            orders: ORDERS,
            recordedPerSecond: round(EVENTS / recordSeconds),
            deliveredPerSecond: burstPerSecond,
            ratioToBaseline: ratio(burstPerSecond, baselinePerSecond),
            delayFromRecording: stats(burst.delays),
            refused: burst.refused,
            loadAverage: loadBurst,
          },
          steady: {
            ratePerSecond: RATE,
            seconds: SECONDS,
            events: steady.count,
            delayFromRecording: stats(steady.delays),
            refused: steady.refused,
            loadAverage: loadSteady,
          },
          undelivered: pending!.n,
          goal: { eventsPerSecond: 2000, p99Ms: 1000 },
          loadAverageAfter: load(),
        },
        null,
        2,
      ) + '\n',
    );
  } finally {
    child.send('stop');
    await database.close();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

if (process.argv.includes('--receiver')) await receiver();
else await main();
