import crypto from 'node:crypto';
import type { Logger } from 'pino';
import type { Database, DbOrTx } from '../db/client.ts';
import { job } from '../db/platform-schema.ts';
import { safeError, scrubPersonalNumbers } from '../logger.ts';

/**
 * Background jobs and the outbox. `enqueue` inserts a job with the caller's transaction, so a message
 * leaves the system if and only if the change that caused it committed (CONVENTIONS §6). A `Worker`
 * claims due jobs with FOR UPDATE SKIP LOCKED, so with several app processes on one PostgreSQL each job
 * runs once; a failed attempt is recorded and retried with exponential backoff.
 */
export type JobHandler = (payload: unknown, info: { jobId: number; attempt: number }) => Promise<void>;

export interface EnqueueOptions {
  runAt?: Date;
  maxAttempts?: number;
  /** A job with the same key is enqueued once (e.g. 'inactivate-users:2026-11-25'). */
  dedupeKey?: string;
}

export async function enqueue(tx: DbOrTx, kind: string, payload: unknown, opts: EnqueueOptions = {}): Promise<void> {
  await tx
    .insert(job)
    .values({
      kind,
      payload: payload as object,
      ...(opts.runAt ? { runAt: opts.runAt } : {}),
      ...(opts.maxAttempts ? { maxAttempts: opts.maxAttempts } : {}),
      dedupeKey: opts.dedupeKey ?? null,
    })
    .onConflictDoNothing({ target: job.dedupeKey });
}

/** Seconds to wait before attempt `attempt + 1`: 2, 4, 8 … capped at one hour, with jitter. */
export function backoffSeconds(attempt: number): number {
  const base = Math.min(3600, 2 ** Math.min(attempt, 12));
  return Math.round(base * (0.8 + Math.random() * 0.4));
}

interface ClaimedJob {
  id: number;
  kind: string;
  payload: unknown;
  attempts: number;
  max_attempts: number;
}

export interface WorkerOptions {
  database: Database;
  log: Logger;
  handlers: Record<string, JobHandler>;
  /** How long a claimed job is ours; a crashed worker's jobs are taken over after this. */
  leaseSeconds?: number;
  pollMs?: number;
  batch?: number;
  now?: () => Date;
}

/**
 * How long an idle worker waits before it looks for due jobs again. A quarter of a second keeps an event's way
 * to another system's webhook under a second at the 99th percentile (bench:webhooks; at 1 s the poll alone took
 * it to 1.05 s); an idle look is one indexed query.
 */
export const DEFAULT_POLL_MS = 250;

export class Worker {
  readonly id = `${process.pid}-${crypto.randomBytes(3).toString('hex')}`;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;
  private stopped = false;

  constructor(private readonly opts: WorkerOptions) {}

  start() {
    this.stopped = false;
    const tick = async () => {
      if (this.stopped) return;
      this.running = this.runDue().catch((err) => this.opts.log.error({ err }, 'job worker tick failed'));
      await this.running;
      if (!this.stopped) this.timer = setTimeout(tick, this.opts.pollMs ?? DEFAULT_POLL_MS);
    };
    this.timer = setTimeout(tick, 0);
  }

  async stop() {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  /** Claims and runs due jobs until none are left; returns how many ran. */
  async runDue(): Promise<number> {
    let total = 0;
    for (;;) {
      const claimed = await this.claim();
      if (claimed.length === 0) return total;
      for (const j of claimed) await this.runOne(j);
      total += claimed.length;
      if (this.stopped) return total;
    }
  }

  private async claim(): Promise<ClaimedJob[]> {
    const now = (this.opts.now ?? (() => new Date()))();
    const lease = new Date(now.getTime() + (this.opts.leaseSeconds ?? 300) * 1000);
    // A 'running' job whose lease ran out belonged to a worker that died: it is due again. The database stamps
    // run_at in microseconds and a JavaScript Date has milliseconds: a job enqueued within this same millisecond
    // is due too (now is somewhere in [now, now + 1 ms)).
    return this.opts.database.query<ClaimedJob>(
      `UPDATE job SET state = 'running', locked_by = $1, locked_until = $2, attempts = attempts + 1, last_attempt_at = $3
        WHERE id IN (
          SELECT id FROM job
           WHERE (state = 'pending' AND run_at < $3::timestamptz + interval '1 millisecond') OR (state = 'running' AND locked_until < $3)
           ORDER BY run_at, id
           LIMIT $4
           FOR UPDATE SKIP LOCKED)
        RETURNING id, kind, payload, attempts, max_attempts`,
      [this.id, lease.toISOString(), now.toISOString(), this.opts.batch ?? 10],
    );
  }

  private async runOne(j: ClaimedJob) {
    const { database, log } = this.opts;
    const startedAt = new Date();
    const handler = this.opts.handlers[j.kind];
    let error: string | null = null;
    try {
      if (!handler) throw new Error(`no handler for job kind '${j.kind}'`);
      await handler(j.payload, { jobId: j.id, attempt: j.attempts });
    } catch (err) {
      // Kept for operators to read, so as safe as a log line: no statement values, no personnummer.
      error = String(err instanceof Error ? safeError(err).message : scrubPersonalNumbers(String(err)));
      log.warn({ jobId: j.id, kind: j.kind, attempt: j.attempts, err }, 'job attempt failed');
    }
    const finishedAt = new Date();
    const failedForGood = error !== null && j.attempts >= j.max_attempts;
    const retryAt = new Date(finishedAt.getTime() + backoffSeconds(j.attempts) * 1000);
    await database.query(
      `WITH a AS (INSERT INTO job_attempt (job_id, attempt, started_at, finished_at, worker_id, ok, error)
                  VALUES ($1, $2, $3, $4, $5, $6, $7))
       UPDATE job SET state = $8, last_error = coalesce($7, last_error), run_at = $9, locked_by = NULL, locked_until = NULL,
                      finished_at = $10
        WHERE id = $1 AND locked_by = $5`,
      [
        j.id,
        j.attempts,
        startedAt.toISOString(),
        finishedAt.toISOString(),
        this.id,
        error === null,
        error?.slice(0, 2000) ?? null,
        error === null ? 'done' : failedForGood ? 'failed' : 'pending',
        error === null || failedForGood ? finishedAt.toISOString() : retryAt.toISOString(),
        error === null || failedForGood ? finishedAt.toISOString() : null,
      ],
    );
  }
}
