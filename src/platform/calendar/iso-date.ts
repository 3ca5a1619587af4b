/**
 * Calendar-day primitives. A calendar day is an ISO string 'YYYY-MM-DD'
 * (proleptic Gregorian, years 0001–9999). We never use a Date in local time
 * for a calendar day: internally days are counted as integers ("day numbers",
 * days since 1970-01-01) with pure integer arithmetic, so the result does not
 * depend on the process time zone.
 */

/** A calendar day as 'YYYY-MM-DD'. */
export type IsoDate = string;

export const MIN_YEAR = 1;
export const MAX_YEAR = 9999;

/** Days since 1970-01-01 for a proleptic Gregorian date (H. Hinnant's days_from_civil). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400; // [0, 399]
  const mp = (month + 9) % 12; // March = 0
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1; // [0, 365]
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy; // [0, 146096]
  return era * 146097 + doe - 719468;
}

/** Inverse of {@link daysFromCivil}. */
export function civilFromDays(dayNumber: number): { year: number; month: number; day: number } {
  const z = dayNumber + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

export function assertYear(year: number): void {
  if (!Number.isInteger(year) || year < MIN_YEAR || year > MAX_YEAR) {
    throw new RangeError(`Year must be an integer in ${MIN_YEAR}–${MAX_YEAR}, got ${year}`);
  }
}

function digit(s: string, i: number): number {
  const c = s.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : -1;
}

/**
 * Parses and validates an IsoDate. Hand-rolled (no regex, no Date) because the
 * due-date job calls the working-day functions millions of times.
 * @throws RangeError if the string is not a real 'YYYY-MM-DD' date.
 */
export function parseIsoDate(date: IsoDate): { year: number; month: number; day: number } {
  if (typeof date === 'string' && date.length === 10 && date.charCodeAt(4) === 45 && date.charCodeAt(7) === 45) {
    const y0 = digit(date, 0),
      y1 = digit(date, 1),
      y2 = digit(date, 2),
      y3 = digit(date, 3);
    const m0 = digit(date, 5),
      m1 = digit(date, 6),
      d0 = digit(date, 8),
      d1 = digit(date, 9);
    if ((y0 | y1 | y2 | y3 | m0 | m1 | d0 | d1) >= 0) {
      const year = y0 * 1000 + y1 * 100 + y2 * 10 + y3;
      const month = m0 * 10 + m1;
      const day = d0 * 10 + d1;
      if (year >= MIN_YEAR && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month)) {
        return { year, month, day };
      }
    }
  }
  throw new RangeError(`Invalid IsoDate (expected a real date 'YYYY-MM-DD'): ${String(date)}`);
}

export function formatIsoDate(year: number, month: number, day: number): IsoDate {
  assertYear(year);
  return `${String(year).padStart(4, '0')}-${month < 10 ? '0' : ''}${month}-${day < 10 ? '0' : ''}${day}`;
}

export function toDayNumber(date: IsoDate): number {
  const { year, month, day } = parseIsoDate(date);
  return daysFromCivil(year, month, day);
}

export function fromDayNumber(dayNumber: number): IsoDate {
  const { year, month, day } = civilFromDays(dayNumber);
  return formatIsoDate(year, month, day);
}

/** `months` calendar months after `date`; the month's last day when it is shorter (2026-11-30 + 3 → 2027-02-28). */
export function addMonths(date: IsoDate, months: number): IsoDate {
  const { year, month, day } = parseIsoDate(date);
  const total = year * 12 + (month - 1) + months;
  const y = Math.floor(total / 12);
  const m = (total % 12) + 1;
  return formatIsoDate(y, m, Math.min(day, daysInMonth(y, m)));
}

/** Calendar-day arithmetic (not working days). */
export function addDays(date: IsoDate, days: number): IsoDate {
  return fromDayNumber(toDayNumber(date) + days);
}

/** ISO weekday of a day number: 1 = Monday … 7 = Sunday (1970-01-01 was a Thursday). */
export function weekdayOfDayNumber(dayNumber: number): number {
  return ((((dayNumber + 3) % 7) + 7) % 7) + 1;
}

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: IsoDate): number {
  return weekdayOfDayNumber(toDayNumber(date));
}
