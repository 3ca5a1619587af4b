import { describe, it, expect } from 'vitest';
import { addDays, civilFromDays, daysFromCivil, formatIsoDate, fromDayNumber, isoWeekday, parseIsoDate, toDayNumber } from './iso-date.ts';

describe('IsoDate primitives', () => {
  it('day numbers agree with Date.UTC for every day 1900–2100 (no local-time Date involved)', () => {
    const mismatches: string[] = [];
    for (let t = Date.UTC(1900, 0, 1); t <= Date.UTC(2100, 11, 31); t += 86_400_000) {
      const d = new Date(t);
      const [y, m, day] = [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()];
      const n = daysFromCivil(y, m, day);
      const back = civilFromDays(n);
      if (n !== t / 86_400_000 || back.year !== y || back.month !== m || back.day !== day) mismatches.push(d.toISOString());
    }
    expect(mismatches).toEqual([]);
  });

  it('round-trips dates and formats with zero padding', () => {
    expect(fromDayNumber(toDayNumber('2024-02-29'))).toBe('2024-02-29');
    expect(formatIsoDate(987, 3, 5)).toBe('0987-03-05');
    expect(addDays('2024-12-31', 1)).toBe('2025-01-01');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
  });

  it('ISO weekday: 1 = Monday … 7 = Sunday', () => {
    expect(isoWeekday('2025-01-13')).toBe(1);
    expect(isoWeekday('2025-01-17')).toBe(5);
    expect(isoWeekday('2025-01-19')).toBe(7);
    expect(isoWeekday('1970-01-01')).toBe(4);
  });

  it.each(['2025-02-29', '2025-13-01', '2025-00-10', '2025-04-31', '2025-1-01', '2025/01/01', '20250101', '', '0000-01-01', '2025-01-01T00:00'])(
    'rejects invalid IsoDate %j',
    (s) => {
      expect(() => parseIsoDate(s)).toThrow(RangeError);
    },
  );
});
