import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { dropDurableDatabases, durableDatabase } from '../../../test/durable-database.ts';
import { startTestApp } from '../../../test/app.ts';
import { seedDemo } from '../../administration/seed/demo.ts';
import { stockholmInstant } from '../../platform/calendar/index.ts';
import { testConfig } from '../../platform/config.ts';
import { systemCtx, type Ctx } from '../../platform/context.ts';
import type { Database } from '../../platform/db/client.ts';
import { AppError } from '../../platform/errors.ts';
import { migrate } from '../../platform/db/migrate.ts';
import { createLogger } from '../../platform/logger.ts';
import { as, givenUnitArticle, givenWarehouses } from '../../provision/testing/given.ts';
import { setCustomerContact } from '../notices/close-notice.ts';
import { givenDeliveredUnit, givenGeneralPrice, givenServicePrices, linesOf } from '../testing/given.ts';
import { closeMonth } from './close-month.ts';
import { getMonth } from './preview.ts';
import { runMonth } from './run-month.ts';

/**
 * Issue 12 item 11: a process killed during a close leaves the month open or closed, never half; two
 * people closing at once: one wins, the other is told who closed it. The crash is real: a separate
 * process closes the month and is killed (SIGKILL) at a point inside the transaction, or just after it
 * committed; the database it leaves (a PGlite data directory after crash recovery, or the PostgreSQL
 * server) is then read here.
 */

afterAll(dropDurableDatabases);

const ctxOf = (d: Database, day = '2026-12-01'): Ctx =>
  systemCtx({ db: d.db, database: d, config: testConfig(), log: createLogger('silent') }, () => stockholmInstant(day, 10 * 60));

async function givenMonth(database: Database) {
  const wh = await givenWarehouses(database);
  await givenServicePrices(database);
  const chair = await givenUnitArticle(database, { name: 'Rullstol Stängning' });
  await givenGeneralPrice(database, chair.id, '450.00');
  await givenDeliveredUnit(ctxOf(database, '2026-11-10'), wh.main.id, chair);
  await givenDeliveredUnit(ctxOf(database, '2026-11-20'), wh.main.id, chair, { customerNumber: '30101' });
  await setCustomerContact(as(ctxOf(database), 'finance'), { customerNumber: '20101', email: 'ekonomi@norrvik.example.se' });
  await runMonth(as(ctxOf(database), 'finance'), '2026-11');
  return (await getMonth(as(ctxOf(database), 'finance'), '2026-11')).version;
}

async function snapshot(database: Database) {
  return {
    period: await database.query(`SELECT state, version, closed_by FROM billing_period WHERE period = '2026-11'`),
    lines: await linesOf(database, '2026-11'),
    mails: await database.query(`SELECT "to", subject FROM outgoing_mail WHERE reason = 'billing.month.close' ORDER BY "to"`),
    audit: await database.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'billing.month.close'`),
  };
}

function killedClose(target: string, version: number, point: 'closed' | 'noticed' | 'committed') {
  const child = spawnSync(
    process.execPath,
    ['--import', 'tsx', path.join(import.meta.dirname, '../testing-crash-close-child.ts'), target, '2026-11', String(version), point],
    {
      encoding: 'utf8',
      timeout: 60_000,
    },
  );
  expect(child.signal, child.stderr).toBe('SIGKILL');
  expect(child.stdout).not.toContain('not killed');
}

it('a process killed inside the close leaves the month open and whole; killed just after, the month is closed with its notices and audit row', async () => {
  const { target, open } = await durableDatabase();
  let database = await open();
  await migrate(database);
  await seedDemo(database.db, { extraPrescribers: 0, provision: false });
  const version = await givenMonth(database);
  const before = await snapshot(database);
  expect(before.period).toEqual([{ state: 'draft', version, closed_by: null }]);
  expect(before.lines.length).toBe(2);
  await database.close();

  for (const point of ['closed', 'noticed'] as const) {
    killedClose(target, version, point);
    database = await open();
    try {
      expect(await snapshot(database), `killed at ${point}`).toEqual(before);
    } finally {
      await database.close();
    }
  }

  killedClose(target, version, 'committed');
  database = await open();
  try {
    const after = await snapshot(database);
    expect(after.period).toEqual([{ state: 'closed', version: version + 1, closed_by: 'test.finance' }]);
    expect(after.lines).toEqual(before.lines);
    expect(after.mails).toEqual([{ to: 'ekonomi@norrvik.example.se', subject: 'Fakturaunderlag 2026-11 för kundnummer 20101 är klart' }]);
    expect(after.audit).toEqual([{ n: 1 }]);
    // And closed means closed: the database refuses any change to its lines.
    await expect(database.query(`UPDATE billing_line SET amount_ore = 0 WHERE period = '2026-11'`)).rejects.toThrow();
  } finally {
    await database.close();
  }
}, 240_000);

it('two people closing at once: one wins, the other is told who closed it, and the month is closed once', async () => {
  const t = await startTestApp();
  try {
    const version = await givenMonth(t.database);
    const elin = { ...as(ctxOf(t.database), 'finance'), actor: { ...as(ctxOf(t.database), 'finance').actor!, username: 'elin' } };
    const omar = { ...as(ctxOf(t.database), 'finance'), actor: { ...as(ctxOf(t.database), 'finance').actor!, username: 'omar' } };
    const results = await Promise.allSettled([closeMonth(elin, '2026-11', { version }), closeMonth(omar, '2026-11', { version })]);
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    const winner = (won[0] as PromiseFulfilledResult<Awaited<ReturnType<typeof closeMonth>>>).value.closedBy;
    expect(lost[0]!.reason).toBeInstanceOf(AppError);
    expect(lost[0]!.reason).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining(`av ${winner}`) });
    expect(await t.database.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'billing.month.close'`)).toEqual([{ n: 1 }]);
    expect(await t.database.query(`SELECT count(*)::int AS n FROM outgoing_mail WHERE reason = 'billing.month.close'`)).toEqual([{ n: 1 }]);

    // Over HTTP the same: the second close is a 409 whose message names who closed it.
    const again = await (await t.login('ekonomi')).post('/api/billing/months/2026-11/close', { version: version + 1 });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message).toContain(`av ${winner}`);
  } finally {
    await t.close();
  }
}, 120_000);
