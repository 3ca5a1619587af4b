import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { LightMyRequestResponse } from 'fastify';
import { DEMO_PASSWORD, seedDemo } from '../src/administration/seed/demo.ts';
import { testConfig, type Config } from '../src/platform/config.ts';
import { systemCtx, type Ctx } from '../src/platform/context.ts';
import type { Database } from '../src/platform/db/client.ts';
import { buildApp, type App } from '../src/platform/http/app.ts';
import { appRoutes, authenticateClient } from '../src/app/routes.ts';
import { CentreLink } from '../src/ordering/orders/centre-link.ts';
import { createLogger } from '../src/platform/logger.ts';
import { freshDatabase } from './db.ts';

export { DEMO_PASSWORD };

export interface TestApp {
  app: App;
  database: Database & { drop(): Promise<void> };
  config: Config;
  /** The ordering side's link to the centre: tests set a fake centre, or wire the real one (wireContract). */
  centre: CentreLink;
  /** A system context on the same database (for calling use cases directly). */
  ctx(now?: () => Date): Ctx;
  /** Logs in and returns a client that sends the session cookie and CSRF token. */
  login(username: string, password?: string): Promise<Client>;
  anonymous: Client;
  close(): Promise<void>;
}

export interface Client {
  get(url: string): Promise<LightMyRequestResponse>;
  post(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  put(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  patch(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  delete(url: string): Promise<LightMyRequestResponse>;
  cookie: string | null;
  csrf: string | null;
}

/** An app on a fresh database with the demo organisation and users (one login per role). */
export async function startTestApp(opts: { seed?: boolean; provisionDemo?: boolean; config?: Partial<Config>; now?: () => Date } = {}): Promise<TestApp> {
  const database = await freshDatabase();
  // Files (media, uploads) go to a directory of this test file's own, never the repository's ./data.
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bista-test-'));
  const config = testConfig({ dataDir, login: { maxFailures: 5, lockMinutes: 15, perIpPerMinute: 1000 }, ...opts.config });
  const log = createLogger('silent');
  // The centre's demo articles and units only where a test asks for them (they would show in other modules' searches).
  if (opts.seed !== false) await seedDemo(database.db, { extraPrescribers: 5, provision: opts.provisionDemo ?? false });
  const centre = new CentreLink();
  const app = await buildApp({ config, database, log, routes: appRoutes(centre), authenticateClient, webDist: null, ...(opts.now ? { now: opts.now } : {}) });
  await app.ready();

  const client = (cookie: string | null, csrf: string | null): Client => {
    const send = (method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, body?: unknown) =>
      app.inject({
        method,
        url,
        headers: {
          ...(cookie ? { cookie } : {}),
          ...(csrf && method !== 'GET' ? { 'x-csrf-token': csrf } : {}),
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        ...(body !== undefined ? { payload: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
      });
    return {
      cookie,
      csrf,
      get: (url) => send('GET', url),
      post: (url, body) => send('POST', url, body ?? {}),
      put: (url, body) => send('PUT', url, body ?? {}),
      patch: (url, body) => send('PATCH', url, body ?? {}),
      delete: (url) => send('DELETE', url),
    };
  };

  return {
    app,
    database,
    config,
    centre,
    ctx: (now) => systemCtx({ db: database.db, database, config, log }, now),
    anonymous: client(null, null),
    async login(username, password = DEMO_PASSWORD) {
      const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
      if (res.statusCode !== 200) throw new Error(`login as ${username} failed: ${res.statusCode} ${res.body}`);
      const set = res.cookies.find((c) => c.name === 'bista_sid');
      return client(`bista_sid=${set!.value}`, (res.json() as { csrfToken: string }).csrfToken);
    },
    async close() {
      await app.close();
      await database.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
