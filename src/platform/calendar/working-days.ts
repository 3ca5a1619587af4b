/**
 * Swedish working days (DOMAIN.md §5): Monday–Friday except the holidays in
 * {@link swedishHolidays} that fall on a weekday. All limits in the system
 * count these days. Pure functions; per-year lookup tables are cached.
 */
import { holidayDayNumbers } from './holidays.ts';
import { type IsoDate, civilFromDays, daysFromCivil, fromDayNumber, isLeapYear, parseIsoDate, toDayNumber, weekdayOfDayNumber } from './iso-date.ts';
import { stockholmDateTime, stockholmInstant } from './stockholm-time.ts';

interface YearTable {
  /** Day number of 1 January. */
  readonly firstDay: number;
  /** working[i] = 1 if day i of the year (0 = 1 January) is a working day. */
  readonly working: Uint8Array;
  /** cumulative[i] = number of working days among days 0..i-1; cumulative[length] = the year's total. */
  readonly cumulative: Int32Array;
}

const tables = new Map<number, YearTable>();

function yearTable(year: number): YearTable {
  let table = tables.get(year);
  if (table === undefined) {
    const holidays = holidayDayNumbers(year); // validates the year
    const firstDay = daysFromCivil(year, 1, 1);
    const length = isLeapYear(year) ? 366 : 365;
    const working = new Uint8Array(length);
    const cumulative = new Int32Array(length + 1);
    for (let i = 0; i < length; i++) {
      const dayNumber = firstDay + i;
      working[i] = weekdayOfDayNumber(dayNumber) <= 5 && !holidays.has(dayNumber) ? 1 : 0;
      cumulative[i + 1] = cumulative[i]! + working[i]!;
    }
    table = { firstDay, working, cumulative };
    tables.set(year, table);
  }
  return table;
}

/** Year table and day-of-year index of a day number. */
function locate(dayNumber: number): { year: number; table: YearTable; index: number } {
  const { year } = civilFromDays(dayNumber);
  const table = yearTable(year);
  return { year, table, index: dayNumber - table.firstDay };
}

/** Monday–Friday and not a holiday. */
export function isWorkingDay(date: IsoDate): boolean {
  const { year, month, day } = parseIsoDate(date);
  const table = yearTable(year);
  return table.working[daysFromCivil(year, month, day) - table.firstDay] === 1;
}

/**
 * Working-day arithmetic.
 *
 * - n > 0: the n-th working day after `date` (`date` itself never counts,
 *   whether or not it is a working day). addWorkingDays('2025-12-22', 3) = '2025-12-30'.
 * - n = 0: `date` itself if it is a working day, otherwise the next working
 *   day after it ("roll forward"). Used e.g. to move a delivery off a holiday.
 * - n < 0: the |n|-th working day before `date` (`date` itself never counts).
 *
 * So for a working day d, workingDaysBetween(d, addWorkingDays(d, n)) === n for every integer n.
 */
export function addWorkingDays(date: IsoDate, n: number): IsoDate {
  if (!Number.isSafeInteger(n)) throw new RangeError(`n must be an integer, got ${n}`);
  let { year, table, index } = locate(toDayNumber(date));
  const step = n < 0 ? -1 : 1;
  let remaining = n === 0 ? 1 : Math.abs(n);
  if (n === 0) {
    // Count the start day itself: step back one so the loop's first step lands on `date`.
    index -= 1;
  }
  while (remaining > 0) {
    index += step;
    if (index < 0) {
      year -= 1;
      table = yearTable(year);
      index = table.working.length - 1;
    } else if (index >= table.working.length) {
      year += 1;
      table = yearTable(year);
      index = 0;
    }
    if (table.working[index] === 1) remaining -= 1;
  }
  return fromDayNumber(table.firstDay + index);
}

/** Working days d with a < d <= b, for day numbers a <= b. */
function countWorkingDays(a: number, b: number): number {
  const from = locate(a);
  const to = locate(b);
  if (from.year === to.year) return to.table.cumulative[to.index + 1]! - from.table.cumulative[from.index + 1]!;
  let count = from.table.cumulative[from.table.working.length]! - from.table.cumulative[from.index + 1]!;
  for (let y = from.year + 1; y < to.year; y++) {
    const t = yearTable(y);
    count += t.cumulative[t.working.length]!;
  }
  return count + to.table.cumulative[to.index + 1]!;
}

/** Number of working days d with from < d <= to; negative (−count of to < d <= from) if to is before from. */
export function workingDaysBetween(from: IsoDate, to: IsoDate): number {
  const a = toDayNumber(from);
  const b = toDayNumber(to);
  return a <= b ? countWorkingDays(a, b) : -countWorkingDays(b, a);
}

export type DeliveryWeekday = 1 | 2 | 3 | 4 | 5;

export interface OrderCutoff {
  /** Local Stockholm time of the cut-off, minutes after midnight (600 = 10:00). */
  minutes: number;
  /** The cut-off is on the working day this many working days before the delivery day (0 = the delivery day itself). */
  workingDaysBefore: number;
}

/**
 * The delivery date an order placed at `orderedAt` makes, for a delivery area
 * that is served on `weekday` (1 = Monday … 5 = Friday).
 *
 * Each week the area's scheduled day is its weekday. Assumption (documented
 * here, DOMAIN.md §5 leaves it open): if that weekday is not a working day
 * (e.g. Ascension Thursday), that week's delivery moves to the next working
 * day after it (Friday) – it is not cancelled and not moved earlier.
 *
 * The cut-off of a delivery on day D is `cutoff.minutes` Stockholm time on the
 * working day `cutoff.workingDaysBefore` working days before D (counted with
 * {@link addWorkingDays}, so holidays are skipped: the cut-off for the Friday
 * after Ascension Thursday is on Wednesday). An order placed at or before the
 * cut-off instant makes that delivery; otherwise the next one is tried.
 */
export function nextDeliveryDay(orderedAt: Date, weekday: DeliveryWeekday, cutoff: OrderCutoff): IsoDate {
  if (!Number.isInteger(weekday) || weekday < 1 || weekday > 5) {
    throw new RangeError(`weekday must be 1 (Monday) … 5 (Friday), got ${weekday}`);
  }
  if (!Number.isSafeInteger(cutoff.workingDaysBefore) || cutoff.workingDaysBefore < 0) {
    throw new RangeError(`cutoff.workingDaysBefore must be an integer >= 0, got ${cutoff.workingDaysBefore}`);
  }
  const ordered = orderedAt.getTime();
  const localDay = toDayNumber(stockholmDateTime(orderedAt).date);
  // A delivery before the order's local date can never be made, and a delivery
  // moved off a holiday lands less than 7 days after its scheduled day, so
  // scheduled days from one week back cover every candidate.
  const weekBack = localDay - 7;
  let scheduled = weekBack + ((weekday - weekdayOfDayNumber(weekBack) + 7) % 7);
  for (;;) {
    const delivery = addWorkingDays(fromDayNumber(scheduled), 0);
    const cutoffDay = addWorkingDays(delivery, -cutoff.workingDaysBefore);
    if (ordered <= stockholmInstant(cutoffDay, cutoff.minutes).getTime()) return delivery;
    scheduled += 7;
  }
}

export interface OfficeHours {
  /** Local Stockholm time the working day starts, minutes after midnight (480 = 08:00). */
  startMinutes: number;
  /** Local Stockholm time the working day ends, minutes after midnight (1020 = 17:00). */
  endMinutes: number;
}

const MS_PER_HOUR = 3_600_000;

/**
 * The instant when `hours` working hours have elapsed after `start`, counting
 * only time within office hours (Stockholm time) on working days – for
 * "urgent work order within 8 working hours". Precisely: the earliest instant
 * T >= start such that the office time in [start, T] equals `hours`. So a work
 * that fills the rest of a day ends at that day's closing time (17:00), not at
 * the next opening, and hours = 0 returns `start` unchanged.
 */
export function addWorkingHours(start: Date, hours: number, day: OfficeHours = { startMinutes: 8 * 60, endMinutes: 17 * 60 }): Date {
  if (!Number.isFinite(hours) || hours < 0) throw new RangeError(`hours must be a finite number >= 0, got ${hours}`);
  if (!(day.startMinutes >= 0 && day.startMinutes < day.endMinutes && day.endMinutes <= 1440)) {
    throw new RangeError(`Invalid office hours ${day.startMinutes}–${day.endMinutes}`);
  }
  let t = start.getTime();
  let remaining = Math.round(hours * MS_PER_HOUR);
  let date = stockholmDateTime(start).date; // validates start
  for (;;) {
    if (remaining === 0) return new Date(t);
    if (isWorkingDay(date)) {
      const opens = stockholmInstant(date, day.startMinutes).getTime();
      const closes = stockholmInstant(date, day.endMinutes).getTime();
      if (t < opens) t = opens;
      if (t < closes) {
        if (remaining <= closes - t) return new Date(t + remaining);
        remaining -= closes - t;
      }
    }
    date = addWorkingDays(date, 1);
    t = stockholmInstant(date, day.startMinutes).getTime();
  }
}

/**
 * The instant at local Stockholm time `minutes` (480 = 08:00) on the first
 * working day after the instant's local date – e.g. "urgent order acknowledged
 * by 08:00 the next working day". Always a later date, even when the instant
 * is early in the morning of a working day.
 */
export function nextWorkingDayAt(instant: Date, minutes: number): Date {
  return stockholmInstant(addWorkingDays(stockholmDateTime(instant).date, 1), minutes);
}
