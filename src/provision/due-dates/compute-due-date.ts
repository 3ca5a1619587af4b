import { defaultWorkOrderTypes, type OrderType, type WorkOrderTypeInfo } from '../../contract/matrix.ts';
import {
  addDays,
  addWorkingDays,
  addWorkingHours,
  nextDeliveryDay,
  nextWorkingDayAt,
  stockholmDateTime,
  stockholmInstant,
  type DeliveryWeekday,
  type IsoDate,
  type OfficeHours,
} from '../../platform/calendar/index.ts';
import { minutesOf, type ProvisionTimeLimits } from './time-limits.ts';

/**
 * Due dates (DOMAIN §4–§5), pure functions on the working-day calendar. Assumptions written down here:
 *
 * - Stock item: delivered on the area's next weekly delivery day that the order makes (cut-off: 10:00 the
 *   working day before, config), and never later than the limit (7 working days): in a holiday week where
 *   the weekly day would fall after the limit, the limit is the due date (an extra run).
 * - Order item: bought per order, so the due date is the area's last delivery day within the limit
 *   (17 working days); a later date needs a planned date (set when ordering from the supplier).
 * - Urgent: delivered within 24 hours counted on working days only (Friday 15:00 → Monday 15:00), and
 *   acknowledged by the centre by 08:00 the next working day.
 * - The other order types take their limit from the matrix (pick-up 7 working days, buffer registration
 *   24 hours, work orders by type); reports have none.
 * - Installation (a type with `fromDelivery`): one that needs two trades is due its limit (10 working days)
 *   after the device's delivery; any other follows the delivery (due on the delivery day). A device delivered
 *   before the order came in counts from the order instead: two trades → order + 10 working days, otherwise the
 *   area's next delivery day (issue 15 item 2; docs/assumptions.md).
 */
export interface DueInput {
  orderType: OrderType;
  urgent: boolean;
  stockForm: 'stock' | 'orderItem' | null;
  receivedAt: Date;
  deliveryWeekday: number;
  workOrderTypeCode?: string | null;
  /** Installation: the work needs two trades (the limit applies only then). */
  twoTrades?: boolean;
  /** Installation: the day the device was (or is to be) delivered, when the centre knows it. */
  deliveredOn?: IsoDate | null;
  /** Buffer withdrawal: when the device was taken from the store (the 24 hours run from then). */
  takenAt?: Date | null;
}

export interface Due {
  dueDate: IsoDate | null;
  /** For limits in hours (urgent, buffer registration, urgent work orders). */
  dueAt: Date | null;
}

const ALL_DAY = { startMinutes: 0, endMinutes: 1440 };

/** The local (Stockholm) date of an instant that ends a period: midnight belongs to the day before. */
const dateEnding = (t: Date): IsoDate => stockholmDateTime(new Date(t.getTime() - 1)).date;

function weekday(n: number): DeliveryWeekday {
  if (!Number.isInteger(n) || n < 1 || n > 5) throw new RangeError(`delivery weekday must be 1–5, got ${n}`);
  return n as DeliveryWeekday;
}

/** The area's first delivery day on or after `date` (a weekday moved off a holiday goes to the next working day). */
export function deliveryDayOnOrAfter(date: IsoDate, deliveryWeekday: number): IsoDate {
  return nextDeliveryDay(stockholmInstant(date, 0), weekday(deliveryWeekday), { minutes: 0, workingDaysBefore: 0 });
}

/** The area's next delivery day an order placed at `at` makes, given the cut-off. */
export function firstDeliveryDay(at: Date, deliveryWeekday: number, limits: ProvisionTimeLimits): IsoDate {
  return nextDeliveryDay(at, weekday(deliveryWeekday), { minutes: minutesOf(limits.orderCutOff), workingDaysBefore: limits.orderCutOffWorkingDaysBefore });
}

/** The area's last delivery day on or before `limit`, but not before `earliest`. */
function lastDeliveryDayWithin(earliest: IsoDate, limit: IsoDate, deliveryWeekday: number): IsoDate {
  let d = earliest;
  for (;;) {
    const next = deliveryDayOnOrAfter(addDays(d, 1), deliveryWeekday);
    if (next > limit) return d;
    d = next;
  }
}

export function workOrderType(code: string | null | undefined, types: readonly WorkOrderTypeInfo[] = defaultWorkOrderTypes) {
  return types.find((t) => t.code === code) ?? null;
}

export function computeLineDue(
  input: DueInput,
  limits: ProvisionTimeLimits,
  workOrderTypes: readonly WorkOrderTypeInfo[] = defaultWorkOrderTypes,
  officeHours?: OfficeHours,
): Due {
  const receivedOn = stockholmDateTime(input.receivedAt).date;
  switch (input.orderType) {
    case 'customerOrder': {
      if (input.urgent) {
        const dueAt = addWorkingHours(input.receivedAt, limits.urgentDeliveryHours, ALL_DAY);
        return { dueDate: dateEnding(dueAt), dueAt };
      }
      const first = firstDeliveryDay(input.receivedAt, input.deliveryWeekday, limits);
      if (input.stockForm === 'orderItem') {
        const limit = addWorkingDays(receivedOn, limits.orderItemDeliveryWorkingDays);
        return { dueDate: first > limit ? limit : lastDeliveryDayWithin(first, limit, input.deliveryWeekday), dueAt: null };
      }
      const limit = addWorkingDays(receivedOn, limits.stockDeliveryWorkingDays);
      return { dueDate: first > limit ? limit : first, dueAt: null };
    }
    case 'bufferWithdrawal': {
      const dueAt = addWorkingHours(input.takenAt ?? input.receivedAt, limits.bufferRegistrationHours, ALL_DAY);
      return { dueDate: dateEnding(dueAt), dueAt };
    }
    case 'pickUp':
      return { dueDate: addWorkingDays(receivedOn, limits.pickUpWorkingDays), dueAt: null };
    case 'workOrder': {
      const t = workOrderType(input.workOrderTypeCode, workOrderTypes);
      if (!t) return { dueDate: null, dueAt: null };
      if (t.fromDelivery) {
        const delivery = input.deliveredOn && input.deliveredOn >= receivedOn ? input.deliveredOn : null;
        if (input.twoTrades && t.doneWithinWorkingDays !== null)
          return { dueDate: addWorkingDays(delivery ?? receivedOn, t.doneWithinWorkingDays), dueAt: null };
        return { dueDate: delivery ?? firstDeliveryDay(input.receivedAt, input.deliveryWeekday, limits), dueAt: null };
      }
      if (t.withinWorkingHours !== null) {
        const dueAt = addWorkingHours(input.receivedAt, t.withinWorkingHours, officeHours);
        return { dueDate: stockholmDateTime(dueAt).date, dueAt };
      }
      const n = t.doneWithinWorkingDays ?? t.startWithinWorkingDays;
      return { dueDate: n === null ? null : addWorkingDays(receivedOn, n), dueAt: null };
    }
    case 'lostDevice':
    case 'faultReport':
    case 'deviation':
      return { dueDate: null, dueAt: null };
  }
}

/** The instant an urgent order must be acknowledged by: 08:00 (config) the next working day. */
export function acknowledgeBy(receivedAt: Date, limits: ProvisionTimeLimits): Date {
  return nextWorkingDayAt(receivedAt, minutesOf(limits.urgentAcknowledgeBy));
}

/** The order's delivery date: the line with the longest lead time sets it. */
export function orderDueDate(lines: readonly { dueDate: IsoDate | null }[]): IsoDate | null {
  let max: IsoDate | null = null;
  for (const l of lines) if (l.dueDate && (!max || l.dueDate > max)) max = l.dueDate;
  return max;
}

/** Whether a date is further than the planned-date threshold from the day the order came in. */
export function plannedDateRequired(receivedAt: Date, date: IsoDate, limits: ProvisionTimeLimits): boolean {
  return date > addWorkingDays(stockholmDateTime(receivedAt).date, limits.plannedDateRequiredOverWorkingDays);
}

/**
 * The new date a delayed line is given by the due-date job: the area's next delivery day the centre can
 * still make from `now` (after today's cut-off: the one after), per delivery weekday 1–5.
 */
export function delayedNewDates(now: Date, limits: ProvisionTimeLimits): Record<1 | 2 | 3 | 4 | 5, IsoDate> {
  const out = {} as Record<1 | 2 | 3 | 4 | 5, IsoDate>;
  for (const w of [1, 2, 3, 4, 5] as const) out[w] = firstDeliveryDay(now, w, limits);
  return out;
}
