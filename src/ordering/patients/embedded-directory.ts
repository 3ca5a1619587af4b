import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/client.ts';
import { registerPatient } from '../schema.ts';
import { withoutProtectedAddress, type DirectoryPatient, type PatientDirectory } from './directory.ts';
import { kindOf } from './personal-number.ts';

/**
 * The embedded population register (table register_patient, seeded with the demo population): the default
 * directory, so that Bistå runs without a connection to the customers' systems.
 */
export class EmbeddedPatientDirectory implements PatientDirectory {
  constructor(private readonly db: DbOrTx) {}

  async find(identifier12: string): Promise<DirectoryPatient | null> {
    const [r] = await this.db.select().from(registerPatient).where(eq(registerPatient.identifier, identifier12));
    if (!r) return null;
    return withoutProtectedAddress({
      identifier: r.identifier,
      kind: kindOf(r.identifier),
      firstName: r.firstName,
      lastName: r.lastName,
      protectedIdentity: r.protectedIdentity,
      homeMunicipality: r.municipalityCode && r.municipalityName ? { code: r.municipalityCode, name: r.municipalityName } : null,
      address: r.street && r.postalCode && r.city ? { street: r.street, postalCode: r.postalCode, city: r.city } : null,
    });
  }
}
