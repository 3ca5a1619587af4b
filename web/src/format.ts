import { ROLES, type Role } from './api/types.ts';
import type { PlainMessageKey, Translate } from './i18n/index.tsx';

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
