import { inTurn } from '../../platform/db/in-turn.ts';
import { and, asc, desc, eq, inArray, isNotNull, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Ctx } from '../../platform/context.ts';
import { auditingRefusals, requirePatientAccess } from '../patients/access.ts';
import { orderListItem } from './order-schemas.ts';
import { orderListItems } from './order-list-items.ts';
import { careProvidersVisible } from './scope.ts';
import { orderingOrder, patientDevice } from './schema.ts';

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
      const [devices, orders] = await inTurn([
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
      ]);
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
