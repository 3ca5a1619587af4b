import { describe, it, expect } from 'vitest';
import { stockholmDateTime, stockholmInstant } from './stockholm-time.ts';

describe('Stockholm local time of an instant', () => {
  it('winter time is UTC+1', () => {
    expect(stockholmDateTime(new Date('2025-01-15T08:59:30Z'))).toEqual({ date: '2025-01-15', minutes: 9 * 60 + 59 });
    expect(stockholmDateTime(new Date('2025-01-15T23:00:00Z'))).toEqual({ date: '2025-01-16', minutes: 0 });
  });

  it('summer time is UTC+2, so a late UTC evening is already the next local day', () => {
    expect(stockholmDateTime(new Date('2025-07-01T22:30:00Z'))).toEqual({ date: '2025-07-02', minutes: 30 });
    expect(stockholmDateTime(new Date('2025-07-01T08:00:00Z'))).toEqual({ date: '2025-07-01', minutes: 600 });
  });

  it('follows the switch to summer time (last Sunday of March, 02:00 → 03:00)', () => {
    expect(stockholmDateTime(new Date('2025-03-30T00:59:00Z'))).toEqual({ date: '2025-03-30', minutes: 1 * 60 + 59 });
    expect(stockholmDateTime(new Date('2025-03-30T01:00:00Z'))).toEqual({ date: '2025-03-30', minutes: 3 * 60 });
  });

  it('follows the switch back to winter time (last Sunday of October, 03:00 → 02:00)', () => {
    expect(stockholmDateTime(new Date('2025-10-26T00:30:00Z'))).toEqual({ date: '2025-10-26', minutes: 150 });
    expect(stockholmDateTime(new Date('2025-10-26T01:30:00Z'))).toEqual({ date: '2025-10-26', minutes: 150 });
  });

  it('rejects an invalid Date', () => {
    expect(() => stockholmDateTime(new Date('nope'))).toThrow(RangeError);
  });

  it('agrees with Intl on every instant sampled over 2024–2030, minute by minute around each switch', () => {
    const intl = new Intl.DateTimeFormat('sv-SE', {
      timeZone: 'Europe/Stockholm',
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    });
    const expected = (t: number) => {
      const p = Object.fromEntries(intl.formatToParts(t).map((x) => [x.type, x.value]));
      return { date: `${p.year}-${p.month}-${p.day}`, minutes: Number(p.hour) * 60 + Number(p.minute) };
    };
    const start = Date.UTC(2024, 0, 1);
    const end = Date.UTC(2031, 0, 1);
    const instants: number[] = [];
    // Every 2 h 11 min 59.7 s: the samples drift through every minute of the day and the seconds.
    for (let t = start; t < end; t += 7_919_700) instants.push(t);
    for (let year = 2024; year <= 2030; year++) {
      for (const month of [2, 9]) {
        // The last Sunday of March and October, 00:00–02:00 UTC, minute by minute.
        const last = new Date(Date.UTC(year, month + 1, 0));
        const sunday = Date.UTC(year, month, last.getUTCDate() - last.getUTCDay());
        for (let m = 0; m < 120; m++) instants.push(sunday + m * 60_000 + 59_999);
      }
    }
    for (const t of instants) expect(stockholmDateTime(new Date(t)), new Date(t).toISOString()).toEqual(expected(t));
  });
});

describe('Instant of a Stockholm wall-clock time', () => {
  it('10:00 is 09:00Z in winter and 08:00Z in summer', () => {
    expect(stockholmInstant('2025-01-15', 600).toISOString()).toBe('2025-01-15T09:00:00.000Z');
    expect(stockholmInstant('2025-07-01', 600).toISOString()).toBe('2025-07-01T08:00:00.000Z');
  });

  it('midnight and end of day on the days the clocks change', () => {
    expect(stockholmInstant('2025-03-30', 0).toISOString()).toBe('2025-03-29T23:00:00.000Z');
    expect(stockholmInstant('2025-03-30', 1440).toISOString()).toBe('2025-03-30T22:00:00.000Z');
    expect(stockholmInstant('2025-10-26', 0).toISOString()).toBe('2025-10-25T22:00:00.000Z');
    expect(stockholmInstant('2025-10-26', 1440).toISOString()).toBe('2025-10-26T23:00:00.000Z');
  });

  it('a wall time skipped in spring moves forward by the gap; a repeated one in autumn takes the earlier instant', () => {
    expect(stockholmInstant('2025-03-30', 150).toISOString()).toBe('2025-03-30T01:30:00.000Z'); // = 03:30 CEST
    expect(stockholmInstant('2025-10-26', 150).toISOString()).toBe('2025-10-26T00:30:00.000Z'); // 02:30 CEST
  });

  it('round-trips every 20 minutes of 2024–2025 except the repeated autumn hour', () => {
    const start = Date.UTC(2024, 0, 1);
    const end = Date.UTC(2026, 0, 1);
    const mismatches: string[] = [];
    for (let t = start; t < end; t += 20 * 60_000) {
      const { date, minutes } = stockholmDateTime(new Date(t));
      const back = stockholmInstant(date, minutes).getTime();
      const repeatedHour = (date === '2024-10-27' || date === '2025-10-26') && minutes >= 120 && minutes < 180;
      // The second (winter-time) 02:xx maps back to the first (summer-time) one, an hour earlier.
      const secondOccurrence = repeatedHour && new Date(t).getUTCHours() === 1;
      if (back !== (secondOccurrence ? t - 3_600_000 : t)) mismatches.push(new Date(t).toISOString());
    }
    expect(mismatches).toEqual([]);
  });

  it('rejects minutes outside 0–1440 and malformed dates', () => {
    expect(() => stockholmInstant('2025-01-15', -1)).toThrow(RangeError);
    expect(() => stockholmInstant('2025-01-15', 1441)).toThrow(RangeError);
    expect(() => stockholmInstant('2025-01-15', Number.NaN)).toThrow(RangeError);
    expect(() => stockholmInstant('15/01/2025', 600)).toThrow(RangeError);
  });
});
