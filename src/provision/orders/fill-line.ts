import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import { requireRole, type Ctx } from '../../platform/context.ts';
import type { DbOrTx } from '../../platform/db/client.ts';
import { AppError } from '../../platform/errors.ts';
import { PLANNERS, WAREHOUSE } from '../roles.ts';
import { provisionOrder, provisionOrderLine, provisionStockBalance, provisionUnit, provisionWarehouse } from '../schema.ts';
import { transitionUnit, type UnitRow } from '../units/transition-unit.ts';
import { inStockStatuses, stockStatusOf, unitStatusLabels } from '../units/unit-states.ts';
import { toUnitSummary, unitSummary } from '../units/unit-views.ts';
import { stockholmDateTime } from '../../platform/calendar/index.ts';
import { assertInspectionAllowsUse, inspectionAllowsUse } from '../maintenance/unit-usable.ts';
import { equivalentArticleIds } from './equivalents.ts';
import { isClosed } from './line-states.ts';
import { recordStep } from './order-events.ts';
import { checkLineVersion, lockLine, lineNotFound, updateLine, type LineRow, type OrderRow } from './order-store.ts';

/**
 * Filling a customer-order line (DOMAIN §4): the replacement chain picks the unit — reconditioned units
 * before new ones, and among them the oldest (purchase date) first — from the line's article and its
 * configured equivalents. A reserved unit belongs to its line: no other line can reserve or deliver it.
 */

/** The chain's order, as SQL: reconditioned first, then the oldest, then the lowest unit number. */
export const CHAIN_ORDER = [desc(sql`${provisionUnit.status} = 'reconditionedInStock'`), asc(provisionUnit.purchaseDate), asc(provisionUnit.seq)];

export function requireFillable(order: OrderRow, line: LineRow) {
  if (order.orderType !== 'customerOrder') throw new AppError('INVALID_TRANSITION', 'Bara kundorderrader levereras så här');
  if (isClosed(line.state))
    throw new AppError('INVALID_TRANSITION', `Rad ${line.lineNumber} är redan ${line.state === 'delivered' ? 'levererad' : 'avslutad'}`);
  if (!line.articleId) throw new AppError('INVALID_TRANSITION', `Rad ${line.lineNumber} har ingen artikel`);
}

export const suggestionsView = z.object({
  lineId: z.uuid(),
  lineVersion: z.number(),
  unitTracked: z.boolean(),
  remaining: z.number(),
  reserved: z.array(unitSummary),
  /** Units the replacement chain offers next, best first. */
  suggestions: z.array(unitSummary),
  /** Non-unit-tracked articles: the balance per warehouse. */
  stock: z.array(z.object({ warehouseId: z.uuid(), warehouseName: z.string(), balance: z.number() })),
});
export type SuggestionsView = z.infer<typeof suggestionsView>;

async function withWarehouseNames(db: DbOrTx, units: UnitRow[]) {
  const whs = await db.select({ id: provisionWarehouse.id, name: provisionWarehouse.name }).from(provisionWarehouse);
  const name = (id: string | null) => whs.find((w) => w.id === id)?.name ?? null;
  return units.map((u) => toUnitSummary(u, name(u.warehouseId)));
}

/** GET /api/provision/lines/:id/suggestions: what the warehouse should pick for the line. */
export async function suggestUnits(ctx: Ctx, lineId: string): Promise<SuggestionsView> {
  requireRole(ctx, ...PLANNERS);
  const [line] = await ctx.db.select().from(provisionOrderLine).where(eq(provisionOrderLine.id, lineId));
  if (!line) throw lineNotFound();
  const reserved = await ctx.db.select().from(provisionUnit).where(eq(provisionUnit.reservedForLineId, lineId)).orderBy(asc(provisionUnit.seq));
  const remaining = line.quantity - line.deliveredQuantity;
  let suggestions: UnitRow[] = [];
  let stock: SuggestionsView['stock'] = [];
  if (line.articleId && line.unitTracked) {
    const ids = await equivalentArticleIds(ctx.db, line.articleId);
    suggestions = await ctx.db
      .select()
      .from(provisionUnit)
      .where(
        and(inArray(provisionUnit.articleId, ids), inArray(provisionUnit.status, [...inStockStatuses]), inspectionAllowsUse(stockholmDateTime(ctx.now()).date)),
      )
      .orderBy(...CHAIN_ORDER)
      .limit(Math.max(5, remaining - reserved.length + 4));
  } else if (line.articleId) {
    stock = await ctx.db
      .select({ warehouseId: provisionStockBalance.warehouseId, warehouseName: provisionWarehouse.name, balance: provisionStockBalance.balance })
      .from(provisionStockBalance)
      .innerJoin(provisionWarehouse, eq(provisionWarehouse.id, provisionStockBalance.warehouseId))
      .where(eq(provisionStockBalance.articleId, line.articleId))
      .orderBy(desc(provisionStockBalance.balance));
  }
  return {
    lineId,
    lineVersion: line.version,
    unitTracked: line.unitTracked,
    remaining,
    reserved: await withWarehouseNames(ctx.db, reserved),
    suggestions: await withWarehouseNames(ctx.db, suggestions),
    stock,
  };
}

export const reserveInput = z.strictObject({
  version: z.int().describe('Radens version som du såg'),
  unitIds: z.array(z.uuid()).min(1).max(100).optional().describe('Individer att reservera; utelämnat = ersättningskedjans förslag'),
  count: z.int().min(1).max(100).optional().describe('Hur många kedjan ska välja (utan unitIds); standard = det som återstår'),
});
export const releaseInput = z.strictObject({
  version: z.int(),
  unitIds: z.array(z.uuid()).min(1).max(100).optional().describe('Utelämnat = alla radens reservationer'),
});
export const fillResult = z.object({ lineId: z.uuid(), lineVersion: z.number(), reserved: z.array(unitSummary) });
export type FillResult = z.infer<typeof fillResult>;

/** A unit that cannot go to this line, said so the warehouse knows where it is. */
export async function unitUnavailable(tx: DbOrTx, u: UnitRow, lineId: string): Promise<AppError> {
  if (u.status === 'reserved' && u.reservedForLineId !== lineId) {
    const [other] = await tx
      .select({ n: provisionOrder.centreOrderNumber, line: provisionOrderLine.lineNumber })
      .from(provisionOrderLine)
      .innerJoin(provisionOrder, eq(provisionOrder.id, provisionOrderLine.orderId))
      .where(eq(provisionOrderLine.id, u.reservedForLineId!));
    return new AppError(
      'UNIT_RESERVED_ELSEWHERE',
      `Individ ${u.unitNumber} är reserverad för order ${other?.n ?? '?'} rad ${other?.line ?? '?'} och kan inte användas här. Välj en annan individ eller släpp reservationen först.`,
    );
  }
  return new AppError('UNIT_NOT_AVAILABLE', `Individ ${u.unitNumber} är ${unitStatusLabels[u.status]} och kan inte levereras`);
}

/** Locks the named units in a fixed order (by id), so two staff locking overlapping sets cannot deadlock. */
export async function lockUnits(tx: DbOrTx, ids: readonly string[]): Promise<UnitRow[]> {
  if (!ids.length) return [];
  const rows = await tx
    .select()
    .from(provisionUnit)
    .where(inArray(provisionUnit.id, [...ids]))
    .orderBy(asc(provisionUnit.id))
    .for('update');
  const missing = ids.filter((id) => !rows.some((r) => r.id === id));
  if (missing.length) throw new AppError('NOT_FOUND', `Individen finns inte (${missing.join(', ')})`);
  return rows;
}

/** POST /api/provision/lines/:id/reserve */
export async function reserveUnits(ctx: Ctx, lineId: string, input: z.infer<typeof reserveInput>): Promise<FillResult> {
  requireRole(ctx, ...WAREHOUSE);
  return ctx.db.transaction(async (tx) => {
    const { order, line } = await lockLine(tx, lineId);
    checkLineVersion(line, input.version);
    requireFillable(order, line);
    if (!line.unitTracked)
      throw new AppError('INVALID_TRANSITION', `Artikeln på rad ${line.lineNumber} är inte individmärkt; den tas ur lagersaldot vid leverans`);
    const already = await tx.select({ id: provisionUnit.id }).from(provisionUnit).where(eq(provisionUnit.reservedForLineId, lineId));
    const open = line.quantity - line.deliveredQuantity - already.length;
    const equivalents = await equivalentArticleIds(tx, line.articleId!);
    let units: UnitRow[];
    if (input.unitIds) {
      units = (await lockUnits(tx, input.unitIds)).filter((u) => u.reservedForLineId !== lineId);
      for (const u of units) {
        if (!(inStockStatuses as readonly string[]).includes(u.status)) throw await unitUnavailable(tx, u, lineId);
        assertInspectionAllowsUse(u, stockholmDateTime(ctx.now()).date);
        if (!equivalents.includes(u.articleId))
          throw new AppError('VALIDATION', `Individ ${u.unitNumber} (${u.articleName}) är inte likvärdig med artikeln på raden`);
      }
    } else {
      if (open <= 0) throw new AppError('VALIDATION', `Rad ${line.lineNumber} har redan individer reserverade för hela antalet`);
      // The chain's next units; SKIP LOCKED so two staff reserving for different lines at once never block
      // each other on, or both take, the same unit.
      units = await tx
        .select()
        .from(provisionUnit)
        .where(
          and(
            inArray(provisionUnit.articleId, equivalents),
            inArray(provisionUnit.status, [...inStockStatuses]),
            // Never a unit past its inspection date or out of use (maintenance/).
            inspectionAllowsUse(stockholmDateTime(ctx.now()).date),
          ),
        )
        .orderBy(...CHAIN_ORDER)
        .limit(Math.max(0, input.count ?? open))
        .for('update', { skipLocked: true });
      if (units.length === 0)
        throw new AppError('UNIT_NOT_AVAILABLE', `Det finns ingen ledig individ av ${line.articleNumber} ${line.articleName} eller likvärdig i lager`);
    }
    if (units.length > open)
      throw new AppError(
        'VALIDATION',
        `Rad ${line.lineNumber} behöver ${Math.max(open, 0)} ${open === 1 ? 'individ' : 'individer'} till, inte ${units.length}`,
      );
    for (const u of units) {
      await transitionUnit(tx, ctx, u, 'reserved', { type: 'reserved', orderId: order.id, lineId }, { reservedForLineId: lineId });
    }
    if (units.length) await recordStep(tx, ctx, { orderId: order.id, lineId, type: 'reserved', data: { units: units.map((u) => u.unitNumber) } });
    const updated = await updateLine(tx, line, {}, ctx.now());
    const reserved = await tx.select().from(provisionUnit).where(eq(provisionUnit.reservedForLineId, lineId)).orderBy(asc(provisionUnit.seq));
    return { lineId, lineVersion: updated.version, reserved: await withWarehouseNames(tx, reserved) };
  });
}

/** POST /api/provision/lines/:id/release: the units go back to stock. */
export async function releaseUnits(ctx: Ctx, lineId: string, input: z.infer<typeof releaseInput>): Promise<FillResult> {
  requireRole(ctx, ...WAREHOUSE);
  return ctx.db.transaction(async (tx) => {
    const { order, line } = await lockLine(tx, lineId);
    checkLineVersion(line, input.version);
    const mine = await tx.select().from(provisionUnit).where(eq(provisionUnit.reservedForLineId, lineId)).orderBy(asc(provisionUnit.id)).for('update');
    const units = input.unitIds ? mine.filter((u) => input.unitIds!.includes(u.id)) : mine;
    if (input.unitIds && units.length !== input.unitIds.length) throw new AppError('VALIDATION', 'En eller flera individer är inte reserverade för raden');
    for (const u of units) {
      await transitionUnit(tx, ctx, u, stockStatusOf(u), { type: 'released', orderId: order.id, lineId }, { reservedForLineId: null });
    }
    if (units.length) await recordStep(tx, ctx, { orderId: order.id, lineId, type: 'released', data: { units: units.map((u) => u.unitNumber) } });
    const updated = await updateLine(tx, line, {}, ctx.now());
    const reserved = await tx.select().from(provisionUnit).where(eq(provisionUnit.reservedForLineId, lineId)).orderBy(asc(provisionUnit.seq));
    return { lineId, lineVersion: updated.version, reserved: await withWarehouseNames(tx, reserved) };
  });
}
