import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../../../test/db.ts';
import { testConfig } from '../config.ts';
import type { Database } from '../db/client.ts';
import { createLogger } from '../logger.ts';
import { buildApp, type App } from './app.ts';
import { requestLimitEnabled } from './overload.ts';

/**
 * The bounded queue at the edge, on a real server with real requests. The test holds requests in flight
 * on a route of its own (they answer when the test lets them), so what is admitted, what waits and what
 * is refused follows from the counts alone.
 */

let database: Database & { drop(): Promise<void> };
const opened: App[] = [];

beforeAll(async () => {
  database = await freshDatabase();
});
afterAll(async () => {
  for (const app of opened) await app.close();
  await database.drop();
});

/** A server whose /api/test/hold/:n answers only when the test releases n, and /api/test/quick at once. */
async function server(limit: { maxInFlight: number; maxWaiting: number; maxWaitMs: number }) {
  const gates = new Map<string, () => void>();
  const entered: string[] = [];
  const app = await buildApp({
    config: testConfig({ requestLimit: { mode: 'on', ...limit } }),
    database,
    log: createLogger('silent'),
    webDist: null,
    routes: [
      async (a: App) => {
        a.get('/api/test/hold/:n', { config: { access: 'public' } }, async (req) => {
          const n = (req.params as { n: string }).n;
          entered.push(n);
          await new Promise<void>((r) => gates.set(n, r));
          return { held: n };
        });
        a.get('/api/test/quick', { config: { access: 'public' } }, async () => ({ ok: true }));
      },
    ],
  });
  opened.push(app);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as { port: number };
  const base = `http://127.0.0.1:${port}`;
  const until = async (cond: () => boolean) => {
    while (!cond()) await new Promise((r) => setImmediate(r));
  };
  return {
    app,
    get: (path: string) => fetch(base + path),
    release: (n: string) => gates.get(n)!(),
    /** Waits (without a clock) until the requests named have reached the route. */
    entered: (...ns: string[]) => until(() => ns.every((n) => entered.includes(n) && gates.has(n))),
    until,
  };
}

describe('the bounded queue at the edge (PGlite)', () => {
  it('runs N at once, lets M wait, refuses the rest at once with 503 OVERLOADED and Retry-After; health and ready pass', async () => {
    const s = await server({ maxInFlight: 2, maxWaiting: 1, maxWaitMs: 600_000 });
    const a = s.get('/api/test/hold/a');
    const b = s.get('/api/test/hold/b');
    await s.entered('a', 'b');
    expect(s.app.requestLimiter!.inFlight).toBe(2);

    const c = s.get('/api/test/quick');
    await s.until(() => s.app.requestLimiter!.waiting === 1);

    const refused = await s.get('/api/test/quick');
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('2');
    const body = (await refused.json()) as { error: { code: string; message: string; retryAfterSeconds: number } };
    expect(body.error).toMatchObject({
      code: 'OVERLOADED',
      message: 'Bistå har fler förfrågningar än det hinner med just nu. Försök igen om en stund.',
      retryAfterSeconds: 2,
    });

    // Liveness and readiness answer while the queue is full.
    expect((await s.get('/api/health')).status).toBe(200);
    expect(await (await s.get('/api/ready')).json()).toMatchObject({ status: 'ready', database: database.kind });

    // A held request finishes: its slot goes to the one waiting.
    s.release('a');
    expect((await a).status).toBe(200);
    const cr = await c;
    expect(cr.status).toBe(200);
    expect(await cr.json()).toEqual({ ok: true });
    s.release('b');
    expect((await b).status).toBe(200);
    await s.until(() => s.app.requestLimiter!.inFlight === 0);
    expect(s.app.requestLimiter!.stats).toEqual({ admitted: 3, queued: 1, refusedFull: 1, refusedWaited: 0 });
    expect((await s.get('/api/test/quick')).status).toBe(200);
  });

  it('a request that has waited longer than the set time gets 503 OVERLOADED, and its place is freed', async () => {
    const s = await server({ maxInFlight: 1, maxWaiting: 5, maxWaitMs: 1 });
    const a = s.get('/api/test/hold/a');
    await s.entered('a');
    const waited = await s.get('/api/test/quick');
    expect(waited.status).toBe(503);
    expect(waited.headers.get('retry-after')).toBe('2');
    expect(((await waited.json()) as { error: { code: string } }).error.code).toBe('OVERLOADED');
    expect(s.app.requestLimiter!.waiting).toBe(0);
    s.release('a');
    expect((await a).status).toBe(200);
    expect((await s.get('/api/test/quick')).status).toBe(200);
    expect(s.app.requestLimiter!.stats.refusedWaited).toBe(1);
  });

  it('a client that gives up while it waits frees its place; one that gives up in flight frees its slot', async () => {
    const s = await server({ maxInFlight: 1, maxWaiting: 1, maxWaitMs: 600_000 });
    const a = new AbortController();
    const held = fetch(`http://127.0.0.1:${(s.app.server.address() as { port: number }).port}/api/test/hold/a`, { signal: a.signal }).catch(() => null);
    await s.entered('a');
    const w = new AbortController();
    const waiting = fetch(`http://127.0.0.1:${(s.app.server.address() as { port: number }).port}/api/test/quick`, { signal: w.signal }).catch(() => null);
    await s.until(() => s.app.requestLimiter!.waiting === 1);
    w.abort();
    await waiting;
    await s.until(() => s.app.requestLimiter!.waiting === 0);
    a.abort();
    await held;
    await s.until(() => s.app.requestLimiter!.inFlight === 0);
    expect((await s.get('/api/test/quick')).status).toBe(200);
    s.release('a');
  });
});

describe('where the queue applies', () => {
  it('auto: on for PGlite, off for a PostgreSQL server; on and off say so', () => {
    const l = { maxInFlight: 8, maxWaiting: 200, maxWaitMs: 3000 };
    expect(requestLimitEnabled({ mode: 'auto', ...l }, 'pglite')).toBe(true);
    expect(requestLimitEnabled({ mode: 'auto', ...l }, 'postgres')).toBe(false);
    expect(requestLimitEnabled({ mode: 'on', ...l }, 'postgres')).toBe(true);
    expect(requestLimitEnabled({ mode: 'off', ...l }, 'pglite')).toBe(false);
  });
});
