/**
 * Platform benchmarks (issue 2, item 14), printed as JSON:
 *  - start-up to ready on an existing data directory (goal ≤ 3 s), against a bare Node HTTP server started
 *    the same way in the same run; `node bin/bista.js serve` as `npm start` runs it, from the server bundle
 *    (built first, as `npm run build` does). The first start after a build saves the bundle's compiled code
 *    (V8's code cache, see src/platform/server/bundle-loader.mjs) and the later ones load it: the first run is
 *    reported on its own too (firstAfterBuildMs);
 *  - the first start on an empty data directory with demo data (`npm start` on a fresh machine, after the build),
 *    from the migrated template against the same start without it (goal ≤ 10 s);
 *  - the admin list's page of 1 000 users, server time (goal ≤ 50 ms), against the raw SQL of the same page.
 * Runs on the embedded database, and on PostgreSQL too when BENCH_DATABASE_URL is set.
 *   npm run bench:platform
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npm run bench:platform
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { seedDemo } from '../src/administration/seed/demo.ts';
import { buildServer } from '../src/platform/server/build-server.mjs';
import { ensureTemplate } from '../src/platform/db/pglite-template.ts';
import { swedishSortKey } from '../src/platform/i18n/sort-key.ts';
import { openDatabase, type Database } from '../src/platform/db/client.ts';
import { migrate } from '../src/platform/db/migrate.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const USERS = 5000;
const PAGE = 1000;
const RUNS = Number(process.env.BENCH_RUNS ?? 30);
const START_RUNS = Number(process.env.BENCH_START_RUNS ?? 7);
/** Requests before measuring: a server that has been up a while (the JIT and PGlite's WASM have warmed up). */
const WARMUP = Number(process.env.BENCH_WARMUP ?? 20);

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};
const round = (x: number) => Math.round(x * 100) / 100;

async function waitReady(url: string, child: ReturnType<typeof spawn>, t0: number): Promise<number> {
  for (;;) {
    if (child.exitCode !== null) throw new Error(`process exited with ${child.exitCode}`);
    try {
      const r = await fetch(url);
      if (r.ok) return performance.now() - t0;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function timeStart(args: string[], env: NodeJS.ProcessEnv, readyUrl: string): Promise<number> {
  const t0 = performance.now();
  const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: 'ignore' });
  try {
    return await waitReady(readyUrl, child, t0);
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
}

/** One more start with info logs, for the server's own account of where its start-up time went. */
async function startupPhases(env: NodeJS.ProcessEnv, readyUrl: string): Promise<Record<string, number> | null> {
  const child = spawn(process.execPath, ['bin/bista.js', 'serve'], {
    cwd: ROOT,
    env: { ...process.env, ...env, BISTA_LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  let out = '';
  child.stdout.on('data', (d) => (out += String(d)));
  try {
    await waitReady(readyUrl, child, performance.now());
    // The log line may reach the pipe a moment after the server answers.
    for (let i = 0; i < 200; i++) {
      const line = out.split('\n').find((l) => l.includes('"startupMs"'));
      if (line) return (JSON.parse(line) as { startupMs: Record<string, number> }).startupMs;
      await new Promise((r) => setTimeout(r, 10));
    }
    return null;
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
}

async function addUsers(database: Database, n: number) {
  const values: string[] = [];
  const first = ['Anna', 'Åsa', 'Erik', 'Örjan', 'Maja', 'Ängel', 'Zlatan', 'Lars'];
  const last = ['Andersson', 'Åberg', 'Öberg', 'Ek', 'Zetterberg', 'Ängström', 'Nilsson', 'Lind'];
  for (let i = 0; i < n; i++) {
    const f = first[i % first.length]!;
    const l = `${last[(i * 3) % last.length]!}${i % 97}`;
    values.push(`('bench.user.${i}', '${f}', '${l}', '${swedishSortKey(l, f)}', 'nurse', 'bench${i}@example.se', now())`);
  }
  for (let i = 0; i < values.length; i += 1000) {
    await database.exec(
      `INSERT INTO app_user (username, first_name, last_name, sort_key, profession, email, last_login_at) VALUES ${values.slice(i, i + 1000).join(',')};
       INSERT INTO user_role (user_id, role) SELECT id, 'prescriber' FROM app_user WHERE username LIKE 'bench.user.%' ON CONFLICT DO NOTHING;`,
    );
  }
}

async function benchStartup(dataDir: string, databaseUrl: string | undefined) {
  const port = 4400 + Math.floor(Math.random() * 500);
  const env = { PORT: String(port), BISTA_DATA_DIR: dataDir, BISTA_LOG_LEVEL: 'warn', ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}) };
  const app: number[] = [];
  const base: number[] = [];
  for (let i = 0; i < START_RUNS; i++) {
    app.push(await timeStart(['bin/bista.js', 'serve'], env, `http://127.0.0.1:${port}/api/ready`));
    base.push(await timeStart(['-e', `require('http').createServer((q,s)=>s.end('ok')).listen(${port + 1},'127.0.0.1')`], {}, `http://127.0.0.1:${port + 1}/`));
  }
  const median = pct(app, 50);
  const phases = await startupPhases(env, `http://127.0.0.1:${port}/api/ready`);
  const firstStart = databaseUrl ? null : await benchFirstStart(port);
  return {
    startupToReadyMs: { median: round(median), min: round(Math.min(...app)), max: round(Math.max(...app)), runs: app.map(round) },
    firstAfterBuildMs: round(app[0]!),
    // Milliseconds since the process started at the end of each step of one start (its own log line).
    phasesMs: phases,
    ...(firstStart ? { firstStartOnEmptyDataDir: firstStart } : {}),
    baselineBareNodeHttpMs: round(pct(base, 50)),
    ratioToBaseline: round(median / pct(base, 50)),
    goalMs: 3000,
    meetsGoal: median <= 3000,
  };
}

/**
 * The first start on an empty data directory, as `npm start` does it (`serve --demo`: the database is made and
 * the demo data put in), from the migrated template `npm run build` made (src/platform/db/pglite-template.ts),
 * against the same start without a template (initdb and every migration) in the same run. Goal ≤ 10 s.
 */
async function benchFirstStart(port: number) {
  const runs = Number(process.env.BENCH_FIRST_START_RUNS ?? 3);
  const withTemplate: number[] = [];
  const without: number[] = [];
  const noTemplateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bista-bench-no-template-'));
  for (let i = 0; i < runs; i++) {
    for (const [list, extra] of [
      [withTemplate, {}],
      [without, { BISTA_TEMPLATE_DIR: noTemplateDir }],
    ] as const) {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bista-bench-first-'));
      try {
        list.push(
          await timeStart(
            ['bin/bista.js', 'serve', '--demo'],
            { PORT: String(port), BISTA_DATA_DIR: dir, BISTA_LOG_LEVEL: 'warn', ...extra },
            `http://127.0.0.1:${port}/api/ready`,
          ),
        );
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    }
  }
  fs.rmSync(noTemplateDir, { recursive: true, force: true });
  const median = pct(withTemplate, 50);
  return {
    medianMs: round(median),
    runs: withTemplate.map(round),
    baselineWithoutTemplateMs: round(pct(without, 50)),
    ratioToBaseline: round(median / pct(without, 50)),
    goalMs: 10_000,
    meetsGoal: median <= 10_000,
  };
}

async function benchUserPage(dataDir: string, databaseUrl: string | undefined) {
  const port = 4900 + Math.floor(Math.random() * 50);
  const env = {
    PORT: String(port),
    BISTA_DATA_DIR: dataDir,
    BISTA_LOG_LEVEL: 'warn',
    BISTA_WORKER: 'off',
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
  };
  const child = spawn(process.execPath, ['bin/bista.js', 'serve'], { cwd: ROOT, env: { ...process.env, ...env }, stdio: 'ignore' });
  const base = `http://127.0.0.1:${port}`;
  try {
    await waitReady(`${base}/api/ready`, child, performance.now());
    const login = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: 'bista-demo-2026' }),
    });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const server: number[] = [];
    const client: number[] = [];
    let count = 0;
    for (let i = 0; i < RUNS + WARMUP; i++) {
      const t0 = performance.now();
      const r = await fetch(`${base}/api/users?limit=${PAGE}`, { headers: { cookie } });
      const body = (await r.json()) as { items: unknown[] };
      const t1 = performance.now();
      count = body.items.length;
      if (i < WARMUP) continue;
      server.push(Number(/dur=([\d.]+)/.exec(r.headers.get('server-timing') ?? '')?.[1]));
      client.push(t1 - t0);
    }
    return { server, client, count };
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
}

async function rawSql(database: Database) {
  const times: number[] = [];
  for (let i = 0; i < RUNS + 5; i++) {
    const t0 = performance.now();
    // The page and its users' roles as plain SQL fetches them: the page, then the roles of its users (the use
    // case itself now gets both as one JSON text; this stays the yardstick it is compared with).
    const users = await database.query<{ id: string }>(
      `SELECT id, username, first_name, last_name, profession, hsa_id, active, last_login_at, sort_key
         FROM app_user u ORDER BY sort_key COLLATE "C", id LIMIT ${PAGE + 1}`,
    );
    await database.query('SELECT user_id, role FROM user_role WHERE user_id = ANY($1::uuid[])', [users.slice(0, PAGE).map((u) => u.id)]);
    if (i >= 5) times.push(performance.now() - t0);
  }
  return times;
}

async function run(kind: 'pglite' | 'postgres', databaseUrl?: string) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bista-bench-'));
  let dbUrl = databaseUrl;
  if (databaseUrl) {
    const admin = new pg.Client({ connectionString: databaseUrl });
    await admin.connect();
    await admin.query('DROP DATABASE IF EXISTS bista_bench WITH (FORCE)');
    await admin.query('CREATE DATABASE bista_bench');
    await admin.end();
    const u = new URL(databaseUrl);
    u.pathname = '/bista_bench';
    dbUrl = u.toString();
  }
  const database = await openDatabase({ databaseUrl: dbUrl, dataDir });
  await migrate(database);
  await seedDemo(database.db, { extraPrescribers: 20 });
  await addUsers(database, USERS);
  // As after a night's housekeeping (the daily cleanup job ANALYZEs the embedded database; PostgreSQL's autovacuum does it there).
  await database.query('ANALYZE');
  await database.close();

  const startup = await benchStartup(dataDir, dbUrl);
  const page = await benchUserPage(dataDir, dbUrl);
  const db2 = await openDatabase({ databaseUrl: dbUrl, dataDir });
  const raw = await rawSql(db2);
  await db2.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
  const p95 = pct(page.server, 95);
  return {
    database: kind,
    startup,
    usersPage: {
      users: USERS,
      pageSize: page.count,
      serverMs: { p50: round(pct(page.server, 50)), p95: round(p95) },
      clientMs: { p50: round(pct(page.client, 50)), p95: round(pct(page.client, 95)) },
      baselineRawSqlMs: { p50: round(pct(raw, 50)), p95: round(pct(raw, 95)) },
      ratioServerToRawSqlP50: round(pct(page.server, 50) / pct(raw, 50)),
      goalServerMs: 50,
      meetsGoal: p95 <= 50,
    },
  };
}

// `bin/bista.js` runs the server bundle when it is up to date with the sources: build it, as `npm start` does.
let entry = 'dist/server (bundle)';
try {
  await buildServer({ quiet: true });
  await ensureTemplate();
} catch (err) {
  entry = `sources through tsx (the build failed: ${(err as Error).message})`;
}
const results = [await run('pglite')];
if (process.env.BENCH_DATABASE_URL) results.push(await run('postgres', process.env.BENCH_DATABASE_URL));
console.log(
  JSON.stringify({ bench: 'platform', node: process.version, cpus: os.cpus().length, loadAverage: os.loadavg().map(round), entry, results }, null, 2),
);
