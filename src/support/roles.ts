import type { Role } from '../platform/auth/identity-schema.ts';

/** Who handles tickets: local support (level 1, its own care providers), the centre's support (2), system management (3 and the vendor contact, 4). */
export const SUPPORT_STAFF = ['localSupport', 'customerService', 'systemAdmin'] as const satisfies readonly Role[];
