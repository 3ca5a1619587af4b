import { and, eq, sql } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.ts';
import type { DbOrTx } from '../../platform/db/client.ts';
import { AppError } from '../../platform/errors.ts';
import { provisionUnit, provisionUnitEvent, type UnitStatus } from '../schema.ts';
import { assertUnitTransition } from './unit-states.ts';

export type UnitRow = typeof provisionUnit.$inferSelect;

export interface UnitStep {
  /** What happened: 'received', 'reserved', 'released', 'delivered', 'writtenOff' … */
  type: string;
  orderId?: string | null;
  lineId?: string | null;
  data?: Record<string, unknown> | null;
}

/**
 * Moves a unit to `to` by the transition table, with the unit's other changes, and appends the step to its
 * history, in the caller's transaction. The caller has locked the unit (FOR UPDATE); the version check
 * makes a stale read fail loudly instead of overwriting someone else's step.
 */
export async function transitionUnit(
  tx: DbOrTx,
  ctx: Ctx,
  unit: UnitRow,
  to: UnitStatus,
  step: UnitStep,
  set: Partial<typeof provisionUnit.$inferInsert> = {},
): Promise<UnitRow> {
  assertUnitTransition(unit.unitNumber ?? unit.id, unit.status, to);
  return writeUnitStep(tx, ctx, unit, to, step, set);
}

/**
 * A step that changes a unit's facts but not its status (an inspection: its next date, out of use or back in
 * use), written like a transition: version-checked, with its row in the unit's history (from = to = the status).
 */
export async function recordUnitStep(
  tx: DbOrTx,
  ctx: Ctx,
  unit: UnitRow,
  step: UnitStep,
  set: Partial<typeof provisionUnit.$inferInsert> = {},
): Promise<UnitRow> {
  return writeUnitStep(tx, ctx, unit, unit.status, step, set);
}

/** The version-checked update of a unit and its history row, for a transition or a step that keeps the status. */
async function writeUnitStep(
  tx: DbOrTx,
  ctx: Ctx,
  unit: UnitRow,
  to: UnitStatus,
  step: UnitStep,
  set: Partial<typeof provisionUnit.$inferInsert>,
): Promise<UnitRow> {
  const [row] = await tx
    .update(provisionUnit)
    .set({ ...set, status: to, version: sql`${provisionUnit.version} + 1`, updatedAt: ctx.now() })
    .where(and(eq(provisionUnit.id, unit.id), eq(provisionUnit.version, unit.version)))
    .returning();
  if (!row) throw new AppError('CONFLICT', `Individ ${unit.unitNumber} har just ändrats av någon annan. Ladda om sidan.`);
  await tx.insert(provisionUnitEvent).values({
    unitId: unit.id,
    type: step.type,
    fromStatus: unit.status,
    toStatus: to,
    at: ctx.now(),
    actorUserId: ctx.actor?.userId ?? null,
    actorLabel: ctx.actor?.name ?? 'system',
    orderId: step.orderId ?? null,
    lineId: step.lineId ?? null,
    data: step.data ?? null,
  });
  return row;
}
