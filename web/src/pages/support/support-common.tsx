import type { ApiData } from '../../api/client.ts';
import { allOf } from '../../api/types.ts';
import { Badge } from '../../components/ui.tsx';
import { useI18n, type I18n } from '../../i18n/index.tsx';
import { hours } from './action-form.tsx';

type Item<L> = L extends readonly (infer X)[] ? X : never;
export type Ticket = ApiData<'/api/support/tickets/{id}'>;
export type TicketSummary = Item<ApiData<'/api/support/tickets'>>;
export type TicketStatus = Ticket['status'];
export type TicketChannel = Ticket['channel'];
export type TicketEvent = Item<Ticket['events']>;
export type Clock = Ticket['clock'];

export const TICKET_STATUSES = allOf<TicketStatus>()(['new', 'open', 'waitingForRequester', 'resolved', 'closed']);
export const LEVELS = [1, 2, 3, 4] as const;
export { SUPPORT_STAFF } from '../../nav.ts';

/** The server's transition table (src/support/tickets.ts), so the page offers only the statuses it accepts. */
export const NEXT_STATUSES: Record<TicketStatus, readonly TicketStatus[]> = {
  new: ['open', 'waitingForRequester', 'resolved'],
  open: ['waitingForRequester', 'resolved'],
  waitingForRequester: ['open', 'resolved'],
  resolved: ['open', 'closed'],
  closed: [],
};

export const statusLabel = (t: I18n['t'], s: TicketStatus) => t(`support.status.${s}` as const);
export const levelLabel = (t: I18n['t'], level: number) => (level === 1 || level === 2 || level === 3 ? t(`support.level.${level}`) : String(level));
export const channelLabel = (t: I18n['t'], c: TicketChannel) => t(`support.channel.${c}` as const);

export function StatusBadge({ status }: { status: TicketStatus }) {
  const { t } = useI18n();
  const tone = status === 'resolved' || status === 'closed' ? 'muted' : status === 'waitingForRequester' ? 'info' : 'warn';
  return <Badge tone={tone}>{statusLabel(t, status)}</Badge>;
}

/** The 24-hour clock in words, calendar hours and office hours; `short` for a table cell. */
export function clockText(i18n: Pick<I18n, 't' | 'locale'>, c: Clock, short = false): string {
  const { t, locale } = i18n;
  const vars = (a: number | null, b: number | null) => ({ calendar: hours(locale, a), office: hours(locale, b) });
  const kind = c.answered ? 'answered' : (c.calendarHoursLeft ?? 0) < 0 ? 'over' : 'left';
  const key = short ? (`support.clock.short.${kind}` as const) : (`support.clock.${kind}` as const);
  if (kind === 'answered') return t(key, vars(c.calendarHours, c.officeHours));
  if (kind === 'over') return t(key, vars(c.calendarHours - c.targetHours, Math.max(0, c.officeHours - c.targetHours)));
  return t(key, vars(c.calendarHoursLeft, c.officeHoursLeft));
}

export function ClockBadge({ clock }: { clock: Clock }) {
  const i18n = useI18n();
  const late = clock.withinTargetCalendar === false;
  return <Badge tone={clock.answered ? (late ? 'muted' : 'ok') : late ? 'warn' : 'info'}>{clockText(i18n, clock, true)}</Badge>;
}
