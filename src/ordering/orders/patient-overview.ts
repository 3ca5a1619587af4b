import { inTurn } from '../../platform/db/in-turn.ts';
import { and, asc, desc, eq, inArray, isNotNull, notInArray, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Ctx } from '../../platform/context.ts';
import { auditingRefusals, requirePatientAccess } from '../patients/access.ts';
import { orderListItem } from './order-schemas.ts';
import { orderListItems } from './order-list-items.ts';
import { careProvidersVisible } from './scope.ts';
import { CLOSED_LINE_STATES, deviceStatus, deviceStatuses, type OpenUnitLine } from './device-status.ts';
import { orderingOrder, orderingOrderEvent, orderingOrderLine, patientDevice } from './schema.ts';

export const deviceView = z.object({
  id: z.uuid(),
  unitNumber: z.string(),
  serialNumber: z.string().nullable(),
  articleNumber: z.string(),
  articleName: z.string(),
  isoCode: z.string().nullable(),
  chargingForm: z.string().nullable(),
  customerId: z.uuid(),
  customerName: z.string().nullable(),
  since: z.string(),
  until: z.string().nullable(),
  endReason: z.string().nullable(),
  pickUpOrderId: z.uuid().nullable(),
  orderId: z.uuid().nullable(),
  /** The number of the order that delivered it (a fault report names it, issue 16 item 6). */
  orderNumber: z.string().nullable(),
  /** What is going on with the unit, from the open orders that name it (issue 16 item 10); past devices: null. */
  status: z.enum(deviceStatuses).nullable(),
  /** The open order the status comes from (the pick-up, the work order...). */
  statusOrderId: z.uuid().nullable(),
  /** The centre's inspection failed the unit on this day (out of use), with its remark; else null. */
  failedInspectionOn: z.string().nullable(),
  failedInspectionRemark: z.string().nullable(),
});
export type DeviceView = z.infer<typeof deviceView>;

export const patientOverview = z.object({
  currentDevices: z.array(deviceView),
  pastDevices: z.array(deviceView),
  openOrders: z.array(orderListItem),
  pastOrders: z.array(orderListItem),
});
export type PatientOverview = z.infer<typeof patientOverview>;

const OPEN = ['draft', 'submitted', 'received', 'inProgress'] as const;
/** Orders the centre has (or is about to have): what they say about a unit shows on the device list. */
const SENT_OPEN = ['submitted', 'received', 'inProgress'] as const;

/**
 * The patient's hjälpmedelsbild: the devices the centre confirmed (current and past) and the orders, open and
 * past, as far as the actor's care provider may see them (DOMAIN §7). Needs the care relationship; audit-logged.
 * Fixed number of queries whatever the patient has (50 devices and 200 orders open in well under 100 ms).
 */
export async function getPatientOverview(ctx: Ctx, patientId: string): Promise<PatientOverview> {
  const providers = careProvidersVisible(ctx);
  const actor = ctx.actor!;
  return auditingRefusals(ctx, () =>
    ctx.db.transaction(async (tx) => {
      await requirePatientAccess(ctx, tx, patientId, { purpose: 'device-overview' });
      const deviceScope: SQL | undefined =
        providers === 'all' ? undefined : inArray(patientDevice.careProviderId, providers.length ? [...providers] : ['00000000-0000-0000-0000-000000000000']);
      const orderScope: SQL | undefined =
        providers === 'all' ? undefined : inArray(orderingOrder.careProviderId, providers.length ? [...providers] : ['00000000-0000-0000-0000-000000000000']);
      const [devices, orders, unitLines] = await inTurn([
        tx
          .select({ d: patientDevice, customerName: orderingOrder.customerName, orderNumber: orderingOrder.orderNumber })
          .from(patientDevice)
          .leftJoin(orderingOrder, eq(orderingOrder.id, patientDevice.orderId))
          .where(and(eq(patientDevice.patientId, patientId), deviceScope))
          .orderBy(desc(patientDevice.since), asc(patientDevice.unitNumber)),
        tx
          .select()
          .from(orderingOrder)
          .where(and(eq(orderingOrder.patientId, patientId), orderScope, isNotNull(orderingOrder.id)))
          .orderBy(desc(orderingOrder.createdAt))
          .limit(500),
        tx
          .select({
            unitNumber: orderingOrderLine.unitNumber,
            orderId: orderingOrder.id,
            orderType: orderingOrder.orderType,
            lineStatus: orderingOrderLine.status,
            workOrderTypeCode: sql<string | null>`${orderingOrder.details} -> 'workOrder' ->> 'typeCode'`,
            started: sql<boolean>`exists (select 1 from ${orderingOrderEvent} where ${orderingOrderEvent.orderId} = ${orderingOrder.id} and ${orderingOrderEvent.type} = 'workOrderStarted')`,
          })
          .from(orderingOrderLine)
          .innerJoin(orderingOrder, eq(orderingOrder.id, orderingOrderLine.orderId))
          .where(
            and(
              eq(orderingOrder.patientId, patientId),
              orderScope,
              inArray(orderingOrder.status, [...SENT_OPEN]),
              isNotNull(orderingOrderLine.unitNumber),
              notInArray(orderingOrderLine.status, [...CLOSED_LINE_STATES]),
            ),
          ),
      ]);
      const open = unitLines as OpenUnitLine[];
      const visibleOrders = orders.filter((o) => o.status !== 'draft' || o.createdBy === actor.userId);
      const items = await orderListItems(tx, visibleOrders);
      const view = devices.map(({ d, customerName, orderNumber }) => ({
        id: d.id,
        unitNumber: d.unitNumber,
        serialNumber: d.serialNumber,
        articleNumber: d.articleNumber,
        articleName: d.articleName,
        isoCode: d.isoCode,
        chargingForm: d.chargingForm,
        customerId: d.customerId,
        customerName: customerName ?? null,
        since: d.since,
        until: d.until,
        endReason: d.endReason,
        pickUpOrderId: d.pickUpOrderId,
        orderId: d.orderId,
        orderNumber: orderNumber ?? null,
        failedInspectionOn: d.until === null ? d.failedInspectionOn : null,
        failedInspectionRemark: d.until === null ? d.failedInspectionRemark : null,
        ...(d.until === null ? deviceStatus(d, open) : { status: null, statusOrderId: null }),
      }));
      return {
        currentDevices: view.filter((d) => d.until === null),
        pastDevices: view.filter((d) => d.until !== null),
        openOrders: items.filter((o) => (OPEN as readonly string[]).includes(o.status)),
        pastOrders: items.filter((o) => !(OPEN as readonly string[]).includes(o.status)),
      };
    }),
  );
}
