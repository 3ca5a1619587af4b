import type { Client } from '../../../test/app.ts';
import type { PatientSnapshot } from '../../contract/messages.ts';
import { DEMO_PATIENTS } from '../../ordering/patients/demo-population.ts';

/**
 * For tests of POST /api/contract/v1/messages: the REST intake checks a message's patient against the
 * patient directory and the sender's care relationship, as the web path does. These are the demo
 * directory's people as a sender names them, and the declaration a user makes before sending.
 */
export const directoryPatients = {
  /** Astrid Lindqvist, Norrvik, with an address. */
  ordinary: (): PatientSnapshot => ({
    identifier: DEMO_PATIENTS.ordinary,
    identifierKind: 'personnummer',
    firstName: 'Astrid',
    lastName: 'Lindqvist',
    protectedIdentity: false,
    homeMunicipalityCode: '9901',
    address: { careOf: null, street: 'Storgatan 5 lgh 1201', postalCode: '990 10', city: 'Norrvik' },
  }),
  /** Sofia Öberg: protected identity, no address. */
  protectedIdentity: (): PatientSnapshot => ({
    identifier: DEMO_PATIENTS.protectedIdentity,
    identifierKind: 'personnummer',
    firstName: 'Sofia',
    lastName: 'Öberg',
    protectedIdentity: true,
    homeMunicipalityCode: '9901',
    address: null,
  }),
};

/** The user looks the patient up and declares a care relationship today; returns the ordering side's patient id. */
export async function declareCareRelationship(client: Client, identifier: string): Promise<string> {
  const found = await client.post('/api/patients/lookup', { identifier });
  if (found.statusCode !== 200) throw new Error(`lookup: ${found.statusCode} ${found.body}`);
  const { patientId } = found.json() as { patientId: string };
  const declared = await client.post(`/api/patients/${patientId}/care-relationship`);
  if (declared.statusCode !== 200) throw new Error(`care relationship: ${declared.statusCode} ${declared.body}`);
  return patientId;
}
