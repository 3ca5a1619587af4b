import type { Role } from '../platform/auth/identity-schema.ts';

/** Who may look up and read patients: the ordering side's prescribers and orderers (DOMAIN §1, §7). */
export const PATIENT_ROLES = ['prescriber', 'orderer'] as const satisfies readonly Role[];
