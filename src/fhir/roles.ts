import type { Role } from '../platform/auth/identity-schema.ts';

/** Who calls the FHIR facade: the ordering side's roles, as persons or as system clients (issue 18), like the contract's messages. */
export const FHIR_USERS = ['prescriber', 'orderer'] as const satisfies readonly Role[];
