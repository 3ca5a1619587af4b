import { cancelReasonLabels, type CancelReason } from '../contract/matrix.ts';
import type { OrderEvent } from '../contract/events.ts';
import { lineStateLabels } from '../provision/orders/line-states.ts';
import type { OrderedLine } from '../provision/orders/orders-for-ordering-systems.ts';
import {
  CANCEL_REASON_SYSTEM,
  CENTRE_ORDER_NUMBER_SYSTEM,
  LINE_STATE_SYSTEM,
  ORDER_NUMBER_SYSTEM,
  TASK_CODE_SYSTEM,
  TASK_OUTPUT_SYSTEM,
  UNIT_NUMBER_SYSTEM,
} from './systems.ts';
import type { FhirResource } from './types.ts';

/**
 * Task: the centre's work on one order line, as the contract's matrix confirms it for a customer order
 * (src/contract/matrix.ts: received, planned date, delayed, delivered with units, cancelled, acknowledged). The
 * Task has the line's id, like its DeviceRequest (focus). Its status follows the line's state; its outputs are
 * the confirmations the centre sent: the due date at receipt, the planned date, a delay's new date, the delivery
 * day, quantity and units (Device/{unit number}); a cancellation is the status reason.
 */

type Status = 'accepted' | 'in-progress' | 'completed' | 'cancelled';

export function taskStatus(l: Pick<OrderedLine, 'state' | 'deliveredQuantity'>): Status {
  if (l.state === 'delivered' || l.state === 'done') return 'completed';
  if (l.state === 'cancelled') return 'cancelled';
  if (l.state === 'received' && l.deliveredQuantity === 0) return 'accepted';
  return 'in-progress';
}

/** The task statuses a search may ask for, and the line states they stand for. */
export const statesOfTaskStatus: Record<Status, readonly OrderedLine['state'][]> = {
  accepted: ['received'],
  'in-progress': ['received', 'orderedFromSupplier', 'inAdaptation'],
  completed: ['delivered'],
  cancelled: ['cancelled'],
};

const outputType = (code: string, display: string) => ({ coding: [{ system: TASK_OUTPUT_SYSTEM, code, display }] });

function outputs(events: readonly OrderEvent[]): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const e of events) {
    switch (e.type) {
      case 'received':
        if (e.dueDate) out.push({ type: outputType('due-date', 'Leveransdatum enligt tidsgränsen'), valueDate: e.dueDate });
        break;
      case 'plannedDate':
        out.push({ type: outputType('planned-date', 'Planerat leveransdatum'), valueDate: e.plannedDate });
        break;
      case 'delayed':
        out.push({ type: outputType('new-date', 'Försenad: nytt leveransdatum'), valueDate: e.newDate });
        break;
      case 'acknowledged':
        out.push({ type: outputType('acknowledged', 'Akut beställning kvitterad'), valueDateTime: e.acknowledgedAt });
        break;
      case 'delivered':
        out.push({ type: outputType('delivered-on', 'Levererad'), valueDate: e.deliveredOn });
        out.push({ type: outputType('delivered-quantity', 'Levererat antal'), valueInteger: e.quantity });
        for (const u of e.units)
          out.push({
            type: outputType('delivered-unit', 'Levererad individ'),
            valueReference: { reference: `Device/${u.unitNumber}`, identifier: { system: UNIT_NUMBER_SYSTEM, value: u.unitNumber }, display: u.articleName },
          });
        break;
      default:
        break;
    }
  }
  return out;
}

/** The line as a Task. `patientId`: the ordering side's id of the order's patient, when it has one. */
export function toTask(l: OrderedLine, patientId: string | null): FhirResource {
  const status = taskStatus(l);
  const cancelled = [...l.events].reverse().find((e) => e.type === 'cancelled');
  const finished =
    status === 'completed' || status === 'cancelled' ? [...l.events].reverse().find((e) => e.type === 'delivered' || e.type === 'cancelled') : undefined;
  const last = l.events.at(-1);
  const produced = outputs(l.events);
  const reason = (l.cancelReason ?? (cancelled?.type === 'cancelled' ? cancelled.reason : null)) as CancelReason | null;
  return {
    resourceType: 'Task',
    id: l.lineId,
    meta: { lastUpdated: l.updatedAt.toISOString() },
    identifier: [{ use: 'official', system: CENTRE_ORDER_NUMBER_SYSTEM, value: l.centreOrderNumber }],
    basedOn: [{ reference: `DeviceRequest/${l.lineId}` }],
    groupIdentifier: { use: 'usual', system: ORDER_NUMBER_SYSTEM, value: l.orderNumber },
    status,
    ...(status === 'cancelled' && reason
      ? {
          statusReason: {
            coding: [{ system: CANCEL_REASON_SYSTEM, code: reason, display: cancelReasonLabels[reason]?.sv ?? reason }],
            text: [cancelReasonLabels[reason]?.sv ?? reason, cancelled?.type === 'cancelled' ? cancelled.comment : null].filter(Boolean).join(': '),
          },
        }
      : {}),
    businessStatus: { coding: [{ system: LINE_STATE_SYSTEM, code: l.state, display: lineStateLabels[l.state] }], text: lineStateLabels[l.state] },
    intent: 'order',
    priority: l.urgent ? 'urgent' : 'routine',
    code: { coding: [{ system: TASK_CODE_SYSTEM, code: 'fulfill', display: 'Fulfill the focal request' }] },
    focus: { reference: `DeviceRequest/${l.lineId}` },
    ...(patientId ? { for: { reference: `Patient/${patientId}` } } : {}),
    executionPeriod: { start: l.receivedAt.toISOString(), ...(finished ? { end: new Date(finished.occurredAt).toISOString() } : {}) },
    authoredOn: l.receivedAt.toISOString(),
    lastModified: new Date(last ? Math.max(new Date(last.occurredAt).getTime(), l.updatedAt.getTime()) : l.updatedAt.getTime()).toISOString(),
    requester: { reference: `Organization/${l.customerId}`, display: l.customerName },
    ...(status !== 'completed' && status !== 'cancelled' && l.expectedDate ? { restriction: { period: { end: l.expectedDate } } } : {}),
    ...(produced.length ? { output: produced } : {}),
  };
}
