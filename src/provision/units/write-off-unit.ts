import { and, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { audit } from '../../platform/audit/audit.ts';
import { stockholmDateTime } from '../../platform/calendar/index.ts';
import { requireRole, type Ctx } from '../../platform/context.ts';
import type { DbOrTx } from '../../platform/db/client.ts';
import { AppError } from '../../platform/errors.ts';
import { optionalText } from '../../platform/http/schemas.ts';
import { provisionHolding, provisionUnit, writeOffCodes, type WriteOffCode } from '../schema.ts';
import { provisionBufferUnit } from '../buffer-withdrawals/schema.ts';
import { unitNotFound } from './list-units.ts';
import { transitionUnit, type UnitRow } from './transition-unit.ts';
import { unitStatusLabels } from './unit-states.ts';
import { unitSummary, toUnitSummary } from './unit-views.ts';
import { WAREHOUSE } from '../roles.ts';

export const writeOffInput = z.strictObject({
  version: z.int().describe('Individens version som du såg'),
  code: z.enum(writeOffCodes).describe('lossByReport förlust enligt anmälan, lossAfterInvestigation förlust efter utredning, wornOut förbrukad'),
  note: optionalText(1000),
});
export const writeOffResult = z.object({ unit: unitSummary });

export const writeOffLabels: Record<WriteOffCode, string> = {
  lossByReport: 'förlust enligt anmälan',
  lossAfterInvestigation: 'förlust efter utredning',
  wornOut: 'förbrukad',
};

/**
 * Writes a unit off (status scrapped with a code) in the caller's transaction, ending its holding if it
 * had one. The flows that tell the ordering side (lost-device reports, pick-up investigations) call this
 * and send their own event on their own order.
 */
export async function writeOffInTx(
  tx: DbOrTx,
  ctx: Ctx,
  unit: UnitRow,
  code: WriteOffCode,
  step: { orderId?: string | null; lineId?: string | null; note?: string | null },
) {
  const on = stockholmDateTime(ctx.now()).date;
  await tx
    .update(provisionHolding)
    .set({ toDate: on, endReason: `writtenOff:${code}` })
    .where(and(eq(provisionHolding.unitId, unit.id), isNull(provisionHolding.toDate)));
  // A unit written off while in a customer's buffer store leaves the store.
  if (unit.status === 'inBufferStore') await tx.delete(provisionBufferUnit).where(eq(provisionBufferUnit.unitId, unit.id));
  return transitionUnit(
    tx,
    ctx,
    unit,
    'scrapped',
    { type: 'writtenOff', orderId: step.orderId ?? null, lineId: step.lineId ?? null, data: { code, note: step.note ?? null } },
    { writeOffCode: code, writtenOffOn: on, warehouseId: null },
  );
}

/**
 * POST /api/provision/units/:id/write-off: the warehouse writes off a unit that is at the centre (in
 * stock, returned, in reconditioning). A unit on a patient is written off through its lost-device report
 * or pick-up investigation, which also tell the ordering side; a reserved unit is released first.
 */
export async function writeOffUnit(ctx: Ctx, id: string, input: z.infer<typeof writeOffInput>) {
  requireRole(ctx, ...WAREHOUSE);
  return ctx.db.transaction(async (tx) => {
    const [u] = await tx.select().from(provisionUnit).where(eq(provisionUnit.id, id)).for('update');
    if (!u) throw unitNotFound();
    if (u.version !== input.version) throw new AppError('CONFLICT', `Individ ${u.unitNumber} har just ändrats av någon annan. Ladda om sidan.`);
    if (u.status === 'onPatient' || u.status === 'pickUpOrdered') {
      throw new AppError(
        'INVALID_TRANSITION',
        `Individ ${u.unitNumber} är ${unitStatusLabels[u.status]}: skriv av den genom anmälan om förkommet hjälpmedel eller hämtorderns utredning`,
      );
    }
    if (u.status === 'reserved') throw new AppError('INVALID_TRANSITION', `Individ ${u.unitNumber} är reserverad för en orderrad: släpp reservationen först`);
    const after = await writeOffInTx(tx, ctx, u, input.code, { note: input.note ?? null });
    await audit(tx, ctx, {
      action: 'provision.unit.write-off',
      entityType: 'provision_unit',
      entityId: id,
      details: { unitNumber: u.unitNumber, code: input.code, from: u.status },
    });
    return { unit: toUnitSummary(after, null) };
  });
}
