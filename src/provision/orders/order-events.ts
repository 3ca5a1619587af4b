import crypto from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { CONTRACT_VERSION } from '../../contract/version.ts';
import { confirmationAllowed, type OrderType } from '../../contract/matrix.ts';
import { orderEvent, type OrderEvent } from '../../contract/events.ts';
import type { Ctx } from '../../platform/context.ts';
import type { DbOrTx } from '../../platform/db/client.ts';
import { enqueue } from '../../platform/jobs/jobs.ts';
import { provisionOrder, provisionOrderEvent, type ProvisionLineState } from '../schema.ts';

/** The outbox job that delivers an order's unsent contract events to the ordering side, in sequence. */
export const SEND_EVENT_JOB = 'provision.send-event';
/** The outbox job that sweeps every order with unsent events (after the due-date job's bulk of events). */
export const SEND_PENDING_JOB = 'provision.send-pending-events';

export interface StepEvent {
  orderId: string;
  lineId?: string | null;
  /** What happened: 'received', 'reserved', 'delivered', 'cancelled', 'acknowledged' … */
  type: string;
  fromState?: ProvisionLineState | null;
  toState?: ProvisionLineState | null;
  data?: Record<string, unknown> | null;
}

type Base = 'contractVersion' | 'eventId' | 'orderId' | 'centreOrderNumber' | 'sequence' | 'occurredAt';
/** A contract event without the fields the outbox fills in. */
export type ContractEventBody = OrderEvent extends infer E ? (E extends OrderEvent ? Omit<E, Base> : never) : never;

function actorOf(ctx: Ctx) {
  return { actorUserId: ctx.actor?.userId ?? null, actorLabel: ctx.actor?.name ?? 'system' };
}

/** Appends a step to the order's event stream (no message to the ordering side). */
export async function recordStep(tx: DbOrTx, ctx: Ctx, e: StepEvent): Promise<void> {
  await tx.insert(provisionOrderEvent).values({
    orderId: e.orderId,
    lineId: e.lineId ?? null,
    type: e.type,
    fromState: e.fromState ?? null,
    toState: e.toState ?? null,
    at: ctx.now(),
    ...actorOf(ctx),
    data: e.data ?? null,
  });
}

/**
 * Appends a step that the ordering side must hear about: the contract event gets the order's next
 * sequence number and a new eventId, and goes to the outbox in the caller's transaction, so it leaves if
 * and only if the step commits. The caller holds the order's row lock.
 */
export async function recordContractEvent(
  tx: DbOrTx,
  ctx: Ctx,
  order: { id: string; orderType: OrderType },
  step: Omit<StepEvent, 'orderId' | 'type'>,
  body: ContractEventBody,
): Promise<OrderEvent> {
  if (!confirmationAllowed(order.orderType, body.type)) {
    throw new Error(`the matrix does not allow '${body.type}' for a ${order.orderType}`);
  }
  // Every step that records a contract event holds the order's row lock (lockOrder/lockLine, or the order
  // is being inserted), and the due-date job locks the order table: so max + 1 is this order's next number.
  const [seq] = await tx
    .select({
      sequence: sql<number>`coalesce((SELECT max(${provisionOrderEvent.sequence}) FROM ${provisionOrderEvent} WHERE ${provisionOrderEvent.orderId} = ${order.id}), 0)::int + 1`,
      centreOrderNumber: provisionOrder.centreOrderNumber,
    })
    .from(provisionOrder)
    .where(eq(provisionOrder.id, order.id));
  if (!seq) throw new Error(`order ${order.id} is gone`);
  // The schema checks what we send exactly as the receiver will: a bug here fails the step, not the receiver.
  const event = orderEvent.parse({
    contractVersion: CONTRACT_VERSION,
    eventId: crypto.randomUUID(),
    orderId: order.id,
    centreOrderNumber: seq.centreOrderNumber,
    sequence: seq.sequence,
    occurredAt: ctx.now().toISOString(),
    ...body,
  });
  await tx.insert(provisionOrderEvent).values({
    orderId: order.id,
    lineId: step.lineId ?? null,
    type: body.type,
    fromState: step.fromState ?? null,
    toState: step.toState ?? null,
    at: ctx.now(),
    ...actorOf(ctx),
    data: step.data ?? null,
    eventId: event.eventId,
    sequence: event.sequence,
    contractEvent: event as unknown as Record<string, unknown>,
  });
  await enqueue(tx, SEND_EVENT_JOB, { orderId: order.id });
  return event;
}
