import { eq } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import type { Logger } from 'pino';
import { customerByNumber } from '../../administration/organisation/customer-by-number.ts';
import { articlesByNumber } from '../../catalogue/articles/articles-by-number.ts';
import { ContractRefused, type CentreEndpoint, type Receipt } from '../../contract/endpoints.ts';
import { estimateDelivery } from './estimate-delivery.ts';
import { orderMatrix } from '../../contract/matrix.ts';
import { currentRuleSet } from '../rules/rule-set.ts';
import type { AnswerQuote, CancelOrder, OrderMessage, SubmitOrder } from '../../contract/messages.ts';
import { parseOrderMessage } from '../../contract/parse.ts';
import { messageFingerprint, messageIdConflict } from './fingerprint.ts';
import { intakeRows } from './order-rows.ts';
import { receiveSubmitBatched } from './receive-batch.ts';
import { audit, type AuditEntry } from '../../platform/audit/audit.ts';
import type { Config } from '../../platform/config.ts';
import { systemCtx, type Ctx } from '../../platform/context.ts';
import type { Database, DbOrTx } from '../../platform/db/client.ts';
import { uniqueViolation } from '../../platform/db/errors.ts';
import { isAppError } from '../../platform/errors.ts';
import { cancelLinesInTx } from '../orders/cancel-lines.ts';
import { recordContractEvent } from '../orders/order-events.ts';
import { registerIdentifiedWithdrawalsInTx } from '../buffer-withdrawals/register-withdrawal.ts';
import { registerPickUpsInTx } from '../pickups/pick-up-lines.ts';
import { provisionInboundMessage, provisionOrder, provisionOrderLine, provisionPatient } from '../schema.ts';
import { workOrderType } from '../due-dates/compute-due-date.ts';
import { endsHolding, registerDeinstallationInTx } from '../work-orders/deinstallation.ts';
import { answerQuoteInTx } from '../work-orders/special-adaptation.ts';
import { unitDeliveryDates } from '../work-orders/unit-deliveries.ts';

/**
 * Order intake: the centre's side of the contract (src/contract/endpoints.ts). A message is parsed
 * (another version or an unknown type is refused whole: `ContractRefused`, nothing stored), checked
 * against the matrix, the customer register and the article register, and stored with its lines,
 * patient snapshot, delivery and due dates, an audit row and the 'received' event in the outbox — all in
 * one transaction. Idempotent by messageId: the same message again is answered as the first time,
 * with `duplicate: true`.
 */
export interface ReceiveOptions {
  /** Called with the order's customer before anything is stored: throws if the sender may not act for it. */
  authorize?: (customerId: string) => void;
  /**
   * The fingerprint of the message as its sender sent it (fingerprint.ts), when the message received is not
   * that (the REST route sets who ordered from the caller). Default: the received message's own.
   */
  fingerprint?: string;
  /** Audit rows to write with a stored order, in its transaction (the REST route's patient read). */
  audits?: readonly AuditEntry[];
}

export async function receiveMessage(ctx: Ctx, input: unknown, opts: ReceiveOptions = {}): Promise<Receipt> {
  const parsed = parseOrderMessage(input);
  if (!parsed.ok) throw new ContractRefused(parsed.code, parsed.message);
  const message = parsed.value;
  const options = { ...opts, fingerprint: opts.fingerprint ?? messageFingerprint(message) };
  // Orders that only store themselves are received in batches (receive-batch.ts); pick-ups and buffer
  // withdrawals act on units at intake and come this way.
  if (message.type === 'order.submit' && !actsOnUnits(message.order)) {
    return receiveSubmitBatched(ctx, message, options, () => receiveOne(ctx, message, options));
  }
  return receiveOne(ctx, message, options);
}

type Options = ReceiveOptions & { fingerprint: string };

const ACTS_ON_UNITS = new Set(['pickUp', 'bufferWithdrawal']);

/** Pick-ups, buffer withdrawals, and the work orders that read or move their units at intake (installation, de-installation). */
function actsOnUnits(o: SubmitOrder['order']): boolean {
  if (ACTS_ON_UNITS.has(o.orderType)) return true;
  const t = o.orderType === 'workOrder' ? workOrderType(o.workOrder?.typeCode) : null;
  return !!(t?.fromDelivery || t?.endsHolding);
}

/** One message in a transaction of its own. */
async function receiveOne(ctx: Ctx, message: OrderMessage, opts: Options): Promise<Receipt> {
  // Two deliveries of one message at the same moment: the second waits on the first's keys, fails on
  // them, and on the second try finds the message and answers it as a duplicate.
  for (let attempt = 0; ; attempt++) {
    try {
      return await ctx.db.transaction(async (tx) => {
        const seen = await duplicate(tx, message.messageId, opts);
        if (seen) return seen;
        if (message.type !== 'order.submit') {
          // A cancel or an answer acts on a stored order: copies delivered at once queue on its row, and the
          // ones after the first find its message when they look again (not a line already cancelled, or a
          // quote already answered, refused for good).
          await tx.select({ id: provisionOrder.id }).from(provisionOrder).where(eq(provisionOrder.id, message.orderId)).for('update');
          const again = await duplicate(tx, message.messageId, opts);
          if (again) return again;
        }
        if (message.type === 'order.answerQuote') return await answerQuote(tx, ctx, message, opts);
        return message.type === 'order.submit' ? await submit(tx, ctx, message, opts) : await cancel(tx, ctx, message, opts);
      });
    } catch (err) {
      const constraint = uniqueViolation(err);
      if (constraint && attempt === 0) continue;
      if (constraint === 'provision_order_line_pkey')
        throw new ContractRefused('INVALID', 'En rad i beställningen har ett rad-id som redan används av en annan beställning');
      if (constraint) throw new ContractRefused('NOT_ALLOWED', 'Beställningen har redan tagits emot med ett annat meddelande');
      throw err;
    }
  }
}

async function duplicate(tx: DbOrTx, messageId: string, opts: Options): Promise<Receipt | null> {
  const [m] = await tx.select().from(provisionInboundMessage).where(eq(provisionInboundMessage.messageId, messageId));
  if (!m) return null;
  if (opts.authorize) {
    const [o] = await tx.select({ customerId: provisionOrder.customerId }).from(provisionOrder).where(eq(provisionOrder.id, m.orderId));
    if (o) opts.authorize(o.customerId);
  }
  if (m.payloadSha256 && m.payloadSha256 !== opts.fingerprint) throw messageIdConflict(messageId);
  return { accepted: true, duplicate: true, centreOrderNumber: m.receipt.centreOrderNumber };
}

const invalid = (message: string) => new ContractRefused('INVALID', message);

async function submit(tx: DbOrTx, ctx: Ctx, message: SubmitOrder, opts: Options): Promise<Receipt> {
  const o = message.order;
  const [existing] = await tx.select({ id: provisionOrder.id }).from(provisionOrder).where(eq(provisionOrder.id, o.orderId));
  if (existing) {
    // Under READ COMMITTED each statement sees what was committed before it began: the same message, stored by
    // a concurrent delivery (a batch or another single path) after `duplicate` looked, is visible now, and is
    // a duplicate, not another message (an order and its inbound message commit together).
    const seen = await duplicate(tx, message.messageId, opts);
    if (seen) return seen;
    throw new ContractRefused('NOT_ALLOWED', `Beställningen ${o.orderNumber} har redan tagits emot med ett annat meddelande`);
  }
  const numbers = o.lines.flatMap((l) => (l.articleNumber ? [l.articleNumber] : []));
  const rows = intakeRows(
    ctx,
    message,
    await customerByNumber(tx, o.customerNumber),
    await articlesByNumber(tx, numbers),
    await currentRuleSet(tx),
    opts.authorize,
    workOrderType(o.workOrder?.typeCode)?.fromDelivery
      ? await unitDeliveryDates(
          tx,
          o.lines.flatMap((l) => (l.unitNumber ? [l.unitNumber] : [])),
        )
      : undefined,
  );
  const { dueDate } = rows;
  // The stored row (with its generated centre order number) comes back with the insert: no second round trip.
  const [order] = await tx.insert(provisionOrder).values(rows.order).returning();
  if (rows.patient) await tx.insert(provisionPatient).values(rows.patient);
  if (rows.lines.length) await tx.insert(provisionOrderLine).values(rows.lines);
  // One 'received' for the order; each line's due date is on the line itself.
  // A buffer withdrawal registered after its 24 hours is flagged to the customer with the confirmation (issue 15 item 6).
  const late = rows.lateRegistration ? { lateRegistration: true } : {};
  await recordContractEvent(tx, ctx, order!, { data: { messageId: message.messageId, ...late } }, { type: 'received', dueDate, ...late });
  // The order types whose features act at intake: a pick-up stops the rent; a withdrawal of a named unit registers it.
  if (o.orderType === 'pickUp') await registerPickUpsInTx(tx, ctx, o.orderId);
  if (o.orderType === 'bufferWithdrawal') await registerIdentifiedWithdrawalsInTx(tx, ctx, order!);
  if (endsHolding(order!)) await registerDeinstallationInTx(tx, ctx, order!, rows.patient?.identifier ?? null);
  await audit(tx, ctx, {
    action: 'provision.order.receive',
    entityType: 'provision_order',
    entityId: o.orderId,
    careProviderId: order!.careProviderId,
    patientRef: rows.patient?.id ?? null,
    purpose: 'order-intake',
    details: { ...rows.auditDetails, centreOrderNumber: order!.centreOrderNumber },
  });
  for (const entry of opts.audits ?? []) await audit(tx, ctx, entry);
  const receipt = { centreOrderNumber: order!.centreOrderNumber };
  await tx
    .insert(provisionInboundMessage)
    .values({ messageId: message.messageId, type: message.type, orderId: o.orderId, receivedAt: order!.receivedAt, receipt, payloadSha256: opts.fingerprint });
  return { accepted: true, duplicate: false, ...receipt };
}

async function cancel(tx: DbOrTx, ctx: Ctx, message: CancelOrder, opts: Options): Promise<Receipt> {
  const [ref] = await tx.select({ id: provisionOrder.id }).from(provisionOrder).where(eq(provisionOrder.id, message.orderId));
  if (!ref) throw new ContractRefused('UNKNOWN_ORDER', `Beställningen ${message.orderId} finns inte hos hjälpmedelscentralen`);
  const [order] = await tx.select().from(provisionOrder).where(eq(provisionOrder.id, message.orderId)).for('update');
  opts.authorize?.(order!.customerId);
  const row = orderMatrix[order!.orderType];
  if (!row.cancellable) throw new ContractRefused('NOT_ALLOWED', `En ${row.sv.toLowerCase()} kan inte makuleras av beställaren`);
  try {
    await cancelLinesInTx(tx, ctx, order!, {
      lineIds: message.lineIds ?? null,
      reason: message.reason,
      comment: message.comment ?? null,
      source: 'orderingSide',
    });
  } catch (err) {
    if (isAppError(err) && err.code === 'INVALID_TRANSITION') throw new ContractRefused('NOT_ALLOWED', `${err.message}; inget makulerades`);
    if (isAppError(err) && err.code === 'VALIDATION') throw invalid(err.details?.issues?.[0]?.message ?? err.message);
    throw err;
  }
  const receipt = { centreOrderNumber: order!.centreOrderNumber };
  await tx
    .insert(provisionInboundMessage)
    .values({ messageId: message.messageId, type: message.type, orderId: message.orderId, receivedAt: ctx.now(), receipt, payloadSha256: opts.fingerprint });
  return { accepted: true, duplicate: false, ...receipt };
}

/** Special adaptation: the cost-responsible's answer to a quote (work-orders/special-adaptation.ts). */
async function answerQuote(tx: DbOrTx, ctx: Ctx, message: AnswerQuote, opts: Options): Promise<Receipt> {
  const order = await answerQuoteInTx(tx, ctx, message, opts.authorize);
  const receipt = { centreOrderNumber: order.centreOrderNumber };
  await tx
    .insert(provisionInboundMessage)
    .values({ messageId: message.messageId, type: message.type, orderId: message.orderId, receivedAt: ctx.now(), receipt, payloadSha256: opts.fingerprint });
  return { accepted: true, duplicate: false, ...receipt };
}

export interface CentreEndpointDeps {
  database: Database;
  config: Config;
  log: Logger | FastifyBaseLogger;
  now?: () => Date;
}

/**
 * The in-process centre endpoint the ordering side's outbox worker calls (src/contract/endpoints.ts).
 * It acts as the system: the ordering side has checked its own user's right to order for the customer.
 */
export function createCentreEndpoint(deps: CentreEndpointDeps): CentreEndpoint {
  const ctx = () => systemCtx({ db: deps.database.db, database: deps.database, config: deps.config, log: deps.log as FastifyBaseLogger }, deps.now);
  return {
    receive: (message) => receiveMessage(ctx(), message),
    workOrderTypes: async () => (await currentRuleSet(deps.database.db)).rules.workOrderTypes,
    estimateDelivery: (request) => estimateDelivery(deps.database.db, request, ctx().now()),
    codeLists: async () => {
      const { rules } = await currentRuleSet(deps.database.db);
      return { faultCategories: rules.faultCategories, deviationKinds: rules.deviationKinds, cancelReasons: rules.cancelReasons };
    },
  };
}
