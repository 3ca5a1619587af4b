import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { auditRepeatedRead } from '../../platform/audit/audit.ts';
import { addDays, stockholmDateTime, type IsoDate } from '../../platform/calendar/index.ts';
import { deliveryDayOnOrAfter } from '../due-dates/compute-due-date.ts';
import { hasRole, requireRole, type Ctx } from '../../platform/context.ts';
import type { DbOrTx } from '../../platform/db/client.ts';
import { AppError } from '../../platform/errors.ts';
import { DRIVERS, TRANSPORT_READERS } from '../roles.ts';
import { rows } from './plan-runs.ts';

export const runSummary = z.object({
  id: z.uuid(),
  areaId: z.uuid(),
  areaName: z.string(),
  day: z.string(),
  state: z.enum(['planned', 'out', 'done']),
  driverName: z.string().nullable(),
  version: z.number(),
  stops: z.number(),
  confirmed: z.number(),
});
export type RunSummary = z.infer<typeof runSummary>;

const stopLine = z.object({
  lineId: z.uuid(),
  lineNumber: z.number(),
  articleNumber: z.string().nullable(),
  articleName: z.string().nullable(),
  quantity: z.number(),
  unitTracked: z.boolean(),
  /** Deliveries: the units reserved for the line (to load); pick-ups: the unit to fetch. */
  unitNumbers: z.array(z.string()),
  state: z.string(),
});

export const stopView = z.object({
  id: z.uuid(),
  position: z.number(),
  kind: z.enum(['delivery', 'pickUp']),
  orderId: z.uuid(),
  centreOrderNumber: z.string().nullable(),
  customerName: z.string(),
  label: z.string().nullable(),
  protectedIdentity: z.boolean(),
  address: z.object({ careOf: z.string().nullable(), street: z.string(), postalCode: z.string(), city: z.string() }).nullable(),
  contactName: z.string().nullable(),
  contactPhone: z.string().nullable(),
  /** The area's next delivery day after the run: the suggested next attempt when nobody is home. */
  suggestedNextAttempt: z.string(),
  state: z.enum(['pending', 'delivered', 'pickedUp', 'nobodyHome']),
  recipientName: z.string().nullable(),
  note: z.string().nullable(),
  nextAttempt: z.string().nullable(),
  noNewAttempt: z.boolean(),
  confirmedAt: z.string().nullable(),
  confirmedByName: z.string().nullable(),
  lines: z.array(stopLine),
});
export type StopView = z.infer<typeof stopView>;

export const loadingRow = z.object({
  position: z.number(),
  label: z.string().nullable(),
  articleNumber: z.string().nullable(),
  articleName: z.string().nullable(),
  quantity: z.number(),
  unitNumbers: z.array(z.string()),
});

export const runView = runSummary.extend({
  stops: z.array(stopView),
  stopCount: z.number(),
  /** What to load for the deliveries still to make, last stop first (it goes in first). */
  loadingList: z.array(loadingRow),
});
export type RunView = z.infer<typeof runView>;

export const runsQuery = z.strictObject({ day: z.iso.date().describe('Dagen') });

const today = (ctx: Ctx) => stockholmDateTime(ctx.now()).date;

interface RunRow {
  id: string;
  area_id: string;
  area_name: string;
  day: string;
  state: RunSummary['state'];
  driver_id: string | null;
  driver_name: string | null;
  version: number;
  stops: number;
  confirmed: number;
}

const summarySql = (where: ReturnType<typeof sql>) => sql`
  SELECT r.id, r.area_id, r.area_name, r.day::text AS day, r.state, r.driver_id, r.driver_name, r.version,
    (SELECT count(*)::int FROM provision_delivery_stop s WHERE s.run_id = r.id) AS stops,
    (SELECT count(*)::int FROM provision_delivery_stop s WHERE s.run_id = r.id AND s.state <> 'pending') AS confirmed
  FROM provision_delivery_run r WHERE ${where}`;

const toSummary = (r: RunRow): RunSummary => ({
  id: r.id,
  areaId: r.area_id,
  areaName: r.area_name,
  day: r.day,
  state: r.state,
  driverName: r.driver_name,
  version: r.version,
  stops: r.stops,
  confirmed: r.confirmed,
});
const byArea = (a: RunSummary, b: RunSummary) => a.areaName.localeCompare(b.areaName, 'sv');

/** GET /api/provision/transport/runs?day=: the day's runs with their progress (no patient data). */
export async function listRuns(ctx: Ctx, q: z.infer<typeof runsQuery>): Promise<RunSummary[]> {
  requireRole(ctx, ...TRANSPORT_READERS);
  return (await rows<RunRow>(ctx.db, summarySql(sql`r.day = ${q.day}::date`))).map(toSummary).sort(byArea);
}

/** GET /api/provision/transport/my-runs: today's runs a driver may drive — those they took and those nobody has taken (empty runs left out). */
export async function listDriverRuns(ctx: Ctx): Promise<RunSummary[]> {
  const actor = requireRole(ctx, ...DRIVERS);
  return (
    await rows<RunRow>(
      ctx.db,
      summarySql(
        sql`r.day = ${today(ctx)}::date AND (r.driver_id IS NULL OR r.driver_id = ${actor.userId}::uuid)
          AND EXISTS (SELECT 1 FROM provision_delivery_stop s WHERE s.run_id = r.id)`,
      ),
    )
  )
    .map(toSummary)
    .sort(byArea);
}

/** A driver sees a run of today that is theirs or nobody's; the centre's readers see every run. */
export function requireRunAccess(ctx: Ctx, run: { day: string; driver_id: string | null }) {
  if (hasRole(ctx, ...TRANSPORT_READERS)) return;
  const actor = requireRole(ctx, ...DRIVERS);
  if (run.day !== today(ctx)) throw new AppError('FORBIDDEN', 'Du ser bara dagens körningar');
  if (run.driver_id && run.driver_id !== actor.userId) throw new AppError('FORBIDDEN', 'Körningen har tagits av en annan chaufför');
}

export const runNotFound = () => new AppError('NOT_FOUND', 'Körningen finns inte');

/**
 * GET /api/provision/transport/runs/:id: the run's stops in order with their addresses, contacts and lines, and
 * the loading list. The addresses and names are patient data: the read is audited like the centre's other lists.
 */
export async function getRun(ctx: Ctx, runId: string): Promise<RunView> {
  requireRole(ctx, ...TRANSPORT_READERS, ...DRIVERS);
  return ctx.db.transaction(async (tx) => {
    const [run] = await rows<RunRow>(tx, summarySql(sql`r.id = ${runId}::uuid`));
    if (!run) throw runNotFound();
    requireRunAccess(ctx, run);
    const stops = await loadStops(tx, runId, run.day);
    // The centre's page and the driver's page poll the run: one row per reader and run every 10 minutes records the
    // access without a row per poll.
    await auditRepeatedRead(
      tx,
      ctx,
      {
        action: 'provision.transport.run.read',
        entityType: 'provision_delivery_run',
        entityId: runId,
        purpose: 'order-handling',
        details: { areaName: run.area_name, day: run.day, stops: stops.length },
      },
      10 * 60_000,
    );
    const loadingList = stops
      .filter((s) => s.kind === 'delivery' && s.state === 'pending')
      .reverse()
      .flatMap((s) =>
        s.lines
          .filter((l) => l.state !== 'delivered' && l.state !== 'cancelled')
          .map((l) => ({
            position: s.position,
            label: s.label,
            articleNumber: l.articleNumber,
            articleName: l.articleName,
            quantity: l.quantity,
            unitNumbers: l.unitNumbers,
          })),
      );
    return { ...toSummary(run), stops, stopCount: stops.length, loadingList };
  });
}

interface StopRow {
  id: string;
  position: number;
  kind: 'delivery' | 'pickUp';
  order_id: string;
  centre_order_number: string | null;
  customer_name: string;
  delivery_weekday: number;
  label: string | null;
  protected_identity: boolean;
  care_of: string | null;
  street: string | null;
  postal_code: string | null;
  city: string | null;
  contact: { name: string; phone: string } | null;
  state: StopView['state'];
  recipient_name: string | null;
  note: string | null;
  next_attempt: string | null;
  no_new_attempt: boolean;
  confirmed_at: Date | string | null;
  confirmed_by_name: string | null;
}

interface LineRow {
  stop_id: string;
  line_id: string;
  line_number: number;
  article_number: string | null;
  article_name: string | null;
  remaining: number;
  unit_tracked: boolean;
  state: string;
  pick_up_unit: string | null;
  units: string[] | null;
}

export async function loadStops(db: DbOrTx, runId: string, day: IsoDate): Promise<StopView[]> {
  const stops = await rows<StopRow>(
    db,
    sql`SELECT s.id, s.position, s.kind, s.order_id, o.centre_order_number, o.customer_name, o.delivery_weekday, s.label, s.protected_identity,
          s.care_of, s.street, s.postal_code, s.city, o.contact, s.state, s.recipient_name, s.note, s.next_attempt::text AS next_attempt,
          s.no_new_attempt, s.confirmed_at, s.confirmed_by_name
        FROM provision_delivery_stop s JOIN provision_order o ON o.id = s.order_id
        WHERE s.run_id = ${runId}::uuid ORDER BY s.position, s.id`,
  );
  const lines = await rows<LineRow>(
    db,
    // A pick-up line names only the unit: its article is the unit's.
    sql`SELECT sl.stop_id, l.id AS line_id, l.line_number,
          coalesce(l.article_number, pu_unit.article_number) AS article_number, coalesce(l.article_name, pu_unit.article_name) AS article_name,
          CASE WHEN l.state IN ('delivered', 'cancelled', 'done', 'pickedUp') THEN l.quantity ELSE l.quantity - l.delivered_quantity END AS remaining,
          l.unit_tracked, l.state, l.unit_number AS pick_up_unit,
          (SELECT array_agg(u.unit_number ORDER BY u.seq) FROM provision_unit u WHERE u.reserved_for_line_id = l.id) AS units
        FROM provision_delivery_stop_line sl JOIN provision_delivery_stop s ON s.id = sl.stop_id
        JOIN provision_order_line l ON l.id = sl.line_id
        LEFT JOIN LATERAL (SELECT u.article_number, u.article_name FROM provision_pick_up pu JOIN provision_unit u ON u.id = pu.unit_id
                           WHERE pu.line_id = l.id) pu_unit ON s.kind = 'pickUp'
        WHERE s.run_id = ${runId}::uuid ORDER BY sl.stop_id, l.line_number`,
  );
  return stops.map((s) => ({
    id: s.id,
    position: s.position,
    kind: s.kind,
    orderId: s.order_id,
    centreOrderNumber: s.centre_order_number,
    customerName: s.customer_name,
    label: s.label,
    protectedIdentity: s.protected_identity,
    address: s.street && s.postal_code && s.city ? { careOf: s.care_of, street: s.street, postalCode: s.postal_code, city: s.city } : null,
    contactName: s.contact?.name ?? null,
    contactPhone: s.contact?.phone ?? null,
    suggestedNextAttempt: deliveryDayOnOrAfter(addDays(day, 1), s.delivery_weekday),
    state: s.state,
    recipientName: s.recipient_name,
    note: s.note,
    nextAttempt: s.next_attempt,
    noNewAttempt: s.no_new_attempt,
    confirmedAt: s.confirmed_at ? new Date(s.confirmed_at).toISOString() : null,
    confirmedByName: s.confirmed_by_name,
    lines: lines
      .filter((l) => l.stop_id === s.id)
      .map((l) => ({
        lineId: l.line_id,
        lineNumber: l.line_number,
        articleNumber: l.article_number,
        articleName: l.article_name,
        quantity: l.remaining,
        unitTracked: l.unit_tracked,
        unitNumbers: s.kind === 'pickUp' ? (l.pick_up_unit ? [l.pick_up_unit] : []) : (l.units ?? []),
        state: l.state,
      })),
  }));
}
