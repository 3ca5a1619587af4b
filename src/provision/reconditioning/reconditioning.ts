import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Role } from '../../administration/schema.ts';
import { audit } from '../../platform/audit/audit.ts';
import { requireRole, type Ctx } from '../../platform/context.ts';
import type { DbOrTx } from '../../platform/db/client.ts';
import { AppError } from '../../platform/errors.ts';
import { optionalText, text } from '../../platform/http/schemas.ts';
import { CENTRE_READERS } from '../roles.ts';
import { provisionUnit, provisionUnitEvent, provisionWarehouse } from '../schema.ts';
import { unitNotFound } from '../units/list-units.ts';
import { transitionUnit, type UnitRow } from '../units/transition-unit.ts';
import { unitStatusLabels } from '../units/unit-states.ts';
import { toUnitSummary, unitSummary } from '../units/unit-views.ts';
import { writeOffInTx } from '../units/write-off-unit.ts';

/**
 * Reconditioning (rekonditionering, DOMAIN §4): a unit back from a patient is 'returned'; the workshop
 * takes it in ('inReconditioning'), cleans and checks it, and puts it in a warehouse as
 * 'reconditionedInStock' — where the replacement chain picks it before new units — or scraps it as worn
 * out. Every step is in the unit's history (provision_unit_event) with its note.
 */
export const RECONDITIONERS = ['warehouse', 'technician'] as const satisfies readonly Role[];

const STATUSES = ['returned', 'inReconditioning'] as const;

export const reconditioningRow = unitSummary.extend({ since: z.string(), note: z.string().nullable() });
export const reconditioningList = z.array(reconditioningRow);
export const versionInput = z.strictObject({ version: z.int().describe('Individens version som du såg') });
export const finishInput = z.strictObject({
  version: z.int().describe('Individens version som du såg'),
  warehouseId: z.uuid().describe('Lagret där individen ställs'),
  cleaned: z.literal(true).describe('Rengjord'),
  checked: z.literal(true).describe('Funktionskontrollerad'),
  note: text(1000).describe('Vad som gjordes'),
});
export const scrapInput = z.strictObject({ version: z.int().describe('Individens version som du såg'), note: optionalText(1000) });
export const reconditioningResult = z.object({ unit: unitSummary });

/** GET /api/provision/reconditioning: units waiting for or in reconditioning, the longest waiting first. */
export async function listReconditioning(ctx: Ctx): Promise<z.infer<typeof reconditioningList>> {
  requireRole(ctx, ...CENTRE_READERS);
  const units = await ctx.db
    .select()
    .from(provisionUnit)
    .where(inArray(provisionUnit.status, [...STATUSES]))
    .orderBy(asc(provisionUnit.updatedAt))
    .limit(500);
  if (!units.length) return [];
  // The step that brought each unit to its status: when, and its note.
  const last = await ctx.db
    .selectDistinctOn([provisionUnitEvent.unitId], { unitId: provisionUnitEvent.unitId, at: provisionUnitEvent.at, data: provisionUnitEvent.data })
    .from(provisionUnitEvent)
    .where(
      inArray(
        provisionUnitEvent.unitId,
        units.map((u) => u.id),
      ),
    )
    .orderBy(provisionUnitEvent.unitId, desc(provisionUnitEvent.id));
  return units.map((u) => {
    const e = last.find((x) => x.unitId === u.id);
    const note = e?.data && typeof e.data.note === 'string' ? e.data.note : null;
    return { ...toUnitSummary(u, null), since: (e?.at ?? u.updatedAt).toISOString(), note };
  });
}

async function lockUnit(tx: DbOrTx, id: string, version: number): Promise<UnitRow> {
  const [u] = await tx.select().from(provisionUnit).where(eq(provisionUnit.id, id)).for('update');
  if (!u) throw unitNotFound();
  if (u.version !== version)
    throw new AppError('CONFLICT', `Individ ${u.unitNumber} har just ändrats av någon annan. Ladda om sidan.`, { currentVersion: u.version });
  return u;
}

/** POST /api/provision/units/:id/reconditioning/start: the workshop takes a returned unit in. */
export async function startReconditioning(ctx: Ctx, id: string, input: z.infer<typeof versionInput>) {
  requireRole(ctx, ...RECONDITIONERS);
  return ctx.db.transaction(async (tx) => {
    const u = await lockUnit(tx, id, input.version);
    if (u.status !== 'returned')
      throw new AppError(
        'INVALID_TRANSITION',
        `Individ ${u.unitNumber} är ${unitStatusLabels[u.status]}: bara återlämnade individer tas in för rekonditionering`,
      );
    const after = await transitionUnit(tx, ctx, u, 'inReconditioning', { type: 'reconditioningStarted' });
    await audit(tx, ctx, { action: 'provision.reconditioning.start', entityType: 'provision_unit', entityId: id, details: { unitNumber: u.unitNumber } });
    return { unit: toUnitSummary(after, null) };
  });
}

/** POST /api/provision/units/:id/reconditioning/finish: cleaned and checked, back in stock as reconditioned. */
export async function finishReconditioning(ctx: Ctx, id: string, input: z.infer<typeof finishInput>) {
  requireRole(ctx, ...RECONDITIONERS);
  return ctx.db.transaction(async (tx) => {
    const u = await lockUnit(tx, id, input.version);
    if (u.status !== 'inReconditioning')
      throw new AppError('INVALID_TRANSITION', `Individ ${u.unitNumber} är ${unitStatusLabels[u.status]}: ta in den för rekonditionering först`);
    const [wh] = await tx
      .select()
      .from(provisionWarehouse)
      .where(and(eq(provisionWarehouse.id, input.warehouseId), eq(provisionWarehouse.active, true)));
    if (!wh) throw new AppError('VALIDATION', 'Lagret finns inte', { issues: [{ path: 'body.warehouseId', code: 'unknown', message: 'okänt lager' }] });
    const after = await transitionUnit(
      tx,
      ctx,
      u,
      'reconditionedInStock',
      { type: 'reconditioned', data: { note: input.note, cleaned: true, checked: true, warehouseId: wh.id, warehouse: wh.name } },
      { warehouseId: wh.id, reconditionCount: sql`${provisionUnit.reconditionCount} + 1` as unknown as number },
    );
    await audit(tx, ctx, {
      action: 'provision.reconditioning.finish',
      entityType: 'provision_unit',
      entityId: id,
      details: { unitNumber: u.unitNumber, warehouse: wh.code },
    });
    return { unit: toUnitSummary(after, wh.name) };
  });
}

/** POST /api/provision/units/:id/reconditioning/scrap: not worth reconditioning: written off 'worn out'. */
export async function scrapWornOut(ctx: Ctx, id: string, input: z.infer<typeof scrapInput>) {
  requireRole(ctx, ...RECONDITIONERS);
  return ctx.db.transaction(async (tx) => {
    const u = await lockUnit(tx, id, input.version);
    if (!(STATUSES as readonly string[]).includes(u.status))
      throw new AppError('INVALID_TRANSITION', `Individ ${u.unitNumber} är ${unitStatusLabels[u.status]} och är inte på rekonditioneringen`);
    const after = await writeOffInTx(tx, ctx, u, 'wornOut', { note: input.note ?? null });
    await audit(tx, ctx, {
      action: 'provision.reconditioning.scrap',
      entityType: 'provision_unit',
      entityId: id,
      details: { unitNumber: u.unitNumber, from: u.status },
    });
    return { unit: toUnitSummary(after, null) };
  });
}

/** The unit card's reconditioning section: each finished reconditioning from the unit's history (units/get-unit.ts). */
export function reconditioningsOf(history: readonly { type: string; at: Date; actorLabel: string | null; data: Record<string, unknown> | null }[]) {
  return history
    .filter((e) => e.type === 'reconditioned')
    .map((e) => ({
      at: e.at.toISOString(),
      note: typeof e.data?.note === 'string' ? e.data.note : null,
      warehouse: typeof e.data?.warehouse === 'string' ? e.data.warehouse : null,
      actorLabel: e.actorLabel,
    }));
}
