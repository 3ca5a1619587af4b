import { SYSTEM_ADMIN } from '../../platform/auth/access.ts';
import type { Role } from '../../platform/auth/identity-schema.ts';

/** Who does what with the contract's events out (issue 18). */

/** System administration registers and revokes a client's webhooks. */
export const WEBHOOK_ADMINS = SYSTEM_ADMIN;
/** The ordering side's systems read their events (the feed) and their own webhooks, as they send messages. */
export const EVENT_READERS = ['prescriber', 'orderer'] as const satisfies readonly Role[];
