import { describe, expect, it } from 'vitest';
import { stockholmInstant } from '../../platform/calendar/index.ts';
import { acknowledgeBy, computeLineDue, delayedNewDates, orderDueDate, plannedDateRequired, type DueInput } from './compute-due-date.ts';
import { defaultProvisionTimeLimits as limits, type ProvisionTimeLimits } from './time-limits.ts';

/** A Stockholm wall-clock time, 'YYYY-MM-DD HH:MM'. */
const local = (s: string) => stockholmInstant(s.slice(0, 10), Number(s.slice(11, 13)) * 60 + Number(s.slice(14, 16)));
const WED = 3;
const THU = 4;

function due(at: string, over: Partial<DueInput> = {}, l: ProvisionTimeLimits = limits) {
  return computeLineDue({ orderType: 'customerOrder', urgent: false, stockForm: 'stock', receivedAt: local(at), deliveryWeekday: WED, ...over }, l);
}

describe('due dates of customer-order lines', () => {
  it('a stock item is due on the area’s next delivery day when ordered before the cut-off the working day before', () => {
    // Monday 23 Nov 2026; the area is served on Wednesdays; cut-off Tuesday 10:00.
    expect(due('2026-11-23 09:00').dueDate).toBe('2026-11-25');
    expect(due('2026-11-24 10:00').dueDate).toBe('2026-11-25');
  });

  it('after the cut-off the stock item goes on the following week’s delivery day', () => {
    expect(due('2026-11-24 10:01').dueDate).toBe('2026-12-02');
    expect(due('2026-11-25 08:00').dueDate).toBe('2026-12-02');
  });

  it('the cut-off is configurable: time of day and how many working days before', () => {
    expect(due('2026-11-24 11:30', {}, { ...limits, orderCutOff: '12:00' }).dueDate).toBe('2026-11-25');
    expect(due('2026-11-23 09:00', {}, { ...limits, orderCutOffWorkingDaysBefore: 2 }).dueDate).toBe('2026-11-25');
    expect(due('2026-11-23 10:30', {}, { ...limits, orderCutOffWorkingDaysBefore: 2 }).dueDate).toBe('2026-12-02');
  });

  it('a delivery weekday that is a holiday moves to the next working day (Ascension Thursday → Friday)', () => {
    expect(due('2026-05-11 09:00', { deliveryWeekday: THU }).dueDate).toBe('2026-05-15');
  });

  it('around Christmas the Thursday delivery moves to the next working day each week', () => {
    // 24 and 25 Dec are holidays, so that week's Thursday delivery is Monday 28 Dec; ordered after its cut-off
    // the next one is New Year's Eve, also a holiday, then New Year's Day: Monday 4 Jan.
    expect(due('2026-12-21 09:00', { deliveryWeekday: THU }).dueDate).toBe('2026-12-28');
    expect(due('2026-12-23 11:00', { deliveryWeekday: THU }).dueDate).toBe('2027-01-04');
  });

  it('a stock item never waits past its limit: when the weekly day is later, the limit is the due date', () => {
    expect(due('2026-11-24 11:00', {}, { ...limits, stockDeliveryWorkingDays: 2 }).dueDate).toBe('2026-11-26');
  });

  it('an order item is due on the area’s last delivery day within 17 working days', () => {
    // 17 working days after Mon 23 Nov is Wed 16 Dec, itself a Wednesday.
    expect(due('2026-11-23 09:00', { stockForm: 'orderItem' }).dueDate).toBe('2026-12-16');
    // For a Thursday area the last Thursday within the limit is 10 Dec.
    expect(due('2026-11-23 09:00', { stockForm: 'orderItem', deliveryWeekday: THU }).dueDate).toBe('2026-12-10');
  });

  it('an urgent line is due 24 hours later counted on working days, and acknowledged by 08:00 the next working day', () => {
    const friday = due('2026-11-20 15:00', { urgent: true });
    expect(friday.dueAt).toEqual(local('2026-11-23 15:00'));
    expect(friday.dueDate).toBe('2026-11-23');
    expect(acknowledgeBy(local('2026-11-20 15:00'), limits)).toEqual(local('2026-11-23 08:00'));
    expect(due('2026-11-24 09:30', { urgent: true }).dueAt).toEqual(local('2026-11-25 09:30'));
  });

  it('the order’s delivery date is set by the line with the longest lead time', () => {
    const lines = [due('2026-11-23 09:00'), due('2026-11-23 09:00', { stockForm: 'orderItem' }), { dueDate: null }];
    expect(orderDueDate(lines)).toBe('2026-12-16');
  });

  it('a planned date is required beyond 17 working days', () => {
    expect(plannedDateRequired(local('2026-11-23 09:00'), '2026-12-16', limits)).toBe(false);
    expect(plannedDateRequired(local('2026-11-23 09:00'), '2026-12-17', limits)).toBe(true);
  });
});

describe('due dates of the other order types', () => {
  it('a pick-up is due within 7 working days; reports have no limit', () => {
    expect(due('2026-11-23 09:00', { orderType: 'pickUp', stockForm: null }).dueDate).toBe('2026-12-02');
    expect(due('2026-11-23 09:00', { orderType: 'faultReport', stockForm: null })).toEqual({ dueDate: null, dueAt: null });
  });

  it('a work order takes its limit from its type: corrective maintenance done in 10 working days, urgent within 8 working hours', () => {
    expect(due('2026-11-23 09:00', { orderType: 'workOrder', stockForm: null, workOrderTypeCode: 'repairAtCentre' }).dueDate).toBe('2026-12-07');
    expect(due('2026-11-23 15:00', { orderType: 'workOrder', stockForm: null, workOrderTypeCode: 'repairUrgent' }).dueAt).toEqual(local('2026-11-24 14:00'));
  });
});

describe('the new date of a delayed line', () => {
  it('is the area’s next delivery day the centre can still make', () => {
    const d = delayedNewDates(local('2026-11-26 07:00'), limits);
    expect(d[3]).toBe('2026-12-02');
    expect(d[5]).toBe('2026-11-27');
    expect(d[1]).toBe('2026-11-30');
  });
});
