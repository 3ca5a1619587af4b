import type { Logger } from 'pino';
import type { OrderEvent, OrderEventOf } from '../../contract/events.ts';
import { CONTRACT_VERSION } from '../../contract/version.ts';
import { ContractRefused, type OrderingEndpoint } from '../../contract/endpoints.ts';
import type { Database } from '../../platform/db/client.ts';
import { enqueue } from '../../platform/jobs/jobs.ts';
import { uuidV5 } from '../../platform/uuid-v5.ts';
import { SEND_EVENT_JOB } from './order-events.ts';

/** An unsent contract event's row as the outbox reads it (provision_order_event e, and its order's number). */
export interface OutboxRow {
  id: number;
  sequence: number;
  event_id: string;
  order_id: string;
  centre_order_number: string | null;
  at: Date | string;
  line_id: string | null;
  type: string;
  data: Record<string, unknown> | null;
  contract_event: OrderEvent | null;
}

/** The columns of OutboxRow, for a query on provision_order_event e joined to provision_order o. */
export const OUTBOX_COLUMNS = `e.id, e.sequence, e.event_id, e.order_id, o.centre_order_number, e.at, e.line_id, e.type, e.data, e.contract_event`;

/**
 * The contract events one stored row stands for, in sequence. A step's row carries its event whole
 * (contract_event). The due-date job's 'delayed' rows do not (it writes up to a million lines' worth at
 * once: check-due-dates.ts): a row is one order's lines with one new date, data.lineIds in line order, and
 * `sequence` the last of their numbers, so the k-th of n lines is sequence − n + 1 + k. Each line's eventId
 * is a name-based UUID (version 5) of the row's event_id and the line's id: the same on every retry, so the
 * receiver's idempotency holds. A 'delayed' row from before the packing (one line in line_id) is one event
 * with the row's own id.
 */
export function contractEventsOf(row: OutboxRow): OrderEvent[] {
  if (row.contract_event) return [row.contract_event];
  if (row.type !== 'delayed') throw new Error(`order event ${row.id} ('${row.type}') has no contract event`);
  const data = row.data ?? {};
  const packed = Array.isArray(data.lineIds);
  const lineIds = packed ? (data.lineIds as string[]) : [row.line_id!];
  const first = row.sequence - lineIds.length + 1;
  const occurredAt = new Date(row.at).toISOString();
  return lineIds.map((lineId, k): OrderEventOf<'delayed'> => ({
    contractVersion: CONTRACT_VERSION,
    eventId: packed ? uuidV5(row.event_id, lineId) : row.event_id,
    orderId: row.order_id,
    centreOrderNumber: row.centre_order_number,
    sequence: first + k,
    occurredAt,
    lineId,
    type: 'delayed',
    newDate: String(data.newDate),
    reason: typeof data.reason === 'string' ? data.reason : null,
  }));
}

export interface SendDeps {
  database: Database;
  log: Logger;
  ordering: OrderingEndpoint;
  now?: () => Date;
  /** How long one worker may hold an order's sending before another takes over (a crashed worker's lease). */
  leaseSeconds?: number;
}

/**
 * Delivers every unsent contract event of one order to the ordering side, lowest sequence first, each
 * marked sent only after the receiver took it. Only one worker sends an order's events at a time (a lease
 * on the order row), so the ordering side gets them in sequence; if another worker holds the lease, a job
 * for the order is put back a moment later (whatever the other worker misses, that job sends). A failed
 * delivery throws and the later events wait behind it. An event the receiver refuses for good
 * (ContractRefused) is marked with the refusal, and the next one goes.
 */
function orderSender(deps: SendDeps) {
  const { database, log, ordering } = deps;
  const now = deps.now ?? (() => new Date());
  const lease = (deps.leaseSeconds ?? 120) * 1000;
  return async (orderId: string): Promise<'sent' | 'busy'> => {
    const t = now();
    const claimed = await database.query<{ id: string }>(
      `UPDATE provision_order SET sending_until = $2 WHERE id = $1 AND (sending_until IS NULL OR sending_until < $3) RETURNING id`,
      [orderId, new Date(t.getTime() + lease).toISOString(), t.toISOString()],
    );
    if (!claimed.length) {
      const [exists] = await database.query(`SELECT 1 FROM provision_order WHERE id = $1`, [orderId]);
      if (!exists) throw new Error(`provision.send-event: order ${orderId} does not exist`);
      await enqueue(database.db, SEND_EVENT_JOB, { orderId }, { runAt: new Date(t.getTime() + 3000) });
      return 'busy';
    }
    try {
      for (;;) {
        const [next] = await database.query<OutboxRow>(
          `SELECT ${OUTBOX_COLUMNS}
             FROM provision_order_event e JOIN provision_order o ON o.id = e.order_id
            WHERE e.order_id = $1 AND e.event_id IS NOT NULL AND e.sent_at IS NULL
            ORDER BY e.sequence LIMIT 1`,
          [orderId],
        );
        if (!next) return 'sent';
        // A row may stand for several events (the due-date job's): all are delivered before the row is
        // marked sent. If one fails, the row is sent again from its first; the receiver has the ones before
        // by their eventIds and does them once.
        const events = contractEventsOf(next);
        const refusals: string[] = [];
        for (const event of events) {
          try {
            await ordering.receive(event);
          } catch (err) {
            if (!(err instanceof ContractRefused)) throw err;
            // Of a row with several events, which one was refused.
            refusals.push(`${events.length > 1 ? `#${event.sequence} ` : ''}${err.code}: ${err.message}`);
            log.error({ orderId, sequence: event.sequence, code: err.code }, 'the ordering side refused an order event');
          }
        }
        const refusal = refusals.length ? refusals.join('\n').slice(0, 2000) : null;
        await database.query(`UPDATE provision_order_event SET sent_at = $2, refusal = $3 WHERE id = $1`, [next.id, now().toISOString(), refusal]);
      }
    } finally {
      await database.query(`UPDATE provision_order SET sending_until = NULL WHERE id = $1`, [orderId]);
    }
  };
}

/** The outbox job 'provision.send-event' { orderId }: sends that order's unsent events. */
export function sendOrderEventsHandler(deps: SendDeps) {
  const send = orderSender(deps);
  return async (payload: unknown) => {
    const orderId = (payload as { orderId?: unknown } | null)?.orderId;
    if (typeof orderId !== 'string') throw new Error('provision.send-event: payload without orderId');
    await send(orderId);
  };
}

/**
 * The outbox job 'provision.send-pending-events': sends the unsent events of every order that has some
 * (after the due-date job wrote a day's worth in one go). An order whose delivery fails gets its own
 * 'provision.send-event' job, which retries with backoff, and the sweep goes on with the next order.
 */
export function sendPendingEventsHandler(deps: SendDeps) {
  const send = orderSender(deps);
  return async () => {
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      // Orders in id order, each checked through its own events' index (no index of unsent events is kept:
      // it would cost the due-date job a million more index entries).
      const batch = await deps.database.query<{ order_id: string }>(
        `SELECT o.id AS order_id FROM provision_order o
          WHERE o.id > $1
            AND EXISTS (SELECT 1 FROM provision_order_event e WHERE e.order_id = o.id AND e.event_id IS NOT NULL AND e.sent_at IS NULL)
          ORDER BY o.id LIMIT 500`,
        [after],
      );
      if (!batch.length) return;
      for (const { order_id } of batch) {
        try {
          await send(order_id);
        } catch (err) {
          deps.log.warn({ orderId: order_id, err }, 'order events not delivered; retried by its own job');
          await enqueue(deps.database.db, SEND_EVENT_JOB, { orderId: order_id });
        }
      }
      after = batch[batch.length - 1]!.order_id;
    }
  };
}
