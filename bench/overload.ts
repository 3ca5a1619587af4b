/**
 * Overload benchmark (issue 10, item 12), printed as JSON: 200 concurrent clients against the demo data on
 * the embedded database (PGlite), reading the catalogue search and order pages, with the bounded queue at the
 * edge (src/platform/http/overload.ts) off and on, and a baseline of ONE client measured in the same run.
 *
 * The server is the real one, `bista serve --demo` in a child process of its own (so the load driver does not
 * share its thread), on a fresh data directory: first with BISTA_REQUEST_LIMIT=off, then with the default
 * settings (on for PGlite). Each client uses the session of one of the demo prescribers (forskrivare, sjukgymnast, anvandarstod)
 * and sends its next request as soon as the last one is answered (after a 503, when Retry-After says), alternating a catalogue search (a query
 * from a small mix) and an order page (GET /api/orders/:id of an order its user placed); a request not
 * answered within CLIENT_TIMEOUT_MS counts as a timeout. Figures per kind, over the requests sent during the
 * measured window (however late they are answered): median/p95/p99 of the latency the client sees, answered
 * per second of the window, share of 503 OVERLOADED and of timeouts.
 *
 *   npm run bench:overload
 *   BENCH_SECONDS=30 BENCH_CLIENTS=200 npm run bench:overload
 *   BENCH_SERVER_FLAGS="--cpu-prof --cpu-prof-dir=/tmp/prof" npm run bench:overload   (CPU profiles of the servers)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { DEMO_PATIENTS } from '../src/ordering/patients/demo-population.ts';
import { loadConfig } from '../src/platform/config.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 3);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 200);
const CLIENT_TIMEOUT_MS = Number(process.env.BENCH_CLIENT_TIMEOUT_MS ?? 30_000);
const PASSWORD = 'bista-demo-2026';
const USERS = ['forskrivare', 'sjukgymnast', 'anvandarstod'];
const QUERIES = ['rullstol', 'rollator', 'dyna', 'säng', 'rull', 'duschstol'];

const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;
const progress = (what: string) => process.stderr.write(`[${new Date().toISOString().slice(11, 19)}] ${what}\n`);
const pct = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : null);

// ---- the server ---------------------------------------------------------------------------------------------

async function startServer(dataDir: string, env: Record<string, string>): Promise<{ url: string; child: ChildProcess }> {
  // BENCH_SERVER_FLAGS, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof", profiles the servers.
  const flags = (process.env.BENCH_SERVER_FLAGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...flags, 'bin/bista.js', 'serve', '--demo'], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      BISTA_DATA_DIR: dataDir,
      BISTA_WORKER: 'off',
      BISTA_LOG_LEVEL: 'error',
      BISTA_LOGIN_IP_PER_MINUTE: '100000',
      ...env,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  return new Promise((resolve, reject) => {
    child.stderr!.on('data', (d) => {
      err += String(d);
      const m = /Bistå kör på (http:\/\/\S+)/.exec(err);
      if (m) resolve({ url: m[1]!, child });
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}: ${err.slice(-2000)}`)));
  });
}

async function stopServer(child: ChildProcess) {
  if (child.exitCode !== null) return;
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
}

// ---- HTTP ---------------------------------------------------------------------------------------------------

const agent = new http.Agent({ keepAlive: true, maxSockets: CLIENTS + 10 });

interface Answer {
  status: number;
  body: string;
  headers: http.IncomingHttpHeaders;
}

function request(base: string, method: string, url: string, headers: Record<string, string>, body?: unknown): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? undefined : JSON.stringify(body);
    const req = http.request(
      new URL(url, base),
      { method, agent, headers: { ...headers, ...(data ? { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(data)) } : {}) } },
      (res) => {
        let b = '';
        res.setEncoding('utf8');
        res.on('data', (c) => (b += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: b, headers: res.headers }));
        res.on('error', reject);
      },
    );
    req.setTimeout(CLIENT_TIMEOUT_MS, () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end(data);
  });
}

interface Session {
  user: string;
  cookie: string;
  csrf: string;
  orderIds: string[];
}

async function call(base: string, s: Session, method: string, url: string, body?: unknown) {
  const r = await request(base, method, url, { cookie: s.cookie, 'x-csrf-token': s.csrf }, body);
  if (r.status >= 400) throw new Error(`${method} ${url}: ${r.status} ${r.body.slice(0, 500)}`);
  return r.status === 204 ? null : (JSON.parse(r.body) as any);
}

async function login(base: string, user: string): Promise<Session> {
  const r = await request(base, 'POST', '/api/auth/login', {}, { username: user, password: PASSWORD });
  if (r.status !== 200) throw new Error(`login ${user}: ${r.status} ${r.body}`);
  const cookie = String([r.headers['set-cookie']].flat()[0]).split(';')[0]!;
  return { user, cookie, csrf: (JSON.parse(r.body) as { csrfToken: string }).csrfToken, orderIds: [] };
}

/** Each demo prescriber places a few customer orders for the ordinary demo patient (their order pages are read). */
async function placeOrders(base: string, s: Session, n: number) {
  const { user } = await call(base, s, 'GET', '/api/auth/session');
  const customerId = (user.defaultCustomerId ?? user.customerIds[0]) as string;
  const patientId = (await call(base, s, 'POST', '/api/patients/lookup', { identifier: DEMO_PATIENTS.ordinary })).patientId as string;
  await call(base, s, 'POST', `/api/patients/${patientId}/care-relationship`, {});
  const found = await call(base, s, 'GET', `/api/catalogue/articles/search?${new URLSearchParams({ q: 'rullstol' })}`);
  const articles = (found.items as { id: string; orderable?: boolean }[]).slice(0, 3).map((a) => a.id);
  if (!articles.length) throw new Error('the demo catalogue has no article for "rullstol"');
  for (let i = 0; i < n; i++) {
    const d = await call(base, s, 'POST', '/api/orders', { orderType: 'customerOrder', customerId, patientId });
    await call(base, s, 'PUT', `/api/orders/${d.id}`, {
      version: d.version,
      customerId,
      patientId,
      delivery: { kind: 'patientAddress' },
      contactName: 'Anna Åberg',
      contactPhone: '070-123 45 67',
      lines: articles.map((articleId) => ({ articleId, quantity: 1 })),
    });
    s.orderIds.push(d.id);
    // Some are submitted, some left as drafts: both are order pages a prescriber opens.
    if (i % 2 === 0) await call(base, s, 'POST', `/api/orders/${d.id}/submit`, {});
  }
}

// ---- the load -----------------------------------------------------------------------------------------------

interface Tally {
  ok: number[];
  overloaded: number;
  timeouts: number;
  otherErrors: number;
  firstError: string | null;
}
const tally = (): Tally => ({ ok: [], overloaded: 0, timeouts: 0, otherErrors: 0, firstError: null });

async function load(base: string, sessions: Session[], clients: number, seconds: number) {
  const kinds = { search: tally(), orderPage: tally() };
  let measuring = false;
  let stop = false;
  let retryAfter: string | null = null;
  const client = async (i: number) => {
    const s = sessions[i % sessions.length]!;
    for (let n = i; !stop; n++) {
      const kind = n % 2 === 0 ? 'search' : 'orderPage';
      const url =
        kind === 'search'
          ? `/api/catalogue/articles/search?${new URLSearchParams({ q: QUERIES[n % QUERIES.length]! })}`
          : `/api/orders/${s.orderIds[n % s.orderIds.length]}`;
      const t0 = performance.now();
      const counted = measuring;
      let pause = 0;
      try {
        const r = await request(base, 'GET', url, { cookie: s.cookie });
        const ms = performance.now() - t0;
        const overloaded = r.status === 503 && r.body.includes('"OVERLOADED"');
        // A client that honours Retry-After (as one should) waits before its next request.
        if (overloaded) pause = Number(r.headers['retry-after'] ?? 1) * 1000;
        if (counted) {
          const t = kinds[kind];
          if (r.status === 200) t.ok.push(ms);
          else if (overloaded) {
            t.overloaded++;
            retryAfter ??= String(r.headers['retry-after'] ?? null);
          } else {
            t.otherErrors++;
            t.firstError ??= `${r.status} ${r.body.slice(0, 300)}`;
          }
        }
      } catch (e) {
        if (counted) {
          const t = kinds[kind];
          if ((e as Error).message === 'timeout') t.timeouts++;
          else {
            t.otherErrors++;
            t.firstError ??= (e as Error).message;
          }
        }
      }
      if (pause) await new Promise((res) => setTimeout(res, pause));
    }
  };
  const running = Array.from({ length: clients }, (_, i) => client(i));
  await new Promise((r) => setTimeout(r, WARMUP_SECONDS * 1000));
  measuring = true;
  const t0 = performance.now();
  await new Promise((r) => setTimeout(r, seconds * 1000));
  measuring = false;
  const elapsed = (performance.now() - t0) / 1000;
  stop = true;
  // Requests sent in the window are counted whenever they are answered (or time out): the slowest are the point.
  await Promise.all(running);
  const summary = (t: Tally) => {
    const sorted = [...t.ok].sort((a, b) => a - b);
    const all = t.ok.length + t.overloaded + t.timeouts + t.otherErrors;
    return {
      requests: all,
      answeredPerSecond: round(t.ok.length / elapsed),
      latencyMs: {
        p50: round(pct(sorted, 50) ?? NaN),
        p95: round(pct(sorted, 95) ?? NaN),
        p99: round(pct(sorted, 99) ?? NaN),
        max: round(sorted.at(-1) ?? NaN),
      },
      share503: all ? round(t.overloaded / all, 3) : 0,
      shareTimeouts: all ? round(t.timeouts / all, 3) : 0,
      otherErrors: t.otherErrors,
      ...(t.firstError ? { firstError: t.firstError } : {}),
    };
  };
  return { clients, seconds: round(elapsed), search: summary(kinds.search), orderPage: summary(kinds.orderPage), retryAfterHeader: retryAfter };
}

// ---- the run ------------------------------------------------------------------------------------------------

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bista-bench-overload-'));
const results: Record<string, unknown> = {};
try {
  for (const [name, env] of [
    ['limiterOff', { BISTA_REQUEST_LIMIT: 'off' }],
    ['limiterOn', {}],
  ] as const) {
    progress(`${name}: starting the server (demo data on PGlite in ${dataDir})`);
    const { url, child } = await startServer(dataDir, env);
    try {
      const sessions: Session[] = [];
      for (const u of USERS) sessions.push(await login(url, u));
      if (name === 'limiterOff') {
        progress('placing demo orders');
        for (const s of sessions) await placeOrders(url, s, 6);
        fs.writeFileSync(path.join(dataDir, 'bench-orders.json'), JSON.stringify(Object.fromEntries(sessions.map((s) => [s.user, s.orderIds]))));
      } else {
        const ids = JSON.parse(fs.readFileSync(path.join(dataDir, 'bench-orders.json'), 'utf8')) as Record<string, string[]>;
        for (const s of sessions) s.orderIds = ids[s.user]!;
      }
      if (name === 'limiterOn') {
        progress('baseline: 1 client');
        results.baselineOneClient = await load(url, sessions, 1, Math.min(SECONDS, 10));
      }
      progress(`${name}: ${CLIENTS} clients for ${SECONDS} s`);
      results[name] = await load(url, sessions, CLIENTS, SECONDS);
    } finally {
      await stopServer(child);
    }
  }
} finally {
  fs.rmSync(dataDir, { recursive: true, force: true });
}

const on = results.limiterOn as { search: { latencyMs: { p95: number } }; orderPage: { latencyMs: { p95: number } } };
const off = results.limiterOff as typeof on;
const base = results.baselineOneClient as typeof on;
console.log(
  JSON.stringify(
    {
      bench: 'overload',
      database: 'pglite',
      node: process.version,
      cpus: os.cpus().length,
      loadAverage: os.loadavg().map((x) => round(x, 2)),
      settings: { ...loadConfig(process.env).requestLimit, clientTimeoutMs: CLIENT_TIMEOUT_MS, clientWaitsRetryAfter: true },
      ...results,
      ratios: {
        searchP95OnToOff: round(on.search.latencyMs.p95 / off.search.latencyMs.p95, 3),
        orderPageP95OnToOff: round(on.orderPage.latencyMs.p95 / off.orderPage.latencyMs.p95, 3),
        searchP95OnToOneClient: round(on.search.latencyMs.p95 / base.search.latencyMs.p95, 2),
        orderPageP95OnToOneClient: round(on.orderPage.latencyMs.p95 / base.orderPage.latencyMs.p95, 2),
      },
    },
    null,
    2,
  ),
);
agent.destroy();
