import type { Role } from '../platform/auth/identity-schema.ts';

/** Who does what in administration (DOMAIN §1, §8). Routes declare these (config.access); the use cases check them. */

/** Local support reads its care providers' users and applies for access for them; system administration decides. */
export const USER_ADMINS = ['systemAdmin', 'localSupport'] as const satisfies readonly Role[];
/** The log reviewer (loggranskare) reviews the PDL log of their own care provider and gives patients their extract. */
export const LOG_REVIEWERS = ['logReviewer'] as const satisfies readonly Role[];
/** System administration and the function coordinator follow up the quality figures (DOMAIN §9). */
export const QUALITY_READERS = ['systemAdmin', 'functionCoordinator'] as const satisfies readonly Role[];
