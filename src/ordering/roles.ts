import type { Role } from '../platform/auth/identity-schema.ts';

/** Who may look up and read patients: the ordering side's prescribers and orderers (DOMAIN §1, §7). */
export const PATIENT_ROLES = ['prescriber', 'orderer'] as const satisfies readonly Role[];

/** Who reads what a prescription records per ISO class: the ordering roles, and system management who sets it. */
export const PRESCRIPTION_CLASS_READERS = ['prescriber', 'orderer', 'systemAdmin'] as const satisfies readonly Role[];
