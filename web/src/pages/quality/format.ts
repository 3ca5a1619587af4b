import type { I18n } from '../../i18n/index.tsx';

/** '2026-11' → 'nov. 2026' / 'Nov 2026'; '2026-K4' → 'K4 2026' / 'Q4 2026'. */
export function periodLabel(i18n: Pick<I18n, 't' | 'locale'>, period: string): string {
  const q = /^(\d{4})-K([1-4])$/.exec(period);
  if (q) return i18n.t('quality.quarter', { q: q[2]!, year: q[1]! });
  const m = /^(\d{4})-(\d{2})$/.exec(period);
  if (!m) return period;
  return new Intl.DateTimeFormat(i18n.locale === 'sv' ? 'sv-SE' : 'en-GB', { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, 1)),
  );
}

/** A share 0–1 as '93,8 %' (sv) or '93.8 %' (en); null is "no data". */
export function shareText(i18n: Pick<I18n, 't' | 'locale'>, share: number | null): string {
  if (share === null) return i18n.t('quality.noData');
  return `${numberText(i18n, share * 100)} %`;
}

export function numberText(i18n: Pick<I18n, 'locale'>, n: number, digits = 1): string {
  return new Intl.NumberFormat(i18n.locale === 'sv' ? 'sv-SE' : 'en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(n);
}

/** Chart value: a percentage rounded to one decimal, or null (no bar) where there is no data. */
export const percentValue = (share: number | null) => (share === null ? null : Math.round(share * 1000) / 10);
