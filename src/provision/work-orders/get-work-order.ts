import { asc, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import { cancelReasons, defaultWorkOrderTypes, type WorkOrderTypeInfo } from '../../contract/matrix.ts';
import { audit } from '../../platform/audit/audit.ts';
import { addWorkingDays, stockholmDateTime, type IsoDate } from '../../platform/calendar/index.ts';
import { requireRole, type Ctx } from '../../platform/context.ts';
import { workOrderType } from '../due-dates/compute-due-date.ts';
import { cancelReasonOption, cancelReasonsFor, ruleSetById } from '../rules/rule-set.ts';
import {
  provisionLineStates,
  provisionOrder,
  provisionOrderEvent,
  provisionOrderLine,
  provisionPatient,
  provisionUnit,
  provisionWarehouse,
} from '../schema.ts';
import { hasRole } from '../../platform/context.ts';
import { ORDER_HANDLERS, WORK_ORDER_CANCELLERS, WORK_ORDER_HANDLERS } from '../roles.ts';
import { provisionWorkOrder, provisionWorkOrderMaterial, workOrderStates, type WorkOrderState } from './schema.ts';
import { canBook, canMove } from './work-order-states.ts';
import { currentOf, workOrderNotFound } from './work-order-store.ts';

export const workOrderView = z.object({
  orderId: z.uuid(),
  centreOrderNumber: z.string(),
  orderNumber: z.string(),
  typeCode: z.string(),
  typeSv: z.string(),
  typeEn: z.string(),
  specialAdaptation: z.boolean(),
  urgent: z.boolean(),
  state: z.enum(workOrderStates),
  version: z.number(),
  customerNumber: z.string(),
  customerName: z.string(),
  orderedBy: z.object({ name: z.string(), phone: z.string().nullable(), profession: z.string().nullable() }),
  contact: z.object({ name: z.string(), phone: z.string() }).nullable(),
  description: z.string(),
  preferredDate: z.string().nullable(),
  messageToCentre: z.string().nullable(),
  attachments: z.array(z.object({ kind: z.string(), fileName: z.string() })),
  /** The cancel reasons the work order may be given, with the labels of its rules version (issue 15). */
  cancelReasons: z.array(cancelReasonOption),
  receivedAt: z.string(),
  /** Time limits by type (DOMAIN §4): start by, done by (working days), or within working hours (dueAt). */
  startBy: z.string().nullable(),
  doneBy: z.string().nullable(),
  dueAt: z.string().nullable(),
  startOverdue: z.boolean(),
  doneOverdue: z.boolean(),
  /** What meets the start limit: a booked time (consultation "offered within", issue 15 item 7) or the start. */
  startLimitMetBy: z.enum(['booking', 'start']),
  /** The day a time was first booked (the offer), when one was. */
  offeredOn: z.string().nullable(),
  /** Installation: it needs two trades, so its limit counts from the delivery (issue 15 item 2). */
  twoTrades: z.boolean(),
  patient: z
    .object({
      firstName: z.string(),
      lastName: z.string(),
      identifier: z.string(),
      protectedIdentity: z.boolean(),
      address: z.object({ careOf: z.string().nullable(), street: z.string(), postalCode: z.string(), city: z.string() }).nullable(),
    })
    .nullable(),
  units: z.array(
    z.object({
      lineId: z.uuid(),
      lineNumber: z.number(),
      unitNumber: z.string().nullable(),
      unitId: z.uuid().nullable(),
      articleName: z.string().nullable(),
      state: z.enum(provisionLineStates),
      note: z.string().nullable(),
    }),
  ),
  bookedFor: z.string().nullable(),
  technician: z.string().nullable(),
  startedAt: z.string().nullable(),
  doneAt: z.string().nullable(),
  notes: z.string().nullable(),
  minutesSpent: z.number().nullable(),
  closedAt: z.string().nullable(),
  cancelReason: z.enum(cancelReasons).nullable(),
  cancelComment: z.string().nullable(),
  riskAnalysis: z.string().nullable(),
  riskAnalysedAt: z.string().nullable(),
  riskAnalysedBy: z.string().nullable(),
  quote: z.object({ amount: z.number(), text: z.string(), sentAt: z.string() }).nullable(),
  quoteAnswer: z.object({ approved: z.boolean(), by: z.string(), comment: z.string().nullable(), at: z.string() }).nullable(),
  ceQuestion: z.string().nullable(),
  ceAnswer: z.string().nullable(),
  material: z.array(
    z.object({ articleNumber: z.string(), articleName: z.string(), quantity: z.number(), unitTracked: z.boolean(), warehouseName: z.string().nullable() }),
  ),
  /** The steps the caller may take now (the API checks again). */
  allowed: z.object({
    book: z.boolean(),
    start: z.boolean(),
    done: z.boolean(),
    close: z.boolean(),
    cancel: z.boolean(),
    riskAnalysis: z.boolean(),
    quote: z.boolean(),
    ceQuestion: z.boolean(),
  }),
  history: z.array(
    z.object({
      type: z.string(),
      at: z.string(),
      actorLabel: z.string().nullable(),
      data: z.record(z.string(), z.unknown()).nullable(),
      sent: z.boolean().nullable(),
    }),
  ),
});
export type WorkOrderView = z.infer<typeof workOrderView>;

/** The start and done limits of a work-order type from the day it was received (null = case by case). */
export function workOrderLimits(
  typeCode: string | null,
  receivedAt: Date,
  types: readonly WorkOrderTypeInfo[] = defaultWorkOrderTypes,
): { startBy: IsoDate | null; doneBy: IsoDate | null } {
  const t = workOrderType(typeCode, types);
  const receivedOn = stockholmDateTime(receivedAt).date;
  return {
    startBy: t?.startWithinWorkingDays != null ? addWorkingDays(receivedOn, t.startWithinWorkingDays) : null,
    doneBy: t?.doneWithinWorkingDays != null ? addWorkingDays(receivedOn, t.doneWithinWorkingDays) : null,
  };
}

const NOT_STARTED: readonly WorkOrderState[] = ['received', 'booked', 'riskAnalysed', 'awaitingApproval', 'approved'];
const FINISHED: readonly WorkOrderState[] = ['done', 'closed', 'cancelled', 'stopped'];

/**
 * GET /api/provision/work-orders/:id: the technician's work order — what to do and where, the units,
 * the time limits, each step so far and the steps the caller may take now. Showing the patient is an
 * audited read.
 */
export async function getWorkOrder(ctx: Ctx, orderId: string): Promise<WorkOrderView> {
  requireRole(ctx, ...ORDER_HANDLERS);
  return ctx.db.transaction(async (tx) => {
    const [order] = await tx.select().from(provisionOrder).where(eq(provisionOrder.id, orderId));
    if (!order || order.orderType !== 'workOrder') throw workOrderNotFound();
    const [lines, [row], [patient], material, events] = await Promise.all([
      tx.select().from(provisionOrderLine).where(eq(provisionOrderLine.orderId, orderId)).orderBy(asc(provisionOrderLine.lineNumber)),
      tx.select().from(provisionWorkOrder).where(eq(provisionWorkOrder.orderId, orderId)),
      tx.select().from(provisionPatient).where(eq(provisionPatient.orderId, orderId)),
      tx
        .select({ m: provisionWorkOrderMaterial, warehouseName: provisionWarehouse.name })
        .from(provisionWorkOrderMaterial)
        .leftJoin(provisionWarehouse, eq(provisionWarehouse.id, provisionWorkOrderMaterial.warehouseId))
        .where(eq(provisionWorkOrderMaterial.orderId, orderId))
        .orderBy(asc(provisionWorkOrderMaterial.id)),
      tx.select().from(provisionOrderEvent).where(eq(provisionOrderEvent.orderId, orderId)).orderBy(asc(provisionOrderEvent.id)),
    ]);
    const unitNumbers = lines.flatMap((l) => (l.unitNumber ? [l.unitNumber] : []));
    const units = unitNumbers.length
      ? await tx
          .select({ id: provisionUnit.id, unitNumber: provisionUnit.unitNumber, articleName: provisionUnit.articleName })
          .from(provisionUnit)
          .where(inArray(provisionUnit.unitNumber, unitNumbers))
      : [];
    const unitBy = new Map(units.map((u) => [u.unitNumber, u]));
    if (patient) {
      await audit(tx, ctx, {
        action: 'provision.work-order.read',
        entityType: 'provision_order',
        entityId: orderId,
        careProviderId: order.careProviderId,
        patientRef: patient.id,
        purpose: 'work-order',
      });
    }
    const wo = currentOf(order, lines, row);
    // The type's labels and limits as they were when the order was received (its rules version).
    const rules = await ruleSetById(tx, order.ruleSetId);
    const { workOrderTypes } = rules;
    const type = workOrderType(order.workOrderTypeCode, workOrderTypes);
    const details = order.details as {
      workOrder?: { description?: string; preferredDate?: string | null; twoTrades?: boolean } | null;
      attachments?: { kind: string; fileName: string }[];
    };
    const limits = workOrderLimits(order.workOrderTypeCode, order.receivedAt, workOrderTypes);
    // An installation's limit counts from the delivery (intake/order-rows.ts): the line's due date is it.
    if (type?.fromDelivery) limits.doneBy = lines[0]?.dueDate ?? null;
    const booked = events.find((e) => e.type === 'workOrderBooked' && e.eventId);
    const offeredOn = booked ? stockholmDateTime(booked.at).date : null;
    const today = stockholmDateTime(ctx.now()).date;
    const dueAt = lines[0]?.dueAt ?? null;
    const handler = hasRole(ctx, ...WORK_ORDER_HANDLERS);
    const special = wo.specialAdaptation;
    const by = order.orderedBy as { name?: string; phone?: string | null; profession?: string | null };
    return {
      orderId: order.id,
      centreOrderNumber: order.centreOrderNumber!,
      orderNumber: order.orderNumber,
      typeCode: wo.typeCode,
      typeSv: type?.sv ?? wo.typeCode,
      typeEn: type?.en ?? wo.typeCode,
      specialAdaptation: special,
      urgent: order.urgent,
      state: wo.state,
      version: wo.version,
      customerNumber: order.customerNumber,
      customerName: order.customerName,
      orderedBy: { name: by.name ?? order.orderedByName, phone: by.phone ?? null, profession: by.profession ?? null },
      contact: order.contact,
      description: details.workOrder?.description ?? '',
      preferredDate: details.workOrder?.preferredDate ?? null,
      messageToCentre: order.messageToCentre,
      attachments: (details.attachments ?? []).map((a) => ({ kind: a.kind, fileName: a.fileName })),
      cancelReasons: cancelReasonsFor(rules),
      receivedAt: order.receivedAt.toISOString(),
      startBy: limits.startBy,
      doneBy: limits.doneBy,
      dueAt: dueAt?.toISOString() ?? null,
      // A consultation's limit is met by the booking (the offer), whenever the booked time is; late if booked after it.
      startOverdue: !!limits.startBy && (type?.metByBooking ? (offeredOn ?? today) > limits.startBy : NOT_STARTED.includes(wo.state) && today > limits.startBy),
      startLimitMetBy: type?.metByBooking ? 'booking' : 'start',
      offeredOn,
      twoTrades: !!details.workOrder?.twoTrades,
      doneOverdue: (!!limits.doneBy && !FINISHED.includes(wo.state) && today > limits.doneBy) || (!!dueAt && !FINISHED.includes(wo.state) && ctx.now() > dueAt),
      patient: patient
        ? {
            firstName: patient.firstName,
            lastName: patient.lastName,
            identifier: patient.identifier,
            protectedIdentity: patient.protectedIdentity,
            address:
              !patient.protectedIdentity && patient.street
                ? { careOf: patient.careOf, street: patient.street, postalCode: patient.postalCode ?? '', city: patient.city ?? '' }
                : null,
          }
        : null,
      units: lines.map((l) => ({
        lineId: l.id,
        lineNumber: l.lineNumber,
        unitNumber: l.unitNumber,
        unitId: (l.unitNumber && unitBy.get(l.unitNumber)?.id) || null,
        articleName: (l.unitNumber && unitBy.get(l.unitNumber)?.articleName) || l.articleName,
        state: l.state,
        note: l.note,
      })),
      bookedFor: wo.bookedFor?.toISOString() ?? null,
      technician: wo.technicianName,
      startedAt: wo.startedAt?.toISOString() ?? null,
      doneAt: wo.doneAt?.toISOString() ?? null,
      notes: wo.notes,
      minutesSpent: wo.minutesSpent,
      closedAt: wo.closedAt?.toISOString() ?? null,
      cancelReason: wo.cancelReason,
      cancelComment: wo.cancelComment,
      riskAnalysis: wo.riskAnalysis,
      riskAnalysedAt: wo.riskAnalysedAt?.toISOString() ?? null,
      riskAnalysedBy: wo.riskAnalysedBy,
      quote:
        wo.quoteAmount !== null && wo.quoteSentAt ? { amount: Number(wo.quoteAmount), text: wo.quoteText ?? '', sentAt: wo.quoteSentAt.toISOString() } : null,
      quoteAnswer:
        wo.quoteApproved !== null && wo.quoteAnsweredAt
          ? { approved: wo.quoteApproved, by: wo.quoteAnsweredBy ?? '', comment: wo.quoteAnswerComment, at: wo.quoteAnsweredAt.toISOString() }
          : null,
      ceQuestion: wo.ceQuestion,
      ceAnswer: wo.ceAnswer,
      material: material.map(({ m, warehouseName }) => ({
        articleNumber: m.articleNumber,
        articleName: m.articleName,
        quantity: m.quantity,
        unitTracked: m.unitTracked,
        warehouseName,
      })),
      allowed: {
        book: handler && canBook(special, wo.state),
        start: handler && canMove(special, wo.state, special ? 'manufacturing' : 'started'),
        done: handler && canMove(special, wo.state, 'done'),
        close: handler && canMove(special, wo.state, 'closed'),
        cancel: hasRole(ctx, ...WORK_ORDER_CANCELLERS) && canMove(special, wo.state, 'cancelled'),
        riskAnalysis: handler && special && canMove(special, wo.state, 'riskAnalysed'),
        quote: handler && special && canMove(special, wo.state, 'awaitingApproval'),
        ceQuestion: handler && special && !FINISHED.includes(wo.state),
      },
      history: events.map((e) => ({
        type: e.type,
        at: e.at.toISOString(),
        actorLabel: e.actorLabel,
        data: e.data ?? null,
        sent: e.eventId ? e.sentAt !== null : null,
      })),
    };
  });
}
