/**
 * Order intake benchmark (issue 5, item 11), printed as JSON: POST /api/contract/v1/messages on PostgreSQL
 * with 5-line order.submit messages, through the real server (startServer, as `bista serve` builds it:
 * every route, cookie session, CSRF, contract parsing, the sender's checks of issue 10 (role, scope, the
 * patient against the directory and the care relationship), matrix/customer/article checks, the order with
 * its lines, patient, events, audit rows and outbox job in one transaction). Goal: ≥ 1 000 orders/s on 2 cores.
 *
 * Baseline, same machine, same run, same load driver and the same request bodies: a hello-world Fastify
 * route (POST, JSON body parsed, a small JSON answer) in a process of its own.
 *
 * Load: CONCURRENCY clients over keep-alive connections (node:http Agent), each sending its next request as
 * soon as the last one is answered; a warm-up, then SECONDS of measurement. The server runs in a child
 * process (the background-job worker off, so that the outbox rows stay in place to be counted), logging at
 * BISTA_LOG_LEVEL (default warn). Each measurement records the machine's load average (`uptime`).
 *
 *   node --import tsx bench/intake.ts [postgres://postgres@127.0.0.1:5432/test]
 *   npm run bench:intake
 *   BENCH_SECONDS=20 BENCH_CONCURRENCY=16 BENCH_CPU_PROF=/tmp/prof npm run bench:intake   (profiles the server)
 *
 * A fresh database is created beside the given one and dropped afterwards.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import pg from 'pg';

const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;
const progress = (what: string) => process.stderr.write(`[${new Date().toISOString().slice(11, 19)}] ${what}\n`);
const load = () => os.loadavg().map((x) => round(x)) as [number, number, number];

const SELF = pathToFileURL(import.meta.filename).href;
const ROOT = path.resolve(import.meta.dirname, '..');
const LINES = 5;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 4);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const LOG_LEVEL = process.env.BISTA_LOG_LEVEL ?? 'warn';

function withDatabase(u: string, name: string) {
  const x = new URL(u);
  x.pathname = `/${name}`;
  return x.toString();
}

// ---------------------------------------------------------------------------------------------------------
// The two servers, each in a child process of its own (`--serve-app URL`, `--serve-hello`).

/** The real server, as `bista serve --demo` starts it, on the bench database; demo articles included. */
async function serveApp(databaseUrl: string) {
  const [{ loadConfig }, { createLogger }, { startServer }, { seedDemo }] = await Promise.all([
    import('../src/platform/config.ts'),
    import('../src/platform/logger.ts'),
    import('../src/app/start.ts'),
    import('../src/administration/seed/demo.ts'),
  ]);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bista-bench-intake-'));
  const config = loadConfig({
    DATABASE_URL: databaseUrl,
    PORT: '0',
    HOST: '127.0.0.1',
    BISTA_WORKER: 'off',
    BISTA_LOG_LEVEL: LOG_LEVEL,
    BISTA_DATA_DIR: dataDir,
  });
  const log = createLogger(config.logLevel, pino2stderr());
  const running = await startServer(config, log, {
    beforeListen: (database) => seedDemo(database.db, { extraPrescribers: 0, provision: true }).then(() => undefined),
  });
  announce(running.url, async () => {
    await running.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
}

/** Logs to stderr: stdout carries the child's one line for the parent. */
function pino2stderr() {
  return { write: (s: string) => void process.stderr.write(s) };
}

async function serveHello() {
  const { default: Fastify } = await import('fastify');
  const app = Fastify({ logger: false });
  app.post('/hello', async () => ({ hello: 'world' }));
  await app.listen({ port: 0, host: '127.0.0.1' });
  const a = app.server.address();
  announce(`http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`, () => app.close());
}

function announce(url: string, stop: () => Promise<unknown>) {
  process.stdout.write(JSON.stringify({ url }) + '\n');
  // --cpu-prof writes its profile when the process exits normally.
  process.on('SIGTERM', () => void stop().then(() => process.exit(0)));
}

function startChild(args: string[], profileName: string): Promise<{ url: string; child: ChildProcess }> {
  const prof = process.env.BENCH_CPU_PROF;
  // One directory per server: node writes a profile per thread (tsx loads modules on a thread of its own).
  const flags = prof ? ['--cpu-prof', `--cpu-prof-dir=${path.join(prof, profileName)}`] : [];
  const child = spawn(process.execPath, [...flags, '--import', 'tsx', import.meta.filename, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${args[0]} exited with ${code}`)));
    createInterface({ input: child.stdout! }).once('line', (line) => resolve({ url: (JSON.parse(line) as { url: string }).url, child }));
  });
}

async function stopChild(child: ChildProcess) {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

// ---------------------------------------------------------------------------------------------------------
// The load driver.

interface Target {
  url: string;
  path: string;
  headers: Record<string, string>;
  /** The next request's body. */
  body(): string;
  expectStatus: number;
}

interface RunResult {
  requests: number;
  errors: number;
  firstError: string | null;
  perSecond: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
  seconds: number;
  loadAverageBefore: [number, number, number];
  loadAverageAfter: [number, number, number];
}

function send(agent: http.Agent, t: Target, body: string): Promise<{ status: number; text: string }> {
  const u = new URL(t.path, t.url);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        agent,
        host: u.hostname,
        port: u.port,
        path: u.pathname,
        method: 'POST',
        headers: { ...t.headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** CONCURRENCY clients in a closed loop for warm-up + seconds; latencies of the measured part only. */
async function drive(t: Target, seconds: number, concurrency: number): Promise<RunResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | null = null;
  const warmEnd = performance.now() + WARMUP_SECONDS * 1000;
  let measureStart = 0;
  let measureEnd = 0;
  let loadBefore = load();
  let measuring = false;
  const clock = setTimeout(
    () => {
      measuring = true;
      measureStart = performance.now();
      measureEnd = measureStart + seconds * 1000;
      loadBefore = load();
    },
    Math.max(0, warmEnd - performance.now()),
  );
  const client = async () => {
    for (;;) {
      const now = performance.now();
      if (measuring && now >= measureEnd) return;
      const body = t.body();
      const t0 = performance.now();
      const counted = measuring;
      try {
        const r = await send(agent, t, body);
        if (r.status !== t.expectStatus) {
          if (counted) errors++;
          firstError ??= `${r.status} ${r.text.slice(0, 300)}`;
          continue;
        }
      } catch (err) {
        if (counted) errors++;
        firstError ??= String(err);
        continue;
      }
      // Only requests sent and answered inside the measured window count.
      const t1 = performance.now();
      if (counted && t1 <= measureEnd) latencies.push(t1 - t0);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, client));
  clearTimeout(clock);
  agent.destroy();
  const s = latencies.sort((a, b) => a - b);
  const pct = (p: number) => round(s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN);
  return {
    requests: s.length,
    errors,
    firstError,
    perSecond: round(s.length / seconds, 1),
    p50Ms: pct(50),
    p90Ms: pct(90),
    p99Ms: pct(99),
    maxMs: round(s[s.length - 1] ?? NaN),
    seconds,
    loadAverageBefore: loadBefore,
    loadAverageAfter: load(),
  };
}

// ---------------------------------------------------------------------------------------------------------

async function login(url: string, username: string, password: string) {
  const r = await fetch(new URL('/api/auth/login', url), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (r.status !== 200) throw new Error(`login failed: ${r.status} ${await r.text()}`);
  const cookie = r.headers
    .getSetCookie()
    .find((c) => c.startsWith('bista_sid='))!
    .split(';')[0]!;
  const { csrfToken } = (await r.json()) as { csrfToken: string };
  return { cookie, 'x-csrf-token': csrfToken };
}

async function declareCareRelationship(url: string, session: Record<string, string>, identifier: string) {
  const post = (path: string, body: unknown) =>
    fetch(new URL(path, url), { method: 'POST', headers: { ...session, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const found = await post('/api/patients/lookup', { identifier });
  if (found.status !== 200) throw new Error(`patient lookup failed: ${found.status} ${await found.text()}`);
  const { patientId } = (await found.json()) as { patientId: string };
  const declared = await post(`/api/patients/${patientId}/care-relationship`, {});
  if (declared.status !== 200) throw new Error(`care relationship failed: ${declared.status} ${await declared.text()}`);
}

async function main() {
  const url = process.argv[2] ?? 'postgres://postgres@127.0.0.1:5432/test';
  const name = `bista_bench_intake_${crypto.randomBytes(3).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const benchUrl = withDatabase(url, name);
  const children: ChildProcess[] = [];
  let db: pg.Client | null = null;
  try {
    const [{ submitMessage }, { DEMO_PASSWORD }, { directoryPatients }] = await Promise.all([
      import('../src/provision/testing/given.ts'),
      import('../src/administration/seed/demo.ts'),
      import('../src/provision/testing/rest-sender.ts'),
    ]);
    progress(`starting the server on ${name}`);
    const app = await startChild(['--serve-app', benchUrl], 'intake-app');
    children.push(app.child);
    const hello = await startChild(['--serve-hello'], 'intake-hello');
    children.push(hello.child);

    db = new pg.Client({ connectionString: benchUrl });
    await db.connect();
    const { rows: arts } = await db.query<{ article_number: string }>(
      `SELECT article_number FROM article WHERE removed_at IS NULL AND orderable ORDER BY article_number LIMIT ${LINES}`,
    );
    if (arts.length === 0) throw new Error('no demo articles');
    const articleNumbers = Array.from({ length: LINES }, (_, i) => arts[i % arts.length]!.article_number);
    // A prescriber of customer 20101 (the demo's Anna), as an integrating system sends: one session for all clients.
    const session = await login(app.url, 'forskrivare', DEMO_PASSWORD);
    // The route checks the patient against the directory and the sender's care relationship (issue 10): a patient
    // of the demo directory, with the relationship declared as on the web.
    const patient = directoryPatients.ordinary();
    await declareCareRelationship(app.url, session, patient.identifier);
    const body = () =>
      JSON.stringify(
        submitMessage({ customerNumber: '20101', patient, lines: articleNumbers.map((articleNumber, i) => ({ articleNumber, quantity: 1 + (i % 2) })) }),
      );
    const sample = body();

    progress(`hello-world baseline: ${CONCURRENCY} clients, ${WARMUP_SECONDS} s warm-up + ${SECONDS} s`);
    const baseline = await drive({ url: hello.url, path: '/hello', headers: {}, body, expectStatus: 200 }, SECONDS, CONCURRENCY);
    progress(`intake: ${CONCURRENCY} clients, ${WARMUP_SECONDS} s warm-up + ${SECONDS} s`);
    const before = await counts(db);
    const intake = await drive({ url: app.url, path: '/api/contract/v1/messages', headers: session, body, expectStatus: 202 }, SECONDS, CONCURRENCY);
    const after = await counts(db);
    const [v] = (await db.query<{ v: string }>(`SELECT current_setting('server_version') AS v`)).rows;

    process.stdout.write(
      JSON.stringify(
        {
          benchmark: 'provision.intake-over-http',
          database: `PostgreSQL ${v!.v}`,
          cpus: os.cpus().length,
          node: process.version,
          route: 'POST /api/contract/v1/messages',
          message: { type: 'order.submit', orderType: 'customerOrder', lines: LINES, bytes: Buffer.byteLength(sample) },
          concurrency: CONCURRENCY,
          warmupSeconds: WARMUP_SECONDS,
          serverLogLevel: LOG_LEVEL,
          intake: { ordersPerSecond: intake.perSecond, ...intake },
          baselineHelloWorld: { route: 'POST /hello (Fastify, same bodies)', ...baseline },
          ratioToBaseline: {
            throughput: round(intake.perSecond / baseline.perSecond, 3),
            p50: round(intake.p50Ms / baseline.p50Ms),
            p99: round(intake.p99Ms / baseline.p99Ms),
          },
          // Everything the accepted orders wrote while the driver ran (warm-up included).
          stored: Object.fromEntries(Object.entries(after).map(([k, n]) => [k, n - before[k as keyof typeof before]])),
          goalOrdersPerSecond: 1000,
          meetsGoal: intake.perSecond >= 1000 && intake.errors === 0,
        },
        null,
        2,
      ) + '\n',
    );
  } finally {
    for (const c of children) await stopChild(c);
    await db?.end();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

async function counts(db: pg.Client) {
  const { rows } = await db.query<Record<'orders' | 'lines' | 'events' | 'contractEvents' | 'outboxJobs' | 'auditRows', number>>(
    `SELECT (SELECT count(*) FROM provision_order)::int AS "orders",
            (SELECT count(*) FROM provision_order_line)::int AS "lines",
            (SELECT count(*) FROM provision_order_event)::int AS "events",
            (SELECT count(*) FROM provision_order_event WHERE sequence IS NOT NULL)::int AS "contractEvents",
            (SELECT count(*) FROM job WHERE kind = 'provision.send-event')::int AS "outboxJobs",
            (SELECT count(*) FROM audit_log WHERE action = 'provision.order.receive')::int AS "auditRows"`,
  );
  return rows[0]!;
}

const mode = process.argv[2];
if (import.meta.url === SELF && process.argv[1] && path.resolve(process.argv[1]) === import.meta.filename) {
  if (mode === '--serve-app') await serveApp(process.argv[3]!);
  else if (mode === '--serve-hello') await serveHello();
  else await main();
}
