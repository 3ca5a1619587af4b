import { z } from 'zod';
import { registrationWithinTarget } from '../../administration/applications/registration-within-target.ts';
import { requireRole, type Ctx } from '../../platform/context.ts';
import { readSetting, type SettingDefinition } from '../../platform/settings/settings.ts';
import { ticketAnswerMonths } from '../../support/answer-statistics.ts';
import { answerTargetPercent } from '../../support/settings.ts';
import { QUALITY_READERS } from '../../administration/roles.ts';

/** "100 % av behörighetsansökningarna registreras inom en vecka" (DOMAIN §8): the target share, a setting. */
export const applicationTargetPercent: SettingDefinition<number> = {
  key: 'quality.applicationTargetPercent',
  label: 'Mål: andel behörighetsansökningar registrerade inom målet (procent)',
  schema: z.number().int().min(1).max(100),
  defaultValue: () => 100,
};

const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'ange månad som ÅÅÅÅ-MM');
export const qualityQuery = z.strictObject({ from: month, to: month });

const period = z.object({
  period: z.string().describe('ÅÅÅÅ-MM eller ÅÅÅÅ-Kn'),
  /** Counted: answered or registered, plus those already past the target unanswered. */
  counted: z.number().int(),
  withinTarget: z.number().int(),
  /** Share within target, 0–1; null is "no data" (nothing counted in the period). */
  share: z.number().nullable(),
  noData: z.boolean(),
  /** Against the target: true met, false missed, null no data. */
  meetsTarget: z.boolean().nullable(),
});
const measure = z.object({ key: z.string(), label: z.string(), targetPercent: z.number(), months: z.array(period), quarters: z.array(period) });
export const qualityView = z.object({
  from: z.string(),
  to: z.string(),
  /** Support in calendar hours (the measure) and in office hours beside it (DOMAIN §8: report both); access applications. */
  measures: z.array(measure),
});

type Counts = { period: string; counted: number; withinTarget: number };
const quarterOf = (m: string) => `${m.slice(0, 4)}-K${Math.floor((Number(m.slice(5, 7)) - 1) / 3) + 1}`;

function periods(rows: Counts[], targetPercent: number) {
  const shape = (c: Counts) => {
    const share = c.counted > 0 ? c.withinTarget / c.counted : null;
    return { ...c, share, noData: share === null, meetsTarget: share === null ? null : share * 100 >= targetPercent - 1e-9 };
  };
  const q = new Map<string, Counts>();
  for (const r of rows) {
    const k = quarterOf(r.period);
    const s = q.get(k) ?? { period: k, counted: 0, withinTarget: 0 };
    s.counted += r.counted;
    s.withinTarget += r.withinTarget;
    q.set(k, s);
  }
  return { months: rows.map(shape), quarters: [...q.values()].map(shape) };
}

/**
 * The quality figures as data for the dashboard (issue 14 item 2): per month and per quarter (the quarters
 * covering the months asked), the share of support tickets answered within 24 hours (calendar hours, the
 * measure; office hours beside it) and of access applications registered within their target, against the
 * targets in the settings. A period with nothing to count is "no data", never 0 % or 100 %.
 */
export async function qualityFigures(ctx: Ctx, q: z.infer<typeof qualityQuery>): Promise<z.infer<typeof qualityView>> {
  requireRole(ctx, ...QUALITY_READERS);
  const [tickets, applications, ticketTarget, applicationTarget] = await Promise.all([
    ticketAnswerMonths(ctx, q),
    registrationWithinTarget(ctx, q),
    readSetting(ctx.db, ctx.config, answerTargetPercent),
    readSetting(ctx.db, ctx.config, applicationTargetPercent),
  ]);
  // Still inside the target and unanswered: not counted either way yet.
  const counted = (m: { received: number; pendingWithinTarget: number }) => m.received - m.pendingWithinTarget;
  return {
    from: q.from,
    to: q.to,
    measures: [
      {
        key: 'supportAnsweredWithin24h',
        label: 'Supportärenden besvarade inom 24 timmar',
        targetPercent: ticketTarget,
        ...periods(
          tickets.map((m) => ({ period: m.month, counted: counted(m), withinTarget: m.answeredWithinTarget })),
          ticketTarget,
        ),
      },
      {
        key: 'supportAnsweredWithin24OfficeHours',
        label: 'Supportärenden besvarade inom 24 kontorstimmar',
        targetPercent: ticketTarget,
        ...periods(
          tickets.map((m) => ({ period: m.month, counted: m.answered + m.pendingOverdueOffice, withinTarget: m.answeredWithinTargetOffice })),
          ticketTarget,
        ),
      },
      {
        key: 'applicationsRegisteredWithinTarget',
        label: 'Behörighetsansökningar registrerade inom en vecka',
        targetPercent: applicationTarget,
        ...periods(
          applications.map((m) => ({ period: m.month, counted: counted(m), withinTarget: m.registeredWithinTarget })),
          applicationTarget,
        ),
      },
    ],
  };
}
