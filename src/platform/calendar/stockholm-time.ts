/**
 * Conversion between instants (Date) and Swedish local time (Europe/Stockholm,
 * CET/CEST), via Intl so summer time follows the tz database. Independent of
 * the process time zone.
 */
import { type IsoDate, civilFromDays, daysFromCivil, formatIsoDate, parseIsoDate } from './iso-date.ts';

const MS_PER_MINUTE = 60_000;
const MS_PER_DAY = 86_400_000;

const formatter = new Intl.DateTimeFormat('en-US', {
  timeZone: 'Europe/Stockholm',
  calendar: 'gregory',
  numberingSystem: 'latn',
  hourCycle: 'h23',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  second: 'numeric',
});

interface LocalParts {
  year: number;
  month: number;
  day: number;
  /** Milliseconds since local midnight. */
  msOfDay: number;
}

function assertValidInstant(instant: Date): number {
  const t = instant instanceof Date ? instant.getTime() : Number.NaN;
  if (!Number.isFinite(t)) throw new RangeError('Invalid instant (expected a valid Date)');
  return t;
}

/** Local time read off Intl: the truth, but slow (a formatToParts per call). */
function intlLocalParts(t: number): LocalParts {
  let year = 0,
    month = 0,
    day = 0,
    hour = 0,
    minute = 0,
    second = 0;
  for (const part of formatter.formatToParts(t)) {
    switch (part.type) {
      case 'year':
        year = Number(part.value);
        break;
      case 'month':
        month = Number(part.value);
        break;
      case 'day':
        day = Number(part.value);
        break;
      case 'hour':
        hour = Number(part.value);
        break;
      case 'minute':
        minute = Number(part.value);
        break;
      case 'second':
        second = Number(part.value);
        break;
      default:
        break;
    }
  }
  const ms = ((t % 1000) + 1000) % 1000;
  return { year, month, day, msOfDay: ((hour % 24) * 3600 + minute * 60 + second) * 1000 + ms };
}

const MS_PER_HOUR = 3_600_000;
/** Stockholm's UTC offset per UTC hour. Summer time starts and ends on the hour (01:00 UTC), so the offset
 *  is the same for every instant of a UTC hour: Intl is asked once per hour, not once per call (order
 *  intake computes several dates per order line). */
const offsetByHour = new Map<number, number>();

function localParts(t: number): LocalParts {
  const hour = Math.floor(t / MS_PER_HOUR);
  let offset = offsetByHour.get(hour);
  if (offset === undefined) {
    const p = intlLocalParts(hour * MS_PER_HOUR);
    offset = daysFromCivil(p.year, p.month, p.day) * MS_PER_DAY + p.msOfDay - hour * MS_PER_HOUR;
    if (offsetByHour.size > 50_000) offsetByHour.clear();
    offsetByHour.set(hour, offset);
  }
  const local = t + offset;
  const dayNumber = Math.floor(local / MS_PER_DAY);
  return { ...civilFromDays(dayNumber), msOfDay: local - dayNumber * MS_PER_DAY };
}

/** UTC offset of Stockholm at instant t, in ms (3 600 000 in winter, 7 200 000 in summer). */
function offsetAt(t: number): number {
  const p = localParts(t);
  return daysFromCivil(p.year, p.month, p.day) * MS_PER_DAY + p.msOfDay - t;
}

/**
 * Cache: local day number → the UTC offset valid for the whole day, or null if
 * the clocks change on or next to it. Turns stockholmInstant from a handful of
 * Intl calls into a Map lookup. Relies on Stockholm never changing its offset
 * twice within three days (DST changes are months apart). Bounded in size.
 */
const steadyOffsets = new Map<number, number | null>();

function steadyOffset(dayNumber: number): number | null {
  let offset = steadyOffsets.get(dayNumber);
  if (offset === undefined) {
    const midnight = dayNumber * MS_PER_DAY;
    // Every wall time of the day (00:00–24:00) is an instant within these bounds.
    const early = offsetAt(midnight - MS_PER_DAY);
    const late = offsetAt(midnight + 2 * MS_PER_DAY);
    offset = early === late ? early : null;
    if (steadyOffsets.size >= 20_000) steadyOffsets.clear();
    steadyOffsets.set(dayNumber, offset);
  }
  return offset;
}

/** The local calendar date and minutes since local midnight (0–1439, seconds dropped) of an instant in Stockholm. */
export function stockholmDateTime(instant: Date): { date: IsoDate; minutes: number } {
  const p = localParts(assertValidInstant(instant));
  return { date: formatIsoDate(p.year, p.month, p.day), minutes: Math.floor(p.msOfDay / MS_PER_MINUTE) };
}

/**
 * The instant at which the Stockholm wall clock shows `minutes` after midnight
 * on `date` (0 ≤ minutes ≤ 1440, fractions allowed; 1440 = midnight ending the day).
 * Same disambiguation as Temporal's 'compatible': a wall time skipped by the
 * spring-forward change (02:00–03:00 on the last Sunday of March) is moved
 * forward by the gap, a wall time that occurs twice in autumn takes the
 * earlier (summer-time) instant. Business hours are never affected.
 */
export function stockholmInstant(date: IsoDate, minutes: number): Date {
  if (typeof minutes !== 'number' || !(minutes >= 0 && minutes <= 1440)) {
    throw new RangeError(`minutes must be within 0–1440, got ${minutes}`);
  }
  const { year, month, day } = parseIsoDate(date);
  const dayNumber = daysFromCivil(year, month, day);
  const wall = dayNumber * MS_PER_DAY + Math.round(minutes * MS_PER_MINUTE);
  const offset = steadyOffset(dayNumber);
  if (offset !== null) return new Date(wall - offset);
  const before = offsetAt(wall - MS_PER_DAY);
  const after = offsetAt(wall + MS_PER_DAY);
  const valid = [before, after].filter((o) => offsetAt(wall - o) === o);
  if (valid.length === 0) return new Date(wall - before); // in the spring-forward gap
  return new Date(wall - Math.max(...valid)); // larger offset = earlier instant
}
