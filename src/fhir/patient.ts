import type { PatientView } from '../ordering/patients/patient-schemas.ts';
import { readPatientRecord } from '../ordering/patients/patient-gate.ts';
import type { Ctx } from '../platform/context.ts';
import { careProviderPatients } from './care-provider-patients.ts';
import { CONFIDENTIALITY_SYSTEM, HOME_MUNICIPALITY_EXTENSION, PERSONNUMMER_SYSTEM, SAMORDNINGSNUMMER_SYSTEM } from './systems.ts';
import type { FhirResource } from './types.ts';

/**
 * Patient: the ordering side's patient, read through its patient gate (the web app's care-relationship rule for a
 * person, the care provider's patients for a system client; audited either way), in the shape Bistå's own FHIR
 * patient-directory client reads (src/ordering/patients/fhir-directory.ts): the identifier under the personnummer
 * or samordningsnummer OID, the official name, a protected identity as the security label R and never an
 * address, the home municipality as an extension.
 */
export function toPatient(p: Omit<PatientView, 'directory'> & { directory?: PatientView['directory'] }): FhirResource {
  return {
    resourceType: 'Patient',
    id: p.id,
    meta: {
      ...(p.directory ? { lastUpdated: p.directory.refreshedAt.toISOString() } : {}),
      ...(p.protectedIdentity ? { security: [{ system: CONFIDENTIALITY_SYSTEM, code: 'R', display: 'restricted' }] } : {}),
    },
    ...(p.homeMunicipality
      ? { extension: [{ url: HOME_MUNICIPALITY_EXTENSION, valueCoding: { code: p.homeMunicipality.code, display: p.homeMunicipality.name } }] }
      : {}),
    identifier: [{ use: 'official', system: p.kind === 'samordningsnummer' ? SAMORDNINGSNUMMER_SYSTEM : PERSONNUMMER_SYSTEM, value: p.identifier }],
    active: true,
    name: [{ use: 'official', family: p.lastName, given: p.firstName.split(/\s+/).filter(Boolean) }],
    // The database and the ordering side already refuse an address for a protected identity; this is the third lock.
    ...(p.address && !p.protectedIdentity
      ? { address: [{ use: 'home', type: 'physical', line: [p.address.street], postalCode: p.address.postalCode, city: p.address.city, country: 'SE' }] }
      : {}),
  };
}

/** GET /fhir/R4/Patient/{id}. */
export async function readPatient(ctx: Ctx, id: string): Promise<FhirResource> {
  return toPatient(await readPatientRecord(ctx, id, careProviderPatients));
}
