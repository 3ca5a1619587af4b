import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { audit } from '../../platform/audit/audit.ts';
import { stockholmDateTime } from '../../platform/calendar/index.ts';
import { requireRole, type Ctx } from '../../platform/context.ts';
import type { DbOrTx } from '../../platform/db/client.ts';
import { AppError } from '../../platform/errors.ts';
import { optionalText } from '../../platform/http/schemas.ts';
import { cancelLinesInTx } from '../orders/cancel-lines.ts';
import { assertTransition } from '../orders/line-states.ts';
import { recordContractEvent, recordStep } from '../orders/order-events.ts';
import { checkLineVersion, closeOrderIfFinished, lockLine, updateLine, type LineRow, type OrderRow } from '../orders/order-store.ts';
import { provisionHolding, provisionOrder, provisionOrderLine, provisionUnit } from '../schema.ts';
import { transitionUnit } from '../units/transition-unit.ts';
import './pick-up-lines.ts';
import { PICK_UP_STAFF } from './roles.ts';
import { provisionInvestigation, provisionPickUp } from './schema.ts';

export const pickUpInput = z.strictObject({
  version: z.int().describe('Radens version som du såg'),
  pickedUpOn: z.iso.date().optional().describe('Hämtdag; standard i dag'),
  deregister: z.boolean().optional().describe('Avregistrera samtidigt individen från patienten (tekniker som gör båda)'),
  identifiedAs: z
    .string()
    .trim()
    .min(1)
    .max(80)
    .describe('Individnumret eller serienumret som det står på den hämtade individen: måste stämma med hämtorderns individ'),
});
export const undoPickUpInput = z.strictObject({
  version: z.int().describe('Radens version som du såg'),
});
export const deregisterInput = z.strictObject({
  version: z.int().describe('Radens version som du såg'),
  deregisteredOn: z.iso.date().optional().describe('Avregistreringsdag (innehavets slutdag); standard i dag'),
});
export const unitMissingInput = z.strictObject({
  version: z.int().describe('Radens version som du såg'),
  comment: optionalText(1000),
});
export const pickUpStepResult = z.object({ lineId: z.uuid(), lineVersion: z.number(), state: z.string(), investigationId: z.uuid().nullable() });
export type PickUpStepResult = z.infer<typeof pickUpStepResult>;

const today = (ctx: Ctx) => stockholmDateTime(ctx.now()).date;

function notFuture(ctx: Ctx, date: string, field: string) {
  if (date > today(ctx))
    throw new AppError('VALIDATION', 'Datumet kan inte vara i framtiden', {
      issues: [{ path: `body.${field}`, code: 'date_in_future', message: 'senast i dag' }],
    });
}

/** The unit's number or serial number as read off the device, compared without case and spaces. */
function checkIdentified(unit: { unitNumber: string | null; serialNumber: string | null }, given: string) {
  const norm = (x: string) => x.replace(/\s+/g, '').toUpperCase();
  if ([unit.unitNumber, unit.serialNumber].some((n) => n && norm(n) === norm(given))) return;
  throw new AppError('VALIDATION', `${given} är inte individ ${unit.unitNumber ?? '?'}: kontrollera att det är rätt individ som hämtas`, {
    issues: [{ path: 'body.identifiedAs', code: 'unit_mismatch', message: `stämmer inte med individ ${unit.unitNumber ?? '?'}` }],
  });
}

async function lockPickUp(tx: DbOrTx, lineId: string, version: number) {
  const { order, line } = await lockLine(tx, lineId);
  if (order.orderType !== 'pickUp') throw new AppError('INVALID_TRANSITION', 'Raden hör inte till en hämtorder');
  checkLineVersion(line, version);
  const [pickUp] = await tx.select().from(provisionPickUp).where(eq(provisionPickUp.lineId, lineId));
  if (!pickUp?.unitId || !pickUp.holdingId) {
    throw new AppError(
      'INVALID_TRANSITION',
      `Individ ${line.unitNumber ?? '?'} på rad ${line.lineNumber} finns inte hos patienten enligt hjälpmedelscentralen: makulera raden eller kontakta förskrivaren`,
    );
  }
  const [unit] = await tx.select().from(provisionUnit).where(eq(provisionUnit.id, pickUp.unitId)).for('update');
  return { order, line, pickUp: { ...pickUp, unitId: pickUp.unitId, holdingId: pickUp.holdingId }, unit: unit! };
}

/** Ends the holding on `on` and tells the ordering side the unit has left the patient's device list. */
async function deregisterInTx(tx: DbOrTx, ctx: Ctx, order: OrderRow, line: LineRow, holdingId: string, unitNumber: string, on: string) {
  await tx.update(provisionHolding).set({ toDate: on, endReason: 'pickedUp' }).where(eq(provisionHolding.id, holdingId));
  await tx
    .update(provisionPickUp)
    .set({ deregisteredOn: on, deregisteredBy: ctx.actor?.userId ?? null })
    .where(eq(provisionPickUp.lineId, line.id));
  await recordContractEvent(
    tx,
    ctx,
    order,
    { lineId: line.id, fromState: line.state, toState: 'done', data: { unitNumber, until: on } },
    { type: 'deregistered', lineId: line.id, unitNumber, until: on },
  );
}

/**
 * POST /api/provision/lines/:id/picked-up: the unit is fetched from the patient (it is 'returned' at the
 * centre, ready for reconditioning) and the ordering side hears 'pickedUp'. With `deregister` the
 * technician also takes it off the patient in the same step (holding ends, 'deregistered').
 */
export async function confirmPickUp(ctx: Ctx, lineId: string, input: z.infer<typeof pickUpInput>): Promise<PickUpStepResult> {
  requireRole(ctx, ...PICK_UP_STAFF);
  return ctx.db.transaction((tx) => confirmPickUpInTx(tx, ctx, lineId, input));
}

/**
 * The pick-up in the caller's transaction (the caller has checked the role): the driver's page
 * (transport/confirm-stop.ts) picks up this way, so the same steps and contract events go out as from the
 * centre's pages. `stepData` is added to the step's data (the run and stop it came from).
 */
export async function confirmPickUpInTx(
  tx: DbOrTx,
  ctx: Ctx,
  lineId: string,
  input: z.infer<typeof pickUpInput>,
  stepData: Record<string, unknown> = {},
): Promise<PickUpStepResult> {
  const pickedUpOn = input.pickedUpOn ?? today(ctx);
  notFuture(ctx, pickedUpOn, 'pickedUpOn');
  {
    const { order, line, pickUp, unit } = await lockPickUp(tx, lineId, input.version);
    const to = input.deregister ? 'done' : 'pickedUp';
    assertTransition('pickUp', line.state, to, line.lineNumber);
    checkIdentified(unit, input.identifiedAs);
    if (pickedUpOn < pickUp.registeredOn)
      throw new AppError('VALIDATION', 'Hämtdagen kan inte vara före hämtordern', {
        issues: [{ path: 'body.pickedUpOn', code: 'date_too_early', message: `tidigast ${pickUp.registeredOn}`, params: { min: pickUp.registeredOn } }],
      });
    await transitionUnit(tx, ctx, unit, 'returned', { type: 'pickedUp', orderId: order.id, lineId, data: { pickedUpOn } });
    await tx
      .update(provisionPickUp)
      .set({ pickedUpOn, pickedUpBy: ctx.actor?.userId ?? null, pickedUpAt: ctx.now() })
      .where(eq(provisionPickUp.lineId, lineId));
    const updated = await updateLine(tx, line, { state: to }, ctx.now());
    await recordContractEvent(
      tx,
      ctx,
      order,
      { lineId, fromState: line.state, toState: 'pickedUp', data: { unitNumber: unit.unitNumber, pickedUpOn, ...stepData } },
      { type: 'pickedUp', lineId, unitNumber: unit.unitNumber!, pickedUpOn },
    );
    if (input.deregister) await deregisterInTx(tx, ctx, order, { ...line, state: 'pickedUp' }, pickUp.holdingId, unit.unitNumber!, pickedUpOn);
    await closeOrderIfFinished(tx, order.id, ctx.now());
    await audit(tx, ctx, {
      action: 'provision.pick-up.picked-up',
      entityType: 'provision_order_line',
      entityId: lineId,
      careProviderId: order.careProviderId,
      details: { centreOrderNumber: order.centreOrderNumber, unitNumber: unit.unitNumber, pickedUpOn, deregistered: !!input.deregister },
    });
    return { lineId, lineVersion: updated.version, state: updated.state, investigationId: null };
  }
}

/** POST /api/provision/lines/:id/deregister: the picked-up unit is taken off the patient (holding ends). */
export async function deregisterPickUp(ctx: Ctx, lineId: string, input: z.infer<typeof deregisterInput>): Promise<PickUpStepResult> {
  requireRole(ctx, ...PICK_UP_STAFF);
  const on = input.deregisteredOn ?? today(ctx);
  notFuture(ctx, on, 'deregisteredOn');
  return ctx.db.transaction(async (tx) => {
    const { order, line, pickUp, unit } = await lockPickUp(tx, lineId, input.version);
    assertTransition('pickUp', line.state, 'done', line.lineNumber);
    if (line.state !== 'pickedUp')
      throw new AppError('INVALID_TRANSITION', `Rad ${line.lineNumber}: individen måste hämtas innan den avregistreras (eller gör båda i samma steg)`);
    if (pickUp.pickedUpOn && on < pickUp.pickedUpOn)
      throw new AppError('VALIDATION', 'Avregistreringen kan inte vara före hämtningen', {
        issues: [{ path: 'body.deregisteredOn', code: 'date_too_early', message: `tidigast ${pickUp.pickedUpOn}`, params: { min: pickUp.pickedUpOn } }],
      });
    const updated = await updateLine(tx, line, { state: 'done' }, ctx.now());
    await deregisterInTx(tx, ctx, order, line, pickUp.holdingId, unit.unitNumber!, on);
    await closeOrderIfFinished(tx, order.id, ctx.now());
    await audit(tx, ctx, {
      action: 'provision.pick-up.deregister',
      entityType: 'provision_order_line',
      entityId: lineId,
      careProviderId: order.careProviderId,
      details: { centreOrderNumber: order.centreOrderNumber, unitNumber: unit.unitNumber, on },
    });
    return { lineId, lineVersion: updated.version, state: updated.state, investigationId: null };
  });
}

/**
 * POST /api/provision/lines/:id/undo-pick-up: a pick-up recorded by mistake (the wrong unit, the wrong
 * order) is undone the same day by the one who recorded it: the line is 'received' again, the unit is back
 * at the patient with its pick-up ordered (its rent stop as before), a deregistration recorded with it is
 * undone too (the holding runs on), and the ordering side hears 'pickUpUndone'. Refused once the unit has
 * gone on (e.g. into reconditioning), the next day, or for someone else's step.
 */
export async function undoPickUp(ctx: Ctx, lineId: string, input: z.infer<typeof undoPickUpInput>): Promise<PickUpStepResult> {
  const actor = requireRole(ctx, ...PICK_UP_STAFF);
  return ctx.db.transaction(async (tx) => {
    const { order, line, pickUp, unit } = await lockPickUp(tx, lineId, input.version);
    if (!pickUp.pickedUpOn || (line.state !== 'pickedUp' && line.state !== 'done'))
      throw new AppError('INVALID_TRANSITION', `Rad ${line.lineNumber}: individen är inte hämtad, det finns inget att ångra`);
    const refuse = (why: string) => new AppError('INVALID_TRANSITION', `Hämtningen av ${unit.unitNumber ?? '?'} kan inte ångras: ${why}`);
    if (!pickUp.pickedUpAt || pickUp.pickedUpBy !== actor.userId || (pickUp.deregisteredOn && pickUp.deregisteredBy !== actor.userId))
      throw refuse('bara den som registrerade hämtningen kan ångra den');
    if (stockholmDateTime(pickUp.pickedUpAt).date !== today(ctx)) throw refuse('den registrerades en tidigare dag');
    if (unit.status !== 'returned') throw refuse('individen har redan gått vidare (t.ex. till rekonditionering)');
    await transitionUnit(tx, ctx, unit, 'pickUpOrdered', { type: 'pickUpUndone', orderId: order.id, lineId, data: { pickedUpOn: pickUp.pickedUpOn } });
    if (pickUp.deregisteredOn) await tx.update(provisionHolding).set({ toDate: null, endReason: null }).where(eq(provisionHolding.id, pickUp.holdingId));
    await tx
      .update(provisionPickUp)
      .set({ pickedUpOn: null, pickedUpBy: null, pickedUpAt: null, deregisteredOn: null, deregisteredBy: null })
      .where(eq(provisionPickUp.lineId, lineId));
    assertTransition('pickUp', line.state, 'received', line.lineNumber);
    const updated = await updateLine(tx, line, { state: 'received' }, ctx.now());
    // A finished order is open again.
    await tx
      .update(provisionOrder)
      .set({ status: 'open', version: sql`${provisionOrder.version} + 1`, updatedAt: ctx.now() })
      .where(and(eq(provisionOrder.id, order.id), eq(provisionOrder.status, 'done')));
    await recordContractEvent(
      tx,
      ctx,
      order,
      { lineId, fromState: line.state, toState: 'received', data: { unitNumber: unit.unitNumber, deregistrationUndone: !!pickUp.deregisteredOn } },
      { type: 'pickUpUndone', lineId, unitNumber: unit.unitNumber!, deregistrationUndone: !!pickUp.deregisteredOn },
    );
    await audit(tx, ctx, {
      action: 'provision.pick-up.undone',
      entityType: 'provision_order_line',
      entityId: lineId,
      careProviderId: order.careProviderId,
      details: {
        centreOrderNumber: order.centreOrderNumber,
        unitNumber: unit.unitNumber,
        pickedUpOn: pickUp.pickedUpOn,
        deregisteredOn: pickUp.deregisteredOn,
      },
    });
    return { lineId, lineVersion: updated.version, state: updated.state, investigationId: null };
  });
}

/**
 * POST /api/provision/lines/:id/unit-missing: the unit was not there at pick-up. The line is cancelled
 * (reason unitMissing, sent to the ordering side), the holding is kept and its rent restarts (the rent
 * during the watch period is not credited), and an investigation is opened.
 */
export async function reportUnitMissing(ctx: Ctx, lineId: string, input: z.infer<typeof unitMissingInput>): Promise<PickUpStepResult> {
  requireRole(ctx, ...PICK_UP_STAFF);
  return ctx.db.transaction(async (tx) => {
    const { order, line, pickUp, unit } = await lockPickUp(tx, lineId, input.version);
    if (line.state !== 'received') throw new AppError('INVALID_TRANSITION', `Rad ${line.lineNumber} är redan hämtad eller avslutad`);
    await cancelLinesInTx(tx, ctx, order, {
      lineIds: [lineId],
      reason: 'unitMissing',
      comment: input.comment ?? null,
      versions: { [lineId]: input.version },
      source: 'centre',
    });
    const [inv] = await tx
      .insert(provisionInvestigation)
      .values({
        unitId: unit.id,
        holdingId: pickUp.holdingId,
        orderId: order.id,
        lineId,
        openedAt: ctx.now(),
        openedBy: ctx.actor?.userId ?? null,
        openingNote: input.comment ?? null,
      })
      .returning({ id: provisionInvestigation.id });
    await recordStep(tx, ctx, { orderId: order.id, lineId, type: 'investigationOpened', data: { investigationId: inv!.id, unitNumber: unit.unitNumber } });
    await audit(tx, ctx, {
      action: 'provision.pick-up.unit-missing',
      entityType: 'provision_order_line',
      entityId: lineId,
      careProviderId: order.careProviderId,
      details: { centreOrderNumber: order.centreOrderNumber, unitNumber: unit.unitNumber, investigationId: inv!.id },
    });
    const [after] = await tx
      .select({ version: provisionOrderLine.version, state: provisionOrderLine.state })
      .from(provisionOrderLine)
      .where(eq(provisionOrderLine.id, lineId));
    return { lineId, lineVersion: after!.version, state: after!.state, investigationId: inv!.id };
  });
}
