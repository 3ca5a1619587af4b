import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/client.ts';
import { registerPatient } from '../schema.ts';
import { withoutProtectedAddress, type DirectoryPatient, type PatientDirectory } from './directory.ts';
import { kindOf } from './personal-number.ts';
import { testSeriesPerson } from './demo-population.ts';

/**
 * The embedded population register (table register_patient, seeded with the demo population): the default
 * directory, so that Bistå runs without a connection to the customers' systems. A number of Skatteverket's test
 * series that the register does not hold is answered with a fictitious person (demo-population.ts).
 */
export class EmbeddedPatientDirectory implements PatientDirectory {
  constructor(private readonly db: DbOrTx) {}

  async find(identifier12: string): Promise<DirectoryPatient | null> {
    // Skatteverket's published test numbers are answered too, with a fictitious person of their own.
    const [r] = await this.db.select().from(registerPatient).where(eq(registerPatient.identifier, identifier12));
    const found = r ?? testSeriesPerson(identifier12);
    if (!found) return null;
    return this.toPatient(found);
  }

  private toPatient(r: typeof registerPatient.$inferInsert): DirectoryPatient {
    return withoutProtectedAddress({
      identifier: r.identifier,
      kind: kindOf(r.identifier),
      firstName: r.firstName,
      lastName: r.lastName,
      protectedIdentity: r.protectedIdentity ?? false,
      homeMunicipality: r.municipalityCode && r.municipalityName ? { code: r.municipalityCode, name: r.municipalityName } : null,
      address: r.street && r.postalCode && r.city ? { street: r.street, postalCode: r.postalCode, city: r.city } : null,
    });
  }
}
