import { addWorkingDays, isWorkingDay, stockholmDateTime, stockholmInstant, type OfficeHours } from '../platform/calendar/index.ts';
import type { DbOrTx } from '../platform/db/client.ts';
import type { Config } from '../platform/config.ts';
import { readSetting } from '../platform/settings/settings.ts';
import { ANSWER_TARGET_HOURS, officeEndHour, officeStartHour } from './settings.ts';

const HOUR = 3_600_000;

/** Office time between two instants, in hours: only time within office hours on Swedish working days. */
export function officeHoursBetween(from: Date, to: Date, day: OfficeHours): number {
  if (to <= from) return 0;
  let ms = 0;
  let date = stockholmDateTime(from).date;
  const last = stockholmDateTime(to).date;
  if (!isWorkingDay(date)) date = addWorkingDays(date, 1);
  while (date <= last) {
    const opens = Math.max(stockholmInstant(date, day.startMinutes).getTime(), from.getTime());
    const closes = Math.min(stockholmInstant(date, day.endMinutes).getTime(), to.getTime());
    if (closes > opens) ms += closes - opens;
    date = addWorkingDays(date, 1);
  }
  return ms / HOUR;
}

export async function officeHoursSetting(db: DbOrTx, config: Config): Promise<OfficeHours> {
  const start = await readSetting(db, config, officeStartHour);
  const end = await readSetting(db, config, officeEndHour);
  // A stored pair that makes no day (start after end) falls back to the default 08–17 rather than failing every read.
  return start < end ? { startMinutes: start * 60, endMinutes: end * 60 } : { startMinutes: 8 * 60, endMinutes: 17 * 60 };
}

export interface AnswerClock {
  targetHours: number;
  /** Hours from the ticket's arrival to the first substantive reply, or to now while unanswered. */
  calendarHours: number;
  officeHours: number;
  /** Hours left to the target (negative: over), counted the same two ways; null once answered. */
  calendarHoursLeft: number | null;
  officeHoursLeft: number | null;
  answered: boolean;
  /** Answered within 24 calendar hours / 24 office hours; null while unanswered and still inside the target. */
  withinTargetCalendar: boolean | null;
  withinTargetOffice: boolean | null;
}

const round = (h: number) => Math.round(h * 100) / 100;

export function answerClock(createdAt: Date, firstResponseAt: Date | null, now: Date, day: OfficeHours): AnswerClock {
  const end = firstResponseAt ?? now;
  const calendarHours = Math.max(0, (end.getTime() - createdAt.getTime()) / HOUR);
  const officeHours = officeHoursBetween(createdAt, end, day);
  const answered = !!firstResponseAt;
  const verdict = (h: number) => (answered ? h <= ANSWER_TARGET_HOURS : h > ANSWER_TARGET_HOURS ? false : null);
  return {
    targetHours: ANSWER_TARGET_HOURS,
    calendarHours: round(calendarHours),
    officeHours: round(officeHours),
    calendarHoursLeft: answered ? null : round(ANSWER_TARGET_HOURS - calendarHours),
    officeHoursLeft: answered ? null : round(ANSWER_TARGET_HOURS - officeHours),
    answered,
    withinTargetCalendar: verdict(calendarHours),
    withinTargetOffice: verdict(officeHours),
  };
}
