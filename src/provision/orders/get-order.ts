import { asc, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import { cancelReasons, orderTypes } from '../../contract/matrix.ts';
import { audit } from '../../platform/audit/audit.ts';
import { stockholmDateTime } from '../../platform/calendar/index.ts';
import { requireRole, type Ctx } from '../../platform/context.ts';
import { ORDER_HANDLERS } from '../roles.ts';
import {
  provisionHolding,
  provisionLineStates,
  provisionOrder,
  provisionOrderEvent,
  provisionOrderLine,
  provisionPatient,
  provisionQueues,
  provisionUnit,
  provisionWarehouse,
  type ProvisionLineState,
} from '../schema.ts';
import { toUnitSummary, unitSummary } from '../units/unit-views.ts';
import { isClosed } from './line-states.ts';
import { orderAttachmentView, orderAttachments } from './order-attachments.ts';
import { cancelReasonOption, cancelReasonsFor, ruleSetById } from '../rules/rule-set.ts';
import { orderNotFound } from './order-store.ts';

const json = z.record(z.string(), z.unknown());

export const orderLineView = z.object({
  id: z.uuid(),
  lineNumber: z.number(),
  articleId: z.uuid().nullable(),
  articleNumber: z.string().nullable(),
  articleName: z.string().nullable(),
  isoCode: z.string().nullable(),
  chargingForm: z.string().nullable(),
  stockForm: z.string().nullable(),
  unitTracked: z.boolean(),
  quantity: z.number(),
  deliveredQuantity: z.number(),
  unitNumber: z.string().nullable(),
  accessoryForLineId: z.uuid().nullable(),
  note: z.string().nullable(),
  state: z.enum(provisionLineStates),
  dueDate: z.string().nullable(),
  dueAt: z.string().nullable(),
  plannedDate: z.string().nullable(),
  expectedDate: z.string().nullable(),
  overdue: z.boolean(),
  /** An order item not yet ordered from the supplier: customer service sets a planned date. */
  needsPlannedDate: z.boolean(),
  cancelReason: z.enum(cancelReasons).nullable(),
  version: z.number(),
  reservedUnits: z.array(unitSummary),
  deliveredUnits: z.array(
    z.object({ unitId: z.uuid(), unitNumber: z.string(), serialNumber: z.string().nullable(), fromDate: z.string(), toDate: z.string().nullable() }),
  ),
});

export const centreOrderView = z.object({
  id: z.uuid(),
  centreOrderNumber: z.string(),
  orderNumber: z.string(),
  orderType: z.enum(orderTypes),
  urgent: z.boolean(),
  status: z.string(),
  queue: z.enum(provisionQueues),
  customerId: z.uuid(),
  customerNumber: z.string(),
  customerName: z.string(),
  deliveryAreaName: z.string(),
  deliveryWeekday: z.number(),
  orderedBy: json,
  delivery: json,
  contact: z.object({ name: z.string(), phone: z.string() }).nullable(),
  messageToCentre: z.string().nullable(),
  details: json,
  /** Photos and documents the order was sent with (GET /api/provision/orders/:id/attachments/:attachmentId). */
  attachments: z.array(orderAttachmentView),
  /** The cancel reasons the order may be given, with the labels of its rules version (issue 15). */
  cancelReasons: z.array(cancelReasonOption),
  dueDate: z.string().nullable(),
  acknowledgeBy: z.string().nullable(),
  acknowledgedAt: z.string().nullable(),
  receivedAt: z.string(),
  version: z.number(),
  patient: z
    .object({
      id: z.uuid(),
      identifier: z.string(),
      firstName: z.string(),
      lastName: z.string(),
      protectedIdentity: z.boolean(),
      homeMunicipalityCode: z.string().nullable(),
      address: z.object({ careOf: z.string().nullable(), street: z.string(), postalCode: z.string(), city: z.string() }).nullable(),
    })
    .nullable(),
  lines: z.array(orderLineView),
  events: z.array(
    z.object({
      id: z.number(),
      lineId: z.uuid().nullable(),
      type: z.string(),
      fromState: z.string().nullable(),
      toState: z.string().nullable(),
      at: z.string(),
      actorLabel: z.string().nullable(),
      data: json.nullable(),
      sequence: z.number().nullable(),
      sentAt: z.string().nullable(),
      refusal: z.string().nullable(),
    }),
  ),
});
export type CentreOrderView = z.infer<typeof centreOrderView>;

/**
 * GET /api/provision/orders/:id: the order page — lines with due and planned dates, reserved and
 * delivered units, the patient (an audited read of patient data; never an address for a protected
 * identity), and the order's event stream with what was sent to the ordering side.
 */
export async function getCentreOrder(ctx: Ctx, id: string): Promise<CentreOrderView> {
  requireRole(ctx, ...ORDER_HANDLERS);
  return ctx.db.transaction(async (tx) => {
    const [o] = await tx.select().from(provisionOrder).where(eq(provisionOrder.id, id));
    if (!o) throw orderNotFound();
    const [lines, [patient], events] = await Promise.all([
      tx.select().from(provisionOrderLine).where(eq(provisionOrderLine.orderId, id)).orderBy(asc(provisionOrderLine.lineNumber)),
      tx.select().from(provisionPatient).where(eq(provisionPatient.orderId, id)),
      tx.select().from(provisionOrderEvent).where(eq(provisionOrderEvent.orderId, id)).orderBy(asc(provisionOrderEvent.id)),
    ]);
    const lineIds = lines.map((l) => l.id);
    const [reserved, holdings, warehouses] = await Promise.all([
      lineIds.length ? tx.select().from(provisionUnit).where(inArray(provisionUnit.reservedForLineId, lineIds)).orderBy(asc(provisionUnit.seq)) : [],
      lineIds.length
        ? tx
            .select({
              lineId: provisionHolding.lineId,
              unitId: provisionUnit.id,
              unitNumber: provisionUnit.unitNumber,
              serialNumber: provisionUnit.serialNumber,
              fromDate: provisionHolding.fromDate,
              toDate: provisionHolding.toDate,
            })
            .from(provisionHolding)
            .innerJoin(provisionUnit, eq(provisionUnit.id, provisionHolding.unitId))
            .where(inArray(provisionHolding.lineId, lineIds))
            .orderBy(asc(provisionUnit.seq))
        : [],
      tx.select({ id: provisionWarehouse.id, name: provisionWarehouse.name }).from(provisionWarehouse),
    ]);
    if (patient) {
      await audit(tx, ctx, {
        action: 'provision.order.read',
        entityType: 'provision_order',
        entityId: id,
        careProviderId: o.careProviderId,
        patientRef: patient.id,
        purpose: 'order-handling',
      });
    }
    const today = stockholmDateTime(ctx.now()).date;
    const wh = (wid: string | null) => warehouses.find((w) => w.id === wid)?.name ?? null;
    return {
      id: o.id,
      centreOrderNumber: o.centreOrderNumber!,
      orderNumber: o.orderNumber,
      orderType: o.orderType,
      urgent: o.urgent,
      status: o.status,
      queue: o.queue,
      customerId: o.customerId,
      customerNumber: o.customerNumber,
      customerName: o.customerName,
      deliveryAreaName: o.deliveryAreaName,
      deliveryWeekday: o.deliveryWeekday,
      orderedBy: o.orderedBy,
      delivery: o.delivery,
      contact: o.contact ?? null,
      messageToCentre: o.messageToCentre,
      details: o.details,
      attachments: orderAttachments(o.details),
      cancelReasons: cancelReasonsFor(await ruleSetById(tx, o.ruleSetId)),
      dueDate: o.dueDate,
      acknowledgeBy: o.acknowledgeBy?.toISOString() ?? null,
      acknowledgedAt: o.acknowledgedAt?.toISOString() ?? null,
      receivedAt: o.receivedAt.toISOString(),
      version: o.version,
      patient: patient
        ? {
            id: patient.id,
            identifier: patient.identifier,
            firstName: patient.firstName,
            lastName: patient.lastName,
            protectedIdentity: patient.protectedIdentity,
            homeMunicipalityCode: patient.homeMunicipalityCode,
            address:
              !patient.protectedIdentity && patient.street && patient.postalCode && patient.city
                ? { careOf: patient.careOf, street: patient.street, postalCode: patient.postalCode, city: patient.city }
                : null,
          }
        : null,
      lines: lines.map((l) => ({
        id: l.id,
        lineNumber: l.lineNumber,
        articleId: l.articleId,
        articleNumber: l.articleNumber,
        articleName: l.articleName,
        isoCode: l.isoCode,
        chargingForm: l.chargingForm,
        stockForm: l.stockForm,
        unitTracked: l.unitTracked,
        quantity: l.quantity,
        deliveredQuantity: l.deliveredQuantity,
        unitNumber: l.unitNumber,
        accessoryForLineId: l.accessoryForLineId,
        note: l.note,
        state: l.state,
        dueDate: l.dueDate,
        dueAt: l.dueAt?.toISOString() ?? null,
        plannedDate: l.plannedDate,
        expectedDate: l.expectedDate,
        overdue: !isClosed(l.state) && !!l.expectedDate && l.expectedDate < today,
        needsPlannedDate: needsPlannedDate(l),
        cancelReason: l.cancelReason,
        version: l.version,
        reservedUnits: reserved.filter((u) => u.reservedForLineId === l.id).map((u) => toUnitSummary(u, wh(u.warehouseId))),
        deliveredUnits: holdings.filter((h) => h.lineId === l.id).map(({ lineId: _l, unitNumber, ...h }) => ({ ...h, unitNumber: unitNumber! })),
      })),
      events: events.map((e) => ({
        id: e.id,
        lineId: e.lineId,
        type: e.type,
        fromState: e.fromState,
        toState: e.toState,
        at: e.at.toISOString(),
        actorLabel: e.actorLabel,
        data: e.data ?? null,
        sequence: e.sequence,
        sentAt: e.sentAt?.toISOString() ?? null,
        refusal: e.refusal,
      })),
    };
  });
}

/** A line promised further than 17 working days (config) from the order has no planned date yet (DOMAIN §4, issue 15 item 9). */
export function needsPlannedDate(l: {
  state: string;
  plannedDate: string | null;
  expectedDate: string | null;
  dueDate: string | null;
  plannedDateRequiredAfter: string | null;
}) {
  const promised = l.expectedDate ?? l.dueDate;
  return !isClosed(l.state as ProvisionLineState) && !l.plannedDate && !!l.plannedDateRequiredAfter && !!promised && promised > l.plannedDateRequiredAfter;
}
