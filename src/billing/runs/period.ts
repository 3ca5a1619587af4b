import { AppError } from '../../platform/errors.ts';
import { addDays, addMonths } from '../../platform/calendar/index.ts';

/** A billing month '2026-11': its first and last day, the day after, and its number of days. */
export interface PeriodBounds {
  period: string;
  start: string;
  end: string;
  next: string;
  days: number;
}

export const PERIOD_RE = /^\d{4}-(0[1-9]|1[0-2])$/;

export function periodBounds(period: string): PeriodBounds {
  if (!PERIOD_RE.test(period))
    throw new AppError('VALIDATION', `Ogiltig månad ${period}; ange t.ex. 2026-11`, {
      issues: [{ path: 'period', code: 'month_format', message: 'ange ÅÅÅÅ-MM' }],
    });
  const start = `${period}-01`;
  const next = addMonths(start, 1);
  const end = addDays(next, -1);
  return { period, start, end, next, days: Number(end.slice(8, 10)) };
}

export const nextPeriod = (period: string) => addMonths(`${period}-01`, 1).slice(0, 7);
