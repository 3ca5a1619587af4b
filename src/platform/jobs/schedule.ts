import type { Database } from '../db/client.ts';
import { enqueue } from './jobs.ts';

/** Jobs that run once a day. Each is enqueued with the day as its dedupe key, so every process may try. */
export const DAILY_JOBS = ['users.inactivate-dormant', 'platform.cleanup', 'provision.check-due-dates', 'provision.buffer-proposals'] as const;

export async function enqueueDailyJobs(database: Database, now: Date) {
  const day = now.toISOString().slice(0, 10);
  for (const kind of DAILY_JOBS) await enqueue(database.db, kind, { day }, { dedupeKey: `${kind}:${day}` });
}

/** Enqueues the daily jobs now and then every hour (cheap: a conflict on the dedupe key does nothing). */
export function startDailySchedule(database: Database, now: () => Date = () => new Date()): () => void {
  const run = () => void enqueueDailyJobs(database, now()).catch(() => undefined);
  run();
  const t = setInterval(run, 3_600_000);
  t.unref();
  return () => clearInterval(t);
}
