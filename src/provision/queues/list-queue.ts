import { sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { orderTypes } from '../../contract/matrix.ts';
import { stockholmDateTime } from '../../platform/calendar/index.ts';
import { hasRole, requireRole, type Ctx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { CLOSED_STATES_SQL } from '../orders/line-states.ts';
import { rowsOf } from '../orders/order-store.ts';
import { ORDER_HANDLERS } from '../roles.ts';
import { provisionQueues, type ProvisionQueue } from '../schema.ts';

const bool = z.enum(['true', 'false']).transform((v) => v === 'true');

export const queueParams = z.strictObject({ queue: z.enum(provisionQueues) });
export const queueQuery = z.strictObject({
  orderType: z.enum(orderTypes).optional().describe('Bara denna ordertyp'),
  deliveryAreaId: z.uuid().optional().describe('Bara detta leveransområde'),
  dueBefore: z.iso.date().optional().describe('Klart senast: detta datum eller tidigare'),
  urgent: bool.optional().describe('true = bara akuta'),
  overdue: bool.optional().describe('true = bara försenade (förväntat datum passerat)'),
  needsPlannedDate: bool.optional().describe('true = bara rader som saknar ett planerat datum som krävs (mer än 17 arbetsdagar bort)'),
  cursor: z.string().max(300).optional().describe('nextCursor från förra sidan'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type QueueQuery = z.infer<typeof queueQuery>;

export const queueItem = z.object({
  /** The line, or the order itself for orders without lines (fault reports, deviations). */
  id: z.uuid(),
  lineId: z.uuid().nullable(),
  orderId: z.uuid(),
  centreOrderNumber: z.string(),
  orderNumber: z.string(),
  orderType: z.enum(orderTypes),
  workOrderTypeCode: z.string().nullable(),
  urgent: z.boolean(),
  customerNumber: z.string(),
  customerName: z.string(),
  deliveryAreaId: z.uuid(),
  deliveryAreaName: z.string(),
  lineNumber: z.number().nullable(),
  articleNumber: z.string().nullable(),
  articleName: z.string().nullable(),
  unitNumber: z.string().nullable(),
  quantity: z.number().nullable(),
  deliveredQuantity: z.number().nullable(),
  state: z.string(),
  dueDate: z.string().nullable(),
  dueAt: z.string().nullable(),
  plannedDate: z.string().nullable(),
  expectedDate: z.string().nullable(),
  overdue: z.boolean(),
  needsPlannedDate: z.boolean(),
  acknowledgeBy: z.string().nullable(),
  acknowledged: z.boolean(),
  receivedAt: z.string(),
});
export const queuePage = z.object({ items: z.array(queueItem), nextCursor: z.string().nullable() });
export type QueuePage = z.infer<typeof queuePage>;

/** The queue each role works; customer service sees every queue (its own shows every open order). */
const OWN_QUEUE: Record<string, ProvisionQueue> = { warehouse: 'warehouse', technician: 'technician', consultant: 'consultant' };

function mayRead(ctx: Ctx, queue: ProvisionQueue) {
  requireRole(ctx, ...ORDER_HANDLERS);
  if (hasRole(ctx, 'customerService')) return;
  if (!Object.entries(OWN_QUEUE).some(([role, q]) => q === queue && hasRole(ctx, role as 'warehouse'))) {
    throw new AppError('FORBIDDEN', 'Du har inte behörighet till den arbetskön');
  }
}

const NO_DATE = '9999-12-31';

function decodeCursor(c: string): [string, boolean, string] {
  try {
    const v = JSON.parse(Buffer.from(c, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(v) && v.length === 3 && /^\d{4}-\d{2}-\d{2}$/.test(String(v[0])) && typeof v[1] === 'boolean' && z.uuid().safeParse(v[2]).success)
      return v as [string, boolean, string];
  } catch {
    // fall through
  }
  throw new AppError('VALIDATION', 'Ogiltig sidmarkör', { issues: [{ path: 'querystring.cursor', code: 'invalid_cursor', message: 'ogiltig' }] });
}

const encodeCursor = (date: string, notUrgent: boolean, id: string) => Buffer.from(JSON.stringify([date, notUrgent, id])).toString('base64url');

interface Row {
  id: string;
  line_id: string | null;
  order_id: string;
  centre_order_number: string;
  order_number: string;
  order_type: (typeof orderTypes)[number];
  work_order_type_code: string | null;
  urgent: boolean;
  customer_number: string;
  customer_name: string;
  delivery_area_id: string;
  delivery_area_name: string;
  line_number: number | null;
  article_number: string | null;
  article_name: string | null;
  unit_number: string | null;
  quantity: number | null;
  delivered_quantity: number | null;
  state: string;
  stock_form: string | null;
  due_date: string | null;
  due_at: Date | string | null;
  planned_date: string | null;
  expected_date: string | null;
  acknowledge_by: Date | string | null;
  acknowledged_at: Date | string | null;
  received_at: Date | string;
  sort_day: string;
  sort_not_urgent: boolean;
  needs_planned_date: boolean;
}

const iso = (v: Date | string | null) => (v === null ? null : new Date(v).toISOString());
/** Dates are selected as text ('YYYY-MM-DD'): the drivers would otherwise turn them into Dates in different ways. */
const day = (v: string | null) => v;

/**
 * GET /api/provision/queues/:queue: the open work of a queue, shortest deadline first (the planned date,
 * else the due date, so a line whose deadline passed stays at the top; urgent first on the same day),
 * keyset-paginated. Filters: order type,
 * delivery area, due before, urgent, overdue. No patient data here: the order page shows the patient.
 */
export async function listQueue(ctx: Ctx, queue: ProvisionQueue, q: QueueQuery): Promise<QueuePage> {
  mayRead(ctx, queue);
  const today = stockholmDateTime(ctx.now()).date;
  const conds: SQL[] = [];
  if (queue !== 'customerService') conds.push(sql`queue = ${queue}`);
  if (q.orderType) conds.push(sql`order_type = ${q.orderType}`);
  if (q.deliveryAreaId) conds.push(sql`delivery_area_id = ${q.deliveryAreaId}`);
  if (q.dueBefore) conds.push(sql`sort_date <= ${q.dueBefore}::date`);
  if (q.urgent !== undefined) conds.push(sql`urgent = ${q.urgent}`);
  // Overdue = the promised date has passed; the deadline is never later than it, so the index narrows first.
  if (q.overdue === true) conds.push(sql`sort_date < ${today}::date AND expected_date::date < ${today}::date`);
  if (q.overdue === false) conds.push(sql`(expected_date IS NULL OR expected_date::date >= ${today}::date)`);
  if (q.needsPlannedDate !== undefined) conds.push(sql`needs_planned_date = ${q.needsPlannedDate}`);
  if (q.cursor) {
    const [d, u, id] = decodeCursor(q.cursor);
    conds.push(sql`(sort_date, sort_not_urgent, id) > (${d}::date, ${u}, ${id}::uuid)`);
  }
  const where = conds.length ? sql`WHERE ${sql.join(conds, sql` AND `)}` : sql``;
  const rows = rowsOf<Row>(
    await ctx.db.execute(sql`
      SELECT w.*, sort_date::text AS sort_day FROM (
        SELECT l.id, l.id AS line_id, o.id AS order_id, o.centre_order_number, o.order_number, o.order_type, o.work_order_type_code,
               l.urgent, o.customer_number, o.customer_name, o.delivery_area_id, o.delivery_area_name, o.queue,
               l.line_number, l.article_number, l.article_name, l.unit_number, l.quantity, l.delivered_quantity, l.state, l.stock_form,
               l.due_date::text AS due_date, l.due_at, l.planned_date::text AS planned_date, l.expected_date::text AS expected_date,
               o.acknowledge_by, o.acknowledged_at, o.received_at,
               coalesce(l.planned_date, l.due_date, ${NO_DATE}::date) AS sort_date, (NOT l.urgent) AS sort_not_urgent,
               coalesce(l.planned_date IS NULL AND coalesce(l.expected_date, l.due_date) > l.planned_date_required_after, false) AS needs_planned_date
          FROM provision_order_line l JOIN provision_order o ON o.id = l.order_id
         WHERE l.state NOT IN ${sql.raw(CLOSED_STATES_SQL)}
        UNION ALL
        SELECT o.id, NULL, o.id, o.centre_order_number, o.order_number, o.order_type, o.work_order_type_code,
               o.urgent, o.customer_number, o.customer_name, o.delivery_area_id, o.delivery_area_name, o.queue,
               NULL, NULL, NULL, NULL, NULL, NULL, 'received', NULL,
               o.due_date::text, NULL, NULL, o.due_date::text, o.acknowledge_by, o.acknowledged_at, o.received_at,
               coalesce(o.due_date, ${NO_DATE}::date), (NOT o.urgent), false
          FROM provision_order o
         WHERE o.status = 'open' AND NOT EXISTS (SELECT 1 FROM provision_order_line l WHERE l.order_id = o.id)
      ) w
      ${where}
      ORDER BY sort_date, sort_not_urgent, id
      LIMIT ${q.limit + 1}`),
  );
  const more = rows.length > q.limit;
  const page = rows.slice(0, q.limit);
  const last = page[page.length - 1];
  return {
    items: page.map((r) => {
      const expected = day(r.expected_date);
      return {
        id: r.id,
        lineId: r.line_id,
        orderId: r.order_id,
        centreOrderNumber: r.centre_order_number,
        orderNumber: r.order_number,
        orderType: r.order_type,
        workOrderTypeCode: r.work_order_type_code,
        urgent: r.urgent,
        customerNumber: r.customer_number,
        customerName: r.customer_name,
        deliveryAreaId: r.delivery_area_id,
        deliveryAreaName: r.delivery_area_name,
        lineNumber: r.line_number,
        articleNumber: r.article_number,
        articleName: r.article_name,
        unitNumber: r.unit_number,
        quantity: r.quantity,
        deliveredQuantity: r.delivered_quantity,
        state: r.state,
        dueDate: day(r.due_date),
        dueAt: iso(r.due_at),
        plannedDate: day(r.planned_date),
        expectedDate: expected,
        overdue: !!expected && expected < today,
        needsPlannedDate: r.needs_planned_date,
        acknowledgeBy: iso(r.acknowledge_by),
        acknowledged: r.acknowledged_at !== null,
        receivedAt: iso(r.received_at)!,
      };
    }),
    nextCursor: more && last ? encodeCursor(last.sort_day, last.sort_not_urgent, last.id) : null,
  };
}
