import { and, asc, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import { customerById } from '../../administration/organisation/customers.ts';
import { articleFactsById } from '../../catalogue/articles/articles-by-number.ts';
import type { DeliveredUnit } from '../../contract/events.ts';
import { audit } from '../../platform/audit/audit.ts';
import { stockholmDateTime } from '../../platform/calendar/index.ts';
import { requireRole, type Ctx } from '../../platform/context.ts';
import type { DbOrTx } from '../../platform/db/client.ts';
import { AppError } from '../../platform/errors.ts';
import { postBufferTransaction } from '../buffers/buffer-ledger.ts';
import { equivalentArticleIds } from '../orders/equivalents.ts';
import { assertTransition, declareLineTransitions, isClosed } from '../orders/line-states.ts';
import { recordContractEvent, recordStep } from '../orders/order-events.ts';
import { checkLineVersion, closeOrderIfFinished, lineNotFound, lockLine, updateLine, type LineRow, type OrderRow } from '../orders/order-store.ts';
import { CENTRE_READERS } from '../roles.ts';
import { provisionHolding, provisionOrder, provisionOrderLine, provisionPatient, provisionUnit } from '../schema.ts';
import { transitionUnit, type UnitRow } from '../units/transition-unit.ts';
import { inStockStatuses, unitStatusLabels } from '../units/unit-states.ts';
import { toUnitSummary, unitSummary } from '../units/unit-views.ts';
import { provisionBufferUnit } from './schema.ts';

/**
 * Buffer withdrawal (uttag ur buffertförråd, DOMAIN §4): the prescriber took a unit from the customer's
 * buffer store for a patient; the centre registers it on the patient within 24 hours (rent from the
 * registration day) and tells the ordering side 'registeredOnPatient'. When the order names a unit that
 * is in that buffer store, intake registers it at once.
 */
declareLineTransitions('bufferWithdrawal', { received: ['done', 'cancelled'], done: [], cancelled: [] });

/** Who registers withdrawals and stocks buffer stores with units. */
export const BUFFER_STAFF = ['customerService', 'warehouse'] as const;

export const registerWithdrawalInput = z.strictObject({
  version: z.int().describe('Radens version som du såg'),
  units: z.array(z.strictObject({ unitNumber: z.string().trim().min(1).max(40) })).min(1).max(100).describe('Individerna som togs ur buffertförrådet'),
  registeredOn: z.iso.date().optional().describe('Registreringsdag (= hyrans startdag); standard i dag'),
});
export const registerWithdrawalResult = z.object({ lineId: z.uuid(), lineVersion: z.number(), state: z.string(), units: z.array(z.object({ unitNumber: z.string() })) });
export type RegisterWithdrawalResult = z.infer<typeof registerWithdrawalResult>;

export const placeInBufferInput = z.strictObject({
  customerId: z.uuid(),
  bufferStoreId: z.uuid(),
  unitIds: z.array(z.uuid()).min(1).max(100).describe('Individer i lager som ställs i kundens buffertförråd'),
});
export const placeInBufferResult = z.object({ units: z.array(unitSummary) });
export const bufferUnitsView = z.object({ bufferStoreId: z.uuid().nullable(), units: z.array(unitSummary) });

const bufferStoreOf = (order: OrderRow): string | null => {
  const d = order.delivery as { kind?: string; bufferStoreId?: string };
  return d.kind === 'bufferStore' && d.bufferStoreId ? d.bufferStoreId : null;
};

const notInStore = (u: UnitRow | undefined, unitNumber: string) =>
  new AppError(
    'UNIT_NOT_IN_BUFFER_STORE',
    u
      ? `Individ ${unitNumber} är ${unitStatusLabels[u.status]} och finns inte i kundens buffertförråd. Kontrollera individnumret.`
      : `Individ ${unitNumber} finns inte. Kontrollera individnumret.`,
  );

/** Registers the units (locked by the caller's order lock) on the order's patient, in the caller's transaction. */
async function registerInTx(tx: DbOrTx, ctx: Ctx, order: OrderRow, line: LineRow, unitNumbers: string[], on: string): Promise<{ line: LineRow; units: DeliveredUnit[] }> {
  if (isClosed(line.state)) throw new AppError('INVALID_TRANSITION', `Rad ${line.lineNumber} är redan registrerad eller makulerad`);
  if (!line.unitTracked || !line.articleId) throw new AppError('INVALID_TRANSITION', `Artikeln på rad ${line.lineNumber} är inte individmärkt: den registreras inte på patienten`);
  if (new Set(unitNumbers).size !== unitNumbers.length) throw new AppError('VALIDATION', 'Samma individ är angiven två gånger');
  const remaining = line.quantity - line.deliveredQuantity;
  if (unitNumbers.length > remaining) throw new AppError('VALIDATION', `Rad ${line.lineNumber} har ${remaining} kvar att registrera, inte ${unitNumbers.length}`);
  const storeId = bufferStoreOf(order);
  const units = await tx.select().from(provisionUnit).where(inArray(provisionUnit.unitNumber, unitNumbers)).orderBy(asc(provisionUnit.id)).for('update');
  const placements = units.length ? await tx.select().from(provisionBufferUnit).where(inArray(provisionBufferUnit.unitId, units.map((u) => u.id))) : [];
  const equivalents = await equivalentArticleIds(tx, line.articleId);
  const [patient] = await tx.select({ id: provisionPatient.id }).from(provisionPatient).where(eq(provisionPatient.orderId, order.id));
  const registered: UnitRow[] = [];
  for (const n of unitNumbers) {
    const u = units.find((x) => x.unitNumber === n);
    const placed = u && placements.find((p) => p.unitId === u.id);
    if (!u || u.status !== 'inBufferStore' || !placed || placed.bufferStoreId !== storeId) throw notInStore(u, n);
    if (!equivalents.includes(u.articleId)) throw new AppError('VALIDATION', `Individ ${n} (${u.articleName}) är inte likvärdig med artikeln på raden`);
    await tx.delete(provisionBufferUnit).where(eq(provisionBufferUnit.unitId, u.id));
    await postBufferTransaction(tx, ctx, { bufferStoreId: placed.bufferStoreId, article: { id: u.articleId, articleNumber: u.articleNumber, name: u.articleName, unitTracked: true }, quantity: -1, kind: 'withdrawal', unitId: u.id, orderId: order.id, lineId: line.id });
    registered.push(await transitionUnit(tx, ctx, u, 'onPatient', { type: 'registeredOnPatient', orderId: order.id, lineId: line.id, data: { registeredOn: on, bufferStoreId: storeId } }));
    await tx.insert(provisionHolding).values({ unitId: u.id, patientId: patient?.id ?? null, customerId: order.customerId, orderId: order.id, lineId: line.id, fromDate: on });
  }
  const deliveredQuantity = line.deliveredQuantity + registered.length;
  const complete = deliveredQuantity === line.quantity;
  if (complete) assertTransition('bufferWithdrawal', line.state, 'done', line.lineNumber);
  const updated = await updateLine(tx, line, { deliveredQuantity, ...(complete ? { state: 'done' as const } : {}) }, ctx.now());
  const facts = await articleFactsById(tx, [...new Set(registered.map((u) => u.articleId))]);
  const delivered: DeliveredUnit[] = registered.map((u) => ({
    unitNumber: u.unitNumber!,
    serialNumber: u.serialNumber,
    articleNumber: u.articleNumber,
    articleName: u.articleName,
    isoCode: facts.get(u.articleId)?.isoCode ?? line.isoCode,
    chargingForm: facts.get(u.articleId)?.chargingForm ?? line.chargingForm,
  }));
  await recordContractEvent(
    tx,
    ctx,
    order,
    { lineId: line.id, fromState: line.state, toState: updated.state, data: { registeredOn: on, units: unitNumbers } },
    { type: 'registeredOnPatient', lineId: line.id, since: on, units: delivered },
  );
  await closeOrderIfFinished(tx, order.id, ctx.now());
  await audit(tx, ctx, {
    action: 'provision.buffer-withdrawal.register',
    entityType: 'provision_order_line',
    entityId: line.id,
    careProviderId: order.careProviderId,
    patientRef: patient?.id ?? null,
    details: { centreOrderNumber: order.centreOrderNumber, lineNumber: line.lineNumber, units: unitNumbers, registeredOn: on },
  });
  return { line: updated, units: delivered };
}

/**
 * At intake (called by intake/receive-message.ts in the same transaction, after 'received'): lines that
 * name a unit in the order's buffer store are registered on the patient at once. A unit that is not
 * there is left for the centre, with a note in the order's stream.
 */
export async function registerIdentifiedWithdrawalsInTx(tx: DbOrTx, ctx: Ctx, order: OrderRow) {
  const lines = await tx.select().from(provisionOrderLine).where(eq(provisionOrderLine.orderId, order.id)).orderBy(asc(provisionOrderLine.lineNumber));
  const on = stockholmDateTime(ctx.now()).date;
  for (const line of lines) {
    if (!line.unitNumber || !line.unitTracked) continue;
    const [u] = await tx.select().from(provisionUnit).where(eq(provisionUnit.unitNumber, line.unitNumber));
    const [placed] = u ? await tx.select().from(provisionBufferUnit).where(eq(provisionBufferUnit.unitId, u.id)) : [];
    if (!u || u.status !== 'inBufferStore' || placed?.bufferStoreId !== bufferStoreOf(order) || line.quantity !== 1) {
      await recordStep(tx, ctx, { orderId: order.id, lineId: line.id, type: 'unitNotInBufferStore', data: { unitNumber: line.unitNumber } });
      continue;
    }
    try {
      await registerInTx(tx, ctx, order, line, [line.unitNumber], on);
    } catch (err) {
      // Not equivalent to the article, say: customer service registers the right unit by hand.
      if (err instanceof AppError && err.code === 'VALIDATION') await recordStep(tx, ctx, { orderId: order.id, lineId: line.id, type: 'unitNotInBufferStore', data: { unitNumber: line.unitNumber, reason: err.message } });
      else throw err;
    }
  }
}

/** POST /api/provision/lines/:id/register-withdrawal: customer service registers the withdrawn units on the patient. */
export async function registerWithdrawal(ctx: Ctx, lineId: string, input: z.infer<typeof registerWithdrawalInput>): Promise<RegisterWithdrawalResult> {
  requireRole(ctx, ...BUFFER_STAFF);
  const today = stockholmDateTime(ctx.now()).date;
  const on = input.registeredOn ?? today;
  if (on > today) throw new AppError('VALIDATION', 'Registreringsdagen kan inte vara i framtiden', { issues: [{ path: 'body.registeredOn', message: 'senast i dag' }] });
  return ctx.db.transaction(async (tx) => {
    const { order, line } = await lockLine(tx, lineId);
    if (order.orderType !== 'bufferWithdrawal') throw new AppError('INVALID_TRANSITION', 'Raden hör inte till ett buffertuttag');
    checkLineVersion(line, input.version);
    const r = await registerInTx(tx, ctx, order, line, input.units.map((u) => u.unitNumber), on);
    return { lineId, lineVersion: r.line.version, state: r.line.state, units: r.units.map((u) => ({ unitNumber: u.unitNumber })) };
  });
}

/** GET /api/provision/lines/:id/buffer-units: the units in the order's buffer store that fit the line. */
export async function listBufferUnitsForLine(ctx: Ctx, lineId: string): Promise<z.infer<typeof bufferUnitsView>> {
  requireRole(ctx, ...CENTRE_READERS);
  const [line] = await ctx.db.select().from(provisionOrderLine).where(eq(provisionOrderLine.id, lineId));
  if (!line) throw lineNotFound();
  const [order] = await ctx.db.select().from(provisionOrder).where(eq(provisionOrder.id, line.orderId));
  const storeId = order ? bufferStoreOf(order) : null;
  if (!storeId || !line.articleId) return { bufferStoreId: storeId, units: [] };
  const ids = await equivalentArticleIds(ctx.db, line.articleId);
  const rows = await ctx.db
    .select({ u: provisionUnit })
    .from(provisionBufferUnit)
    .innerJoin(provisionUnit, eq(provisionUnit.id, provisionBufferUnit.unitId))
    .where(and(eq(provisionBufferUnit.bufferStoreId, storeId), inArray(provisionUnit.articleId, ids)))
    .orderBy(asc(provisionUnit.seq))
    .limit(100);
  return { bufferStoreId: storeId, units: rows.map((r) => toUnitSummary(r.u, null)) };
}

/**
 * POST /api/provision/buffer-units: the warehouse stocks a customer's buffer store with units from its
 * warehouses (they leave the replacement chain until withdrawn or taken back).
 */
export async function placeInBufferStore(ctx: Ctx, input: z.infer<typeof placeInBufferInput>) {
  requireRole(ctx, 'warehouse');
  return ctx.db.transaction(async (tx) => {
    const customer = await customerById(tx, input.customerId);
    const store = customer?.bufferStores.find((s) => s.id === input.bufferStoreId);
    if (!customer || !store) throw new AppError('VALIDATION', 'Buffertförrådet hör inte till kunden', { issues: [{ path: 'body.bufferStoreId', message: 'okänt förråd' }] });
    if (!store.active) throw new AppError('VALIDATION', 'Buffertförrådet är inte aktivt', { issues: [{ path: 'body.bufferStoreId', message: 'inaktivt' }] });
    const units = await tx.select().from(provisionUnit).where(inArray(provisionUnit.id, input.unitIds)).orderBy(asc(provisionUnit.id)).for('update');
    if (units.length !== new Set(input.unitIds).size) throw new AppError('NOT_FOUND', 'En eller flera individer finns inte');
    const on = stockholmDateTime(ctx.now()).date;
    const placed: UnitRow[] = [];
    for (const u of units) {
      if (!(inStockStatuses as readonly string[]).includes(u.status)) throw new AppError('UNIT_NOT_AVAILABLE', `Individ ${u.unitNumber} är ${unitStatusLabels[u.status]} och kan inte ställas i buffertförrådet`);
      placed.push(await transitionUnit(tx, ctx, u, 'inBufferStore', { type: 'placedInBufferStore', data: { customerNumber: customer.customerNumber, bufferStoreId: store.id, bufferStore: store.name, fromWarehouseId: u.warehouseId } }, { warehouseId: null }));
      await tx.insert(provisionBufferUnit).values({ unitId: u.id, bufferStoreId: store.id, customerId: customer.id, placedOn: on, placedAt: ctx.now() });
      await postBufferTransaction(tx, ctx, { bufferStoreId: store.id, article: { id: u.articleId, articleNumber: u.articleNumber, name: u.articleName, unitTracked: true }, quantity: 1, kind: 'adjustment', unitId: u.id, note: 'Ställd i förrådet av lagret' });
    }
    await audit(tx, ctx, { action: 'provision.buffer-store.place-units', entityType: 'buffer_store', entityId: store.id, details: { customerNumber: customer.customerNumber, units: placed.map((u) => u.unitNumber) } });
    return { units: placed.map((u) => toUnitSummary(u, null)) };
  });
}
