import { and, asc, eq, sql } from 'drizzle-orm';
import { audit } from '../../platform/audit/audit.ts';
import type { Ctx } from '../../platform/context.ts';
import type { DbOrTx } from '../../platform/db/client.ts';
import { AppError } from '../../platform/errors.ts';
import { workOrderType } from '../due-dates/compute-due-date.ts';
import { isClosed } from '../orders/line-states.ts';
import { recordStep } from '../orders/order-events.ts';
import { closeOrderIfFinished, lockOrder, updateLine, type LineRow, type OrderRow } from '../orders/order-store.ts';
import { provisionOrderLine } from '../schema.ts';
import { provisionWorkOrder, type WorkOrderState } from './schema.ts';
import { assertMove, lineStateFor } from './work-order-states.ts';

export type WorkOrderRow = typeof provisionWorkOrder.$inferSelect;

export const workOrderNotFound = () => new AppError('NOT_FOUND', 'Arbetsordern finns inte');

export interface Locked {
  order: OrderRow;
  lines: LineRow[];
  wo: WorkOrderRow;
}

/** Whether the order's type follows the special-adaptation flow (the type's data says so). */
export const isSpecialAdaptation = (typeCode: string | null) => workOrderType(typeCode)?.specialAdaptation ?? false;

/**
 * The state a work order is in before the centre's first step, or after the ordering side (or customer
 * service, through the order page) cancelled all its lines: the lines say so.
 */
function stateFromLines(lines: LineRow[], current: WorkOrderState): WorkOrderState {
  if (lines.length && lines.every((l) => l.state === 'cancelled') && current !== 'cancelled' && current !== 'stopped') return 'cancelled';
  return current;
}

/** A virtual row for a work order the centre has not acted on yet (rows are created by the first step). */
export function virtualRow(order: OrderRow): WorkOrderRow {
  return {
    orderId: order.id,
    typeCode: order.workOrderTypeCode ?? '',
    specialAdaptation: isSpecialAdaptation(order.workOrderTypeCode),
    state: 'received',
    bookedFor: null,
    technicianName: null,
    technicianUserId: null,
    startedAt: null,
    doneAt: null,
    notes: null,
    minutesSpent: null,
    closedAt: null,
    cancelReason: null,
    cancelComment: null,
    riskAnalysis: null,
    riskAnalysedAt: null,
    riskAnalysedBy: null,
    quoteAmount: null,
    quoteText: null,
    quoteSentAt: null,
    quoteApproved: null,
    quoteAnsweredBy: null,
    quoteAnswerComment: null,
    quoteAnsweredAt: null,
    ceQuestion: null,
    ceAnswer: null,
    version: 1,
    createdAt: order.receivedAt,
    updatedAt: order.receivedAt,
  };
}

/**
 * The work order as stored, or as it is before the first step; the current state follows cancelled lines.
 * Without the lines (lists), the order's status says whether all of them were cancelled: a work order's
 * lines end done or cancelled, so the order is 'cancelled' exactly when every line is.
 */
export function currentOf(order: OrderRow, lines: LineRow[] | null, row: WorkOrderRow | undefined): WorkOrderRow {
  const wo = row ?? virtualRow(order);
  const cancelled = lines?.find((l) => l.cancelReason);
  const state = lines ? stateFromLines(lines, wo.state) : order.status === 'cancelled' && wo.state !== 'stopped' ? 'cancelled' : wo.state;
  return state === wo.state ? wo : { ...wo, state, cancelReason: wo.cancelReason ?? cancelled?.cancelReason ?? null };
}

/**
 * The work order, its order and lines, locked for the step (the order's row lock is what every step that
 * sends a contract event holds). The row is created here on the centre's first step, in state 'received',
 * and brought in step with lines cancelled elsewhere. `expectedVersion` is the version the caller saw.
 */
export async function lockWorkOrder(tx: DbOrTx, ctx: Ctx, orderId: string, expectedVersion?: number): Promise<Locked> {
  let order: OrderRow;
  try {
    order = await lockOrder(tx, orderId);
  } catch (err) {
    if (err instanceof AppError && err.code === 'NOT_FOUND') throw workOrderNotFound();
    throw err;
  }
  if (order.orderType !== 'workOrder') throw workOrderNotFound();
  const lines = await tx
    .select()
    .from(provisionOrderLine)
    .where(eq(provisionOrderLine.orderId, orderId))
    .orderBy(asc(provisionOrderLine.lineNumber))
    .for('update');
  let [row] = await tx.select().from(provisionWorkOrder).where(eq(provisionWorkOrder.orderId, orderId)).for('update');
  if (!row) {
    const v = virtualRow(order);
    [row] = await tx
      .insert(provisionWorkOrder)
      .values({ orderId, typeCode: v.typeCode, specialAdaptation: v.specialAdaptation, state: 'received', createdAt: ctx.now(), updatedAt: ctx.now() })
      .returning();
  }
  const current = currentOf(order, lines, row);
  if (current.state !== row!.state) {
    [row] = await tx
      .update(provisionWorkOrder)
      .set({ state: current.state, cancelReason: current.cancelReason, version: sql`${provisionWorkOrder.version} + 1`, updatedAt: ctx.now() })
      .where(eq(provisionWorkOrder.orderId, orderId))
      .returning();
  }
  if (expectedVersion !== undefined && expectedVersion !== row!.version) {
    throw new AppError('CONFLICT', `Arbetsordern ${order.centreOrderNumber} har just ändrats av någon annan. Ladda om sidan och se vad som gäller nu.`, {
      currentVersion: row!.version,
    });
  }
  return { order, lines, wo: row! };
}

/**
 * Moves the work order to `to` with the changes `set`, moves its open lines with it (their state is
 * what the queues and due dates read), and records the step on the order's event stream.
 */
export async function moveWorkOrder(
  tx: DbOrTx,
  ctx: Ctx,
  l: Locked,
  to: WorkOrderState,
  step: { type: string; data?: Record<string, unknown> | null },
  set: Partial<typeof provisionWorkOrder.$inferInsert> = {},
): Promise<WorkOrderRow> {
  assertMove(l.wo.specialAdaptation, l.wo.state, to);
  const now = ctx.now();
  const [row] = await tx
    .update(provisionWorkOrder)
    .set({ ...set, state: to, version: sql`${provisionWorkOrder.version} + 1`, updatedAt: now })
    .where(and(eq(provisionWorkOrder.orderId, l.order.id), eq(provisionWorkOrder.version, l.wo.version)))
    .returning();
  if (!row) throw new AppError('CONFLICT', 'Arbetsordern har just ändrats av någon annan. Ladda om sidan.');
  const lineTo = lineStateFor(to);
  for (const line of l.lines) {
    if (isClosed(line.state) || line.state === lineTo) continue;
    await updateLine(tx, line, { state: lineTo }, now);
  }
  await recordStep(tx, ctx, { orderId: l.order.id, type: step.type, data: { ...(step.data ?? {}), fromState: l.wo.state, toState: to } });
  if (lineTo === 'done' || lineTo === 'cancelled') await closeOrderIfFinished(tx, l.order.id, now);
  return row;
}

/** Changes fields without a change of state (a re-booking, a CE note), as its own step. */
export async function updateWorkOrder(
  tx: DbOrTx,
  ctx: Ctx,
  l: Locked,
  step: { type: string; data?: Record<string, unknown> | null },
  set: Partial<typeof provisionWorkOrder.$inferInsert>,
) {
  const [row] = await tx
    .update(provisionWorkOrder)
    .set({ ...set, version: sql`${provisionWorkOrder.version} + 1`, updatedAt: ctx.now() })
    .where(and(eq(provisionWorkOrder.orderId, l.order.id), eq(provisionWorkOrder.version, l.wo.version)))
    .returning();
  if (!row) throw new AppError('CONFLICT', 'Arbetsordern har just ändrats av någon annan. Ladda om sidan.');
  await recordStep(tx, ctx, { orderId: l.order.id, type: step.type, data: step.data ?? null });
  return row;
}

/** The work-order steps that are audited, each listed in src/provision/audit-actions.ts. */
export type WorkOrderAuditStep = 'book' | 'cancel' | 'ce-question' | 'close' | 'done' | 'quote' | 'quote-answer' | 'risk-analysis' | 'start';

export async function auditWorkOrder(tx: DbOrTx, ctx: Ctx, l: Locked, action: WorkOrderAuditStep, details: Record<string, unknown> = {}) {
  await audit(tx, ctx, {
    action: `provision.work-order.${action}`,
    entityType: 'provision_order',
    entityId: l.order.id,
    careProviderId: l.order.careProviderId,
    details: { centreOrderNumber: l.order.centreOrderNumber, typeCode: l.wo.typeCode, ...details },
  });
}

/** The result of every step: where the work order is now. */
export interface StepResult {
  orderId: string;
  state: WorkOrderState;
  version: number;
}
export const stepResult = (row: WorkOrderRow): StepResult => ({ orderId: row.orderId, state: row.state, version: row.version });
