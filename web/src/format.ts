import { ROLES, type Role } from './api.ts';
import type { MessageKey, Translate } from './i18n/index.tsx';

/** Roles in the order of the role list (the API returns them alphabetically by code). */
export function formatRoles(t: Translate, roles: readonly Role[]): string {
  return [...roles]
    .sort((a, b) => ROLES.indexOf(a) - ROLES.indexOf(b))
    .map((r) => t(`role.${r}`))
    .join(', ');
}
