import { and, asc, desc, eq, gte, sql } from 'drizzle-orm';
import { z } from 'zod';
import { audit } from '../../platform/audit/audit.ts';
import { addDays, stockholmDateTime } from '../../platform/calendar/index.ts';
import { requireRole, type Ctx } from '../../platform/context.ts';
import type { DbOrTx } from '../../platform/db/client.ts';
import { AppError } from '../../platform/errors.ts';
import { optionalText } from '../../platform/http/schemas.ts';
import { deliveryDayOnOrAfter } from '../due-dates/compute-due-date.ts';
import { cancelLinesInTx } from '../orders/cancel-lines.ts';
import { deliverLineInTx } from '../orders/deliver-line.ts';
import { isClosed } from '../orders/line-states.ts';
import { recordContractEvent, recordStep } from '../orders/order-events.ts';
import { lockOrder, updateLine } from '../orders/order-store.ts';
import { confirmPickUpInTx } from '../pickups/pick-up-actions.ts';
import { DRIVERS } from '../roles.ts';
import { requireCancelReasonInUse, ruleSetById } from '../rules/rule-set.ts';
import { provisionOrderLine, provisionStockBalance, provisionUnit } from '../schema.ts';
import { runNotFound, requireRunAccess } from './runs.ts';
import { provisionDeliveryRun, provisionDeliveryStop, provisionDeliveryStopLine } from './schema.ts';

export const confirmInput = z
  .strictObject({
    confirmationId: z.uuid().describe('Id som chaufförens telefon gav kvitteringen: samma id igen (ett nytt försök) ger samma svar och inget nytt'),
    outcome: z.enum(['delivered', 'pickedUp', 'nobodyHome']),
    recipientName: z.string().trim().min(1).max(200).optional().describe('Levererat: vem som tog emot'),
    units: z
      .array(z.strictObject({ lineId: z.uuid(), identifiedAs: z.string().trim().min(1).max(80) }))
      .max(100)
      .optional()
      .describe('Hämtat: individnumret eller serienumret avläst på varje hämtad individ'),
    note: optionalText(1000),
    nextAttempt: z.iso.date().optional().describe('Ingen hemma: nästa försök (standard: områdets nästa leveransdag)'),
    noNewAttempt: z.boolean().optional().describe('Ingen hemma, ingen ny leverans: ordern makuleras (bomkörning)'),
  })
  .describe('Kvittens av ett stopp');
export type ConfirmInput = z.infer<typeof confirmInput>;

export const confirmResult = z.object({
  stopId: z.uuid(),
  state: z.enum(['delivered', 'pickedUp', 'nobodyHome']),
  nextAttempt: z.string().nullable(),
  runState: z.enum(['planned', 'out', 'done']),
  /** The same confirmation was already done (a retry): nothing new happened. */
  duplicate: z.boolean(),
});
export type ConfirmResult = z.infer<typeof confirmResult>;

const invalid = (message: string, path: string, code = 'required') =>
  new AppError('VALIDATION', message, { issues: [{ path, code: code as 'required', message }] });

/**
 * POST /api/provision/transport/runs/:runId/stops/:stopId/confirm: the driver confirms a stop — delivered (with
 * the recipient's name), picked up (with each unit's number read off the device), or nobody home (note, next
 * attempt). Deliveries and pick-ups go through the centre's own use cases (deliverLineInTx, confirmPickUpInTx) in
 * this transaction, so the ordering side hears exactly what the centre's pages send, and the stop's record commits
 * with them or not at all. Nobody home at a delivery records the failed attempt (one failed-delivery fee, billing)
 * and sends 'delayed' with the next attempt; "no new attempt" cancels the order's lines with nobodyHome instead.
 *
 * Idempotent: the run is locked, and a stop already confirmed — by this confirmation id (the phone's retry) or
 * with the same outcome — answers as the first time with `duplicate`, and nothing is written twice.
 */
export async function confirmStop(ctx: Ctx, runId: string, stopId: string, input: ConfirmInput): Promise<ConfirmResult> {
  const actor = requireRole(ctx, ...DRIVERS);
  const today = stockholmDateTime(ctx.now()).date;
  if (input.outcome === 'delivered' && !input.recipientName) throw invalid('Skriv namnet på den som tog emot leveransen', 'body.recipientName');
  if (input.nextAttempt && input.nextAttempt <= today)
    throw new AppError('VALIDATION', 'Nästa försök ska vara en senare dag', {
      issues: [{ path: 'body.nextAttempt', code: 'date_too_early', message: `tidigast ${addDays(today, 1)}`, params: { min: addDays(today, 1) } }],
    });
  return ctx.db.transaction(async (tx) => {
    const [run] = await tx.select().from(provisionDeliveryRun).where(eq(provisionDeliveryRun.id, runId)).for('update');
    if (!run) throw runNotFound();
    requireRunAccess(ctx, { day: run.day, driver_id: run.driverId });
    const [stop] = await tx.select().from(provisionDeliveryStop).where(eq(provisionDeliveryStop.id, stopId)).for('update');
    if (!stop) throw new AppError('NOT_FOUND', 'Stoppet finns inte');
    if (stop.runId !== runId) throw new AppError('NOT_FOUND', 'Stoppet hör inte till den här körningen: ladda om körningen');

    if (stop.state !== 'pending') {
      if (stop.confirmationId === input.confirmationId || stop.state === input.outcome)
        return { ...(stop.result as unknown as ConfirmResult), runState: run.state, duplicate: true };
      throw new AppError('CONFLICT', `Stoppet är redan kvitterat (${stateSv[stop.state]}) av ${stop.confirmedByName ?? 'någon annan'}`);
    }
    const [elsewhere] = await tx
      .select({ id: provisionDeliveryStop.id })
      .from(provisionDeliveryStop)
      .where(eq(provisionDeliveryStop.confirmationId, input.confirmationId));
    if (elsewhere) throw new AppError('CONFLICT', 'Kvittensens id hör till ett annat stopp');

    const lines = await tx
      .select()
      .from(provisionOrderLine)
      .innerJoin(provisionDeliveryStopLine, eq(provisionDeliveryStopLine.lineId, provisionOrderLine.id))
      .where(eq(provisionDeliveryStopLine.stopId, stopId))
      .orderBy(asc(provisionOrderLine.lineNumber));
    const open = lines.map((r) => r.provision_order_line).filter((l) => !isClosed(l.state) && l.state !== 'pickedUp');
    if (open.length === 0) throw new AppError('INVALID_TRANSITION', 'Stoppets rader är redan levererade, hämtade eller makulerade');
    const stepData = { runId, stopId, via: 'transport' };
    let nextAttempt: string | null = null;

    if (input.outcome === 'delivered') {
      if (stop.kind !== 'delivery') throw invalid('Stoppet är en hämtning: kvittera hämtat eller ingen hemma', 'body.outcome', 'one_of');
      for (const line of open) {
        const remaining = line.quantity - line.deliveredQuantity;
        if (line.unitTracked) {
          const units = await tx
            .select({ id: provisionUnit.id, serialNumber: provisionUnit.serialNumber })
            .from(provisionUnit)
            .where(eq(provisionUnit.reservedForLineId, line.id))
            .orderBy(asc(provisionUnit.seq))
            .limit(remaining);
          if (units.length === 0) throw new AppError('INVALID_TRANSITION', `Rad ${line.lineNumber} har inga reserverade individer: kontakta lagret`);
          await deliverLineInTx(
            tx,
            ctx,
            line.id,
            { version: line.version, units: units.map((u) => ({ unitId: u.id, serialNumber: u.serialNumber })) },
            {},
            { ...stepData, recipientName: input.recipientName },
          );
        } else {
          const [wh] = await tx
            .select({ warehouseId: provisionStockBalance.warehouseId })
            .from(provisionStockBalance)
            .where(and(eq(provisionStockBalance.articleId, line.articleId!), gte(provisionStockBalance.balance, remaining)))
            .orderBy(desc(provisionStockBalance.balance))
            .limit(1);
          if (!wh) throw new AppError('INSUFFICIENT_STOCK', `Rad ${line.lineNumber}: lagersaldot räcker inte för ${remaining} st`);
          await deliverLineInTx(
            tx,
            ctx,
            line.id,
            { version: line.version, quantity: remaining, warehouseId: wh.warehouseId },
            {},
            { ...stepData, recipientName: input.recipientName },
          );
        }
      }
    } else if (input.outcome === 'pickedUp') {
      if (stop.kind !== 'pickUp') throw invalid('Stoppet är en leverans: kvittera levererat eller ingen hemma', 'body.outcome', 'one_of');
      const given = input.units ?? [];
      const unknown = given.filter((g) => !open.some((l) => l.id === g.lineId));
      if (unknown.length) throw invalid('En angiven rad hör inte till stoppet', 'body.units', 'unknown');
      for (const [i, line] of open.entries()) {
        const g = given.find((x) => x.lineId === line.id);
        if (!g) throw invalid(`Skriv individnumret som står på individen (${line.unitNumber ?? '?'})`, `body.units.${i}.identifiedAs`);
        await confirmPickUpInTx(tx, ctx, line.id, { version: line.version, identifiedAs: g.identifiedAs }, stepData);
      }
    } else {
      const order = await lockOrder(tx, stop.orderId);
      if (input.noNewAttempt) {
        if (stop.kind !== 'delivery') throw invalid('En hämtning får alltid ett nytt försök', 'body.noNewAttempt', 'one_of');
        // As customer service's cancellation: a reason the region had retired when the order came in is not given.
        requireCancelReasonInUse(await ruleSetById(tx, order.ruleSetId), 'nobodyHome');
        await cancelLinesInTx(tx, ctx, order, {
          lineIds: open.map((l) => l.id),
          reason: 'nobodyHome',
          comment: input.note ?? null,
          versions: Object.fromEntries(open.map((l) => [l.id, l.version])),
          source: 'centre',
        });
      } else {
        nextAttempt = input.nextAttempt ?? deliveryDayOnOrAfter(addDays(run.day > today ? run.day : today, 1), order.deliveryWeekday);
        if (stop.kind === 'delivery') {
          // One failed attempt, one fee (billing-facts/facts.ts reads these steps).
          await recordStep(tx, ctx, {
            orderId: order.id,
            type: 'failedDelivery',
            data: { ...stepData, failedDeliveryFee: true, nextAttempt, note: input.note ?? null },
          });
          for (const line of open) {
            await updateLine(tx, line, { expectedDate: nextAttempt }, ctx.now());
            await recordContractEvent(
              tx,
              ctx,
              order,
              { lineId: line.id, fromState: line.state, toState: line.state, data: { ...stepData, newDate: nextAttempt, nobodyHome: true } },
              { type: 'delayed', lineId: line.id, newDate: nextAttempt, reason: input.note ?? 'Ingen hemma vid leveransen' },
            );
          }
        } else {
          await recordStep(tx, ctx, { orderId: order.id, type: 'pickUpAttemptFailed', data: { ...stepData, nextAttempt, note: input.note ?? null } });
        }
      }
    }

    const result: Omit<ConfirmResult, 'runState' | 'duplicate'> = { stopId, state: input.outcome, nextAttempt };
    await tx
      .update(provisionDeliveryStop)
      .set({
        state: input.outcome,
        recipientName: input.outcome === 'delivered' ? input.recipientName! : null,
        note: input.note ?? null,
        nextAttempt,
        noNewAttempt: !!input.noNewAttempt,
        confirmedAt: ctx.now(),
        confirmedBy: actor.userId,
        confirmedByName: actor.name,
        confirmationId: input.confirmationId,
        result,
        version: sql`${provisionDeliveryStop.version} + 1`,
      })
      .where(eq(provisionDeliveryStop.id, stopId));
    const runState = await advanceRun(tx, ctx, run.id, actor);
    await audit(tx, ctx, {
      action: 'provision.transport.stop.confirm',
      entityType: 'provision_delivery_stop',
      entityId: stopId,
      details: { runId, orderId: stop.orderId, kind: stop.kind, outcome: input.outcome, nextAttempt, noNewAttempt: !!input.noNewAttempt },
    });
    return { ...result, runState, duplicate: false };
  });
}

const stateSv = { pending: 'väntar', delivered: 'levererat', pickedUp: 'hämtat', nobodyHome: 'ingen hemma' } as const;

/** The run is out once a driver confirms a stop (and theirs, if nobody had taken it), done when no stop is pending. */
async function advanceRun(tx: DbOrTx, ctx: Ctx, runId: string, actor: { userId: string; name: string }) {
  const [r] = await tx
    .update(provisionDeliveryRun)
    .set({
      state: sql`CASE WHEN EXISTS (SELECT 1 FROM provision_delivery_stop s WHERE s.run_id = ${runId}::uuid AND s.state = 'pending') THEN 'out' ELSE 'done' END`,
      driverId: sql`coalesce(${provisionDeliveryRun.driverId}, ${actor.userId}::uuid)`,
      driverName: sql`coalesce(${provisionDeliveryRun.driverName}, ${actor.name}::text)`,
      version: sql`${provisionDeliveryRun.version} + 1`,
      updatedAt: ctx.now(),
    })
    .where(eq(provisionDeliveryRun.id, runId))
    .returning({ state: provisionDeliveryRun.state });
  return r!.state;
}
