import { and, gte, lt } from 'drizzle-orm';
import { requireRole, type Ctx } from '../../platform/context.ts';
import { stockholmDateTime, stockholmInstant } from '../../platform/calendar/index.ts';
import { AppError } from '../../platform/errors.ts';
import type { RegistrationMonth } from './application-schemas.ts';
import { accessApplication } from './schema.ts';
import { QUALITY_READERS } from '../roles.ts';

const nextMonth = (m: string) => {
  const [y, mo] = m.split('-').map(Number) as [number, number];
  return mo === 12 ? `${y + 1}-01` : `${y}-${String(mo + 1).padStart(2, '0')}`;
};

/**
 * The seed's quality measure: "andel inkomna behörighetsansökningar som registrerats inom en vecka ska vara
 * 100 %". Per month of arrival (Swedish time): how many arrived, how many were registered (approved or refused),
 * how many within the target they had when they arrived, and the share. One still waiting but past its target
 * counts as missed; one still waiting within its target is left out until it is decided or late.
 */
export async function registrationWithinTarget(ctx: Ctx, q: { from: string; to: string }): Promise<RegistrationMonth[]> {
  requireRole(ctx, ...QUALITY_READERS);
  if (q.from > q.to) throw new AppError('BAD_REQUEST', 'Första månaden ligger efter den sista');
  const months: string[] = [];
  for (let m = q.from; m <= q.to; m = nextMonth(m)) {
    months.push(m);
    if (months.length > 120) throw new AppError('BAD_REQUEST', 'Högst tio år åt gången');
  }
  const start = stockholmInstant(`${q.from}-01`, 0);
  const end = stockholmInstant(`${nextMonth(q.to)}-01`, 0);
  const rows = await ctx.db
    .select({ receivedAt: accessApplication.receivedAt, dueAt: accessApplication.dueAt, decidedAt: accessApplication.decidedAt })
    .from(accessApplication)
    .where(and(gte(accessApplication.receivedAt, start), lt(accessApplication.receivedAt, end)));
  const now = ctx.now().getTime();
  const stats = new Map(months.map((m) => [m, { month: m, received: 0, registered: 0, registeredWithinTarget: 0, pendingOverdue: 0, pendingWithinTarget: 0 }]));
  for (const r of rows) {
    const s = stats.get(stockholmDateTime(r.receivedAt).date.slice(0, 7));
    if (!s) continue;
    s.received++;
    if (r.decidedAt) {
      s.registered++;
      if (r.decidedAt.getTime() <= r.dueAt.getTime()) s.registeredWithinTarget++;
    } else if (now > r.dueAt.getTime()) s.pendingOverdue++;
    else s.pendingWithinTarget++;
  }
  return [...stats.values()].map((s) => {
    const counted = s.received - s.pendingWithinTarget;
    return { ...s, shareWithinTarget: counted > 0 ? s.registeredWithinTarget / counted : null };
  });
}
