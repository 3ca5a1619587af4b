import { serverDetail } from '../../api/errors.ts';
import { isApiError } from '../../api.ts';
import type { I18n, MessageKey } from '../../i18n/index.tsx';
import './provision.css';

export const unitStatusLabel = (t: I18n['t'], s: string) => t(`unitStatus.${s}` as MessageKey);
export const lineStateLabel = (t: I18n['t'], s: string) => t(`lineState.${s}` as MessageKey);
export const orderTypeLabel = (t: I18n['t'], s: string) => t(`hmc.orderType.${s}` as MessageKey);
export const queueLabel = (t: I18n['t'], s: string) => t(`hmc.queue.${s}` as MessageKey);
export const cancelReasonLabel = (t: I18n['t'], s: string) => t(`hmc.cancelReason.${s}` as MessageKey);
export const writeOffLabel = (t: I18n['t'], s: string) => t(`hmc.writeOff.${s}` as MessageKey);

/**
 * The text of a refused step. The centre's API explains conflicts precisely in Swedish ("Individ U-000012 är
 * reserverad för order K-100004 rad 1"): on a Swedish page that explanation is shown; in English the
 * translated code only (an English page never shows the server's Swedish text).
 */
export function refusalText(i18n: Pick<I18n, 't' | 'tMaybe' | 'locale'>, err: unknown): string | undefined {
  if (!isApiError(err) || err.status >= 500 || err.status === 0) return undefined;
  const generic = i18n.tMaybe(`error.${err.code}`) ?? i18n.t('error.unknown');
  return serverDetail(i18n, err) ?? generic;
}

/** Today in Stockholm as 'YYYY-MM-DD'. */
export function todayIso(): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}
