import { Writable } from 'node:stream';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { freshDatabase } from '../../../test/db.ts';
import type { Database } from '../db/client.ts';
import { job } from '../db/platform-schema.ts';
import { createLogger } from '../logger.ts';
import { backoffSeconds, enqueue, Worker, type JobHandler } from './jobs.ts';
import { enqueueDailyJobs } from './schedule.ts';

let database: Database & { drop(): Promise<void> };
const log = createLogger('silent');

beforeAll(async () => {
  database = await freshDatabase();
});
afterAll(() => database.drop());
beforeEach(async () => {
  await database.exec('DELETE FROM job');
});

const jobs = () => database.query<{ id: number; state: string; attempts: number; last_error: string | null; run_at: Date }>('SELECT * FROM job ORDER BY id');

describe('outbox and jobs', () => {
  it('a job enqueued in a transaction that rolls back is never sent', async () => {
    await database.db
      .transaction(async (tx) => {
        await enqueue(tx, 'test.send', { n: 1 });
        throw new Error('the change failed');
      })
      .catch(() => undefined);
    await database.db.transaction((tx) => enqueue(tx, 'test.send', { n: 2 }));
    const rows = await database.db.select().from(job);
    expect(rows.map((r) => r.payload)).toEqual([{ n: 2 }]);
  });

  it('the worker runs a due job once and marks it done', async () => {
    const seen: unknown[] = [];
    await enqueue(database.db, 'test.send', { hello: 'world' });
    const w = new Worker({ database, log, handlers: { 'test.send': async (p) => void seen.push(p) } });
    expect(await w.runDue()).toBe(1);
    expect(await w.runDue()).toBe(0);
    expect(seen).toEqual([{ hello: 'world' }]);
    expect((await jobs())[0]).toMatchObject({ state: 'done', attempts: 1 });
  });

  it('a job failing on a statement that carries a personnummer records and logs its error without it', async () => {
    const lines: string[] = [];
    const captured = createLogger('info', new Writable({ write: (chunk, _e, cb) => (lines.push(String(chunk)), cb()) }));
    await enqueue(database.db, 'test.lookup', { n: 1 });
    const w = new Worker({
      database,
      log: captured,
      handlers: { 'test.lookup': async () => void (await database.db.execute(sql`select ${'19121212-1212'}::uuid, ${'191212121212'}::uuid`)) },
    });
    await w.runDue();
    const [j] = await jobs();
    const [attempt] = await database.query<{ error: string }>('SELECT error FROM job_attempt WHERE job_id = $1', [j!.id]);
    for (const text of [j!.last_error!, attempt!.error, lines.join('')]) {
      expect(text).toContain('Failed query');
      expect(text).not.toMatch(/19121212-?1212|191212121212/);
    }
  });

  it('a failing job is retried later with backoff, and every attempt and the last error are recorded', async () => {
    let calls = 0;
    const flaky: JobHandler = async () => {
      calls++;
      if (calls < 3) throw new Error(`receiver down (${calls})`);
    };
    let clock = new Date('2026-11-25T10:00:00Z');
    await enqueue(database.db, 'test.flaky', {}, { runAt: clock });
    const w = new Worker({ database, log, handlers: { 'test.flaky': flaky }, now: () => clock });
    await w.runDue();
    let [j] = await jobs();
    expect(j).toMatchObject({ state: 'pending', attempts: 1, last_error: 'receiver down (1)' });
    expect(await w.runDue()).toBe(0); // not due yet: backoff
    clock = new Date(new Date(j!.run_at).getTime() + 1);
    await w.runDue();
    clock = new Date(Date.now() + 3_600_000 * 2);
    await w.runDue();
    [j] = await jobs();
    expect(j).toMatchObject({ state: 'done', attempts: 3, last_error: 'receiver down (2)' });
    const attempts = await database.query<{ attempt: number; ok: boolean; error: string | null }>(
      'SELECT attempt, ok, error FROM job_attempt WHERE job_id = $1 ORDER BY attempt',
      [j!.id],
    );
    expect(attempts).toEqual([
      { attempt: 1, ok: false, error: 'receiver down (1)' },
      { attempt: 2, ok: false, error: 'receiver down (2)' },
      { attempt: 3, ok: true, error: null },
    ]);
  });

  it('a job that keeps failing stops at its maximum attempts as failed', async () => {
    await enqueue(database.db, 'test.broken', {}, { maxAttempts: 2 });
    const w = new Worker({
      database,
      log,
      handlers: { 'test.broken': async () => Promise.reject(new Error('nope')) },
      now: () => new Date(Date.now() + 86_400_000),
    });
    await w.runDue();
    await w.runDue();
    expect((await jobs())[0]).toMatchObject({ state: 'failed', attempts: 2, last_error: 'nope' });
  });

  it('a job of an unknown kind fails with a clear error instead of vanishing', async () => {
    await enqueue(database.db, 'test.unknown', {}, { maxAttempts: 1 });
    await new Worker({ database, log, handlers: {} }).runDue();
    expect((await jobs())[0]).toMatchObject({ state: 'failed', last_error: "no handler for job kind 'test.unknown'" });
  });

  it('a job whose worker died is taken over after its lease', async () => {
    await enqueue(database.db, 'test.send', {});
    await database.exec(`UPDATE job SET state = 'running', locked_by = 'dead-worker', locked_until = now() - interval '1 second', attempts = 1`);
    const ran: number[] = [];
    await new Worker({ database, log, handlers: { 'test.send': async (_p, i) => void ran.push(i.attempt) } }).runDue();
    expect(ran).toEqual([2]);
    expect((await jobs())[0]!.state).toBe('done');
  });

  it('two workers on one database run each job exactly once', async () => {
    const N = 200;
    for (let i = 0; i < N; i += 50) {
      await database.db.transaction(async (tx) => {
        for (let k = i; k < i + 50; k++) await enqueue(tx, 'test.count', { k });
      });
    }
    const runs = new Map<number, number>();
    const handler: JobHandler = async (p) => {
      const k = (p as { k: number }).k;
      runs.set(k, (runs.get(k) ?? 0) + 1);
      await new Promise((r) => setTimeout(r, 1));
    };
    // On PostgreSQL the two workers use different pooled connections; SKIP LOCKED keeps them apart.
    const a = new Worker({ database, log, handlers: { 'test.count': handler }, batch: 5 });
    const b = new Worker({ database, log, handlers: { 'test.count': handler }, batch: 5 });
    const [ra, rb] = await Promise.all([a.runDue(), b.runDue()]);
    expect(ra + rb).toBe(N);
    expect(runs.size).toBe(N);
    expect([...runs.values()].every((n) => n === 1)).toBe(true);
  });

  it('daily jobs are enqueued once per day however often the schedule runs', async () => {
    const day = new Date('2026-11-25T06:00:00Z');
    await enqueueDailyJobs(database, day);
    await enqueueDailyJobs(database, new Date('2026-11-25T18:00:00Z'));
    await enqueueDailyJobs(database, new Date('2026-11-26T06:00:00Z'));
    const kinds = (await jobs()).map((j) => (j as unknown as { dedupe_key: string }).dedupe_key).sort();
    expect(kinds).toEqual([
      'platform.cleanup:2026-11-25',
      'platform.cleanup:2026-11-26',
      'provision.buffer-proposals:2026-11-25',
      'provision.buffer-proposals:2026-11-26',
      'provision.check-due-dates:2026-11-25',
      'provision.check-due-dates:2026-11-26',
      'users.inactivate-dormant:2026-11-25',
      'users.inactivate-dormant:2026-11-26',
    ]);
  });

  it('backoff grows and is capped at an hour', () => {
    expect(backoffSeconds(1)).toBeGreaterThanOrEqual(1);
    expect(backoffSeconds(5)).toBeGreaterThan(backoffSeconds(1));
    expect(backoffSeconds(40)).toBeLessThanOrEqual(3600 * 1.2);
  });
});
