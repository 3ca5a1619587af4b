import type { PersonalNumberKind } from './personal-number.ts';

/**
 * A person as the population-register service (folkbokföring) of the customers' systems gives them
 * (DOMAIN §7). A protected identity (skyddad folkbokföring) never carries an address: every adapter drops it.
 */
export interface DirectoryPatient {
  /** 12 digits, YYYYMMDDNNNC. */
  identifier: string;
  kind: PersonalNumberKind;
  firstName: string;
  lastName: string;
  protectedIdentity: boolean;
  /**
   * Folkbokföringskommun: four-digit municipality code and name. Null when the register has none, as for
   * most holders of a samordningsnummer, who are not registered in a municipality.
   */
  homeMunicipality: { code: string; name: string } | null;
  address: { street: string; postalCode: string; city: string } | null;
}

/** The patient directory behind which the population register sits: embedded (demo) or FHIR R4. */
export interface PatientDirectory {
  /** The person with this canonical 12-digit number, or null if the register does not know them. */
  find(identifier12: string): Promise<DirectoryPatient | null>;
}

export type DirectoryFailure = 'unreachable' | 'timeout' | 'error-response' | 'invalid-response';

/**
 * The directory could not answer: not reachable, too slow, answered with an error, or answered something
 * that is not a usable Patient. Its message never contains the personnummer.
 */
export class DirectoryUnavailable extends Error {
  override name = 'DirectoryUnavailable';
  constructor(
    readonly reason: DirectoryFailure,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Enforces the rule every adapter follows: a protected identity has no address. */
export function withoutProtectedAddress(p: DirectoryPatient): DirectoryPatient {
  return p.protectedIdentity && p.address !== null ? { ...p, address: null } : p;
}
