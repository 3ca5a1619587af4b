import crypto from 'node:crypto';
import { getTableColumns, type Table } from 'drizzle-orm';
import type { Receipt } from '../../contract/endpoints.ts';
import { orderEvent } from '../../contract/events.ts';
import type { SubmitOrder } from '../../contract/messages.ts';
import { CONTRACT_VERSION } from '../../contract/version.ts';
import { articleFactsJson, type ArticleFacts } from '../../catalogue/articles/articles-by-number.ts';
import { auditActor } from '../../platform/audit/audit.ts';
import type { Ctx } from '../../platform/context.ts';
import type { Database } from '../../platform/db/client.ts';
import { CURRENT_RULES_SQL, ruleSetFrom, type RuleSet } from '../rules/rule-set.ts';
import { SEND_EVENT_JOB } from '../orders/order-events.ts';
import { provisionOrder, provisionOrderLine, provisionPatient } from '../schema.ts';
import { messageIdConflict } from './fingerprint.ts';
import { intakeRows, type IntakeCustomer } from './order-rows.ts';
import type { ReceiveOptions } from './receive-message.ts';

/**
 * Order intake in batches ("group commit"). Submissions that arrive while the database is busy with
 * earlier ones wait a moment and are then stored together: the reads every order needs (has the message
 * or order been seen, the customers, the articles, the time limits) are one query for the whole batch,
 * and everything an order stores — the order, its patient snapshot, lines, the 'received'
 * contract event, the outbox job, the audit row and the inbound message — is written by ONE statement
 * for the whole batch, atomic like a transaction. At low load a batch is one order, stored at once; at
 * high load the round trips per order fall towards zero, which is what lets intake take its 1 000 orders
 * a second (bench/intake.ts).
 *
 * Each order is still checked on its own: an order that fails a check is refused alone, and the rest of
 * its batch is stored. If the batch's statement fails (a message that raced in from elsewhere, a line id
 * used twice across orders), each of its orders is received again one by one on the single-order path,
 * which gives every sender the exact answer it would have had alone.
 *
 * Pick-ups and buffer withdrawals act on units at intake and take the single-order path.
 */

interface Pending {
  ctx: Ctx;
  message: SubmitOrder;
  opts: ReceiveOptions;
  /** The single-order path for this message, for a batch whose statement failed. */
  single: () => Promise<Receipt>;
  resolve: (r: Receipt) => void;
  reject: (e: unknown) => void;
}

interface Batcher {
  queue: Pending[];
  inFlight: number;
}

/** Orders per statement: large enough that a busy second needs few statements, small enough to keep each short. */
const MAX_BATCH = 64;
const batchers = new WeakMap<Database, Batcher>();

export function receiveSubmitBatched(ctx: Ctx, message: SubmitOrder, opts: ReceiveOptions, single: () => Promise<Receipt>): Promise<Receipt> {
  const database = ctx.database;
  let b = batchers.get(database);
  if (!b) batchers.set(database, (b = { queue: [], inFlight: 0 }));
  const batcher = b;
  return new Promise<Receipt>((resolve, reject) => {
    batcher.queue.push({ ctx, message, opts, single, resolve, reject });
    pump(database, batcher);
  });
}

function pump(database: Database, b: Batcher) {
  // PGlite is one connection: one batch at a time. A server: a few at once, leaving the pool room for reads.
  const maxInFlight = database.kind === 'pglite' ? 1 : 3;
  while (b.inFlight < maxInFlight && b.queue.length > 0) {
    const batch = b.queue.splice(0, MAX_BATCH);
    b.inFlight++;
    void runBatch(database, batch).finally(() => {
      b.inFlight--;
      pump(database, b);
    });
  }
}

async function runBatch(database: Database, batch: Pending[]) {
  let again: Pending[];
  try {
    again = await storeBatch(database, batch);
  } catch {
    // The reads failed before anything was answered: each order on its own path, which reports its own error.
    again = batch;
  }
  // Nothing of these was stored: each again on its own, in arrival order, for its exact answer.
  for (const p of again) await p.single().then(p.resolve, p.reject);
}

interface BatchReads {
  /** The batch's messages already received, with the receipt given and the order's customer. */
  messages: { messageId: string; centreOrderNumber: string | null; customerId: string | null; payloadSha256: string | null }[];
  /** The batch's order ids already received (under another message). */
  orders: string[];
  customers: IntakeCustomer[];
  articles: ArticleFacts[];
  rule_set: unknown;
}

/** Stores what it can of the batch and answers those orders; returns the ones to receive again one by one. */
async function storeBatch(database: Database, batch: Pending[]): Promise<Pending[]> {
  const messageIds = batch.map((p) => p.message.messageId);
  const orderIds = batch.map((p) => p.message.order.orderId);
  const customerNumbers = [...new Set(batch.map((p) => p.message.order.customerNumber))];
  const articleNumbers = [...new Set(batch.flatMap((p) => p.message.order.lines.flatMap((l) => (l.articleNumber ? [l.articleNumber] : []))))];
  // Everything the batch's checks need, in one round trip.
  const [read] = await database.query<BatchReads>(
    READ_BATCH,
    // Not a prepared statement: a generic plan made while the tables were small would scan them whole
    // for every batch once they are large; planned each time, = ANY(...) stays an index lookup.
    [messageIds, orderIds, customerNumbers, articleNumbers],
  );
  const seenMessages = new Map(read!.messages.map((m) => [m.messageId, m]));
  const seenOrders = new Set(read!.orders);
  const customerByNumber = new Map(read!.customers.map((c) => [c.customerNumber, c]));
  const articles = new Map(read!.articles.map((a) => [a.articleNumber, a]));
  const ruleSet = ruleSetFrom(read!.rule_set);

  const rows = new Rows();
  const accepted: Pending[] = [];
  const again: Pending[] = [];
  for (const p of batch) {
    try {
      const answered = seenMessages.get(p.message.messageId);
      if (answered) {
        if (p.opts.authorize && answered.customerId) p.opts.authorize(answered.customerId);
        if (answered.payloadSha256 && answered.payloadSha256 !== p.opts.fingerprint) throw messageIdConflict(p.message.messageId);
        p.resolve({ accepted: true, duplicate: true, centreOrderNumber: answered.centreOrderNumber });
        continue;
      }
      const o = p.message.order;
      // Its order is stored but (in this read) not its message: the single path tells a copy that raced in from another message.
      if (seenOrders.has(o.orderId)) {
        again.push(p);
        continue;
      }
      rows.add(p, customerByNumber.get(o.customerNumber), articles, ruleSet);
      accepted.push(p);
    } catch (err) {
      p.reject(err);
    }
  }
  if (accepted.length === 0) return again;
  // A message twice in one batch would fail the statement: the single-order path answers both.
  if (new Set(accepted.map((p) => p.message.messageId)).size !== accepted.length) return [...again, ...accepted];
  let numbers: { id: string; centre_order_number: string }[];
  try {
    const { text, params, name } = rows.statement();
    numbers = await database.query<{ id: string; centre_order_number: string }>(text, params, name);
  } catch {
    // A message or line id that raced in from elsewhere, or a fault: the statement stored nothing.
    return [...again, ...accepted];
  }
  const byOrder = new Map(numbers.map((n) => [n.id, n.centre_order_number]));
  for (const p of accepted) p.resolve({ accepted: true, duplicate: false, centreOrderNumber: byOrder.get(p.message.order.orderId) ?? null });
  return again;
}

/** JSON text of a row set for jsonb_populate_recordset: keys are the tables' column names. */
type Row = Record<string, unknown>;

/** What one statement stores for a batch, table by table. */
class Rows {
  orders: Row[] = [];
  patients: Row[] = [];
  lines: Row[] = [];
  /** Each order's 'received' contract event (each line's due date is on the line itself). */
  events: Row[] = [];
  audits: Row[] = [];
  /** Audit rows the sender's checks asked for (the REST route's patient read), written with the order. */
  reads: Row[] = [];
  jobs: Row[] = [];
  messages: Row[] = [];

  /** Checks one order (throwing its refusal) and adds its rows. */
  add(p: Pending, customer: IntakeCustomer | undefined, articles: Map<string, ArticleFacts>, ruleSet: RuleSet) {
    const { ctx, message } = p;
    const o = message.order;
    const rows = intakeRows(ctx, message, customer, articles, ruleSet, p.opts.authorize);
    const at = rows.order.receivedAt.toISOString();
    // The contract event is checked here exactly as the receiver will check it; its centre order number
    // is generated by the insert and set in by the statement.
    const event = orderEvent.parse({
      contractVersion: CONTRACT_VERSION,
      eventId: crypto.randomUUID(),
      orderId: o.orderId,
      centreOrderNumber: 'K-0',
      sequence: 1,
      occurredAt: at,
      type: 'received',
      dueDate: rows.dueDate,
    });
    this.orders.push(asColumns(provisionOrder, rows.order));
    if (rows.patient) this.patients.push(asColumns(provisionPatient, rows.patient));
    for (const l of rows.lines) this.lines.push(asColumns(provisionOrderLine, l));
    const actorUserId = ctx.actor?.userId ?? null;
    this.events.push({
      order_id: o.orderId,
      type: 'received',
      at,
      actor_user_id: actorUserId,
      actor_label: ctx.actor?.name ?? 'system',
      data: { messageId: message.messageId },
      event_id: event.eventId,
      sequence: event.sequence,
      contract_event: event,
    });
    this.jobs.push({ kind: SEND_EVENT_JOB, payload: { orderId: o.orderId } });
    // A system client is audited by its client id and name (it has no user row); see auditActor.
    const who = auditActor(ctx);
    const auditedBy = { actor_user_id: who.actorUserId, actor_client_id: who.actorClientId, actor_label: who.actorLabel };
    this.audits.push({
      at,
      ...auditedBy,
      action: 'provision.order.receive',
      entity_type: 'provision_order',
      entity_id: o.orderId,
      care_provider_id: rows.order.careProviderId,
      patient_ref: rows.patient?.id ?? null,
      purpose: 'order-intake',
      ip: ctx.ip,
      request_id: ctx.requestId,
      details: rows.auditDetails,
    });
    for (const entry of p.opts.audits ?? []) {
      this.reads.push({
        at,
        ...auditedBy,
        action: entry.action,
        entity_type: entry.entityType,
        entity_id: entry.entityId ?? null,
        care_provider_id: entry.careProviderId ?? null,
        patient_ref: entry.patientRef ?? null,
        purpose: entry.purpose ?? null,
        ip: ctx.ip,
        request_id: ctx.requestId,
        details: entry.details ?? null,
      });
    }
    this.messages.push({
      message_id: message.messageId,
      type: message.type,
      order_id: o.orderId,
      received_at: at,
      receipt: null,
      payload_sha256: p.opts.fingerprint ?? null,
    });
  }

  /** The batch's statement and its parameters: a part per table that has rows, columns as the rows have them. */
  statement(): { text: string; params: string[]; name: string } {
    const parts: string[] = [];
    const params: string[] = [];
    const part = (cte: string, table: string, rows: Row[], select: (columns: string[]) => string, from = '') => {
      if (rows.length === 0) return;
      params.push(JSON.stringify(rows));
      const columns = Object.keys(rows[0]!);
      parts.push(
        `${cte} AS (INSERT INTO ${table} (${columns.join(', ')}) SELECT ${select(columns)} FROM jsonb_populate_recordset(NULL::${table}, $${params.length}::jsonb) x${from}${cte === 'o' ? ' RETURNING id, centre_order_number' : ''})`,
      );
    };
    const plain = (columns: string[]) => columns.map((c) => `x.${c}`).join(', ');
    // With the generated centre order number set in where it belongs.
    const numbered = (column: string, value: string) => (columns: string[]) => columns.map((c) => (c === column ? value : `x.${c}`)).join(', ');
    part('o', 'provision_order', this.orders, plain);
    part('p', 'provision_patient', this.patients, plain);
    part('l', 'provision_order_line', this.lines, plain);
    part(
      'e',
      'provision_order_event',
      this.events,
      numbered('contract_event', `jsonb_set(x.contract_event, '{centreOrderNumber}', to_jsonb(o.centre_order_number))`),
      ' JOIN o ON o.id = x.order_id',
    );
    part('j', 'job', this.jobs, plain);
    part(
      'a',
      'audit_log',
      this.audits,
      numbered('details', `jsonb_set(x.details, '{centreOrderNumber}', to_jsonb(o.centre_order_number))`),
      ' JOIN o ON o.id::text = x.entity_id',
    );
    part('r', 'audit_log', this.reads, plain);
    part(
      'm',
      'provision_inbound_message',
      this.messages,
      numbered('receipt', `jsonb_build_object('centreOrderNumber', o.centre_order_number)`),
      ' JOIN o ON o.id = x.order_id',
    );
    const text = `WITH ${parts.join(',\n')}\nSELECT id::text, centre_order_number FROM o`;
    // A prepared statement per shape of batch (with or without patients): parsed once per connection.
    return { text, params, name: `provision.intake.${crypto.createHash('sha1').update(text).digest('hex').slice(0, 12)}` };
  }
}

const columnNames = new Map<Table, Record<string, string>>();

/** A Drizzle insert row with the table's column names as keys and dates as ISO text (for jsonb_populate_recordset). */
function asColumns(table: Table, row: Record<string, unknown>): Row {
  let names = columnNames.get(table);
  if (!names) columnNames.set(table, (names = Object.fromEntries(Object.entries(getTableColumns(table)).map(([k, c]) => [k, c.name]))));
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [names[k]!, v instanceof Date ? v.toISOString() : v]));
}

/** Everything a batch's checks need, in one round trip. */
const READ_BATCH = `SELECT
       (SELECT coalesce(json_agg(json_build_object('messageId', m.message_id, 'centreOrderNumber', m.receipt->>'centreOrderNumber', 'customerId', o.customer_id, 'payloadSha256', m.payload_sha256)), '[]')
          FROM provision_inbound_message m LEFT JOIN provision_order o ON o.id = m.order_id WHERE m.message_id = ANY($1::uuid[])) AS messages,
       (SELECT coalesce(json_agg(id), '[]') FROM provision_order WHERE id = ANY($2::uuid[])) AS orders,
       (SELECT coalesce(json_agg(json_build_object('id', c.id, 'customerNumber', c.customer_number, 'name', c.name, 'careProviderId', c.care_provider_id,
                 'deliveryAreaId', c.delivery_area_id, 'deliveryAreaName', a.name, 'deliveryWeekday', a.weekday, 'urgentFeeExempt', c.urgent_fee_exempt,
                 'active', c.active)), '[]')
          FROM customer c JOIN delivery_area a ON a.id = c.delivery_area_id WHERE c.customer_number = ANY($3::text[])) AS customers,
       (SELECT coalesce(json_agg(${articleFactsJson('ar')}), '[]') FROM article ar WHERE ar.article_number = ANY($4::text[])) AS articles,
       (${CURRENT_RULES_SQL}) AS rule_set`;
