import { and, desc, eq, inArray, isNull } from 'drizzle-orm';
import { confirmationAllowed, ContractRefused, parseOrderEvent, type OrderEvent, type OrderingEndpoint } from '../../contract/index.ts';
import type { Database, Tx } from '../../platform/db/client.ts';
import { orderingMessage, orderingOrder, orderingOrderEvent, orderingOrderLine, patientDevice, type LineStatus, type OrderStatus } from './schema.ts';

/** Events the prescriber is told about on their start page (DOMAIN §4: delayed, delivered, cancelled...). */
const NEWS: readonly OrderEvent['type'][] = [
  'delayed',
  'delivered',
  'cancelled',
  'answered',
  'workOrderDone',
  'pickedUp',
  'pickUpUndone',
  'writtenOff',
  'quoteSent',
  'acknowledged',
  'unitFailedInspection',
  'unitBackInUse',
];

/**
 * The ordering side's end of the contract: applies one centre event to the order, its lines and the
 * patient's device list, in one transaction. Idempotent by eventId (at-least-once delivery), and an event
 * the matrix does not allow for the order's type is refused for good.
 */
export function createOrderingEndpoint(deps: { database: Database }): OrderingEndpoint {
  return { receive: (event) => applyOrderEvent(deps.database, event) };
}

export async function applyOrderEvent(database: Database, input: unknown): Promise<void> {
  const parsed = parseOrderEvent(input);
  if (!parsed.ok) throw new ContractRefused(parsed.code, parsed.message);
  const ev = parsed.value;
  await database.db.transaction(async (tx) => {
    const [order] = await tx.select().from(orderingOrder).where(eq(orderingOrder.id, ev.orderId)).for('update');
    if (!order) throw new ContractRefused('UNKNOWN_ORDER', `Okänd beställning ${ev.orderId}`);
    if (!confirmationAllowed(order.orderType, ev.type)) throw new ContractRefused('NOT_ALLOWED', `Händelsen ${ev.type} gäller inte ${order.orderType}`);
    const lineId = 'lineId' in ev ? (ev.lineId ?? null) : null;
    const inserted = await tx
      .insert(orderingOrderEvent)
      .values({ eventId: ev.eventId, orderId: ev.orderId, lineId, sequence: ev.sequence, type: ev.type, occurredAt: new Date(ev.occurredAt), payload: ev })
      .onConflictDoNothing()
      .returning({ id: orderingOrderEvent.eventId });
    if (inserted.length === 0) return; // seen before
    const lines = await tx.select().from(orderingOrderLine).where(eq(orderingOrderLine.orderId, ev.orderId));
    const line = lineId ? lines.find((l) => l.id === lineId) : undefined;
    if (lineId && !line) throw new ContractRefused('INVALID', `Raden ${lineId} finns inte i beställningen`);
    const setLine = async (ids: string[], set: Partial<typeof orderingOrderLine.$inferInsert>) => {
      if (ids.length) await tx.update(orderingOrderLine).set(set).where(inArray(orderingOrderLine.id, ids));
    };
    const device = { patientId: order.patientId, customerId: order.customerId, careProviderId: order.careProviderId, orderId: order.id };

    switch (ev.type) {
      case 'received':
        await setLine(
          lines.filter((l) => l.status === 'submitted').map((l) => l.id),
          { status: 'received' },
        );
        await tx
          .update(orderingOrder)
          .set({ centreOrderNumber: ev.centreOrderNumber ?? order.centreOrderNumber, expectedDate: ev.dueDate ?? order.expectedDate })
          .where(eq(orderingOrder.id, order.id));
        break;
      case 'plannedDate':
      case 'delayed': {
        const date = ev.type === 'plannedDate' ? ev.plannedDate : ev.newDate;
        await setLine([line!.id], { plannedDate: date, status: line!.status === 'received' || line!.status === 'submitted' ? 'planned' : line!.status });
        break;
      }
      case 'delivered': {
        const delivered = Math.min(line!.quantity, line!.deliveredQuantity + ev.quantity);
        await setLine([line!.id], { deliveredQuantity: delivered, status: ev.partial && delivered < line!.quantity ? line!.status : 'delivered' });
        if (ev.units.length && device.patientId) await insertDevices(tx, { ...device, patientId: device.patientId }, ev.units, ev.deliveredOn);
        break;
      }
      case 'cancelled': {
        const ids = (line ? [line] : lines).filter((l) => !['delivered', 'deregistered', 'cancelled'].includes(l.status)).map((l) => l.id);
        await setLine(ids, { status: 'cancelled', cancelReason: ev.reason });
        // A pick-up (or a de-installation) cancelled, e.g. the unit was missing: the holding continues, and a new
        // pick-up may be ordered.
        if (order.orderType === 'pickUp' || order.orderType === 'workOrder')
          await tx
            .update(patientDevice)
            .set({ pickUpOrderId: null })
            .where(
              and(
                eq(patientDevice.pickUpOrderId, order.id),
                isNull(patientDevice.until),
                ...(line?.unitNumber ? [eq(patientDevice.unitNumber, line.unitNumber)] : []),
              ),
            );
        break;
      }
      case 'pickedUp':
        await setLine([line!.id], { status: 'pickedUp' });
        break;
      case 'deregistered':
        await setLine([line!.id], { status: 'deregistered' });
        await tx
          .update(patientDevice)
          .set({ until: ev.until, endReason: order.orderType === 'workOrder' ? 'deinstalled' : 'pickedUp', pickUpOrderId: null })
          .where(and(eq(patientDevice.unitNumber, ev.unitNumber), isNull(patientDevice.until)));
        break;
      case 'pickUpUndone': {
        // A pick-up recorded by mistake and undone the same day: the line waits for its pick-up again, and the
        // unit the deregistration took off the device list is back on it (the same holding, running on).
        await setLine([line!.id], { status: 'received' });
        if (ev.deregistrationUndone && order.patientId) {
          const [ended] = await tx
            .select({ id: patientDevice.id })
            .from(patientDevice)
            .where(and(eq(patientDevice.unitNumber, ev.unitNumber), eq(patientDevice.patientId, order.patientId), eq(patientDevice.endReason, 'pickedUp')))
            .orderBy(desc(patientDevice.until))
            .limit(1);
          if (ended) await tx.update(patientDevice).set({ until: null, endReason: null, pickUpOrderId: order.id }).where(eq(patientDevice.id, ended.id));
        }
        break;
      }
      case 'registeredOnPatient': {
        // A lost unit found again re-registers a line that is already done; a buffer withdrawal may be
        // registered in parts (some units now, the rest later).
        if (line && line.status !== 'done') {
          const registered = Math.min(line.quantity, line.deliveredQuantity + (ev.quantity ?? ev.units.length));
          await setLine([line.id], { deliveredQuantity: registered, ...(registered >= line.quantity ? { status: 'done' as const } : {}) });
        }
        if (ev.units.length && device.patientId) await insertDevices(tx, { ...device, patientId: device.patientId }, ev.units, ev.since);
        break;
      }
      case 'writtenOff':
        if (lineId) await setLine([lineId], { status: 'done' });
        await tx
          .update(patientDevice)
          .set({ until: ev.on, endReason: ev.code, pickUpOrderId: null })
          .where(and(eq(patientDevice.unitNumber, ev.unitNumber), isNull(patientDevice.until)));
        break;
      case 'workOrderDone':
      case 'answered':
        await setLine(
          lines.filter((l) => l.status !== 'cancelled').map((l) => l.id),
          { status: 'done' },
        );
        break;
      case 'unitFailedInspection':
        // The centre's inspection failed the unit: it stays on the device list, marked out of use with the remark.
        await tx
          .update(patientDevice)
          .set({ failedInspectionOn: ev.inspectedOn, failedInspectionRemark: ev.remark })
          .where(and(eq(patientDevice.unitNumber, ev.unitNumber), isNull(patientDevice.until)));
        break;
      case 'unitBackInUse':
        // Approved again after a failed inspection: the mark goes.
        await tx
          .update(patientDevice)
          .set({ failedInspectionOn: null, failedInspectionRemark: null })
          .where(and(eq(patientDevice.unitNumber, ev.unitNumber), isNull(patientDevice.until)));
        break;
      case 'acknowledged': // an urgent order acknowledged by the centre: on the timeline and in the prescriber's news
      case 'workOrderBooked':
      case 'workOrderStarted':
      case 'quoteSent': // special adaptation: the quote waits for the cost-responsible's answer (answer-quote.ts)
        break;
    }

    const after = await tx
      .select({ status: orderingOrderLine.status, deliveredQuantity: orderingOrderLine.deliveredQuantity })
      .from(orderingOrderLine)
      .where(eq(orderingOrderLine.orderId, order.id));
    const status = orderStatusAfter(
      order.orderType,
      order.status,
      ev,
      after.map((l) => l.status),
      after.some((l) => l.deliveredQuantity > 0),
    );
    if (status !== order.status) await tx.update(orderingOrder).set({ status, updatedAt: new Date() }).where(eq(orderingOrder.id, order.id));
    if (NEWS.includes(ev.type)) await tx.insert(orderingMessage).values({ userId: order.createdBy, orderId: order.id, eventId: ev.eventId, kind: ev.type });
  });
}

async function insertDevices(
  tx: Tx,
  d: { patientId: string; customerId: string; careProviderId: string; orderId: string },
  units: {
    unitNumber: string;
    serialNumber?: string | null;
    articleNumber: string;
    articleName: string;
    isoCode?: string | null;
    chargingForm?: string | null;
  }[],
  since: string,
) {
  // A unit is on one patient at a time: a holding the centre forgot to end is closed the day the new one starts.
  await tx
    .update(patientDevice)
    .set({ until: since, endReason: 'replaced' })
    .where(
      and(
        isNull(patientDevice.until),
        inArray(
          patientDevice.unitNumber,
          units.map((u) => u.unitNumber),
        ),
      ),
    );
  await tx.insert(patientDevice).values(
    units.map((u) => ({
      ...d,
      unitNumber: u.unitNumber,
      serialNumber: u.serialNumber ?? null,
      articleNumber: u.articleNumber,
      articleName: u.articleName,
      isoCode: u.isoCode ?? null,
      chargingForm: u.chargingForm ?? null,
      since,
    })),
  );
}

const OPEN_LINE: readonly LineStatus[] = ['submitted', 'received', 'planned', 'pickedUp'];

/**
 * The order's status from its lines after an event (the order is the sum of its lines). `someDelivered`:
 * part of a line's quantity is delivered or registered, so the order is under way even if no line is closed.
 */
export function orderStatusAfter(type: string, current: OrderStatus, ev: OrderEvent, lines: LineStatus[], someDelivered = false): OrderStatus {
  if (ev.type === 'cancelled' && !ev.lineId) return lines.some((l) => l === 'delivered' || l === 'deregistered' || l === 'done') ? 'done' : 'cancelled';
  if (lines.length && lines.every((l) => l === 'cancelled')) return 'cancelled';
  if (ev.type === 'received') return current === 'submitted' ? 'received' : current;
  // About a unit the order delivered long ago: the order's status is not changed.
  if (ev.type === 'unitFailedInspection' || ev.type === 'unitBackInUse') return current;
  if (ev.type === 'workOrderBooked' || ev.type === 'workOrderStarted' || ev.type === 'quoteSent') return 'inProgress';
  if (ev.type === 'workOrderDone' || ev.type === 'answered' || ev.type === 'writtenOff') return 'done';
  if (lines.length === 0) return current;
  // A pick-up undone: the order is open again.
  if (ev.type === 'pickUpUndone') return lines.some((l) => l === 'pickedUp' || l === 'deregistered' || l === 'done') ? 'inProgress' : 'received';
  const open = lines.some((l) => OPEN_LINE.includes(l));
  if (!open) return type === 'customerOrder' ? 'delivered' : 'done';
  if (someDelivered || lines.some((l) => l === 'delivered' || l === 'pickedUp' || l === 'deregistered' || l === 'done')) return 'inProgress';
  return current === 'submitted' ? 'received' : current;
}
