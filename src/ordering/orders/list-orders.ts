import { and, desc, eq, ilike, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import { audit } from '../../platform/audit/audit.ts';
import type { Ctx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { careDay, careRelationshipsAmong } from '../patients/access.ts';
import { patient } from '../schema.ts';
import type { OrderListItem, OrderListQuery } from './order-schemas.ts';
import { requireOrderingActor, visibleOrders } from './scope.ts';
import { orderListItems } from './order-list-items.ts';
import { orderingOrder } from './schema.ts';

const OPEN = ['draft', 'submitted', 'received', 'inProgress'] as const;
const CLOSED = ['delivered', 'done', 'cancelled'] as const;

const encode = (at: Date, id: string) => Buffer.from(JSON.stringify([at.toISOString(), id])).toString('base64url');
function decode(cursor: string): [Date, string] {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [string, string];
    const d = new Date(at);
    if (!Number.isNaN(d.getTime()) && typeof id === 'string') return [d, id];
  } catch {
    /* fall through */
  }
  throw new AppError('VALIDATION', 'Ogiltig sidmarkör (cursor)');
}

/**
 * "My orders" (what I wrote) and "my customer's orders" (everything ordered for my customers), newest first,
 * keyset-paginated, with filters. A list that shows patient names is a read of patient data: one audit row
 * per page, naming the patients shown. A patient's name is shown only where reading the order would show the
 * patient (the actor's own orders, or a care relationship today).
 */
export async function listOrders(ctx: Ctx, q: OrderListQuery): Promise<{ items: OrderListItem[]; nextCursor: string | null }> {
  const actor = requireOrderingActor(ctx);
  const conds: (SQL | undefined)[] = [visibleOrders(ctx)];
  if (q.scope === 'mine') conds.push(eq(orderingOrder.createdBy, actor.userId));
  else {
    const customers = q.customerId ? [q.customerId] : [...actor.customerIds];
    if (q.customerId && !actor.customerIds.includes(q.customerId)) throw new AppError('FORBIDDEN', 'Du är inte kopplad till kunden');
    if (!customers.length) return { items: [], nextCursor: null };
    conds.push(inArray(orderingOrder.customerId, customers));
    // Other users' drafts are theirs until sent.
    conds.push(or(eq(orderingOrder.createdBy, actor.userId), sql`${orderingOrder.status} <> 'draft'`));
  }
  if (q.status === 'open') conds.push(inArray(orderingOrder.status, [...OPEN]));
  else if (q.status === 'closed') conds.push(inArray(orderingOrder.status, [...CLOSED]));
  else if (q.status) conds.push(eq(orderingOrder.status, q.status));
  if (q.orderType) conds.push(eq(orderingOrder.orderType, q.orderType));
  if (q.patientId) conds.push(eq(orderingOrder.patientId, q.patientId));
  if (q.q) conds.push(or(ilike(orderingOrder.orderNumber, `%${q.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`), eq(orderingOrder.centreOrderNumber, q.q)));
  if (q.cursor) {
    const [at, id] = decode(q.cursor);
    conds.push(or(lt(orderingOrder.createdAt, at), and(eq(orderingOrder.createdAt, at), lt(orderingOrder.id, id))));
  }
  return ctx.db.transaction(async (tx) => {
    const rows = await tx
      .select({
        o: orderingOrder,
        patientFirst: patient.firstName,
        patientLast: patient.lastName,
      })
      .from(orderingOrder)
      .leftJoin(patient, eq(patient.id, orderingOrder.patientId))
      .where(and(...conds))
      .orderBy(desc(orderingOrder.createdAt), desc(orderingOrder.id))
      .limit(q.limit + 1);
    const more = rows.length > q.limit;
    const page = more ? rows.slice(0, q.limit) : rows;
    // The patient's name is shown as reading the order would show it (order-access.ts): on the actor's own
    // orders and where they have a care relationship today; a colleague's other orders are listed without it.
    const others = [...new Set(page.flatMap((r) => (r.o.patientId && r.o.createdBy !== actor.userId ? [r.o.patientId] : [])))];
    const related = await careRelationshipsAmong(tx, actor.userId, others, careDay(ctx), ctx.config.ordering.careRelationshipDays);
    const shown = page.filter((r) => r.o.patientId && (r.o.createdBy === actor.userId || related.has(r.o.patientId)));
    const names = new Map(shown.map((r) => [r.o.id, r.patientFirst ? `${r.patientFirst} ${r.patientLast}` : null]));
    const items = await orderListItems(
      tx,
      page.map((r) => r.o),
      (o) => names.get(o.id) ?? null,
    );
    const patients = [...new Set(shown.map((r) => r.o.patientId!))];
    if (patients.length)
      await audit(tx, ctx, {
        action: 'patient.list',
        entityType: 'order',
        careProviderId: null,
        purpose: 'order-list',
        details: { patients: patients.length, patientIds: patients },
      });
    const lastRow = page.at(-1);
    return { items, nextCursor: more && lastRow ? encode(lastRow.o.createdAt, lastRow.o.id) : null };
  });
}
