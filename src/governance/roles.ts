import type { Role } from '../platform/auth/identity-schema.ts';

/** Who does what in governance (DOMAIN §9). Routes declare these (config.access); the use cases check them. */

/** News on the start page is written by system administration, the function coordinator and customer service. */
export const NEWS_EDITORS = ['systemAdmin', 'functionCoordinator', 'customerService'] as const satisfies readonly Role[];
/** The function coordinator plans upgrade test rounds and signs them off. */
export const TEST_COORDINATORS = ['functionCoordinator'] as const satisfies readonly Role[];
/** The preparation group (beredningsgrupp) prepares and decides change proposals. */
export const PREPARATION_GROUP = ['preparationGroup'] as const satisfies readonly Role[];
