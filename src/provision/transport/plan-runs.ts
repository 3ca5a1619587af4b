import { sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { customersByIds } from '../../administration/organisation/customers.ts';
import { listDeliveryAreas } from '../../administration/organisation/delivery-areas.ts';
import { audit } from '../../platform/audit/audit.ts';
import { addDays, stockholmDateTime, type IsoDate } from '../../platform/calendar/index.ts';
import { requireRole, type Ctx } from '../../platform/context.ts';
import type { DbOrTx } from '../../platform/db/client.ts';
import { AppError } from '../../platform/errors.ts';
import { deliveryDayOnOrAfter } from '../due-dates/compute-due-date.ts';
import { TRANSPORT_PLANNERS } from '../roles.ts';

/** Plain SQL's rows (both drivers answer { rows }). */
export async function rows<T>(db: DbOrTx, query: SQL): Promise<T[]> {
  return ((await db.execute(query)) as unknown as { rows: T[] }).rows;
}

export const planInput = z.strictObject({
  day: z.iso.date().describe('Körningsdagen'),
  areaId: z.uuid().optional().describe('Ett område som ska få en körning även om dagen inte är dess leveransdag'),
});

export const planResult = z.object({
  day: z.string(),
  runs: z.array(z.object({ runId: z.uuid(), areaId: z.uuid(), areaName: z.string(), added: z.number() })),
});
export type PlanResult = z.infer<typeof planResult>;

/** Whether `day` is the area's delivery day (its weekday, or the working day a holiday moved it to). */
export function isDeliveryDay(day: IsoDate, weekday: number): boolean {
  for (let k = 0; k < 7; k++) if (deliveryDayOnOrAfter(addDays(day, -k), weekday) === day) return true;
  return false;
}

/**
 * What a stop's lines are: the open lines of one order that may go on a run of `day` — customer-order lines
 * that are filled (every remaining unit reserved, or enough in stock for a non-unit-tracked article) and due or
 * planned on or before the day, and open pick-up lines of a unit the patient has — and are on no pending stop,
 * nor on a stop where nobody was home whose next attempt is later than the day. As SQL over the runs in `runs`
 * (a VALUES list of run id and area id), for one set-based INSERT.
 */
function candidateLines(day: IsoDate) {
  return sql`
    SELECT r.run_id, o.id AS order_id, l.id AS line_id, l.line_number,
      CASE WHEN o.order_type = 'pickUp' THEN 'pickUp' ELSE 'delivery' END AS kind
    FROM provision_order_line l
    JOIN provision_order o ON o.id = l.order_id
    JOIN runs r ON r.area_id = o.delivery_area_id
    WHERE l.state IN ('received', 'orderedFromSupplier')
      AND o.status = 'open' AND o.order_type = 'customerOrder'
      AND o.delivery->>'kind' <> 'none'
      AND coalesce(l.planned_date, l.due_date, '9999-12-31'::date) <= ${day}::date
      AND l.article_id IS NOT NULL
      AND CASE WHEN l.unit_tracked
        THEN (SELECT count(*) FROM provision_unit u WHERE u.reserved_for_line_id = l.id) >= l.quantity - l.delivered_quantity
        ELSE coalesce((SELECT max(b.balance) FROM provision_stock_balance b WHERE b.article_id = l.article_id), 0) >= l.quantity - l.delivered_quantity
      END
      AND NOT EXISTS (SELECT 1 FROM provision_delivery_stop_line sl JOIN provision_delivery_stop s ON s.id = sl.stop_id
        WHERE sl.line_id = l.id AND (s.state = 'pending' OR s.state = 'nobodyHome' AND s.next_attempt > ${day}::date))
    UNION ALL
    SELECT r.run_id, o.id, l.id, l.line_number, 'pickUp'
    FROM provision_pick_up pu
    JOIN provision_order_line l ON l.id = pu.line_id
    JOIN provision_order o ON o.id = l.order_id
    JOIN runs r ON r.area_id = o.delivery_area_id
    WHERE pu.picked_up_on IS NULL AND pu.unit_id IS NOT NULL AND pu.registered_on <= ${day}::date
      AND l.state = 'received' AND o.status = 'open'
      AND NOT EXISTS (SELECT 1 FROM provision_delivery_stop_line sl JOIN provision_delivery_stop s ON s.id = sl.stop_id
        WHERE sl.line_id = l.id AND (s.state = 'pending' OR s.state = 'nobodyHome' AND s.next_attempt > ${day}::date))`;
}

/** The address a stop goes to, from the order: the patient's (none for a protected identity) or the other address given. */
export const addressColumns = sql`
  CASE WHEN o.delivery->>'kind' IN ('deliveryPoint', 'bufferStore') THEN o.delivery->>'label'
       WHEN p.id IS NOT NULL THEN p.first_name || ' ' || p.last_name ELSE o.customer_name END,
  coalesce(p.protected_identity, false) AND o.delivery->>'kind' = 'patientAddress',
  CASE o.delivery->>'kind' WHEN 'patientAddress' THEN p.care_of WHEN 'otherAddress' THEN o.delivery->'address'->>'careOf' END,
  CASE o.delivery->>'kind' WHEN 'patientAddress' THEN p.street WHEN 'otherAddress' THEN o.delivery->'address'->>'street' END,
  CASE o.delivery->>'kind' WHEN 'patientAddress' THEN p.postal_code WHEN 'otherAddress' THEN o.delivery->'address'->>'postalCode' END,
  CASE o.delivery->>'kind' WHEN 'patientAddress' THEN p.city WHEN 'otherAddress' THEN o.delivery->'address'->>'city' END`;

/**
 * POST /api/provision/transport/plan: makes or refreshes the runs of `day` — one per delivery area whose delivery
 * day it is, and the area the planner names on another day. New stops (one per order: its ready lines, or its
 * pick-ups) are appended to the run after the stops already on it, in postal-code order (then street), so a fresh
 * run is in postal-code order and a planner's order of an existing run is kept. Stops already on a run, and
 * everything a driver confirmed, are left alone. A run already done gets nothing new. Stops still pending on a run
 * of an earlier day (never driven) are taken off it and planned again.
 *
 * Set-based: one INSERT of the runs, one INSERT … SELECT of the stops and their lines, and one UPDATE for the
 * delivery points' addresses (read from administration's register), whatever the number of stops.
 */
export async function planRuns(ctx: Ctx, input: z.infer<typeof planInput>): Promise<PlanResult> {
  requireRole(ctx, ...TRANSPORT_PLANNERS);
  const areas = await listDeliveryAreas(ctx);
  if (input.areaId && !areas.some((a) => a.id === input.areaId)) throw new AppError('NOT_FOUND', 'Leveransområdet finns inte');
  const chosen = areas.filter((a) => a.id === input.areaId || isDeliveryDay(input.day, a.weekday));
  if (chosen.length === 0) return { day: input.day, runs: [] };
  return ctx.db.transaction(async (tx) => {
    const areaValues = sql.join(
      chosen.map((a) => sql`(${a.id}::uuid, ${a.name}::text)`),
      sql`, `,
    );
    await tx.execute(sql`
      INSERT INTO provision_delivery_run (area_id, area_name, day)
      SELECT a.id, a.name, ${input.day}::date FROM (VALUES ${areaValues}) AS a(id, name)
      ON CONFLICT (area_id, day) DO NOTHING`);
    // Stops left pending on an earlier day's run of these areas were never driven (a driver confirms only today's
    // run): they come off that run and are planned again below; a run with nothing left pending is done.
    const today = stockholmDateTime(ctx.now()).date;
    const earlier = input.day < today ? input.day : today;
    await tx.execute(sql`
      DELETE FROM provision_delivery_stop s USING provision_delivery_run r
      WHERE r.id = s.run_id AND s.state = 'pending' AND r.day < ${earlier}::date
        AND r.area_id IN (SELECT a.id FROM (VALUES ${areaValues}) AS a(id, name))`);
    await tx.execute(sql`
      UPDATE provision_delivery_run r SET state = 'done', version = r.version + 1, updated_at = ${ctx.now().toISOString()}::timestamptz
      WHERE r.day < ${earlier}::date AND r.state <> 'done'
        AND r.area_id IN (SELECT a.id FROM (VALUES ${areaValues}) AS a(id, name))
        AND NOT EXISTS (SELECT 1 FROM provision_delivery_stop s WHERE s.run_id = r.id AND s.state = 'pending')`);
    const added = await rows<{ run_id: string; stop_id: string; order_id: string; delivery_kind: string }>(
      tx,
      sql`
      WITH runs AS (
        SELECT r.id AS run_id, r.area_id FROM provision_delivery_run r
        WHERE r.day = ${input.day}::date AND r.state <> 'done' AND r.area_id IN (SELECT a.id FROM (VALUES ${areaValues}) AS a(id, name))
      ),
      cand AS (${candidateLines(input.day)}),
      stops AS (
        SELECT c.run_id, c.order_id, min(c.kind) AS kind FROM cand c GROUP BY c.run_id, c.order_id
      ),
      numbered AS (
        SELECT s.run_id, s.order_id, s.kind, ${addressColumns},
          o.delivery->>'kind' AS delivery_kind,
          coalesce((SELECT max(x.position) FROM provision_delivery_stop x WHERE x.run_id = s.run_id), 0)
            + row_number() OVER (PARTITION BY s.run_id ORDER BY
                CASE o.delivery->>'kind' WHEN 'patientAddress' THEN p.postal_code WHEN 'otherAddress' THEN o.delivery->'address'->>'postalCode' END NULLS LAST,
                CASE o.delivery->>'kind' WHEN 'patientAddress' THEN p.street WHEN 'otherAddress' THEN o.delivery->'address'->>'street' END NULLS LAST,
                o.seq) AS position
        FROM stops s JOIN provision_order o ON o.id = s.order_id LEFT JOIN provision_patient p ON p.order_id = o.id
      ),
      inserted AS (
        INSERT INTO provision_delivery_stop (run_id, kind, order_id, label, protected_identity, care_of, street, postal_code, city, position)
        SELECT run_id, kind, order_id, label, protected, care_of, street, postal_code, city, position
        FROM numbered AS n(run_id, order_id, kind, label, protected, care_of, street, postal_code, city, delivery_kind, position)
        RETURNING id, run_id, order_id
      ),
      lines AS (
        INSERT INTO provision_delivery_stop_line (stop_id, line_id, line_number)
        SELECT i.id, c.line_id, c.line_number FROM inserted i JOIN cand c ON c.run_id = i.run_id AND c.order_id = i.order_id
      )
      SELECT i.run_id, i.id AS stop_id, i.order_id, o.delivery->>'kind' AS delivery_kind
      FROM inserted i JOIN provision_order o ON o.id = i.order_id`,
    );
    await fillDeliveryPointAddresses(
      tx,
      added.filter((r) => r.delivery_kind === 'deliveryPoint' || r.delivery_kind === 'bufferStore').map((r) => r.stop_id),
    );
    const runs = await rows<{ id: string; area_id: string; area_name: string }>(
      tx,
      sql`SELECT id, area_id, area_name FROM provision_delivery_run WHERE day = ${input.day}::date AND area_id IN (SELECT a.id FROM (VALUES ${areaValues}) AS a(id, name))`,
    );
    const counts = new Map<string, number>();
    for (const r of added) counts.set(r.run_id, (counts.get(r.run_id) ?? 0) + 1);
    await audit(tx, ctx, {
      action: 'provision.transport.plan',
      entityType: 'provision_delivery_run',
      details: { day: input.day, areas: chosen.length, stops: added.length },
    });
    return {
      day: input.day,
      runs: runs
        .map((r) => ({ runId: r.id, areaId: r.area_id, areaName: r.area_name, added: counts.get(r.id) ?? 0 }))
        .sort((a, b) => a.areaName.localeCompare(b.areaName, 'sv')),
    };
  });
}

/**
 * Stops to a delivery point or a buffer store get its address from administration's register (the order keeps
 * only its id and label); a buffer store is at its customer's default address. One UPDATE for them all.
 */
export async function fillDeliveryPointAddresses(tx: DbOrTx, stopIds: readonly string[]) {
  if (stopIds.length === 0) return;
  const ids = sql.join(
    stopIds.map((id) => sql`${id}::uuid`),
    sql`, `,
  );
  const refs = await rows<{ stop_id: string; customer_id: string; kind: string; address_id: string | null }>(
    tx,
    sql`
    SELECT s.id AS stop_id, o.customer_id, o.delivery->>'kind' AS kind, o.delivery->>'deliveryAddressId' AS address_id
    FROM provision_delivery_stop s JOIN provision_order o ON o.id = s.order_id WHERE s.id IN (${ids})
      AND o.delivery->>'kind' IN ('deliveryPoint', 'bufferStore')`,
  );
  const customers = new Map((await customersByIds(tx, [...new Set(refs.map((r) => r.customer_id))])).map((c) => [c.id, c]));
  const values = refs.flatMap((r) => {
    const c = customers.get(r.customer_id);
    const a = c?.addresses.find((x) => (r.kind === 'deliveryPoint' ? x.id === r.address_id : x.isDefault));
    return a ? [sql`(${r.stop_id}::uuid, ${a.street}::text, ${a.postalCode}::text, ${a.city}::text)`] : [];
  });
  if (values.length === 0) return;
  await tx.execute(sql`
    UPDATE provision_delivery_stop s SET street = v.street, postal_code = v.postal_code, city = v.city
    FROM (VALUES ${sql.join(values, sql`, `)}) AS v(id, street, postal_code, city) WHERE s.id = v.id`);
}
