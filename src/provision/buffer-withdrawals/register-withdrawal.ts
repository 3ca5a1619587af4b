import { and, asc, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import { customerById } from '../../administration/organisation/customers.ts';
import type { DeliveredUnit } from '../../contract/events.ts';
import { audit } from '../../platform/audit/audit.ts';
import { stockholmDateTime } from '../../platform/calendar/index.ts';
import { requireRole, type Ctx } from '../../platform/context.ts';
import type { DbOrTx } from '../../platform/db/client.ts';
import { AppError } from '../../platform/errors.ts';
import { bufferQuantity, postBufferTransaction } from '../buffers/buffer-ledger.ts';
import { equivalentArticleIds } from '../orders/equivalents.ts';
import { assertTransition, declareLineTransitions, isClosed } from '../orders/line-states.ts';
import { recordContractEvent, recordStep } from '../orders/order-events.ts';
import { checkLineVersion, closeOrderIfFinished, lineNotFound, lockLine, updateLine, type LineRow, type OrderRow } from '../orders/order-store.ts';
import { CENTRE_READERS, WAREHOUSE } from '../roles.ts';
import { provisionHolding, provisionOrder, provisionOrderLine, provisionPatient, provisionUnit } from '../schema.ts';
import { transitionUnit, type UnitRow } from '../units/transition-unit.ts';
import { inStockStatuses, unitStatusLabels } from '../units/unit-states.ts';
import { assertInspectionAllowsUse, nextInspectionAfter } from '../maintenance/unit-usable.ts';
import { articleFactsById } from '../../catalogue/articles/articles-by-number.ts';
import { asDeliveredUnits, toUnitSummary, unitSummary } from '../units/unit-views.ts';
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

export const registerWithdrawalInput = z
  .strictObject({
    version: z.int().describe('Radens version som du såg'),
    units: z
      .array(z.strictObject({ unitNumber: z.string().trim().min(1).max(40) }))
      .min(1)
      .max(100)
      .optional()
      .describe('Individmärkt artikel: individerna som togs ur buffertförrådet'),
    quantity: z.int().min(1).max(9999).optional().describe('Artikel som inte är individmärkt: antalet som togs ur buffertförrådet'),
    registeredOn: z.iso.date().optional().describe('Registreringsdag (= hyrans startdag); standard i dag'),
  })
  .refine((b) => (b.units === undefined) !== (b.quantity === undefined), {
    message: 'Ange antingen individerna (individmärkt artikel) eller antalet (artikel som inte är individmärkt)',
    path: ['units'],
  });
export const registerWithdrawalResult = z.object({
  lineId: z.uuid(),
  lineVersion: z.number(),
  state: z.string(),
  units: z.array(z.object({ unitNumber: z.string() })),
  quantity: z.int().describe('Antal registrerade nu'),
});
export type RegisterWithdrawalResult = z.infer<typeof registerWithdrawalResult>;

export const placeInBufferInput = z.strictObject({
  customerId: z.uuid(),
  bufferStoreId: z.uuid(),
  unitIds: z.array(z.uuid()).min(1).max(100).describe('Individer i lager som ställs i kundens buffertförråd'),
});
export const placeInBufferResult = z.object({ units: z.array(unitSummary) });
export const bufferUnitsView = z.object({
  bufferStoreId: z.uuid().nullable(),
  units: z.array(unitSummary),
  /** An article that is not unit-tracked: what the store holds of it by the ledger (null for unit-tracked). */
  balance: z.int().nullable(),
});

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

type Withdrawn = { units: string[] } | { quantity: number };

/**
 * Registers what was taken from the buffer store on the order's patient, in the caller's transaction (the
 * caller holds the order lock): units of a unit-tracked article, or a quantity of one that is not.
 */
async function registerInTx(
  tx: DbOrTx,
  ctx: Ctx,
  order: OrderRow,
  line: LineRow,
  withdrawn: Withdrawn,
  on: string,
): Promise<{ line: LineRow; units: DeliveredUnit[]; quantity: number }> {
  if (isClosed(line.state)) throw new AppError('INVALID_TRANSITION', `Rad ${line.lineNumber} är redan registrerad eller makulerad`);
  if (!line.articleId) throw new AppError('INVALID_TRANSITION', `Rad ${line.lineNumber} har ingen artikel att registrera`);
  if (line.unitTracked && !('units' in withdrawn))
    throw new AppError('VALIDATION', `Artikeln på rad ${line.lineNumber} är individmärkt: ange individnumren som togs ur förrådet`, {
      issues: [{ path: 'body.units', code: 'required', message: 'ange individnummer' }],
    });
  if (!line.unitTracked && !('quantity' in withdrawn))
    throw new AppError('VALIDATION', `Artikeln på rad ${line.lineNumber} är inte individmärkt: ange antalet som togs ur förrådet`, {
      issues: [{ path: 'body.quantity', code: 'required', message: 'ange antal' }],
    });
  if ('quantity' in withdrawn) return registerQuantityInTx(tx, ctx, order, line, withdrawn.quantity, on);
  const unitNumbers = withdrawn.units;
  if (new Set(unitNumbers).size !== unitNumbers.length) throw new AppError('VALIDATION', 'Samma individ är angiven två gånger');
  const remaining = line.quantity - line.deliveredQuantity;
  if (unitNumbers.length > remaining)
    throw new AppError('VALIDATION', `Rad ${line.lineNumber} har ${remaining} kvar att registrera, inte ${unitNumbers.length}`);
  const storeId = bufferStoreOf(order);
  const units = await tx.select().from(provisionUnit).where(inArray(provisionUnit.unitNumber, unitNumbers)).orderBy(asc(provisionUnit.id)).for('update');
  const placements = units.length
    ? await tx
        .select()
        .from(provisionBufferUnit)
        .where(
          inArray(
            provisionBufferUnit.unitId,
            units.map((u) => u.id),
          ),
        )
    : [];
  const equivalents = await equivalentArticleIds(tx, line.articleId);
  const [patient] = await tx.select({ id: provisionPatient.id }).from(provisionPatient).where(eq(provisionPatient.orderId, order.id));
  const registered: UnitRow[] = [];
  // An article with an inspection interval: the next inspection counts from the registration, as from a delivery (maintenance/).
  const facts = await articleFactsById(tx, [...new Set(units.map((u) => u.articleId))]);
  for (const n of unitNumbers) {
    const u = units.find((x) => x.unitNumber === n);
    const placed = u && placements.find((p) => p.unitId === u.id);
    if (!u || u.status !== 'inBufferStore' || !placed || placed.bufferStoreId !== storeId) throw notInStore(u, n);
    if (!equivalents.includes(u.articleId)) throw new AppError('VALIDATION', `Individ ${n} (${u.articleName}) är inte likvärdig med artikeln på raden`);
    await tx.delete(provisionBufferUnit).where(eq(provisionBufferUnit.unitId, u.id));
    await postBufferTransaction(tx, ctx, {
      bufferStoreId: placed.bufferStoreId,
      article: { id: u.articleId, articleNumber: u.articleNumber, name: u.articleName, unitTracked: true },
      quantity: -1,
      kind: 'withdrawal',
      unitId: u.id,
      orderId: order.id,
      lineId: line.id,
    });
    const nextInspectionOn = nextInspectionAfter(on, facts.get(u.articleId)?.inspectionIntervalMonths);
    registered.push(
      await transitionUnit(
        tx,
        ctx,
        u,
        'onPatient',
        { type: 'registeredOnPatient', orderId: order.id, lineId: line.id, data: { registeredOn: on, bufferStoreId: storeId } },
        nextInspectionOn ? { nextInspectionOn } : {},
      ),
    );
    await tx
      .insert(provisionHolding)
      .values({ unitId: u.id, patientId: patient?.id ?? null, customerId: order.customerId, orderId: order.id, lineId: line.id, fromDate: on });
  }
  const delivered = await asDeliveredUnits(tx, registered, line);
  return countRegistered(tx, ctx, order, line, { units: delivered, quantity: delivered.length, patientId: patient?.id ?? null }, on);
}

/** An article that is not unit-tracked: the quantity leaves the store's ledger and the line counts it as registered. */
async function registerQuantityInTx(tx: DbOrTx, ctx: Ctx, order: OrderRow, line: LineRow, quantity: number, on: string) {
  const remaining = line.quantity - line.deliveredQuantity;
  if (quantity > remaining)
    throw new AppError('VALIDATION', `Rad ${line.lineNumber} har ${remaining} kvar att registrera, inte ${quantity}`, {
      issues: [{ path: 'body.quantity', code: 'quantity_exceeds', message: `högst ${remaining}`, params: { max: remaining } }],
    });
  const storeId = bufferStoreOf(order);
  if (!storeId) throw new AppError('INVALID_TRANSITION', `Order ${order.centreOrderNumber} anger inget buffertförråd att ta ur`);
  try {
    await postBufferTransaction(tx, ctx, {
      bufferStoreId: storeId,
      article: { id: line.articleId!, articleNumber: line.articleNumber ?? '', name: line.articleName ?? '', unitTracked: false },
      quantity: -quantity,
      kind: 'withdrawal',
      orderId: order.id,
      lineId: line.id,
    });
  } catch (err) {
    if (err instanceof AppError && err.code === 'INSUFFICIENT_STOCK')
      throw new AppError(
        'INSUFFICIENT_STOCK',
        `${err.message}. Stämmer inte förrådets saldo inventerar lagret det först (Buffertförråd → förrådet → Inventera).`,
        { ...(err.details ?? {}), issues: [{ path: 'body.quantity', code: 'quantity_exceeds', message: err.message }] },
      );
    throw err;
  }
  const [patient] = await tx.select({ id: provisionPatient.id }).from(provisionPatient).where(eq(provisionPatient.orderId, order.id));
  return countRegistered(tx, ctx, order, line, { units: [], quantity, patientId: patient?.id ?? null }, on);
}

/**
 * What was registered counts on the line (done when its whole quantity is), and the ordering side is told:
 * 'registeredOnPatient' with the units, or with the quantity alone for an article that is not unit-tracked.
 */
async function countRegistered(
  tx: DbOrTx,
  ctx: Ctx,
  order: OrderRow,
  line: LineRow,
  r: { units: DeliveredUnit[]; quantity: number; patientId: string | null },
  on: string,
): Promise<{ line: LineRow; units: DeliveredUnit[]; quantity: number }> {
  const deliveredQuantity = line.deliveredQuantity + r.quantity;
  const complete = deliveredQuantity === line.quantity;
  if (complete) assertTransition('bufferWithdrawal', line.state, 'done', line.lineNumber);
  const updated = await updateLine(tx, line, { deliveredQuantity, ...(complete ? { state: 'done' as const } : {}) }, ctx.now());
  const what = r.units.length ? { units: r.units.map((u) => u.unitNumber) } : { articleNumber: line.articleNumber, quantity: r.quantity };
  await recordContractEvent(
    tx,
    ctx,
    order,
    { lineId: line.id, fromState: line.state, toState: updated.state, data: { registeredOn: on, ...what } },
    { type: 'registeredOnPatient', lineId: line.id, since: on, units: r.units, quantity: r.quantity },
  );
  await closeOrderIfFinished(tx, order.id, ctx.now());
  await audit(tx, ctx, {
    action: 'provision.buffer-withdrawal.register',
    entityType: 'provision_order_line',
    entityId: line.id,
    careProviderId: order.careProviderId,
    patientRef: r.patientId,
    details: { centreOrderNumber: order.centreOrderNumber, lineNumber: line.lineNumber, ...what, registeredOn: on },
  });
  return { line: updated, units: r.units, quantity: r.quantity };
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
    if (!line.unitTracked && line.articleId && !isClosed(line.state)) {
      // Nothing to identify: what the prescriber took leaves the store's ledger at once, unless the ledger
      // holds less (then customer service sorts it out with the warehouse and registers it by hand).
      try {
        await registerInTx(tx, ctx, order, line, { quantity: line.quantity - line.deliveredQuantity }, on);
      } catch (err) {
        if (!(err instanceof AppError) || !['INSUFFICIENT_STOCK', 'INVALID_TRANSITION'].includes(err.code)) throw err;
        await recordStep(tx, ctx, {
          orderId: order.id,
          lineId: line.id,
          type: 'notEnoughInBufferStore',
          data: { articleNumber: line.articleNumber, quantity: line.quantity, reason: err.message },
        });
      }
      continue;
    }
    if (!line.unitNumber || !line.unitTracked) continue;
    const [u] = await tx.select().from(provisionUnit).where(eq(provisionUnit.unitNumber, line.unitNumber));
    const [placed] = u ? await tx.select().from(provisionBufferUnit).where(eq(provisionBufferUnit.unitId, u.id)) : [];
    if (!u || u.status !== 'inBufferStore' || placed?.bufferStoreId !== bufferStoreOf(order) || line.quantity !== 1) {
      await recordStep(tx, ctx, { orderId: order.id, lineId: line.id, type: 'unitNotInBufferStore', data: { unitNumber: line.unitNumber } });
      continue;
    }
    try {
      await registerInTx(tx, ctx, order, line, { units: [line.unitNumber] }, on);
    } catch (err) {
      // Not equivalent to the article, say: customer service registers the right unit by hand.
      if (err instanceof AppError && err.code === 'VALIDATION')
        await recordStep(tx, ctx, {
          orderId: order.id,
          lineId: line.id,
          type: 'unitNotInBufferStore',
          data: { unitNumber: line.unitNumber, reason: err.message },
        });
      else throw err;
    }
  }
}

/** POST /api/provision/lines/:id/register-withdrawal: customer service registers the withdrawn units on the patient. */
export async function registerWithdrawal(ctx: Ctx, lineId: string, input: z.infer<typeof registerWithdrawalInput>): Promise<RegisterWithdrawalResult> {
  requireRole(ctx, ...BUFFER_STAFF);
  const today = stockholmDateTime(ctx.now()).date;
  const on = input.registeredOn ?? today;
  if (on > today)
    throw new AppError('VALIDATION', 'Registreringsdagen kan inte vara i framtiden', {
      issues: [{ path: 'body.registeredOn', code: 'date_in_future', message: 'senast i dag' }],
    });
  return ctx.db.transaction(async (tx) => {
    const { order, line } = await lockLine(tx, lineId);
    if (order.orderType !== 'bufferWithdrawal') throw new AppError('INVALID_TRANSITION', 'Raden hör inte till ett buffertuttag');
    checkLineVersion(line, input.version);
    const withdrawn: Withdrawn = input.units ? { units: input.units.map((u) => u.unitNumber) } : { quantity: input.quantity! };
    const r = await registerInTx(tx, ctx, order, line, withdrawn, on);
    return { lineId, lineVersion: r.line.version, state: r.line.state, units: r.units.map((u) => ({ unitNumber: u.unitNumber })), quantity: r.quantity };
  });
}

/** GET /api/provision/lines/:id/buffer-units: the units in the order's buffer store that fit the line. */
export async function listBufferUnitsForLine(ctx: Ctx, lineId: string): Promise<z.infer<typeof bufferUnitsView>> {
  requireRole(ctx, ...CENTRE_READERS);
  const [line] = await ctx.db.select().from(provisionOrderLine).where(eq(provisionOrderLine.id, lineId));
  if (!line) throw lineNotFound();
  const [order] = await ctx.db.select().from(provisionOrder).where(eq(provisionOrder.id, line.orderId));
  const storeId = order ? bufferStoreOf(order) : null;
  if (!storeId || !line.articleId) return { bufferStoreId: storeId, units: [], balance: null };
  if (!line.unitTracked) return { bufferStoreId: storeId, units: [], balance: await bufferQuantity(ctx.db, storeId, line.articleId) };
  const ids = await equivalentArticleIds(ctx.db, line.articleId);
  const rows = await ctx.db
    .select({ u: provisionUnit })
    .from(provisionBufferUnit)
    .innerJoin(provisionUnit, eq(provisionUnit.id, provisionBufferUnit.unitId))
    .where(and(eq(provisionBufferUnit.bufferStoreId, storeId), inArray(provisionUnit.articleId, ids)))
    .orderBy(asc(provisionUnit.seq))
    .limit(100);
  return { bufferStoreId: storeId, units: rows.map((r) => toUnitSummary(r.u, null)), balance: null };
}

/**
 * POST /api/provision/buffer-units: the warehouse stocks a customer's buffer store with units from its
 * warehouses (they leave the replacement chain until withdrawn or taken back).
 */
export async function placeInBufferStore(ctx: Ctx, input: z.infer<typeof placeInBufferInput>) {
  requireRole(ctx, ...WAREHOUSE);
  return ctx.db.transaction(async (tx) => {
    const customer = await customerById(tx, input.customerId);
    const store = customer?.bufferStores.find((s) => s.id === input.bufferStoreId);
    if (!customer || !store)
      throw new AppError('VALIDATION', 'Buffertförrådet hör inte till kunden', {
        issues: [{ path: 'body.bufferStoreId', code: 'unknown', message: 'okänt förråd' }],
      });
    if (!store.active)
      throw new AppError('VALIDATION', 'Buffertförrådet är inte aktivt', { issues: [{ path: 'body.bufferStoreId', code: 'inactive', message: 'inaktivt' }] });
    const units = await tx.select().from(provisionUnit).where(inArray(provisionUnit.id, input.unitIds)).orderBy(asc(provisionUnit.id)).for('update');
    if (units.length !== new Set(input.unitIds).size) throw new AppError('NOT_FOUND', 'En eller flera individer finns inte');
    const on = stockholmDateTime(ctx.now()).date;
    const placed: UnitRow[] = [];
    for (const u of units) {
      if (!(inStockStatuses as readonly string[]).includes(u.status))
        throw new AppError('UNIT_NOT_AVAILABLE', `Individ ${u.unitNumber} är ${unitStatusLabels[u.status]} och kan inte ställas i buffertförrådet`);
      assertInspectionAllowsUse(u, on);
      placed.push(
        await transitionUnit(
          tx,
          ctx,
          u,
          'inBufferStore',
          {
            type: 'placedInBufferStore',
            data: { customerNumber: customer.customerNumber, bufferStoreId: store.id, bufferStore: store.name, fromWarehouseId: u.warehouseId },
          },
          { warehouseId: null },
        ),
      );
      await tx.insert(provisionBufferUnit).values({ unitId: u.id, bufferStoreId: store.id, customerId: customer.id, placedOn: on, placedAt: ctx.now() });
      await postBufferTransaction(tx, ctx, {
        bufferStoreId: store.id,
        article: { id: u.articleId, articleNumber: u.articleNumber, name: u.articleName, unitTracked: true },
        quantity: 1,
        kind: 'adjustment',
        unitId: u.id,
        note: 'Ställd i förrådet av lagret',
      });
    }
    await audit(tx, ctx, {
      action: 'provision.buffer-store.place-units',
      entityType: 'buffer_store',
      entityId: store.id,
      details: { customerNumber: customer.customerNumber, units: placed.map((u) => u.unitNumber) },
    });
    return { units: placed.map((u) => toUnitSummary(u, null)) };
  });
}
