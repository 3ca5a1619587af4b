/**
 * Ordering-side benchmarks (issue 4, item 8), printed as JSON, on PostgreSQL (BENCH_DATABASE_URL, default the
 * local test server) and on the embedded database:
 *  - opening a patient with 50 devices and 200 past orders: GET /api/patients/:id/overview, server time
 *    p50/p95 (goal p95 ≤ 100 ms on PostgreSQL);
 *  - submitting a 5-line customer order: POST /api/orders/:id/submit, server time p50/p95 (goal p95 ≤ 50 ms);
 * each with a baseline measured in the same run: an authenticated trivial route (GET /api/me) through the same
 * stack, so the ratio shows what the use case itself costs.
 *   npm run bench:ordering
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { seedDemo } from '../src/administration/seed/demo.ts';
import { givenArticle } from '../src/catalogue/testing/article-fixtures.ts';
import { testConfig } from '../src/platform/config.ts';
import { openDatabase } from '../src/platform/db/client.ts';
import { migrate } from '../src/platform/db/migrate.ts';
import { buildApp } from '../src/platform/http/app.ts';
import { appRoutes } from '../src/app/routes.ts';
import { CentreLink } from '../src/ordering/orders/centre-link.ts';
import { createLogger } from '../src/platform/logger.ts';
import { DEMO_PATIENTS } from '../src/ordering/patients/demo-population.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 200);
const WARMUP = 20;
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};
const round = (x: number) => Math.round(x * 100) / 100;
const stats = (xs: number[]) => ({ p50: round(pct(xs, 50)), p95: round(pct(xs, 95)), p99: round(pct(xs, 99)) });

async function run(kind: 'postgres' | 'pglite', serverUrl?: string) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bista-bench-ordering-'));
  let databaseUrl: string | undefined;
  if (serverUrl) {
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query('DROP DATABASE IF EXISTS bista_bench_ordering WITH (FORCE)');
    await admin.query('CREATE DATABASE bista_bench_ordering');
    await admin.end();
    const u = new URL(serverUrl);
    u.pathname = '/bista_bench_ordering';
    databaseUrl = u.toString();
  }
  const database = await openDatabase({ databaseUrl, dataDir });
  await migrate(database);
  await seedDemo(database.db, { extraPrescribers: 5 });
  const config = testConfig({ dataDir, databaseUrl, login: { maxFailures: 5, lockMinutes: 15, perIpPerMinute: 100000 } });
  const app = await buildApp({ config, database, log: createLogger('silent'), routes: appRoutes(new CentreLink()), webDist: null });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  try {
    const login = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'forskrivare', password: 'bista-demo-2026' }),
    });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const csrf = ((await login.json()) as { csrfToken: string }).csrfToken;
    const call = async (method: string, url: string, body?: unknown) => {
      const r = await fetch(`${base}${url}`, {
        method,
        headers: { cookie, 'x-csrf-token': csrf, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const json = r.status === 204 ? null : await r.json();
      if (r.status >= 400) throw new Error(`${method} ${url}: ${r.status} ${JSON.stringify(json)}`);
      return { json: json as any, server: Number(/dur=([\d.]+)/.exec(r.headers.get('server-timing') ?? '')?.[1]) };
    };
    const patientId = (await call('POST', '/api/patients/lookup', { identifier: DEMO_PATIENTS.ordinary })).json.patientId as string;
    await call('POST', `/api/patients/${patientId}/care-relationship`, {});
    const [cust] = await database.query<{ id: string; care_provider_id: string; name: string }>(
      `select id, care_provider_id, name from customer where customer_number = '20101'`,
    );
    const [user] = await database.query<{ id: string }>(`select id from app_user where username = 'forskrivare'`);
    const articles = [];
    for (let i = 0; i < 5; i++) articles.push((await givenArticle(database, { name: `Benchartikel ${i}`, source: 'local' })).id);

    // The patient's history: 200 past orders (customer orders, pick-ups, work orders) with lines and events, 50 current devices.
    await database.exec(`
      INSERT INTO ordering_order (id, order_number, order_type, status, customer_id, customer_number, customer_name, care_provider_id, created_by, created_by_name, patient_id, created_at, submitted_at, contact_name, contact_phone)
      SELECT gen_random_uuid(), 'H' || lpad(g::text, 6, '0'), (ARRAY['customerOrder','pickUp','workOrder'])[1 + g % 3], (ARRAY['delivered','done','cancelled'])[1 + g % 3],
             '${cust!.id}', '20101', '${cust!.name.replace(/'/g, "''")}', '${cust!.care_provider_id}', '${user!.id}', 'Anna Åberg', '${patientId}',
             now() - (g || ' days')::interval, now() - (g || ' days')::interval, 'Anna Åberg', '070-1234567'
        FROM generate_series(1, 200) g;
      INSERT INTO ordering_order_line (order_id, line_number, article_number, article_name, quantity, status)
      SELECT o.id, n, 'A' || n, 'Artikel ' || n, 1, 'delivered' FROM ordering_order o, generate_series(1, 2) n WHERE o.patient_id = '${patientId}';
      INSERT INTO ordering_order_event (event_id, order_id, sequence, type, occurred_at, payload)
      SELECT gen_random_uuid(), o.id, s, (ARRAY['received','delivered'])[s], o.created_at + (s || ' hours')::interval, '{}'::jsonb FROM ordering_order o, generate_series(1, 2) s WHERE o.patient_id = '${patientId}';
      INSERT INTO ordering_patient_device (patient_id, customer_id, care_provider_id, order_id, unit_number, serial_number, article_number, article_name, iso_code, charging_form, since)
      SELECT '${patientId}', '${cust!.id}', '${cust!.care_provider_id}', (SELECT id FROM ordering_order WHERE patient_id = '${patientId}' ORDER BY created_at LIMIT 1),
             'BU-' || lpad(g::text, 6, '0'), 'SN' || g, 'A' || g, 'Hjälpmedel ' || g, '12 22 03', 'rent', current_date - g
        FROM generate_series(1, 50) g;
    `);

    const overview: number[] = [];
    const me: number[] = [];
    for (let i = 0; i < RUNS + WARMUP; i++) {
      const o = await call('GET', `/api/patients/${patientId}/overview`);
      const m = await call('GET', '/api/me');
      if (i === 0 && (o.json.currentDevices.length !== 50 || o.json.pastOrders.length < 200))
        throw new Error(`unexpected overview: ${o.json.currentDevices.length} devices, ${o.json.pastOrders.length} past orders`);
      if (i >= WARMUP) {
        overview.push(o.server);
        me.push(m.server);
      }
    }

    // Drafts with five lines each, prepared before timing; then only the submits are timed.
    const submitRuns = Math.min(RUNS, 100);
    const drafts: string[] = [];
    for (let i = 0; i < submitRuns + WARMUP; i++) {
      const d = (await call('POST', '/api/orders', { orderType: 'customerOrder', customerId: cust!.id, patientId })).json;
      await call('PUT', `/api/orders/${d.id}`, {
        version: d.version,
        customerId: cust!.id,
        patientId,
        delivery: { kind: 'patientAddress' },
        contactName: 'Anna Åberg',
        contactPhone: '070-123 45 67',
        lines: articles.map((a) => ({ articleId: a, quantity: 1 })),
      });
      drafts.push(d.id);
    }
    const submit: number[] = [];
    for (const [i, id] of drafts.entries()) {
      const s = await call('POST', `/api/orders/${id}/submit`, {});
      if (s.json.lines.length !== 5 || s.json.status !== 'submitted') throw new Error('submit did not submit five lines');
      if (i >= WARMUP) submit.push(s.server);
    }
    const baseline = pct(me, 95);
    return {
      database: kind,
      openPatient: {
        devices: 50,
        pastOrders: 200,
        serverMs: stats(overview),
        ratioP95ToBaseline: round(pct(overview, 95) / baseline),
        goalP95Ms: 100,
        meetsGoal: pct(overview, 95) <= 100,
      },
      submitFiveLineOrder: { serverMs: stats(submit), ratioP95ToBaseline: round(pct(submit, 95) / baseline), goalP95Ms: 50, meetsGoal: pct(submit, 95) <= 50 },
      baselineAuthenticatedTrivialRouteMs: stats(me),
    };
  } finally {
    await app.close();
    await database.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

const url = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const results = [await run('postgres', url)];
if (process.env.BENCH_PGLITE !== 'off') results.push(await run('pglite'));
console.log(JSON.stringify({ bench: 'ordering', node: process.version, cpus: os.cpus().length, runs: RUNS, results }, null, 2));
