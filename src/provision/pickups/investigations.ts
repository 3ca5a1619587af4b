import { asc, desc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { audit } from '../../platform/audit/audit.ts';
import { stockholmDateTime } from '../../platform/calendar/index.ts';
import { requireRole, type Ctx } from '../../platform/context.ts';
import type { DbOrTx } from '../../platform/db/client.ts';
import { AppError } from '../../platform/errors.ts';
import { optionalText } from '../../platform/http/schemas.ts';
import { recordContractEvent } from '../orders/order-events.ts';
import { lockOrder } from '../orders/order-store.ts';
import { ORDER_HANDLERS } from '../roles.ts';
import { provisionHolding, provisionOrder, provisionOrderLine, provisionUnit } from '../schema.ts';
import { transitionUnit } from '../units/transition-unit.ts';
import { writeOffInTx } from '../units/write-off-unit.ts';
import { INVESTIGATORS } from './roles.ts';
import { investigationStates, provisionInvestigation, provisionPickUp } from './schema.ts';

export const investigationView = z.object({
  id: z.uuid(),
  state: z.enum(investigationStates),
  unitId: z.uuid(),
  unitNumber: z.string(),
  articleNumber: z.string(),
  articleName: z.string(),
  unitStatus: z.string(),
  orderId: z.uuid(),
  centreOrderNumber: z.string(),
  customerNumber: z.string(),
  customerName: z.string(),
  lineNumber: z.number(),
  openedAt: z.string(),
  openingNote: z.string().nullable(),
  closedAt: z.string().nullable(),
  outcomeNote: z.string().nullable(),
  version: z.number(),
});
export type InvestigationView = z.infer<typeof investigationView>;

export const investigationQuery = z.strictObject({ state: z.enum(investigationStates).optional().describe('Utelämnat = alla, öppna först') });
export const foundInput = z.strictObject({
  version: z.int().describe('Utredningens version som du såg'),
  pickedUpOn: z.iso.date().optional().describe('Dagen individen hämtades; standard i dag'),
  note: optionalText(1000),
});
export const writeOffInvestigationInput = z.strictObject({ version: z.int().describe('Utredningens version som du såg'), note: optionalText(1000) });

const select = {
  id: provisionInvestigation.id,
  state: provisionInvestigation.state,
  unitId: provisionInvestigation.unitId,
  unitNumber: provisionUnit.unitNumber,
  articleNumber: provisionUnit.articleNumber,
  articleName: provisionUnit.articleName,
  unitStatus: provisionUnit.status,
  orderId: provisionInvestigation.orderId,
  centreOrderNumber: provisionOrder.centreOrderNumber,
  customerNumber: provisionOrder.customerNumber,
  customerName: provisionOrder.customerName,
  lineNumber: provisionOrderLine.lineNumber,
  openedAt: provisionInvestigation.openedAt,
  openingNote: provisionInvestigation.openingNote,
  closedAt: provisionInvestigation.closedAt,
  outcomeNote: provisionInvestigation.outcomeNote,
  version: provisionInvestigation.version,
};

async function load(db: DbOrTx, where: ReturnType<typeof eq> | undefined, limit = 200): Promise<InvestigationView[]> {
  const rows = await db
    .select(select)
    .from(provisionInvestigation)
    .innerJoin(provisionUnit, eq(provisionUnit.id, provisionInvestigation.unitId))
    .innerJoin(provisionOrder, eq(provisionOrder.id, provisionInvestigation.orderId))
    .innerJoin(provisionOrderLine, eq(provisionOrderLine.id, provisionInvestigation.lineId))
    .where(where)
    .orderBy(desc(eq(provisionInvestigation.state, 'open')), asc(provisionInvestigation.openedAt))
    .limit(limit);
  return rows.map((r) => ({
    ...r,
    unitNumber: r.unitNumber!,
    centreOrderNumber: r.centreOrderNumber!,
    openedAt: r.openedAt.toISOString(),
    closedAt: r.closedAt?.toISOString() ?? null,
  }));
}

/** GET /api/provision/investigations: units missing at pick-up, open ones first (oldest first). */
export async function listInvestigations(ctx: Ctx, q: z.infer<typeof investigationQuery>): Promise<InvestigationView[]> {
  requireRole(ctx, ...ORDER_HANDLERS);
  return load(ctx.db, q.state ? eq(provisionInvestigation.state, q.state) : undefined);
}

async function lockOpen(tx: DbOrTx, id: string, version: number) {
  const [ref] = await tx.select({ orderId: provisionInvestigation.orderId }).from(provisionInvestigation).where(eq(provisionInvestigation.id, id));
  if (!ref) throw new AppError('NOT_FOUND', 'Utredningen finns inte');
  // The order first (its events get the next sequence), then the investigation and the unit.
  const order = await lockOrder(tx, ref.orderId);
  const [inv] = await tx.select().from(provisionInvestigation).where(eq(provisionInvestigation.id, id)).for('update');
  if (inv!.state !== 'open') throw new AppError('INVALID_TRANSITION', 'Utredningen är redan avslutad');
  if (inv!.version !== version)
    throw new AppError('CONFLICT', 'Utredningen har just ändrats av någon annan. Ladda om sidan.', { currentVersion: inv!.version });
  const [unit] = await tx.select().from(provisionUnit).where(eq(provisionUnit.id, inv!.unitId)).for('update');
  if (unit!.status !== 'onPatient') throw new AppError('INVALID_TRANSITION', `Individ ${unit!.unitNumber} är inte längre hos patienten`);
  return { order, inv: inv!, unit: unit! };
}

/**
 * POST /api/provision/investigations/:id/found: the missing unit turned up and was picked up later: it is
 * 'returned' (to reconditioning), the holding ends, and the pick-up order tells the ordering side
 * 'pickedUp' and 'deregistered' so the unit leaves the patient's device list.
 */
export async function markFound(ctx: Ctx, id: string, input: z.infer<typeof foundInput>): Promise<InvestigationView> {
  requireRole(ctx, ...INVESTIGATORS);
  const on = input.pickedUpOn ?? stockholmDateTime(ctx.now()).date;
  if (on > stockholmDateTime(ctx.now()).date)
    throw new AppError('VALIDATION', 'Datumet kan inte vara i framtiden', {
      issues: [{ path: 'body.pickedUpOn', code: 'date_in_future', message: 'senast i dag' }],
    });
  return ctx.db.transaction(async (tx) => {
    const { order, inv, unit } = await lockOpen(tx, id, input.version);
    await transitionUnit(tx, ctx, unit, 'returned', {
      type: 'foundAndPickedUp',
      orderId: order.id,
      lineId: inv.lineId,
      data: { investigationId: id, pickedUpOn: on },
    });
    if (inv.holdingId) await tx.update(provisionHolding).set({ toDate: on, endReason: 'pickedUp' }).where(eq(provisionHolding.id, inv.holdingId));
    await tx.update(provisionPickUp).set({ pickedUpOn: on, deregisteredOn: on }).where(eq(provisionPickUp.lineId, inv.lineId));
    const step = { lineId: inv.lineId, data: { investigationId: id, unitNumber: unit.unitNumber } };
    await recordContractEvent(tx, ctx, order, step, { type: 'pickedUp', lineId: inv.lineId, unitNumber: unit.unitNumber!, pickedUpOn: on });
    await recordContractEvent(tx, ctx, order, step, { type: 'deregistered', lineId: inv.lineId, unitNumber: unit.unitNumber!, until: on });
    await setState(tx, ctx, inv, 'found', input.note ?? null);
    await audit(tx, ctx, {
      action: 'provision.investigation.found',
      entityType: 'provision_investigation',
      entityId: id,
      careProviderId: order.careProviderId,
      details: { unitNumber: unit.unitNumber, pickedUpOn: on },
    });
    return (await load(tx, eq(provisionInvestigation.id, id)))[0]!;
  });
}

/**
 * POST /api/provision/investigations/:id/write-off: the unit was not found: it is written off 'loss after
 * investigation' (the holding ends, so does the rent), and the ordering side hears 'writtenOff'.
 */
export async function writeOffAfterInvestigation(ctx: Ctx, id: string, input: z.infer<typeof writeOffInvestigationInput>): Promise<InvestigationView> {
  requireRole(ctx, ...INVESTIGATORS);
  return ctx.db.transaction(async (tx) => {
    const { order, inv, unit } = await lockOpen(tx, id, input.version);
    const after = await writeOffInTx(tx, ctx, unit, 'lossAfterInvestigation', { orderId: order.id, lineId: inv.lineId, note: input.note ?? null });
    await recordContractEvent(
      tx,
      ctx,
      order,
      { lineId: inv.lineId, data: { investigationId: id, unitNumber: unit.unitNumber } },
      { type: 'writtenOff', lineId: null, unitNumber: unit.unitNumber!, code: 'lossAfterInvestigation', on: after.writtenOffOn! },
    );
    await setState(tx, ctx, inv, 'closed', input.note ?? null);
    await audit(tx, ctx, {
      action: 'provision.investigation.write-off',
      entityType: 'provision_investigation',
      entityId: id,
      careProviderId: order.careProviderId,
      details: { unitNumber: unit.unitNumber },
    });
    return (await load(tx, eq(provisionInvestigation.id, id)))[0]!;
  });
}

async function setState(tx: DbOrTx, ctx: Ctx, inv: typeof provisionInvestigation.$inferSelect, state: 'found' | 'closed', note: string | null) {
  await tx
    .update(provisionInvestigation)
    .set({ state, closedAt: ctx.now(), closedBy: ctx.actor?.userId ?? null, outcomeNote: note, version: inv.version + 1 })
    .where(eq(provisionInvestigation.id, inv.id));
}
