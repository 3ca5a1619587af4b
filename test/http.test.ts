import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig } from '../src/platform/config.ts';
import { buildApp, type App } from '../src/platform/http/app.ts';
import { appRoutes } from '../src/app/routes.ts';
import { CentreLink } from '../src/ordering/orders/centre-link.ts';
import { createLogger } from '../src/platform/logger.ts';
import { freshDatabase } from './db.ts';

let app: App;
let database: Awaited<ReturnType<typeof freshDatabase>>;

beforeAll(async () => {
  database = await freshDatabase();
  const failing = async (a: App) => {
    a.get('/api/test/boom', { config: { access: 'public' } }, async () => {
      throw new Error('connection string postgres://secret@db/internal failed at /srv/app.ts:12');
    });
  };
  app = await buildApp({ config: testConfig(), database, log: createLogger('silent'), routes: [...appRoutes(new CentreLink()), failing], webDist: null });
  await app.ready();
});
afterAll(async () => {
  await app.close();
  await database.drop();
});

describe('the HTTP edge', () => {
  it('GET /api/health answers ok and /api/ready says the database is migrated', async () => {
    expect((await app.inject('/api/health')).json()).toEqual({ status: 'ok' });
    expect((await app.inject('/api/ready')).json()).toEqual({ status: 'ready', database: database.kind });
  });

  it('/api/ready answers 503 when migrations are missing', async () => {
    await database.exec(`INSERT INTO schema_migration (tag, hash) VALUES ('zz_probe', 'x')`);
    await database.exec(`DELETE FROM schema_migration WHERE tag = '0001_extensions_and_audit_guard'`);
    try {
      const r = await app.inject('/api/ready');
      expect(r.statusCode).toBe(503);
      expect(r.json().error.code).toBe('NOT_READY');
    } finally {
      const { readMigrations } = await import('../src/platform/db/migrate.ts');
      const m = readMigrations().find((x) => x.tag === '0001_extensions_and_audit_guard')!;
      await database.query('INSERT INTO schema_migration (tag, hash) VALUES ($1, $2)', [m.tag, m.hash]);
      await database.exec(`DELETE FROM schema_migration WHERE tag = 'zz_probe'`);
    }
  });

  it('a 5xx shows a Swedish message and the request id, never the internals', async () => {
    const r = await app.inject('/api/test/boom');
    expect(r.statusCode).toBe(500);
    const body = r.json();
    expect(body.error.code).toBe('INTERNAL');
    expect(body.error.message).toMatch(/internt fel/i);
    expect(body.error.requestId).toBe(r.headers['x-request-id']);
    expect(r.body).not.toMatch(/secret|postgres|srv|stack/);
  });

  it('an unknown API path is a JSON 404', async () => {
    const r = await app.inject('/api/no-such-thing');
    expect(r.statusCode).toBe(404);
    expect(r.json().error.code).toBe('NOT_FOUND');
  });

  it('the OpenAPI document is generated from the route schemas and served at /api/docs/json', async () => {
    const r = await app.inject('/api/docs/json');
    expect(r.statusCode).toBe(200);
    const doc = r.json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/users', '/api/users/{id}', '/api/customers', '/api/auth/login', '/api/health']));
    expect(doc.paths['/api/users'].post.requestBody.content['application/json'].schema.required).toEqual(
      expect.arrayContaining(['username', 'firstName', 'lastName', 'roles', 'memberships']),
    );
    expect((await app.inject('/api/docs')).statusCode).toBeLessThan(400);
  });

  it('responses carry their server time', async () => {
    const r = await app.inject('/api/health');
    expect(r.headers['server-timing']).toMatch(/^app;dur=\d+(\.\d+)?$/);
  });

  it('a cross-site form post is refused even before login', async () => {
    const r = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'sec-fetch-site': 'cross-site' },
      payload: { username: 'a', password: 'b' },
    });
    expect(r.statusCode).toBe(403);
    expect(r.json().error.code).toBe('CSRF');
  });
});
