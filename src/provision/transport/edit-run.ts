import { and, asc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { audit } from '../../platform/audit/audit.ts';
import { requireRole, type Ctx } from '../../platform/context.ts';
import type { DbOrTx } from '../../platform/db/client.ts';
import { AppError } from '../../platform/errors.ts';
import { TRANSPORT_PLANNERS } from '../roles.ts';
import { addressColumns, fillDeliveryPointAddresses, rows } from './plan-runs.ts';
import { runNotFound } from './runs.ts';
import { provisionDeliveryRun, provisionDeliveryStop } from './schema.ts';

export const moveInput = z.strictObject({ position: z.int().min(1).max(10000).describe('Ny plats i turordningen (1 = först)') });
export const addStopInput = z.strictObject({
  centreOrderNumber: z
    .string()
    .trim()
    .regex(/^K-\d{1,12}$/, 'ordernummer som K-100123')
    .describe('Centralens ordernummer (K-…)'),
});
export const editResult = z.object({ runId: z.uuid(), version: z.number() });

async function lockEditableRun(tx: DbOrTx, runId: string) {
  const [run] = await tx.select().from(provisionDeliveryRun).where(eq(provisionDeliveryRun.id, runId)).for('update');
  if (!run) throw runNotFound();
  if (run.state === 'done') throw new AppError('INVALID_TRANSITION', 'Körningen är klar och kan inte ändras');
  return run;
}

async function pendingStop(tx: DbOrTx, runId: string, stopId: string) {
  const [stop] = await tx.select().from(provisionDeliveryStop).where(eq(provisionDeliveryStop.id, stopId)).for('update');
  if (!stop || stop.runId !== runId) throw new AppError('NOT_FOUND', 'Stoppet finns inte på den här körningen');
  if (stop.state !== 'pending') throw new AppError('CONFLICT', 'Stoppet är redan kvitterat av chauffören och kan inte ändras');
  return stop;
}

async function bump(tx: DbOrTx, ctx: Ctx, runId: string, details: Record<string, unknown>) {
  const [r] = await tx
    .update(provisionDeliveryRun)
    .set({ version: sql`${provisionDeliveryRun.version} + 1`, updatedAt: ctx.now() })
    .where(eq(provisionDeliveryRun.id, runId))
    .returning({ version: provisionDeliveryRun.version });
  await audit(tx, ctx, { action: 'provision.transport.run.edit', entityType: 'provision_delivery_run', entityId: runId, details });
  return { runId, version: r!.version };
}

/**
 * POST …/stops/:stopId/move: the planner moves a pending stop to another place among the pending stops. The
 * stops the driver already confirmed keep their places; the pending ones are renumbered into the places they had.
 */
export async function moveStop(ctx: Ctx, runId: string, stopId: string, input: z.infer<typeof moveInput>) {
  requireRole(ctx, ...TRANSPORT_PLANNERS);
  return ctx.db.transaction(async (tx) => {
    await lockEditableRun(tx, runId);
    await pendingStop(tx, runId, stopId);
    const pending = await tx
      .select({ id: provisionDeliveryStop.id, position: provisionDeliveryStop.position })
      .from(provisionDeliveryStop)
      .where(and(eq(provisionDeliveryStop.runId, runId), eq(provisionDeliveryStop.state, 'pending')))
      .orderBy(asc(provisionDeliveryStop.position), asc(provisionDeliveryStop.id));
    const places = pending.map((s) => s.position);
    const ids = pending.map((s) => s.id).filter((id) => id !== stopId);
    // The target is a place in the whole run; among the pending stops it is the first pending place at or after it.
    const at = places.filter((p) => p < input.position).length;
    ids.splice(Math.min(at, ids.length), 0, stopId);
    const values = ids.map((id, i) => sql`(${id}::uuid, ${places[i]}::int)`);
    await tx.execute(sql`UPDATE provision_delivery_stop s SET position = v.position
      FROM (VALUES ${sql.join(values, sql`, `)}) AS v(id, position) WHERE s.id = v.id`);
    return bump(tx, ctx, runId, { moved: stopId, position: input.position });
  });
}

/** DELETE …/stops/:stopId: the planner takes a pending stop off the run (its lines may go on a later run). */
export async function removeStop(ctx: Ctx, runId: string, stopId: string) {
  requireRole(ctx, ...TRANSPORT_PLANNERS);
  return ctx.db.transaction(async (tx) => {
    await lockEditableRun(tx, runId);
    const stop = await pendingStop(tx, runId, stopId);
    await tx.delete(provisionDeliveryStop).where(eq(provisionDeliveryStop.id, stopId));
    return bump(tx, ctx, runId, { removed: stopId, orderId: stop.orderId });
  });
}

/**
 * POST …/stops: the planner adds an order to the run by its number: its open customer-order lines that are not
 * on another pending stop (the planner decides they go, filled or not), or its open pick-up lines, at the end.
 */
export async function addStop(ctx: Ctx, runId: string, input: z.infer<typeof addStopInput>) {
  requireRole(ctx, ...TRANSPORT_PLANNERS);
  return ctx.db.transaction(async (tx) => {
    await lockEditableRun(tx, runId);
    const inserted = await rows<{ id: string; kind: string }>(
      tx,
      sql`
      WITH o AS (SELECT * FROM provision_order WHERE centre_order_number = ${input.centreOrderNumber} AND status = 'open'),
      cand AS (
        SELECT l.id AS line_id, l.line_number FROM provision_order_line l JOIN o ON o.id = l.order_id
        WHERE (o.order_type = 'customerOrder' AND l.state IN ('received', 'orderedFromSupplier', 'inAdaptation')
               OR o.order_type = 'pickUp' AND l.state = 'received' AND EXISTS (SELECT 1 FROM provision_pick_up pu WHERE pu.line_id = l.id AND pu.unit_id IS NOT NULL))
          AND NOT EXISTS (SELECT 1 FROM provision_delivery_stop_line sl JOIN provision_delivery_stop s ON s.id = sl.stop_id
                          WHERE sl.line_id = l.id AND s.state = 'pending')
      ),
      ins AS (
        INSERT INTO provision_delivery_stop (run_id, kind, order_id, label, protected_identity, care_of, street, postal_code, city, position)
        SELECT ${runId}::uuid, CASE WHEN o.order_type = 'pickUp' THEN 'pickUp' ELSE 'delivery' END, o.id,
          ${addressColumns},
          coalesce((SELECT max(x.position) FROM provision_delivery_stop x WHERE x.run_id = ${runId}::uuid), 0) + 1
        FROM o LEFT JOIN provision_patient p ON p.order_id = o.id
        WHERE o.order_type IN ('customerOrder', 'pickUp') AND EXISTS (SELECT 1 FROM cand)
        RETURNING id, kind
      ),
      lines AS (INSERT INTO provision_delivery_stop_line (stop_id, line_id, line_number) SELECT ins.id, cand.line_id, cand.line_number FROM ins, cand)
      SELECT id, kind FROM ins`,
    );
    const stop = inserted[0];
    if (!stop)
      throw new AppError('VALIDATION', `${input.centreOrderNumber} har inga öppna rader att köra ut eller hämta (eller ligger redan på en körning)`, {
        issues: [{ path: 'body.centreOrderNumber', code: 'invalid', message: 'inget att köra' }],
      });
    await fillDeliveryPointAddresses(tx, [stop.id]);
    return bump(tx, ctx, runId, { added: stop.id, centreOrderNumber: input.centreOrderNumber });
  });
}
