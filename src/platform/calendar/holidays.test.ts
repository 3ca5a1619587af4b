import { describe, it, expect } from 'vitest';
import { easterSunday, isHoliday, swedishHolidays } from './holidays.ts';

const EASTER: Record<number, string> = {
  2024: '2024-03-31',
  2025: '2025-04-20',
  2026: '2026-04-05',
  2027: '2027-03-28',
  2028: '2028-04-16',
  2029: '2029-04-01',
  2030: '2030-04-21',
};
const MIDSUMMER_EVE: Record<number, string> = {
  2024: '2024-06-21',
  2025: '2025-06-20',
  2026: '2026-06-19',
  2027: '2027-06-25',
  2028: '2028-06-23',
  2029: '2029-06-22',
  2030: '2030-06-21',
};
const ASCENSION: Record<number, string> = {
  2024: '2024-05-09',
  2025: '2025-05-29',
  2026: '2026-05-14',
  2027: '2027-05-06',
  2028: '2028-05-25',
  2029: '2029-05-10',
  2030: '2030-05-30',
};
const YEARS = [2024, 2025, 2026, 2027, 2028, 2029, 2030];

function utcWeekday(iso: string): number {
  return new Date(`${iso}T00:00:00Z`).getUTCDay(); // 0 = Sunday
}
function dateOf(year: number, name: string): string {
  const h = swedishHolidays(year).find((x) => x.name === name);
  if (!h) throw new Error(`${name} missing in ${year}`);
  return h.date;
}

describe('Easter is computed (anonymous Gregorian algorithm)', () => {
  it.each(YEARS)('Easter Sunday %i', (year) => {
    expect(easterSunday(year)).toBe(EASTER[year]);
  });

  it('known historical and far-future Easter Sundays', () => {
    expect(easterSunday(1818)).toBe('1818-03-22'); // earliest possible
    expect(easterSunday(1943)).toBe('1943-04-25'); // latest possible
    expect(easterSunday(2000)).toBe('2000-04-23');
    expect(easterSunday(2038)).toBe('2038-04-25');
    expect(easterSunday(2285)).toBe('2285-03-22');
  });

  it('Easter Sunday is always a Sunday between 22 March and 25 April (1583–3000)', () => {
    for (let year = 1583; year <= 3000; year++) {
      const e = easterSunday(year);
      expect(utcWeekday(e)).toBe(0);
      expect(e >= `${year}-03-22` && e <= `${year}-04-25`).toBe(true);
    }
  });

  it('rejects non-integer and out-of-range years', () => {
    expect(() => easterSunday(2025.5)).toThrow(RangeError);
    expect(() => easterSunday(0)).toThrow(RangeError);
    expect(() => swedishHolidays(10000)).toThrow(RangeError);
  });
});

describe('Swedish holidays', () => {
  it.each(YEARS)('Good Friday and Easter Monday follow Easter %i', (year) => {
    const e = new Date(`${EASTER[year]}T00:00:00Z`).getTime();
    const iso = (t: number) => new Date(t).toISOString().slice(0, 10);
    expect(dateOf(year, 'Långfredagen')).toBe(iso(e - 2 * 86_400_000));
    expect(dateOf(year, 'Annandag påsk')).toBe(iso(e + 86_400_000));
    expect(dateOf(year, 'Påskdagen')).toBe(EASTER[year]);
  });

  it.each(YEARS)('Ascension Day is Easter + 39 days (a Thursday) %i', (year) => {
    expect(dateOf(year, 'Kristi himmelsfärdsdag')).toBe(ASCENSION[year]);
    expect(utcWeekday(ASCENSION[year]!)).toBe(4);
  });

  it.each(YEARS)('Midsummer Eve is the Friday between 19 and 25 June %i', (year) => {
    expect(dateOf(year, 'Midsommarafton')).toBe(MIDSUMMER_EVE[year]);
    expect(isHoliday(MIDSUMMER_EVE[year]!)).toBe(true);
  });

  it('Midsummer Day and All Saints\u2019 Day are always Saturdays, Whit Sunday a Sunday (1900–2200)', () => {
    for (let year = 1900; year <= 2200; year++) {
      const midsummerDay = dateOf(year, 'Midsommardagen');
      const allSaints = dateOf(year, 'Alla helgons dag');
      expect(utcWeekday(midsummerDay)).toBe(6);
      expect(midsummerDay >= `${year}-06-20` && midsummerDay <= `${year}-06-26`).toBe(true);
      expect(utcWeekday(allSaints)).toBe(6);
      expect(allSaints >= `${year}-10-31` && allSaints <= `${year}-11-06`).toBe(true);
      expect(utcWeekday(dateOf(year, 'Pingstdagen'))).toBe(0);
      expect(utcWeekday(dateOf(year, 'Midsommarafton'))).toBe(5);
    }
  });

  it('lists the full 2025 calendar with Swedish and English names, sorted by date', () => {
    expect(swedishHolidays(2025)).toEqual([
      { date: '2025-01-01', name: 'Nyårsdagen', nameEn: "New Year's Day" },
      { date: '2025-01-06', name: 'Trettondedag jul', nameEn: 'Epiphany' },
      { date: '2025-04-18', name: 'Långfredagen', nameEn: 'Good Friday' },
      { date: '2025-04-20', name: 'Påskdagen', nameEn: 'Easter Sunday' },
      { date: '2025-04-21', name: 'Annandag påsk', nameEn: 'Easter Monday' },
      { date: '2025-05-01', name: 'Första maj', nameEn: 'May Day' },
      { date: '2025-05-29', name: 'Kristi himmelsfärdsdag', nameEn: 'Ascension Day' },
      { date: '2025-06-06', name: 'Sveriges nationaldag', nameEn: 'National Day of Sweden' },
      { date: '2025-06-08', name: 'Pingstdagen', nameEn: 'Whit Sunday' },
      { date: '2025-06-20', name: 'Midsommarafton', nameEn: 'Midsummer Eve' },
      { date: '2025-06-21', name: 'Midsommardagen', nameEn: 'Midsummer Day' },
      { date: '2025-11-01', name: 'Alla helgons dag', nameEn: "All Saints' Day" },
      { date: '2025-12-24', name: 'Julafton', nameEn: 'Christmas Eve' },
      { date: '2025-12-25', name: 'Juldagen', nameEn: 'Christmas Day' },
      { date: '2025-12-26', name: 'Annandag jul', nameEn: 'Boxing Day' },
      { date: '2025-12-31', name: 'Nyårsafton', nameEn: "New Year's Eve" },
    ]);
  });

  it.each(YEARS)('holidays are sorted by date and all fall in the year %i', (year) => {
    const dates = swedishHolidays(year).map((h) => h.date);
    expect([...dates].sort()).toEqual(dates);
    expect(dates.every((d) => d.startsWith(`${year}-`))).toBe(true);
    expect(dates).toHaveLength(16);
  });

  it('keeps both names when two holidays share a date (Ascension on 1 May 2008)', () => {
    const onFirstOfMay = swedishHolidays(2008)
      .filter((h) => h.date === '2008-05-01')
      .map((h) => h.name);
    expect(onFirstOfMay).toEqual(['Första maj', 'Kristi himmelsfärdsdag']);
  });

  it('returns a fresh array that callers cannot use to corrupt the cache', () => {
    const list = swedishHolidays(2026);
    list[0]!.date = '2026-03-03';
    list.pop();
    expect(swedishHolidays(2026)[0]!.date).toBe('2026-01-01');
    expect(swedishHolidays(2026)).toHaveLength(16);
  });

  it('Christmas Eve, New Year\u2019s Eve and Epiphany are holidays; 23 December and Whit Monday are not', () => {
    expect(isHoliday('2025-12-24')).toBe(true);
    expect(isHoliday('2025-12-31')).toBe(true);
    expect(isHoliday('2026-01-06')).toBe(true);
    expect(isHoliday('2025-12-23')).toBe(false);
    expect(isHoliday('2025-06-09')).toBe(false); // Annandag pingst, not a holiday since 2005
  });

  it('isHoliday rejects malformed dates', () => {
    expect(() => isHoliday('2025-02-30')).toThrow(RangeError);
  });
});
