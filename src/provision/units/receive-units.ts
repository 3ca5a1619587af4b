import { and, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import { articleFactsById } from '../../catalogue/articles/articles-by-number.ts';
import { audit } from '../../platform/audit/audit.ts';
import { stockholmDateTime } from '../../platform/calendar/index.ts';
import { requireRole, type Ctx } from '../../platform/context.ts';
import type { DbOrTx } from '../../platform/db/client.ts';
import { AppError } from '../../platform/errors.ts';
import { WAREHOUSE } from '../roles.ts';
import { provisionUnit, provisionUnitEvent, provisionWarehouse } from '../schema.ts';
import type { UnitRow } from './transition-unit.ts';
import { toUnitSummary, unitSummary } from './unit-views.ts';

/** Kronor; stored with two decimals (öre). */
const money = z.number().min(0, 'inköpspriset kan inte vara negativt').max(10_000_000);

/** A unit's manufacturer serial number as received: trimmed, empty = none. */
export const serialNumberInput = z
  .string()
  .trim()
  .max(80)
  .nullish()
  .transform((s) => (s ? s : null))
  .describe('Tillverkarens serienummer');

export const goodsReceiptInput = z.strictObject({
  warehouseId: z.uuid().describe('Lagret individerna ställs in i'),
  articleId: z.uuid().describe('Artikeln (individmärkt)'),
  units: z
    .array(
      z.strictObject({
        serialNumber: serialNumberInput,
        purchaseDate: z.iso.date().describe('Inköpsdatum'),
        purchaseCost: money.describe('Inköpspris i kronor'),
      }),
    )
    .min(1)
    .max(200),
});
export type GoodsReceiptInput = z.infer<typeof goodsReceiptInput>;
export const goodsReceiptResult = z.object({ units: z.array(unitSummary) });

/**
 * POST /api/provision/units/receipts: goods receipt (inleverans) of new units of a unit-tracked article.
 * Each unit gets the next unit number (U-000123), status "new in stock" and its first history step.
 */
export async function receiveUnits(ctx: Ctx, input: GoodsReceiptInput) {
  requireRole(ctx, ...WAREHOUSE);
  const today = stockholmDateTime(ctx.now()).date;
  input.units.forEach((u, i) => {
    if (u.purchaseDate > today)
      throw new AppError('VALIDATION', 'Inköpsdatumet kan inte vara i framtiden', {
        issues: [{ path: `body.units.${i}.purchaseDate`, code: 'date_too_late', message: `senast ${today}`, params: { max: today } }],
      });
  });
  const serials = input.units.flatMap((u) => (u.serialNumber ? [u.serialNumber] : []));
  if (new Set(serials).size !== serials.length)
    throw new AppError('VALIDATION', 'Samma serienummer står två gånger', { issues: [{ path: 'body.units', code: 'duplicate', message: 'dubblett' }] });
  return ctx.db.transaction(async (tx) => {
    const [wh] = await tx.select().from(provisionWarehouse).where(eq(provisionWarehouse.id, input.warehouseId));
    if (!wh || !wh.active)
      throw new AppError('VALIDATION', 'Lagret finns inte', { issues: [{ path: 'body.warehouseId', code: 'unknown', message: 'okänt lager' }] });
    const a = (await articleFactsById(tx, [input.articleId])).get(input.articleId);
    if (!a) throw new AppError('VALIDATION', 'Artikeln finns inte', { issues: [{ path: 'body.articleId', code: 'unknown', message: 'okänd artikel' }] });
    if (!a.unitTracked)
      throw new AppError('VALIDATION', `Artikeln ${a.articleNumber} är inte individmärkt: lägg in den som lagersaldo i stället`, {
        issues: [{ path: 'body.articleId', code: 'not_unit_tracked', message: 'inte individmärkt' }],
      });
    const missing = input.units.findIndex((u) => !u.serialNumber);
    if (a.serialRequired && missing >= 0)
      throw new AppError('VALIDATION', `Artikeln ${a.articleNumber} kräver serienummer`, {
        issues: [{ path: `body.units.${missing}.serialNumber`, code: 'required', message: 'krävs' }],
      });
    const rows = await insertUnits(tx, ctx, wh, a, input.units);
    await audit(tx, ctx, {
      action: 'provision.unit.receive',
      entityType: 'article',
      entityId: a.id,
      details: { articleNumber: a.articleNumber, warehouse: wh.code, units: rows.map((u) => u.unitNumber) },
    });
    return { units: rows.map((u) => toUnitSummary(u, wh.name)) };
  });
}

/**
 * New units of a unit-tracked article into a warehouse ("new in stock", each with its first history step), in the
 * caller's transaction: the goods receipt here and the receipt against a purchase order (purchasing/). A serial
 * number the article already has on another unit is refused.
 */
export async function insertUnits(
  tx: DbOrTx,
  ctx: Ctx,
  wh: { id: string; code: string },
  a: { id: string; articleNumber: string; name: string },
  units: { serialNumber: string | null; purchaseDate: string; purchaseCost: number }[],
  data: Record<string, unknown> = {},
): Promise<UnitRow[]> {
  const serials = units.flatMap((u) => (u.serialNumber ? [u.serialNumber] : []));
  if (serials.length) {
    const taken = await tx
      .select({ serial: provisionUnit.serialNumber, unitNumber: provisionUnit.unitNumber })
      .from(provisionUnit)
      .where(and(eq(provisionUnit.articleId, a.id), inArray(provisionUnit.serialNumber, serials)));
    if (taken.length) throw new AppError('CONFLICT', `Serienumret ${taken[0]!.serial} finns redan på individ ${taken[0]!.unitNumber}`);
  }
  const rows = await tx
    .insert(provisionUnit)
    .values(
      units.map((u) => ({
        articleId: a.id,
        articleNumber: a.articleNumber,
        articleName: a.name,
        serialNumber: u.serialNumber ?? null,
        purchaseDate: u.purchaseDate,
        purchaseCost: u.purchaseCost.toFixed(2),
        status: 'newInStock' as const,
        warehouseId: wh.id,
        createdAt: ctx.now(),
        updatedAt: ctx.now(),
      })),
    )
    .returning();
  rows.sort((x, y) => x.seq - y.seq);
  await tx.insert(provisionUnitEvent).values(
    rows.map((u) => ({
      unitId: u.id,
      type: 'received',
      fromStatus: null,
      toStatus: 'newInStock' as const,
      at: ctx.now(),
      actorUserId: ctx.actor?.userId ?? null,
      actorLabel: ctx.actor?.name ?? 'system',
      data: { warehouse: wh.code, purchaseDate: u.purchaseDate, purchaseCost: u.purchaseCost, ...data },
    })),
  );
  return rows;
}
