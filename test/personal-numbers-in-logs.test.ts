import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { patient } from '../src/ordering/schema.ts';
import { testConfig } from '../src/platform/config.ts';
import type { Database } from '../src/platform/db/client.ts';
import { buildApp, type App } from '../src/platform/http/app.ts';
import { appRoutes } from '../src/app/routes.ts';
import { CentreLink } from '../src/ordering/orders/centre-link.ts';
import { createLogger } from '../src/platform/logger.ts';
import { freshDatabase } from './db.ts';

/**
 * Personal identity numbers never reach the log (issue 10, item 5). A failed statement's error carries the
 * statement's values three ways: Drizzle's `params` and its message ("Failed query: …\nparams: …"), and the
 * database's `detail` ("Key (identifier)=(191212121212) already exists.", "Failing row contains (…)").
 * Here real inserts fail on the real database, through the app's own error path, with the log captured.
 */

let database: Database & { drop(): Promise<void> };
let app: App;
const lines: string[] = [];

const patientRow = (identifier: string) => ({
  identifier,
  kind: 'personnummer' as const,
  firstName: 'Tolvan',
  lastName: 'Loggprovsson',
  street: 'Loggvägen 12',
  refreshedAt: new Date(),
});

beforeAll(async () => {
  database = await freshDatabase();
  const sink = new Writable({ write: (chunk, _e, cb) => (lines.push(String(chunk)), cb()) });
  const probe = async (a: App) => {
    const q = z.strictObject({ pnr: z.string() });
    // The same patient twice: a unique violation on the identifier.
    a.get('/api/log-probe/twice', { config: { access: 'public' }, schema: { querystring: q } }, async (req) => {
      await req.ctx.db.insert(patient).values(patientRow(req.query.pnr));
      await req.ctx.db.insert(patient).values(patientRow(req.query.pnr));
      return {};
    });
    // An identifier the table's check refuses: the error quotes the whole row.
    a.get('/api/log-probe/refused', { config: { access: 'public' }, schema: { querystring: q } }, async (req) => {
      await req.ctx.db.insert(patient).values(patientRow(req.query.pnr));
      return {};
    });
    // Plain SQL outside Drizzle: the database's message itself quotes the value.
    a.get('/api/log-probe/raw', { config: { access: 'public' }, schema: { querystring: q } }, async (req) => {
      await database.query('select $1::uuid', [req.query.pnr]);
      return {};
    });
  };
  app = await buildApp({ config: testConfig(), database, log: createLogger('info', sink), routes: [...appRoutes(new CentreLink()), probe], webDist: null });
  await app.ready();
});
afterAll(async () => {
  await app.close();
  await database.drop();
});

/** Every way the numbers below could be written. */
const LEAK = /19121212-?1212|191212121212|(?<!\d)121212[-+]?1212(?!\d)|19121272-?1234|191212721234|Loggprovsson|Loggvägen/;

describe('a failed insert carrying a personnummer is logged without it', () => {
  it.each([
    ['a unique violation (12 digits)', '/api/log-probe/twice?pnr=191212121212', '23505'],
    ['a unique violation (a samordningsnummer)', '/api/log-probe/twice?pnr=191212721234', '23505'],
    ['a check violation quoting the row (12 digits with a dash)', '/api/log-probe/refused?pnr=19121212-1212', '23514'],
    ['a check violation quoting the row (10 digits)', '/api/log-probe/refused?pnr=1212121212', '23514'],
    ['a check violation quoting the row (10 digits with a dash)', '/api/log-probe/refused?pnr=121212-1212', '23514'],
    ['a bad value in plain SQL', '/api/log-probe/raw?pnr=19121212-1212', '22P02'],
  ])('%s', async (_what, url, sqlState) => {
    lines.length = 0;
    const res = await app.inject({ method: 'GET', url });
    expect(res.statusCode).toBe(500);
    expect(res.json().error.code).toBe('INTERNAL');
    const log = lines.join('');
    const errorLine = lines.map((l) => JSON.parse(l) as { msg?: string; err?: unknown }).find((l) => l.msg === 'unhandled error');
    expect(errorLine, log).toBeDefined();
    expect(log).not.toMatch(LEAK);
    // What an operator needs is still there: the SQLSTATE, and the request to find it by.
    expect(JSON.stringify(errorLine)).toContain(sqlState);
    expect(log).toContain(res.json().error.requestId);
  });

  it('the constraint and the column a unique violation names stay in the log; the value does not', async () => {
    lines.length = 0;
    await app.inject({ method: 'GET', url: '/api/log-probe/twice?pnr=191212121213' });
    const err = lines
      .map((l) => JSON.parse(l) as { msg?: string; err?: { params?: unknown; cause?: { constraint?: string; detail?: string } } })
      .find((l) => l.msg === 'unhandled error')!.err!;
    expect(err.params).toBe('[redacted]');
    expect(err.cause).toMatchObject({ constraint: 'patient_identifier_unique', detail: 'Key (identifier)=([redacted]) already exists.' });
  });
});
