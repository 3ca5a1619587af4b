import { inTurn } from '../../platform/db/in-turn.ts';
import { asc, eq, or } from 'drizzle-orm';
import { userContact } from '../../administration/users/load-user.ts';
import { articlesForOrdering } from '../../catalogue/articles/articles-for-ordering.ts';
import { orderMatrix } from '../../contract/index.ts';
import type { DbOrTx } from '../../platform/db/client.ts';
import { patient } from '../schema.ts';
import type { OrderView } from './order-schemas.ts';
import { orderingAttachment, orderingFollowUp, orderingOrder, orderingOrderEvent, orderingOrderLine, type PrescriptionRecord } from './schema.ts';

export type OrderRow = typeof orderingOrder.$inferSelect;
export type LineRow = typeof orderingOrderLine.$inferSelect;

/** Local timeline entries (not from the centre) are kept in the event table with these types. */
export const LOCAL_EVENT_TYPES = ['submitted', 'refused', 'cancelRequested', 'quoteAnswered'] as const;

/** Whether the ordering side may still cancel: the type allows it and nothing has been delivered or started. */
export function isCancellable(order: OrderRow, lines: LineRow[]): boolean {
  if (!orderMatrix[order.orderType].cancellable) return false;
  if (!['submitted', 'received'].includes(order.status)) return false;
  return lines.every((l) => l.deliveredQuantity === 0 && !['pickedUp', 'deregistered', 'delivered'].includes(l.status));
}

/** The whole order as the prescriber sees it: lines, attachments and the confirmation timeline. */
export async function loadOrderView(db: DbOrTx, id: string): Promise<OrderView | null> {
  const [row] = await db
    .select({
      order: orderingOrder,
      patient: {
        id: patient.id,
        identifier: patient.identifier,
        firstName: patient.firstName,
        lastName: patient.lastName,
        protectedIdentity: patient.protectedIdentity,
      },
    })
    .from(orderingOrder)
    .leftJoin(patient, eq(patient.id, orderingOrder.patientId))
    .where(eq(orderingOrder.id, id));
  if (!row) return null;
  const o = row.order;
  const [lines, attachments, events, related, followUps] = await inTurn([
    db.select().from(orderingOrderLine).where(eq(orderingOrderLine.orderId, id)).orderBy(asc(orderingOrderLine.lineNumber)),
    db.select().from(orderingAttachment).where(eq(orderingAttachment.orderId, id)).orderBy(asc(orderingAttachment.createdAt)),
    db
      .select()
      .from(orderingOrderEvent)
      .where(eq(orderingOrderEvent.orderId, id))
      .orderBy(asc(orderingOrderEvent.occurredAt), asc(orderingOrderEvent.sequence)),
    db
      .select({ id: orderingOrder.id, orderNumber: orderingOrder.orderNumber, splitFromOrderId: orderingOrder.splitFromOrderId })
      .from(orderingOrder)
      .where(o.splitFromOrderId ? or(eq(orderingOrder.splitFromOrderId, id), eq(orderingOrder.id, o.splitFromOrderId)) : eq(orderingOrder.splitFromOrderId, id))
      .orderBy(asc(orderingOrder.orderNumber)),
    db
      .select({ id: orderingFollowUp.id, doneAt: orderingFollowUp.doneAt, doneNote: orderingFollowUp.doneNote })
      .from(orderingFollowUp)
      .where(eq(orderingFollowUp.orderId, id)),
  ]);
  const prescription = o.prescription as PrescriptionRecord | null;
  const lineNumber = new Map(lines.map((l) => [l.id, l.lineNumber]));
  const warnings = await prescribingWarnings(db, o.createdBy, lines);
  return {
    warnings,
    relatedOrders: related.map((r) => ({
      id: r.id,
      orderNumber: r.orderNumber,
      relation: r.splitFromOrderId === id ? ('splitInto' as const) : ('splitFrom' as const),
    })),
    id: o.id,
    orderNumber: o.orderNumber,
    orderType: o.orderType,
    urgent: o.urgent,
    status: o.status,
    customer: { id: o.customerId, customerNumber: o.customerNumber, name: o.customerName },
    createdBy: { id: o.createdBy, name: o.createdByName },
    patient: row.patient
      ? {
          id: row.patient.id,
          identifier: row.patient.identifier,
          name: `${row.patient.firstName} ${row.patient.lastName}`,
          protectedIdentity: row.patient.protectedIdentity,
        }
      : null,
    delivery: o.delivery as Record<string, unknown>,
    contactName: o.contactName,
    contactPhone: o.contactPhone,
    messageToCentre: o.messageToCentre,
    details: (o.details as Record<string, unknown> | null) ?? null,
    prescription: prescription ? { ...prescription, followUp: followUps[0] ?? null } : null,
    centreOrderNumber: o.centreOrderNumber,
    expectedDate: o.expectedDate,
    version: o.version,
    createdAt: o.createdAt,
    submittedAt: o.submittedAt,
    cancellable: isCancellable(o, lines),
    lines: lines.map((l) => ({
      id: l.id,
      lineNumber: l.lineNumber,
      articleId: l.articleId,
      articleNumber: l.articleNumber,
      articleName: l.articleName,
      quantity: l.quantity,
      deliveredQuantity: l.deliveredQuantity,
      unitNumber: l.unitNumber,
      accessoryForLine: l.accessoryForLineId ? (lineNumber.get(l.accessoryForLineId) ?? null) : null,
      note: l.note,
      separateOrder: l.separateOrder,
      measurements: l.measurements ?? [],
      status: l.status,
      plannedDate: l.plannedDate,
      cancelReason: l.cancelReason,
    })),
    attachments: attachments.map((a) => ({ id: a.id, kind: a.kind, fileName: a.fileName, contentType: a.contentType, size: a.size })),
    timeline: events.map((e) => {
      const {
        contractVersion: _v,
        eventId: _e,
        orderId: _o,
        lineId: _l,
        sequence: _s,
        occurredAt: _a,
        type: _t,
        ...data
      } = e.payload as Record<string, unknown>;
      return {
        type: e.type as OrderView['timeline'][number]['type'],
        at: e.occurredAt.toISOString(),
        lineNumber: e.lineId ? (lineNumber.get(e.lineId) ?? null) : null,
        data,
      };
    }),
  };
}

/**
 * Prescribing right (issue 15 item 10): an article may name the professions that usually prescribe it; a line
 * ordered by someone of another profession gets a warning. Never a block: the responsibility is the
 * prescriber's (DOMAIN §1).
 */
async function prescribingWarnings(db: DbOrTx, createdBy: string, lines: LineRow[]): Promise<OrderView['warnings']> {
  const ids = lines.flatMap((l) => (l.articleId ? [l.articleId] : []));
  if (ids.length === 0) return [];
  const articles = await articlesForOrdering(db, ids);
  const restricted = lines.filter((l) => l.articleId && (articles.get(l.articleId)?.prescribedBy.length ?? 0) > 0);
  if (restricted.length === 0) return [];
  const { profession } = await userContact(db, createdBy);
  return restricted.flatMap((l) => {
    const a = articles.get(l.articleId!)!;
    if (profession && a.prescribedBy.includes(profession)) return [];
    return [{ code: 'prescribingRight' as const, lineNumber: l.lineNumber, articleNumber: a.articleNumber, professions: a.prescribedBy }];
  });
}
