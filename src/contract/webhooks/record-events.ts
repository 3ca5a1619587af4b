import { sql } from 'drizzle-orm';
import { clientsByCustomer } from '../../administration/clients/clients-by-customer.ts';
import type { Database, DbOrTx } from '../../platform/db/client.ts';
import { enqueue } from '../../platform/jobs/jobs.ts';
import type { OrderingEndpoint } from '../endpoints.ts';
import type { OrderEvent } from '../events.ts';

/** The outbox job that delivers a webhook's undelivered events: { subscriptionId } (deliver-webhooks.ts). */
export const DELIVER_WEBHOOKS_JOB = 'contract.deliver-webhooks';

/** Whose an order is, as the centre knows it (the provision side answers it; src/app/start.ts passes it in). */
export interface EventOrigin {
  senderClientId: string | null;
  customerId: string;
  careProviderId: string;
}

/** The advisory lock under which events are recorded, so that feed positions are handed out in commit order. */
const RECORD_LOCK = 0x6269_7374; // 'bist'

/**
 * Wake-ups of a webhook's delivery are coalesced per 100 ms: the events recorded within one such slice share
 * one job, due just after the slice ends (by when most of its transactions have committed). An event that
 * commits after its slice's job has looked is delivered by the follow-up every delivering run leaves behind
 * (deliver-webhooks.ts), or at the latest by the sweep a minute later, so the job table gets a handful of rows a
 * second however many events there are. The deliveries' own wake-ups (retries, follow-ups) have keys of their
 * own (`by`), so that they never meet a recording's key whose job has run already.
 */
const SLICE_MS = 100;

export async function wakeDelivery(tx: DbOrTx, subscriptionId: string, at: Date, by: 'recording' | 'delivery' = 'recording'): Promise<void> {
  const slice = Math.floor(at.getTime() / SLICE_MS);
  await enqueue(
    tx,
    DELIVER_WEBHOOKS_JOB,
    { subscriptionId },
    {
      dedupeKey: `${DELIVER_WEBHOOKS_JOB}:${subscriptionId}:${by === 'recording' ? 'r' : 'd'}${slice}`,
      runAt: new Date((slice + 1) * SLICE_MS + 20),
      maxAttempts: 1000,
    },
  );
}

/** The safety net: once a minute, a wake-up for every webhook with an event due for over 30 seconds. */
export const SWEEP_WEBHOOKS_JOB = 'contract.sweep-webhooks';

/** Schedules the sweep for the next minute (every process may: one job per minute, by its key). */
export async function scheduleWebhookSweep(tx: DbOrTx, now: Date): Promise<void> {
  const minute = Math.floor(now.getTime() / 60_000) + 1;
  await enqueue(tx, SWEEP_WEBHOOKS_JOB, {}, { dedupeKey: `${SWEEP_WEBHOOKS_JOB}:${minute}`, runAt: new Date(minute * 60_000), maxAttempts: 3 });
}

export function sweepWebhooksHandler(deps: { database: Database; now?: () => Date }) {
  return async () => {
    const now = (deps.now ?? (() => new Date()))();
    try {
      const rows = await deps.database.query<{ subscription_id: string }>(
        `SELECT DISTINCT d.subscription_id FROM webhook_delivery d JOIN webhook_subscription s ON s.id = d.subscription_id AND s.revoked_at IS NULL
          WHERE d.delivered_at IS NULL AND d.next_attempt_at < $1`,
        [new Date(now.getTime() - 30_000).toISOString()],
      );
      for (const r of rows) await wakeDelivery(deps.database.db, r.subscription_id, now, 'delivery');
    } finally {
      await scheduleWebhookSweep(deps.database.db, now);
    }
  };
}

/**
 * Records the centre's events for orders of customers that system clients serve: each event once (by its
 * eventId; a retry of the centre's outbox records nothing new), and a delivery to every live webhook of every
 * client whose scope holds the order's customer, all in one transaction. An event of an order no client sent,
 * for a customer no client serves, is not recorded. Returns how many were new.
 */
export async function recordContractEvents(
  database: Database,
  items: readonly { event: OrderEvent; origin: EventOrigin }[],
  now = new Date(),
): Promise<number> {
  if (items.length === 0) return 0;
  return database.db.transaction(async (tx) => {
    const clients = await clientsByCustomer(
      tx,
      items.map((i) => i.origin.customerId),
    );
    const served = items.filter((i) => i.origin.senderClientId || clients.has(i.origin.customerId));
    if (served.length === 0) return 0;
    const rows = served.map(({ event, origin }) => ({
      event_id: event.eventId,
      order_id: event.orderId,
      sequence: event.sequence,
      type: event.type,
      sender_client_id: origin.senderClientId,
      customer_id: origin.customerId,
      care_provider_id: origin.careProviderId,
      client_ids: clients.get(origin.customerId) ?? [],
      event,
    }));
    // Taken last, just before the insert hands out positions, and held to the commit (see contractEvent).
    await tx.execute(sql`SELECT pg_advisory_xact_lock(${RECORD_LOCK})`);
    const at = now.toISOString();
    const { rows: result } = (await tx.execute(
      // prettier-ignore
      sql`WITH input AS (
            SELECT * FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS x(event_id uuid, order_id uuid, sequence int, type text,
                     sender_client_id uuid, customer_id uuid, care_provider_id uuid, client_ids uuid[], event jsonb)),
          e AS (
            INSERT INTO contract_event (event_id, order_id, sequence, type, sender_client_id, customer_id, care_provider_id, event, recorded_at)
            SELECT event_id, order_id, sequence, type, sender_client_id, customer_id, care_provider_id, event, ${at} FROM input ORDER BY order_id, sequence
            ON CONFLICT (event_id) DO NOTHING
            RETURNING position, event_id, order_id, sequence),
          d AS (
            INSERT INTO webhook_delivery (subscription_id, position, order_id, sequence, next_attempt_at)
            SELECT s.id, e.position, e.order_id, e.sequence, ${at}
              FROM e JOIN input i ON i.event_id = e.event_id
              JOIN webhook_subscription s ON s.client_id = ANY(i.client_ids) AND s.revoked_at IS NULL
            RETURNING subscription_id)
          SELECT (SELECT count(*) FROM e)::int AS inserted, (SELECT coalesce(json_agg(DISTINCT subscription_id), '[]') FROM d) AS subscriptions`,
    )) as unknown as { rows: { inserted: number; subscriptions: string[] }[] };
    const { inserted, subscriptions } = result[0]!;
    // The wake-up's slice is taken now, after the lock (which may have kept this transaction waiting), so that it
    // is due after this commit, not after an earlier slice's job has already looked.
    const wakeAt = new Date(Math.max(now.getTime(), Date.now()));
    for (const id of subscriptions) await wakeDelivery(tx, id, wakeAt);
    return inserted;
  });
}

/**
 * The ordering endpoint the centre's outbox delivers to (src/provision/jobs.ts): events of an order a system
 * client sent go to the contract's event store (the feed and the webhooks) alone; the others to Bistå's own
 * ordering side, and, once it has taken them, to the store too when system clients serve the order's customer
 * (a municipality's system hears about what its prescribers ordered in Bistå's pages). `originOf` is the
 * provision side's answer to where an order came from.
 */
export function routeOrderEvents(deps: {
  database: Database;
  ordering: OrderingEndpoint;
  originOf: (orderId: string) => Promise<EventOrigin | null>;
  /** The clock the recordings and their wake-ups use: the job worker's (tests move it). */
  now?: () => Date;
}): OrderingEndpoint {
  return {
    async receive(event) {
      const origin = await deps.originOf(event.orderId);
      if (!origin?.senderClientId) await deps.ordering.receive(event);
      // A failure here fails the delivery: the centre's outbox sends the event again, and the ordering side,
      // idempotent by eventId, does nothing the second time.
      if (origin) await recordContractEvents(deps.database, [{ event, origin }], (deps.now ?? (() => new Date()))());
    },
  };
}
