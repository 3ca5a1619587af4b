import { isApiError } from '../../api/client.ts';
import { serverDetail } from '../../api/errors.ts';
import type { CancelReason, OrderType } from '../../api/types.ts';
import type { I18n, Translate } from '../../i18n/index.tsx';
import type { CentreOrder, LineState, ProvisionQueue, UnitStatus, WriteOffCode } from './provision-api.ts';
import './provision.css';

// Each label's key is built from the value's type, so the compiler checks that every value has its text.
export const unitStatusLabel = (t: Translate, s: UnitStatus) => t(`unitStatus.${s}`);
export const lineStateLabel = (t: Translate, s: LineState) => t(`lineState.${s}`);
export const orderTypeLabel = (t: Translate, s: OrderType) => t(`hmc.orderType.${s}`);
export const queueLabel = (t: Translate, s: ProvisionQueue) => t(`hmc.queue.${s}`);
export const cancelReasonLabel = (t: Translate, s: CancelReason) => t(`hmc.cancelReason.${s}`);

/**
 * The reasons a cancel dialog offers: those of `offered` that the order's rules version still uses, named as the
 * region names them there (issue 15: the rules are data), in the page's language.
 */
export const cancelReasonOptions = <R extends CancelReason>(
  locale: 'sv' | 'en',
  offered: readonly R[],
  inUse: readonly { code: CancelReason; sv: string; en: string }[],
): { id: R; label: string }[] =>
  offered.flatMap((r) => {
    const c = inUse.find((x) => x.code === r);
    return c ? [{ id: r, label: locale === 'en' ? c.en : c.sv }] : [];
  });
export const writeOffLabel = (t: Translate, s: WriteOffCode) => t(`hmc.writeOff.${s}`);
/**
 * A code the route's schema gives only as a string (e.g. a pick-up line's state): its text under `prefix`,
 * or the code itself when the web has no text for it.
 */
export const codeLabel = (i18n: Pick<I18n, 'tMaybe'>, prefix: 'lineState' | 'unitStatus' | 'hmc.orderStatus' | 'hmc.stockForm', code: string) =>
  i18n.tMaybe(`${prefix}.${code}`) ?? code;

const text = (v: unknown) => (typeof v === 'string' ? v : undefined);
const record = (v: unknown): Record<string, unknown> | null => (typeof v === 'object' && v !== null ? Object.fromEntries(Object.entries(v)) : null);

/** Who ordered, as the contract's message carried it (the route's schema gives it only as a record). */
export function orderedByOf(o: Pick<CentreOrder, 'orderedBy'>): { name: string | undefined; phone: string | undefined; profession: string | undefined } {
  return { name: text(o.orderedBy.name), phone: text(o.orderedBy.phone), profession: text(o.orderedBy.profession) };
}

/** Where to deliver, as the contract's message carried it (the route's schema gives it only as a record). */
export function deliveryOf(o: Pick<CentreOrder, 'delivery'>): {
  kind: string;
  label: string | undefined;
  address: { street: string; postalCode: string; city: string } | null;
} {
  const a = record(o.delivery.address);
  return {
    kind: text(o.delivery.kind) ?? 'none',
    label: text(o.delivery.label),
    address: a ? { street: text(a.street) ?? '', postalCode: text(a.postalCode) ?? '', city: text(a.city) ?? '' } : null,
  };
}

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
