import { and, gte, lt } from 'drizzle-orm';
import { stockholmDateTime, stockholmInstant } from '../platform/calendar/index.ts';
import type { Ctx } from '../platform/context.ts';
import { AppError } from '../platform/errors.ts';
import { answerClock, officeHoursSetting } from './clock.ts';
import { supportTicket } from './schema.ts';

export interface AnswerMonth {
  month: string;
  received: number;
  answered: number;
  answeredWithinTarget: number;
  answeredWithinTargetOffice: number;
  /** Unanswered and already past 24 hours: counted as missed. */
  pendingOverdue: number;
  /** Unanswered but still inside 24 hours: not yet counted either way. */
  pendingWithinTarget: number;
  /** Unanswered and past 24 office hours. */
  pendingOverdueOffice: number;
}

export const nextMonth = (m: string) => {
  const [y, mo] = m.split('-').map(Number) as [number, number];
  return mo === 12 ? `${y + 1}-01` : `${y}-${String(mo + 1).padStart(2, '0')}`;
};

export function monthsBetween(from: string, to: string): string[] {
  if (from > to) throw new AppError('BAD_REQUEST', 'Första månaden ligger efter den sista');
  const months: string[] = [];
  for (let m = from; m <= to; m = nextMonth(m)) {
    months.push(m);
    if (months.length > 120) throw new AppError('BAD_REQUEST', 'Högst tio år åt gången');
  }
  return months;
}

/**
 * Tickets per month of arrival (Stockholm time), and how many got their first substantive reply within 24
 * hours, counted in calendar hours and in office hours. No permission check: the caller (governance's quality
 * figures) checks who may read them.
 */
export async function ticketAnswerMonths(ctx: Ctx, q: { from: string; to: string }): Promise<AnswerMonth[]> {
  const months = monthsBetween(q.from, q.to);
  const rows = await ctx.db
    .select({ createdAt: supportTicket.createdAt, firstResponseAt: supportTicket.firstResponseAt })
    .from(supportTicket)
    .where(and(gte(supportTicket.createdAt, stockholmInstant(`${q.from}-01`, 0)), lt(supportTicket.createdAt, stockholmInstant(`${nextMonth(q.to)}-01`, 0))));
  const day = await officeHoursSetting(ctx.db, ctx.config);
  const now = ctx.now();
  const stats = new Map(
    months.map((m) => [
      m,
      {
        month: m,
        received: 0,
        answered: 0,
        answeredWithinTarget: 0,
        answeredWithinTargetOffice: 0,
        pendingOverdue: 0,
        pendingWithinTarget: 0,
        pendingOverdueOffice: 0,
      },
    ]),
  );
  for (const r of rows) {
    const s = stats.get(stockholmDateTime(r.createdAt).date.slice(0, 7));
    if (!s) continue;
    s.received++;
    const c = answerClock(r.createdAt, r.firstResponseAt, now, day);
    if (c.answered) {
      s.answered++;
      if (c.withinTargetCalendar) s.answeredWithinTarget++;
      if (c.withinTargetOffice) s.answeredWithinTargetOffice++;
    } else {
      if (c.withinTargetCalendar === false) s.pendingOverdue++;
      else s.pendingWithinTarget++;
      if (c.withinTargetOffice === false) s.pendingOverdueOffice++;
    }
  }
  return [...stats.values()];
}
