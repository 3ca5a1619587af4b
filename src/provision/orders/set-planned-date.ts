import { z } from 'zod';
import { confirmationAllowed } from '../../contract/matrix.ts';
import { audit } from '../../platform/audit/audit.ts';
import { isWorkingDay, stockholmDateTime } from '../../platform/calendar/index.ts';
import { requireRole, type Ctx } from '../../platform/context.ts';
import type { DbOrTx } from '../../platform/db/client.ts';
import { AppError } from '../../platform/errors.ts';
import { plannedDateRequired } from '../due-dates/compute-due-date.ts';
import { ruleSetById } from '../rules/rule-set.ts';
import { PLANNERS } from '../roles.ts';
import { assertTransition, isClosed } from './line-states.ts';
import { recordContractEvent } from './order-events.ts';
import { checkLineVersion, lockLine, updateLine } from './order-store.ts';

export const plannedDateInput = z.strictObject({
  version: z.int(),
  plannedDate: z.iso.date().describe('Planerat leveransdatum (en arbetsdag)'),
  /** Move the line on as well: ordered from the supplier, or in adaptation. */
  state: z.enum(['orderedFromSupplier', 'inAdaptation']).optional(),
});

export const plannedDateResult = z.object({ lineId: z.uuid(), lineVersion: z.number(), plannedDate: z.string(), state: z.string(), overLimit: z.boolean() });

/**
 * POST /api/provision/lines/:id/planned-date: the centre gives a line a planned delivery date (an order
 * item ordered from the supplier, a line in adaptation) and the ordering side gets 'plannedDate'. It is the
 * only way to move a line beyond the time limit on purpose, and the way an order item leaves 'received'
 * for 'ordered from supplier': over 17 working days (config) a planned date is mandatory (DOMAIN §4).
 */
export async function setPlannedDate(ctx: Ctx, lineId: string, input: z.infer<typeof plannedDateInput>) {
  requireRole(ctx, ...PLANNERS);
  checkPlannedDate(ctx, input.plannedDate);
  return ctx.db.transaction((tx) => setPlannedDateInTx(tx, ctx, lineId, input));
}

/** A planned date must be a working day from today on (the path names the caller's field). */
export function checkPlannedDate(ctx: Ctx, plannedDate: string, path = 'body.plannedDate') {
  const today = stockholmDateTime(ctx.now()).date;
  if (plannedDate < today)
    throw new AppError('VALIDATION', 'Det planerade datumet kan inte ha passerat', {
      issues: [{ path, code: 'date_too_early', message: `tidigast ${today}`, params: { min: today } }],
    });
  if (!isWorkingDay(plannedDate))
    throw new AppError('VALIDATION', 'Det planerade datumet ska vara en arbetsdag', {
      issues: [{ path, code: 'not_a_working_day', message: 'inte en arbetsdag' }],
    });
}

/**
 * The step itself, in the caller's transaction (the caller has checked the role and the date with
 * `checkPlannedDate`): purchasing gives the lines it bought for the supplier's confirmed date this way. Without a
 * version the line is taken as it is now (under its lock).
 */
export async function setPlannedDateInTx(
  tx: DbOrTx,
  ctx: Ctx,
  lineId: string,
  input: { version?: number; plannedDate: string; state?: 'orderedFromSupplier' | 'inAdaptation' },
  data: Record<string, unknown> = {},
) {
  const { order, line } = await lockLine(tx, lineId);
  checkLineVersion(line, input.version);
  if (!confirmationAllowed(order.orderType, 'plannedDate')) throw new AppError('INVALID_TRANSITION', 'Den här ordertypen har inget planerat datum');
  if (isClosed(line.state)) throw new AppError('INVALID_TRANSITION', `Rad ${line.lineNumber} är redan avslutad`);
  const to = input.state ?? (line.stockForm === 'orderItem' && line.state === 'received' ? 'orderedFromSupplier' : line.state);
  if (to !== line.state) assertTransition(order.orderType, line.state, to, line.lineNumber);
  const overLimit = plannedDateRequired(order.receivedAt, input.plannedDate, (await ruleSetById(tx, order.ruleSetId)).timeLimits);
  const updated = await updateLine(tx, line, { plannedDate: input.plannedDate, expectedDate: input.plannedDate, state: to }, ctx.now());
  await recordContractEvent(
    tx,
    ctx,
    order,
    { lineId, fromState: line.state, toState: to, data: { plannedDate: input.plannedDate, overLimit, ...data } },
    { type: 'plannedDate', lineId, plannedDate: input.plannedDate },
  );
  await audit(tx, ctx, {
    action: 'provision.line.planned-date',
    entityType: 'provision_order_line',
    entityId: lineId,
    careProviderId: order.careProviderId,
    details: { centreOrderNumber: order.centreOrderNumber, lineNumber: line.lineNumber, plannedDate: input.plannedDate, state: to, ...data },
  });
  return { lineId, lineVersion: updated.version, plannedDate: input.plannedDate, state: to, overLimit };
}
