/** Test data for patients: people in the embedded register, and a patient opened by a user (lookup + care relationship). */
import type { Database } from '../../platform/db/client.ts';
import { registerPatient } from '../schema.ts';
import { makePersonalNumber, type PersonalNumberKind } from '../patients/personal-number.ts';

let seq = 0;

export interface GivenPerson {
  identifier: string;
  firstName: string;
  lastName: string;
}

/**
 * A person in the embedded register, with defaults: a personnummer (birth numbers 980–999), a name, Norrvik as
 * home municipality and an address. `protectedIdentity: true` gives a protected person; `address` may still be
 * given, to check that it never leaves the directory adapter.
 */
export async function givenRegisterPerson(
  database: Database,
  p: {
    kind?: PersonalNumberKind;
    birthDate?: string;
    /** Default: Skatteverket's test series (980–999), which the embedded directory answers even when the register does not hold the number. */
    birthNumber?: number;
    firstName?: string;
    lastName?: string;
    protectedIdentity?: boolean;
    municipality?: { code: string; name: string } | null;
    address?: { street: string; postalCode: string; city: string } | null;
  } = {},
): Promise<GivenPerson> {
  const n = ++seq;
  const identifier = makePersonalNumber(
    p.birthDate ?? `19${String(40 + (n % 50)).padStart(2, '0')}-0${1 + (n % 9)}-1${n % 10}`,
    p.birthNumber ?? 980 + (n % 20),
    p.kind,
  );
  const municipality = p.municipality === undefined ? { code: '9901', name: 'Norrvik' } : p.municipality;
  const address = p.address === undefined ? { street: `Provgatan ${n}`, postalCode: '990 10', city: 'Norrvik' } : p.address;
  const row = {
    identifier,
    firstName: p.firstName ?? 'Test',
    lastName: p.lastName ?? `Testsson ${n}`,
    protectedIdentity: p.protectedIdentity ?? false,
    municipalityCode: municipality?.code ?? null,
    municipalityName: municipality?.name ?? null,
    street: address?.street ?? null,
    postalCode: address?.postalCode ?? null,
    city: address?.city ?? null,
  };
  await database.db.insert(registerPatient).values(row).onConflictDoUpdate({ target: registerPatient.identifier, set: row });
  return { identifier, firstName: row.firstName, lastName: row.lastName };
}

interface HttpClient {
  post(url: string, body?: unknown): Promise<{ statusCode: number; body: string; json(): unknown }>;
}

/** Opens a patient as the user of `client` does in the browser: lookup, then the care-relationship declaration. Returns the patient id. */
export async function openPatient(client: HttpClient, identifier: string): Promise<string> {
  const res = await client.post('/api/patients/lookup', { identifier });
  if (res.statusCode !== 200) throw new Error(`lookup failed: ${res.statusCode} ${res.body}`);
  const { patientId } = res.json() as { patientId: string };
  const confirm = await client.post(`/api/patients/${patientId}/care-relationship`, {});
  if (confirm.statusCode !== 200) throw new Error(`care relationship failed: ${confirm.statusCode} ${confirm.body}`);
  return patientId;
}
