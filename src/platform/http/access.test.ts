import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { freshDatabase } from '../../../test/db.ts';
import { refusalFor } from '../auth/access.ts';
import { testConfig } from '../config.ts';
import type { Database } from '../db/client.ts';
import { createLogger } from '../logger.ts';
import { buildApp, type App } from './app.ts';

/** Every API route declares who may call it (config.access); test/permissions.test.ts checks what the app's routes declare. */

let database: Database & { drop(): Promise<void> };
beforeAll(async () => {
  database = await freshDatabase();
});
afterAll(() => database.drop());

const build = (routes: ((a: App) => Promise<void>)[]) => buildApp({ config: testConfig(), database, log: createLogger('silent'), routes, webDist: null });

describe('declared access', () => {
  it('an API route that declares no access stops the app from starting, naming the route', async () => {
    await expect(build([async (a) => void a.post('/api/test/undeclared', async () => ({ ok: true }))])).rejects.toThrow(
      'POST /api/test/undeclared declares no access',
    );
  });

  it('the hook refuses before the request is validated: without a login the answer is 401, not a validation error', async () => {
    const app = await build([
      async (a) =>
        void a.get('/api/test/finance', { config: { access: ['finance'] }, schema: { querystring: z.object({ n: z.coerce.number() }) } }, async () => ({
          ok: true,
        })),
    ]);
    try {
      const res = await app.inject({ method: 'GET', url: '/api/test/finance?n=not-a-number' });
      expect(res.statusCode).toBe(401);
      expect(res.json().error.code).toBe('UNAUTHENTICATED');
      expect(app.apiRoutes).toContainEqual({ method: 'GET', url: '/api/test/finance', access: ['finance'] });
    } finally {
      await app.close();
    }
  });

  it('a refusal names who may, in Swedish', () => {
    expect(refusalFor(['preparationGroup'])).toBe('Bara beredningsgrupp får göra det här');
    expect(refusalFor(['customerService', 'warehouse', 'technician'])).toBe('Bara kundtjänst, lager eller tekniker får göra det här');
  });
});
