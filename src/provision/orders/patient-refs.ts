import { desc, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/client.ts';
import { nameHasWords } from '../../platform/db/name-words.ts';
import { provisionPatient } from '../schema.ts';

/**
 * The centre's patient snapshots (one per order) of the people with the identifier (12 digits), or whose name
 * holds every word, grouped per person: the snapshots' ids are what the centre's audit rows name as patient_ref
 * (the audit log's search by patient, issue 16 item 13). At most `limit` people; the name is the latest snapshot's.
 */
export async function provisionPatientRefs(
  db: DbOrTx,
  by: { identifier: string } | { words: readonly string[] },
  limit: number,
): Promise<{ identifier: string; firstName: string; lastName: string; protectedIdentity: boolean; refs: string[] }[]> {
  if ('words' in by && !by.words.length) return [];
  const people = await db
    .selectDistinct({ identifier: provisionPatient.identifier })
    .from(provisionPatient)
    .where('identifier' in by ? eq(provisionPatient.identifier, by.identifier) : nameHasWords(provisionPatient.firstName, provisionPatient.lastName, by.words))
    .orderBy(provisionPatient.identifier)
    .limit(limit);
  if (!people.length) return [];
  const rows = await db
    .select({
      id: provisionPatient.id,
      identifier: provisionPatient.identifier,
      firstName: provisionPatient.firstName,
      lastName: provisionPatient.lastName,
      protectedIdentity: provisionPatient.protectedIdentity,
    })
    .from(provisionPatient)
    .where(
      inArray(
        provisionPatient.identifier,
        people.map((p) => p.identifier),
      ),
    )
    .orderBy(desc(provisionPatient.capturedAt));
  const out = new Map<string, { identifier: string; firstName: string; lastName: string; protectedIdentity: boolean; refs: string[] }>();
  for (const r of rows) {
    const p = out.get(r.identifier);
    if (p) p.refs.push(r.id);
    else
      out.set(r.identifier, { identifier: r.identifier, firstName: r.firstName, lastName: r.lastName, protectedIdentity: r.protectedIdentity, refs: [r.id] });
  }
  return [...out.values()];
}
