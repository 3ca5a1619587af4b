import type { Logger } from 'pino';
import { clientStanding } from '../../administration/clients/clients-by-customer.ts';
import type { Database } from '../../platform/db/client.ts';
import { backoffSeconds } from '../../platform/jobs/jobs.ts';
import { SIGNATURE_HEADER, signatureHeader } from '../signature.ts';
import { postJson } from './http-post.ts';
import { wakeDelivery } from './record-events.ts';

export interface DeliverDeps {
  database: Database;
  log: Logger;
  now?: () => Date;
  /** How long one worker may hold a webhook's delivery before another takes over (a crashed worker's lease). */
  leaseSeconds?: number;
  /** Deliveries in flight at once (to different orders: an order's events go one after the other). */
  concurrency?: number;
  /** Events taken per round (at most one per order); a round ends when all of them are answered. */
  batch?: number;
  /** Time limit of one POST. */
  timeoutMs?: number;
  /** A run hands the worker back after this long (and wakes itself again), so other jobs get their turn. */
  maxRunMs?: number;
}

interface Head {
  position: string;
  order_id: string;
  attempts: number;
  event_id: string;
  body: string;
}

type Outcome = { position: string; ok: true; status: number } | { position: string; ok: false; status: number | null; error: string };

/**
 * The outbox job 'contract.deliver-webhooks' { subscriptionId }: POSTs the webhook's undelivered events, each
 * signed (src/contract/signature.ts), until the receiver acknowledges it with a 2xx. Only the first undelivered
 * event of each order is sent (an order's later events wait for it), up to `concurrency` orders at once; one
 * worker at a time delivers to a webhook (a lease on its row). A failed event is tried again after 2, 4, 8 …
 * seconds (at most an hour, with jitter) and holds back its order's later events meanwhile; the other orders go
 * on. Nothing is dropped: an event stays until acknowledged or the webhook is revoked.
 */
export function deliverWebhooksHandler(deps: DeliverDeps) {
  const { database, log } = deps;
  const now = deps.now ?? (() => new Date());
  const lease = (deps.leaseSeconds ?? 120) * 1000;
  const concurrency = deps.concurrency ?? 32;
  const timeoutMs = deps.timeoutMs ?? 10_000;
  // Large rounds: each round's look for the next events reads every undelivered one of the webhook.
  const batch = deps.batch ?? 500;
  const maxRunMs = deps.maxRunMs ?? 5_000;

  async function post(url: string, secret: string, h: Head): Promise<Outcome> {
    try {
      const status = await postJson(
        url,
        {
          [SIGNATURE_HEADER]: signatureHeader(secret, h.body, Math.floor(now().getTime() / 1000)),
          'bista-event-id': h.event_id,
          'bista-delivery-attempt': String(h.attempts + 1),
          'user-agent': 'Bista-Webhooks/1',
        },
        h.body,
        timeoutMs,
      );
      if (status >= 200 && status < 300) return { position: h.position, ok: true, status };
      return { position: h.position, ok: false, status, error: `HTTP ${status}` };
    } catch (err) {
      const code = (err as { code?: unknown }).code;
      return {
        position: h.position,
        ok: false,
        status: null,
        error: String(typeof code === 'string' ? code : err instanceof Error ? err.message : err).slice(0, 500),
      };
    }
  }

  async function run(subscriptionId: string) {
    const t0 = now();
    const [sub] = await database.query<{ url: string; secret: string; client_id: string }>(
      `UPDATE webhook_subscription SET pumping_until = $2
        WHERE id = $1 AND revoked_at IS NULL AND (pumping_until IS NULL OR pumping_until < $3)
        RETURNING url, secret, client_id`,
      [subscriptionId, new Date(t0.getTime() + lease).toISOString(), t0.toISOString()],
    );
    if (!sub) {
      const [s] = await database.query<{ revoked: boolean }>(`SELECT revoked_at IS NOT NULL AS revoked FROM webhook_subscription WHERE id = $1`, [
        subscriptionId,
      ]);
      // Another worker is delivering: what it misses, this wake-up a moment later sends.
      if (s && !s.revoked) await wakeDelivery(database.db, subscriptionId, new Date(t0.getTime() + 2000), 'delivery');
      return;
    }
    // A revoked client gets nothing more (its undelivered events stay as they are, and nothing wakes this again).
    const client = await clientStanding(database, sub.client_id);
    if (!client || client.revoked) {
      await database.query(`UPDATE webhook_subscription SET pumping_until = NULL WHERE id = $1`, [subscriptionId]);
      return;
    }
    let delivered = 0;
    try {
      for (;;) {
        const t = now();
        // The first undelivered event of each order, if it is due; in the order the events were recorded.
        const heads = await database.query<Head>(
          `SELECT h.position::text AS position, h.order_id, h.attempts, c.event_id, c.event::text AS body
             FROM (SELECT DISTINCT ON (d.order_id) d.position, d.order_id, d.attempts, d.next_attempt_at
                     FROM webhook_delivery d
                    WHERE d.subscription_id = $1 AND d.delivered_at IS NULL
                    ORDER BY d.order_id, d.sequence) h
             JOIN contract_event c ON c.position = h.position
            WHERE h.next_attempt_at <= $2
            ORDER BY h.position
            LIMIT $3`,
          [subscriptionId, t.toISOString(), batch],
          'webhook-heads',
        );
        if (heads.length === 0) break;
        const outcomes: Outcome[] = [];
        let next = 0;
        await Promise.all(
          Array.from({ length: Math.min(concurrency, heads.length) }, async () => {
            while (next < heads.length) outcomes.push(await post(sub.url, sub.secret, heads[next++]!));
          }),
        );
        const done = now().toISOString();
        const ok = outcomes.filter((o) => o.ok);
        const failed = outcomes.filter((o): o is Extract<Outcome, { ok: false }> => !o.ok);
        const attemptsOf = new Map(heads.map((h) => [h.position, h.attempts]));
        await database.query(
          `WITH ok AS (
             UPDATE webhook_delivery d SET delivered_at = $2, attempts = d.attempts + 1, last_attempt_at = $2, last_status = x.status, last_error = NULL
               FROM jsonb_to_recordset($3::jsonb) AS x(position bigint, status int)
              WHERE d.subscription_id = $1 AND d.position = x.position)
           UPDATE webhook_delivery d SET attempts = d.attempts + 1, last_attempt_at = $2, last_status = x.status, last_error = x.error, next_attempt_at = x.next_at
             FROM jsonb_to_recordset($4::jsonb) AS x(position bigint, status int, error text, next_at timestamptz)
            WHERE d.subscription_id = $1 AND d.position = x.position`,
          [
            subscriptionId,
            done,
            JSON.stringify(ok.map((o) => ({ position: o.position, status: o.status }))),
            JSON.stringify(
              failed.map((o) => ({
                position: o.position,
                status: o.status,
                error: o.error,
                next_at: new Date(Date.parse(done) + backoffSeconds(attemptsOf.get(o.position)! + 1) * 1000).toISOString(),
              })),
            ),
          ],
          'webhook-outcomes',
        );
        delivered += ok.length;
        if (failed.length) log.warn({ subscriptionId, failed: failed.length, error: failed[0]!.error }, 'webhook deliveries failed; retried with backoff');
        if (now().getTime() - t0.getTime() > maxRunMs) break;
        // Renew the lease for the next round.
        await database.query(`UPDATE webhook_subscription SET pumping_until = $2 WHERE id = $1`, [
          subscriptionId,
          new Date(now().getTime() + lease).toISOString(),
        ]);
      }
    } finally {
      await database.query(`UPDATE webhook_subscription SET pumping_until = NULL WHERE id = $1`, [subscriptionId]);
    }
    // What is left: the earliest retry of an order held back by a failure, or (after a long run) more to send now.
    const [left] = await database.query<{ due: Date | string | null }>(
      `SELECT min(h.next_attempt_at) AS due
         FROM (SELECT DISTINCT ON (d.order_id) d.next_attempt_at FROM webhook_delivery d
                WHERE d.subscription_id = $1 AND d.delivered_at IS NULL ORDER BY d.order_id, d.sequence) h`,
      [subscriptionId],
    );
    const t = now();
    if (left?.due) await wakeDelivery(database.db, subscriptionId, new Date(Math.max(t.getTime(), new Date(left.due).getTime())), 'delivery');
    // A run that delivered something looks once more a second later, for an event whose transaction committed
    // after this run's last look (record-events.ts, SLICE_MS).
    else if (delivered > 0) await wakeDelivery(database.db, subscriptionId, new Date(t.getTime() + 1000), 'delivery');
  }

  return async (payload: unknown) => {
    const subscriptionId = (payload as { subscriptionId?: unknown } | null)?.subscriptionId;
    if (typeof subscriptionId !== 'string') throw new Error('contract.deliver-webhooks: payload without subscriptionId');
    await run(subscriptionId);
  };
}
