/**
 * Swedish public holidays and the days treated as holidays in practice
 * (DOMAIN.md §5). Everything is computed from the year – Easter with the
 * anonymous Gregorian algorithm – nothing is listed per year.
 *
 * The rules are the ones in force since 2005 (National Day a holiday, Whit
 * Monday not); they are applied to every year, including earlier ones.
 */
import { type IsoDate, assertYear, civilFromDays, daysFromCivil, formatIsoDate, parseIsoDate, weekdayOfDayNumber } from './iso-date.ts';

export interface Holiday {
  date: IsoDate;
  /** Swedish name, e.g. 'Midsommarafton'. */
  name: string;
  nameEn: string;
}

/** Day number (days since 1970-01-01) of Easter Sunday – anonymous Gregorian algorithm (Meeus/Jones/Butcher). */
function easterDayNumber(year: number): number {
  assertYear(year);
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return daysFromCivil(year, month, day);
}

/** Easter Sunday (Påskdagen) of a Gregorian year, computed. */
export function easterSunday(year: number): IsoDate {
  const { month, day } = civilFromDays(easterDayNumber(year));
  return formatIsoDate(year, month, day);
}

/** Day number of the first date in [year-month-fromDay, +6 days] that has the given ISO weekday. */
function weekdayInWindow(year: number, month: number, fromDay: number, isoWeekday: number): number {
  const start = daysFromCivil(year, month, fromDay);
  return start + ((isoWeekday - weekdayOfDayNumber(start) + 7) % 7);
}

const FRIDAY = 5;
const SATURDAY = 6;

interface YearHolidays {
  readonly list: readonly Readonly<Holiday>[];
  readonly dayNumbers: ReadonlySet<number>;
}

function computeYear(year: number): YearHolidays {
  const easter = easterDayNumber(year);
  const fixed = (month: number, day: number): number => daysFromCivil(year, month, day);
  const entries: [number, string, string][] = [
    [fixed(1, 1), 'Nyårsdagen', "New Year's Day"],
    [fixed(1, 6), 'Trettondedag jul', 'Epiphany'],
    [easter - 2, 'Långfredagen', 'Good Friday'],
    [easter, 'Påskdagen', 'Easter Sunday'],
    [easter + 1, 'Annandag påsk', 'Easter Monday'],
    [fixed(5, 1), 'Första maj', 'May Day'],
    [easter + 39, 'Kristi himmelsfärdsdag', 'Ascension Day'],
    [easter + 49, 'Pingstdagen', 'Whit Sunday'],
    [fixed(6, 6), 'Sveriges nationaldag', 'National Day of Sweden'],
    // Midsommarafton: the Friday between 19 and 25 June (a holiday in practice).
    [weekdayInWindow(year, 6, 19, FRIDAY), 'Midsommarafton', 'Midsummer Eve'],
    // Midsommardagen: the Saturday between 20 and 26 June.
    [weekdayInWindow(year, 6, 20, SATURDAY), 'Midsommardagen', 'Midsummer Day'],
    // Alla helgons dag: the Saturday between 31 October and 6 November.
    [weekdayInWindow(year, 10, 31, SATURDAY), 'Alla helgons dag', "All Saints' Day"],
    [fixed(12, 24), 'Julafton', 'Christmas Eve'],
    [fixed(12, 25), 'Juldagen', 'Christmas Day'],
    [fixed(12, 26), 'Annandag jul', 'Boxing Day'],
    [fixed(12, 31), 'Nyårsafton', "New Year's Eve"],
  ];
  entries.sort((x, y) => x[0] - y[0]);
  const list = entries.map(([dayNumber, name, nameEn]) => {
    const { month, day } = civilFromDays(dayNumber);
    return Object.freeze({ date: formatIsoDate(year, month, day), name, nameEn });
  });
  return { list: Object.freeze(list), dayNumbers: new Set(entries.map((e) => e[0])) };
}

/** Holidays per year, computed once: the due-date job calls isHoliday/isWorkingDay millions of times. */
const cache = new Map<number, YearHolidays>();

function yearHolidays(year: number): YearHolidays {
  let entry = cache.get(year);
  if (entry === undefined) {
    assertYear(year);
    entry = computeYear(year);
    cache.set(year, entry);
  }
  return entry;
}

/**
 * All Swedish holidays of a year, sorted by date: the public holidays
 * (including those that are always Sundays/Saturdays – Påskdagen, Pingstdagen,
 * Midsommardagen, Alla helgons dag) and the days treated as holidays in
 * practice (Midsommarafton, Julafton, Nyårsafton). Returns a fresh array.
 */
export function swedishHolidays(year: number): Holiday[] {
  return yearHolidays(year).list.map((h) => ({ ...h }));
}

/** Day numbers of the year's holidays (internal, cached). */
export function holidayDayNumbers(year: number): ReadonlySet<number> {
  return yearHolidays(year).dayNumbers;
}

/** True if the date is one of {@link swedishHolidays} (whatever weekday it falls on). */
export function isHoliday(date: IsoDate): boolean {
  const { year, month, day } = parseIsoDate(date);
  return yearHolidays(year).dayNumbers.has(daysFromCivil(year, month, day));
}
