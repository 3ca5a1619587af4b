import { describe, it, expect } from 'vitest';
import { addWorkingDays, addWorkingHours, isWorkingDay, nextDeliveryDay, nextWorkingDayAt, workingDaysBetween } from './working-days.ts';

// ---------------------------------------------------------------------------
// Independent reference: weekday holidays written out by hand per year, days
// iterated with Date.UTC (does not use the module's date or holiday code).
// ---------------------------------------------------------------------------
const WEEKDAY_HOLIDAYS: Record<number, string[]> = {
  // 6 Jan Sat, 6 Jun Thu
  2024: ['01-01', '03-29', '04-01', '05-01', '05-09', '06-06', '06-21', '12-24', '12-25', '12-26', '12-31'],
  2025: ['01-01', '01-06', '04-18', '04-21', '05-01', '05-29', '06-06', '06-20', '12-24', '12-25', '12-26', '12-31'],
  // 6 Jun Sat, 26 Dec Sat
  2026: ['01-01', '01-06', '04-03', '04-06', '05-01', '05-14', '06-19', '12-24', '12-25', '12-31'],
  // 1 May Sat, 6 Jun Sun, 25 Dec Sat, 26 Dec Sun
  2027: ['01-01', '01-06', '03-26', '03-29', '05-06', '06-25', '12-24', '12-31'],
  // 1 Jan Sat, 24 Dec Sun, 31 Dec Sun
  2028: ['01-06', '04-14', '04-17', '05-01', '05-25', '06-06', '06-23', '12-25', '12-26'],
  // 6 Jan Sat
  2029: ['01-01', '03-30', '04-02', '05-01', '05-10', '06-06', '06-22', '12-24', '12-25', '12-26', '12-31'],
  // 6 Jan Sun
  2030: ['01-01', '04-19', '04-22', '05-01', '05-30', '06-06', '06-21', '12-24', '12-25', '12-26', '12-31'],
};
const EXPECTED_WORKING_DAYS: Record<number, number> = {
  2024: 251,
  2025: 249,
  2026: 251,
  2027: 253,
  2028: 251,
  2029: 250,
  2030: 250,
};
const YEARS = [2024, 2025, 2026, 2027, 2028, 2029, 2030];
const DAY_MS = 86_400_000;

function daysOfYear(year: number): string[] {
  const out: string[] = [];
  for (let t = Date.UTC(year, 0, 1); t < Date.UTC(year + 1, 0, 1); t += DAY_MS) out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}
function referenceIsWorkingDay(iso: string): boolean {
  const weekday = new Date(`${iso}T00:00:00Z`).getUTCDay();
  const year = Number(iso.slice(0, 4));
  return weekday !== 0 && weekday !== 6 && !WEEKDAY_HOLIDAYS[year]!.includes(iso.slice(5));
}
const ALL_DAYS = YEARS.flatMap(daysOfYear);

describe('Working days: Monday–Friday except holidays on a weekday', () => {
  it('reference lists contain only weekdays (sanity check of the test data)', () => {
    for (const year of YEARS) {
      for (const md of WEEKDAY_HOLIDAYS[year]!) {
        const weekday = new Date(`${year}-${md}T00:00:00Z`).getUTCDay();
        expect(weekday, `${year}-${md}`).toBeGreaterThanOrEqual(1);
        expect(weekday, `${year}-${md}`).toBeLessThanOrEqual(5);
      }
    }
  });

  it.each(YEARS)('working days in %i match an independent count', (year) => {
    const days = daysOfYear(year);
    const reference = days.filter(referenceIsWorkingDay).length;
    expect(reference).toBe(EXPECTED_WORKING_DAYS[year]);
    expect(days.filter(isWorkingDay).length).toBe(reference);
    expect(workingDaysBetween(`${year - 1}-12-31`, `${year}-12-31`)).toBe(reference);
  });

  it('isWorkingDay agrees with the reference for every day 2024–2030', () => {
    expect(ALL_DAYS.filter((d) => isWorkingDay(d) !== referenceIsWorkingDay(d))).toEqual([]);
  });

  it('Midsummer Eve is not a working day', () => {
    expect(isWorkingDay('2025-06-20')).toBe(false);
    expect(isWorkingDay('2025-06-19')).toBe(true);
  });

  it('Christmas Eve and New Year\u2019s Eve are not working days, 23 December and 2 January are', () => {
    expect(isWorkingDay('2025-12-24')).toBe(false);
    expect(isWorkingDay('2025-12-31')).toBe(false);
    expect(isWorkingDay('2025-12-23')).toBe(true);
    expect(isWorkingDay('2026-01-02')).toBe(true);
  });

  it('Ascension Day, Good Friday and Easter Monday are not working days', () => {
    expect(isWorkingDay('2026-05-14')).toBe(false);
    expect(isWorkingDay('2026-04-03')).toBe(false);
    expect(isWorkingDay('2026-04-06')).toBe(false);
  });

  it('Saturdays and Sundays are not working days', () => {
    expect(isWorkingDay('2025-01-18')).toBe(false);
    expect(isWorkingDay('2025-01-19')).toBe(false);
  });

  it('rejects malformed dates', () => {
    expect(() => isWorkingDay('2025-6-1')).toThrow(RangeError);
    expect(() => isWorkingDay('2025-02-29')).toThrow(RangeError);
  });
});

describe('addWorkingDays', () => {
  it('over Christmas and New Year: 24, 25, 26 and 31 December and 1 January are skipped', () => {
    expect(addWorkingDays('2025-12-22', 3)).toBe('2025-12-30');
    expect(addWorkingDays('2025-12-23', 1)).toBe('2025-12-29');
    expect(addWorkingDays('2025-12-30', 1)).toBe('2026-01-02');
    expect(addWorkingDays('2026-01-02', 1)).toBe('2026-01-05');
    expect(addWorkingDays('2026-01-05', 1)).toBe('2026-01-07'); // Epiphany Tue 6 Jan
  });

  it('over Easter: Good Friday and Easter Monday are skipped', () => {
    expect(addWorkingDays('2025-04-17', 1)).toBe('2025-04-22');
    expect(addWorkingDays('2024-03-28', 1)).toBe('2024-04-02');
    expect(addWorkingDays('2024-03-27', 3)).toBe('2024-04-03');
  });

  it('over Midsummer: Midsummer Eve is skipped', () => {
    expect(addWorkingDays('2025-06-19', 1)).toBe('2025-06-23');
    expect(addWorkingDays('2027-06-24', 1)).toBe('2027-06-28');
  });

  it('n = 0 returns the date itself if it is a working day, otherwise rolls forward', () => {
    expect(addWorkingDays('2025-06-19', 0)).toBe('2025-06-19');
    expect(addWorkingDays('2025-06-20', 0)).toBe('2025-06-23');
    expect(addWorkingDays('2025-01-18', 0)).toBe('2025-01-20');
    expect(addWorkingDays('2025-12-31', 0)).toBe('2026-01-02');
  });

  it('a positive n never counts the start day, even when it is not a working day', () => {
    expect(addWorkingDays('2025-01-18', 1)).toBe('2025-01-20'); // Saturday + 1
    expect(addWorkingDays('2025-01-17', 1)).toBe('2025-01-20'); // Friday + 1
  });

  it('negative n counts backwards, skipping holidays and across the year boundary', () => {
    expect(addWorkingDays('2025-04-22', -1)).toBe('2025-04-17');
    expect(addWorkingDays('2025-01-18', -1)).toBe('2025-01-17');
    expect(addWorkingDays('2026-01-02', -1)).toBe('2025-12-30');
    expect(addWorkingDays('2026-01-07', -2)).toBe('2026-01-02');
    expect(addWorkingDays('2025-12-30', -3)).toBe('2025-12-22');
  });

  it('large n spans several years', () => {
    expect(addWorkingDays('2024-12-31', 249)).toBe('2025-12-30');
    const total = YEARS.reduce((sum, y) => sum + EXPECTED_WORKING_DAYS[y]!, 0);
    expect(addWorkingDays('2023-12-31', total)).toBe('2030-12-30');
    expect(addWorkingDays('2030-12-31', -total)).toBe('2024-01-02');
  });

  it('rejects a non-integer n', () => {
    expect(() => addWorkingDays('2025-01-13', 1.5)).toThrow(RangeError);
    expect(() => addWorkingDays('2025-01-13', Number.NaN)).toThrow(RangeError);
  });
});

describe('workingDaysBetween counts working days d with from < d <= to', () => {
  it('over Christmas and New Year', () => {
    expect(workingDaysBetween('2025-12-22', '2026-01-02')).toBe(4);
    expect(workingDaysBetween('2026-01-02', '2025-12-22')).toBe(-4);
    expect(workingDaysBetween('2025-12-22', '2025-12-22')).toBe(0);
  });

  it('over Easter and Midsummer', () => {
    expect(workingDaysBetween('2025-04-17', '2025-04-22')).toBe(1);
    expect(workingDaysBetween('2025-06-19', '2025-06-22')).toBe(0);
  });

  it('matches a day-by-day count for pseudo-random pairs 2024–2030', () => {
    let seed = 12345;
    const rand = (max: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % max;
    };
    for (let k = 0; k < 300; k++) {
      const i = rand(ALL_DAYS.length);
      const j = rand(ALL_DAYS.length);
      const [lo, hi] = i <= j ? [i, j] : [j, i];
      let expected = 0;
      for (let x = lo + 1; x <= hi; x++) if (referenceIsWorkingDay(ALL_DAYS[x]!)) expected++;
      expect(workingDaysBetween(ALL_DAYS[i]!, ALL_DAYS[j]!)).toBe(i <= j ? expected : -expected);
    }
  });
});

describe('property: addWorkingDays and workingDaysBetween are inverse on working days', () => {
  it('workingDaysBetween(d, addWorkingDays(d, n)) === n for every working day 2024–2030 and n in 0..25', () => {
    let checked = 0;
    for (const d of ALL_DAYS) {
      if (!isWorkingDay(d)) continue;
      for (let n = 0; n <= 25; n++) {
        const r = addWorkingDays(d, n);
        if (workingDaysBetween(d, r) !== n) expect.fail(`addWorkingDays(${d}, ${n}) = ${r}`);
        checked++;
      }
    }
    expect(checked).toBe(1755 * 26);
  });

  it('the same holds for n in -25..-1, and the result is always a working day', () => {
    for (const d of ALL_DAYS) {
      if (!isWorkingDay(d)) continue;
      for (let n = -25; n < 0; n++) {
        const r = addWorkingDays(d, n);
        if (workingDaysBetween(d, r) !== n || !isWorkingDay(r)) expect.fail(`addWorkingDays(${d}, ${n}) = ${r}`);
      }
    }
  });

  it('for any day (working or not) and n >= 1 the result is a working day after it with n working days in between', () => {
    for (const d of ALL_DAYS) {
      for (const n of [1, 2, 5, 20]) {
        const r = addWorkingDays(d, n);
        if (!(r > d) || !isWorkingDay(r) || workingDaysBetween(d, r) !== n) expect.fail(`addWorkingDays(${d}, ${n}) = ${r}`);
      }
    }
  });
});

describe('nextDeliveryDay: an order placed at or before the cut-off makes that delivery', () => {
  const THURSDAY = 4;
  const MONDAY = 1;
  const tenOclockDayBefore = { minutes: 600, workingDaysBefore: 1 };

  it('winter time (CET): Wednesday 09:59 makes Thursday, 10:01 goes to next Thursday', () => {
    expect(nextDeliveryDay(new Date('2025-01-15T09:59:00+01:00'), THURSDAY, tenOclockDayBefore)).toBe('2025-01-16');
    expect(nextDeliveryDay(new Date('2025-01-15T10:01:00+01:00'), THURSDAY, tenOclockDayBefore)).toBe('2025-01-23');
  });

  it('exactly at the cut-off still makes the delivery; one second later does not', () => {
    expect(nextDeliveryDay(new Date('2025-01-15T10:00:00+01:00'), THURSDAY, tenOclockDayBefore)).toBe('2025-01-16');
    expect(nextDeliveryDay(new Date('2025-01-15T10:00:01+01:00'), THURSDAY, tenOclockDayBefore)).toBe('2025-01-23');
  });

  it('summer time (CEST): Wednesday 09:59 makes Thursday, 10:01 goes to next Thursday', () => {
    expect(nextDeliveryDay(new Date('2025-06-11T09:59:00+02:00'), THURSDAY, tenOclockDayBefore)).toBe('2025-06-12');
    expect(nextDeliveryDay(new Date('2025-06-11T10:01:00+02:00'), THURSDAY, tenOclockDayBefore)).toBe('2025-06-19');
  });

  it('the cut-off is Stockholm time, not UTC: 08:30Z in summer is 10:30 local and too late', () => {
    expect(nextDeliveryDay(new Date('2025-06-11T08:30:00Z'), THURSDAY, tenOclockDayBefore)).toBe('2025-06-19');
    expect(nextDeliveryDay(new Date('2025-01-15T08:30:00Z'), THURSDAY, tenOclockDayBefore)).toBe('2025-01-16');
  });

  it('an order on the delivery day itself or on a weekend goes to the next week', () => {
    expect(nextDeliveryDay(new Date('2025-01-16T07:00:00+01:00'), THURSDAY, tenOclockDayBefore)).toBe('2025-01-23');
    expect(nextDeliveryDay(new Date('2025-01-18T12:00:00+01:00'), THURSDAY, tenOclockDayBefore)).toBe('2025-01-23');
  });

  it('a Monday delivery has its cut-off on the Friday before', () => {
    expect(nextDeliveryDay(new Date('2025-01-17T09:00:00+01:00'), MONDAY, tenOclockDayBefore)).toBe('2025-01-20');
    expect(nextDeliveryDay(new Date('2025-01-17T11:00:00+01:00'), MONDAY, tenOclockDayBefore)).toBe('2025-01-27');
    expect(nextDeliveryDay(new Date('2025-01-19T11:00:00+01:00'), MONDAY, tenOclockDayBefore)).toBe('2025-01-27');
  });

  it('a Monday delivery after the switch to summer time keeps the Friday cut-off in winter time', () => {
    expect(nextDeliveryDay(new Date('2025-03-28T10:00:00+01:00'), MONDAY, tenOclockDayBefore)).toBe('2025-03-31');
    expect(nextDeliveryDay(new Date('2025-03-28T10:01:00+01:00'), MONDAY, tenOclockDayBefore)).toBe('2025-04-07');
  });

  it('a delivery weekday that is a holiday (Ascension Thursday) moves to Friday, cut-off Wednesday', () => {
    expect(nextDeliveryDay(new Date('2025-05-27T12:00:00+02:00'), THURSDAY, tenOclockDayBefore)).toBe('2025-05-30');
    expect(nextDeliveryDay(new Date('2025-05-28T09:59:00+02:00'), THURSDAY, tenOclockDayBefore)).toBe('2025-05-30');
    expect(nextDeliveryDay(new Date('2025-05-28T10:01:00+02:00'), THURSDAY, tenOclockDayBefore)).toBe('2025-06-05');
  });

  it('a moved delivery is still offered after its scheduled day has passed when the cut-off allows', () => {
    // Cut-off on the delivery day itself: ordering on Friday morning after Ascension Thursday makes Friday.
    const sameDay = { minutes: 600, workingDaysBefore: 0 };
    expect(nextDeliveryDay(new Date('2025-05-30T09:00:00+02:00'), THURSDAY, sameDay)).toBe('2025-05-30');
    expect(nextDeliveryDay(new Date('2025-05-30T10:30:00+02:00'), THURSDAY, sameDay)).toBe('2025-06-05');
  });

  it('a Monday delivery on Easter Monday moves to Tuesday, cut-off Maundy Thursday', () => {
    expect(nextDeliveryDay(new Date('2025-04-16T12:00:00+02:00'), MONDAY, tenOclockDayBefore)).toBe('2025-04-22');
    expect(nextDeliveryDay(new Date('2025-04-17T10:00:00+02:00'), MONDAY, tenOclockDayBefore)).toBe('2025-04-22');
    expect(nextDeliveryDay(new Date('2025-04-17T10:01:00+02:00'), MONDAY, tenOclockDayBefore)).toBe('2025-04-28');
    expect(nextDeliveryDay(new Date('2025-04-18T09:00:00+02:00'), MONDAY, tenOclockDayBefore)).toBe('2025-04-28');
  });

  it('Wednesday deliveries on Christmas Eve and New Year\u2019s Eve move past the holidays', () => {
    const WEDNESDAY = 3;
    expect(nextDeliveryDay(new Date('2025-12-22T12:00:00+01:00'), WEDNESDAY, tenOclockDayBefore)).toBe('2025-12-29');
    expect(nextDeliveryDay(new Date('2025-12-23T10:30:00+01:00'), WEDNESDAY, tenOclockDayBefore)).toBe('2026-01-02');
    expect(nextDeliveryDay(new Date('2025-12-30T10:01:00+01:00'), WEDNESDAY, tenOclockDayBefore)).toBe('2026-01-07');
  });

  it('a cut-off two working days before', () => {
    const twoDays = { minutes: 600, workingDaysBefore: 2 };
    expect(nextDeliveryDay(new Date('2025-01-14T10:00:00+01:00'), THURSDAY, twoDays)).toBe('2025-01-16');
    expect(nextDeliveryDay(new Date('2025-01-14T10:01:00+01:00'), THURSDAY, twoDays)).toBe('2025-01-23');
  });

  it('the result is always a working day, at least as late as the order date', () => {
    const bad: string[] = [];
    for (let t = Date.UTC(2025, 0, 1); t < Date.UTC(2027, 0, 1); t += 7 * 3_600_000) {
      for (const weekday of [1, 2, 3, 4, 5] as const) {
        const d = nextDeliveryDay(new Date(t), weekday, tenOclockDayBefore);
        if (!isWorkingDay(d) || d < new Date(t).toISOString().slice(0, 10)) bad.push(`${new Date(t).toISOString()} ${weekday} → ${d}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('rejects an invalid weekday or cut-off', () => {
    const at = new Date('2025-01-15T09:00:00Z');
    expect(() => nextDeliveryDay(at, 6 as 5, tenOclockDayBefore)).toThrow(RangeError);
    expect(() => nextDeliveryDay(at, THURSDAY, { minutes: 600, workingDaysBefore: -1 })).toThrow(RangeError);
    expect(() => nextDeliveryDay(at, THURSDAY, { minutes: 1500, workingDaysBefore: 1 })).toThrow(RangeError);
    expect(() => nextDeliveryDay(new Date('x'), THURSDAY, tenOclockDayBefore)).toThrow(RangeError);
  });
});

describe('addWorkingHours counts only office hours (08–17 Stockholm) on working days', () => {
  const at = (s: string) => new Date(s);
  const iso = (d: Date) => d.toISOString();

  it('over a night: Tuesday 15:00 + 4 h = Wednesday 10:00', () => {
    expect(iso(addWorkingHours(at('2025-01-14T15:00:00+01:00'), 4))).toBe(iso(at('2025-01-15T10:00:00+01:00')));
  });

  it('over a weekend: Friday 16:00 + 8 h = Monday 15:00', () => {
    expect(iso(addWorkingHours(at('2025-01-17T16:00:00+01:00'), 8))).toBe(iso(at('2025-01-20T15:00:00+01:00')));
  });

  it('time before opening and after closing does not count', () => {
    expect(iso(addWorkingHours(at('2025-01-14T06:00:00+01:00'), 8))).toBe(iso(at('2025-01-14T16:00:00+01:00')));
    expect(iso(addWorkingHours(at('2025-01-14T20:00:00+01:00'), 8))).toBe(iso(at('2025-01-15T16:00:00+01:00')));
    expect(iso(addWorkingHours(at('2025-01-18T10:00:00+01:00'), 1))).toBe(iso(at('2025-01-20T09:00:00+01:00')));
  });

  it('a full office day ends at closing time, not the next morning', () => {
    expect(iso(addWorkingHours(at('2025-01-14T08:00:00+01:00'), 9))).toBe(iso(at('2025-01-14T17:00:00+01:00')));
    expect(iso(addWorkingHours(at('2025-01-14T08:00:00+01:00'), 9.5))).toBe(iso(at('2025-01-15T08:30:00+01:00')));
  });

  it('holidays are skipped (Midsummer Eve, Christmas)', () => {
    expect(iso(addWorkingHours(at('2025-06-19T16:00:00+02:00'), 8))).toBe(iso(at('2025-06-23T15:00:00+02:00')));
    expect(iso(addWorkingHours(at('2025-12-23T12:00:00+01:00'), 8))).toBe(iso(at('2025-12-29T11:00:00+01:00')));
  });

  it('across the switch to summer time office hours stay 08–17 local', () => {
    expect(iso(addWorkingHours(at('2025-03-28T16:00:00+01:00'), 2))).toBe(iso(at('2025-03-31T09:00:00+02:00')));
    expect(iso(addWorkingHours(at('2025-10-24T16:00:00+02:00'), 2))).toBe(iso(at('2025-10-27T09:00:00+01:00')));
  });

  it('zero hours returns the start unchanged; custom office hours are honoured', () => {
    const start = at('2025-01-18T10:00:00+01:00');
    expect(addWorkingHours(start, 0).getTime()).toBe(start.getTime());
    const day = { startMinutes: 7 * 60, endMinutes: 16 * 60 };
    expect(iso(addWorkingHours(at('2025-01-14T15:00:00+01:00'), 2, day))).toBe(iso(at('2025-01-15T08:00:00+01:00')));
  });

  it('rejects negative hours and empty office hours', () => {
    expect(() => addWorkingHours(at('2025-01-14T15:00:00Z'), -1)).toThrow(RangeError);
    expect(() => addWorkingHours(at('2025-01-14T15:00:00Z'), 1, { startMinutes: 600, endMinutes: 600 })).toThrow(RangeError);
  });
});

describe('nextWorkingDayAt: local time on the next working day after the instant\u2019s local date', () => {
  const iso = (s: string) => new Date(s).toISOString();

  it('Friday evening → Monday 08:00', () => {
    expect(nextWorkingDayAt(new Date('2025-01-17T20:00:00+01:00'), 480).toISOString()).toBe(iso('2025-01-20T08:00:00+01:00'));
  });

  it('uses the Stockholm date: 23:30Z on Tuesday in summer is already Wednesday, so Thursday 08:00', () => {
    expect(nextWorkingDayAt(new Date('2025-07-01T23:30:00Z'), 480).toISOString()).toBe(iso('2025-07-03T08:00:00+02:00'));
  });

  it('early morning on a working day still goes to the next working day', () => {
    expect(nextWorkingDayAt(new Date('2025-01-14T06:00:00+01:00'), 480).toISOString()).toBe(iso('2025-01-15T08:00:00+01:00'));
  });

  it('skips Midsummer Eve and New Year', () => {
    expect(nextWorkingDayAt(new Date('2025-06-19T15:00:00+02:00'), 480).toISOString()).toBe(iso('2025-06-23T08:00:00+02:00'));
    expect(nextWorkingDayAt(new Date('2025-12-30T16:00:00+01:00'), 480).toISOString()).toBe(iso('2026-01-02T08:00:00+01:00'));
  });
});
