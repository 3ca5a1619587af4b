// Money, months and the billing roles as the billing pages show them.
// The billing roles are named with the others in nav.ts.
export { BASIS_READERS, FINANCE, PRICE_EDITORS } from '../../nav.ts';

const money = {
  sv: new Intl.NumberFormat('sv-SE', { minimumFractionDigits: 2, maximumFractionDigits: 2 }),
  en: new Intl.NumberFormat('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 }),
};
/** 1234.5 → '1 234,50 kr' (sv) or 'SEK 1,234.50' (en). */
export function kronor(locale: 'sv' | 'en', v: number | null | undefined): string {
  if (v == null) return '–';
  return locale === 'sv' ? `${money.sv.format(v)} kr` : `SEK ${money.en.format(v)}`;
}
const pct = {
  sv: new Intl.NumberFormat('sv-SE', { style: 'percent', minimumFractionDigits: 2, maximumFractionDigits: 2 }),
  en: new Intl.NumberFormat('en-GB', { style: 'percent', minimumFractionDigits: 2, maximumFractionDigits: 2 }),
};
export const percent = (locale: 'sv' | 'en', share: number) => pct[locale].format(share);

export const PERIOD_RE = /^\d{4}-(0[1-9]|1[0-2])$/;
/** This month as 'YYYY-MM' (the browser's clock). */
export function thisMonth(d = new Date()): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;
}
export function addMonths(period: string, n: number): string {
  const [y, m] = period.split('-').map(Number) as [number, number];
  const i = y * 12 + (m - 1) + n;
  return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
}

/** Amounts typed the Swedish or the English way: '1 234,50', '1234.5' → 1234.5; null when not an amount. */
export function parseKronor(s: string): number | null {
  const v = s
    .replace(/[\s\u00a0]/g, '')
    .replace(/(kr|sek)$/i, '')
    .replace(',', '.');
  if (!/^\d+(\.\d{1,2})?$/.test(v)) return null;
  return Number(v);
}
export function parseQuantity(s: string): number | null {
  const v = s.replace(/[\s\u00a0]/g, '').replace(',', '.');
  if (!/^\d+(\.\d{1,3})?$/.test(v)) return null;
  return Number(v);
}

export const basisFileHref = (period: string, customerNumber: string, format: 'xlsx' | 'csv' | 'pdf') =>
  `/api/billing/bases/${encodeURIComponent(period)}/${encodeURIComponent(customerNumber)}/${format}`;
