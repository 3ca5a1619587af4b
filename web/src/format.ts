import { ROLES, type Role } from './api/types.ts';
import type { I18n, PlainMessageKey, Translate } from './i18n/index.tsx';

/** Roles in the order of the role list (the API returns them alphabetically by code). */
export function formatRoles(t: Translate, roles: readonly Role[]): string {
  return [...roles]
    .sort((a, b) => ROLES.indexOf(a) - ROLES.indexOf(b))
    .map((r) => t(`role.${r}`))
    .join(', ');
}

/** The delivery weekday's name (1 = Monday … 5 = Friday); the schema gives the day only as a number. */
const WEEKDAY_KEYS: Record<number, PlainMessageKey | undefined> = { 1: 'weekday.1', 2: 'weekday.2', 3: 'weekday.3', 4: 'weekday.4', 5: 'weekday.5' };
export function weekdayLabel(t: Translate, day: number): string {
  const key = WEEKDAY_KEYS[day];
  return key ? t(key) : String(day);
}

// Money, personnummer and professions are written one way on every page (issue 16 item 11).

const moneyFormat = new Intl.NumberFormat('sv-SE', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/**
 * An amount in kronor, the Swedish way in both languages (like the dates): 3720 → "3 720,00 kr", with no-break
 * spaces so that it never wraps. Takes the API's numbers and decimal strings; nothing (or not a number) → ''.
 */
export function formatMoney(amount: number | string | null | undefined): string {
  if (amount === null || amount === undefined || (typeof amount === 'string' && amount.trim() === '')) return '';
  const n = typeof amount === 'number' ? amount : Number(amount);
  return Number.isFinite(n) ? `${moneyFormat.format(n)}\u00a0kr` : '';
}

/**
 * A personnummer or samordningsnummer as pages show it, YYYYMMDD-NNNN, from the API's 12 digits (or a number
 * already written with its separator). Anything else is shown as it is rather than hidden.
 */
export function formatPersonalNumber(identifier: string | null | undefined): string {
  if (!identifier) return '';
  const digits = identifier.replace(/[\s+-]/g, '');
  return /^\d{12}$/.test(digits) ? `${digits.slice(0, 8)}-${digits.slice(8)}` : identifier;
}

/** A profession by its name ('occupationalTherapist' → "Arbetsterapeut"); a text another system sent is shown as it is. */
export function professionLabel(i18n: Pick<I18n, 'tMaybe'>, profession: string | null | undefined): string {
  if (!profession) return '';
  return i18n.tMaybe(`profession.${profession}`) ?? profession;
}
