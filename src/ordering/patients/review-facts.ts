import { and, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/client.ts';
import { nameHasWords } from '../../platform/db/name-words.ts';
import { orderingOrder } from '../orders/schema.ts';
import { careRelationship, patient } from '../schema.ts';

/** What the PDL log review needs to know of the patients read (issue 13 item 4); no personnummer. */
export interface ReviewPatient {
  id: string;
  firstName: string;
  lastName: string;
  protectedIdentity: boolean;
  /** Street and postal code as the directory gave them; null for a protected identity (never shown or exported). */
  address: { street: string | null; postalCode: string | null } | null;
}

export async function patientsForReview(db: DbOrTx, ids: readonly string[]): Promise<Map<string, ReviewPatient>> {
  if (!ids.length) return new Map();
  const rows = await db
    .select({
      id: patient.id,
      firstName: patient.firstName,
      lastName: patient.lastName,
      protectedIdentity: patient.protectedIdentity,
      street: patient.street,
      postalCode: patient.postalCode,
    })
    .from(patient)
    .where(inArray(patient.id, [...new Set(ids)]));
  return new Map(
    rows.map((r) => [
      r.id,
      {
        id: r.id,
        firstName: r.firstName,
        lastName: r.lastName,
        protectedIdentity: r.protectedIdentity,
        address: r.protectedIdentity ? null : { street: r.street, postalCode: r.postalCode },
      },
    ]),
  );
}

/**
 * For each (user, patient) pair: whether the user created an order for the patient, and the days the user
 * declared a care relationship with the patient. Keys are `${userId}:${patientId}`.
 */
export async function readerLinks(
  db: DbOrTx,
  userIds: readonly string[],
  patientIds: readonly string[],
): Promise<{ orders: Set<string>; careDays: Map<string, string[]> }> {
  const orders = new Set<string>();
  const careDays = new Map<string, string[]>();
  if (!userIds.length || !patientIds.length) return { orders, careDays };
  const u = [...new Set(userIds)];
  const p = [...new Set(patientIds)];
  const o = await db
    .selectDistinct({ userId: orderingOrder.createdBy, patientId: orderingOrder.patientId })
    .from(orderingOrder)
    .where(and(inArray(orderingOrder.createdBy, u), inArray(orderingOrder.patientId, p)));
  for (const r of o) orders.add(`${r.userId}:${r.patientId}`);
  const c = await db
    .select({ userId: careRelationship.userId, patientId: careRelationship.patientId, day: careRelationship.day })
    .from(careRelationship)
    .where(and(inArray(careRelationship.userId, u), inArray(careRelationship.patientId, p)));
  for (const r of c) {
    const k = `${r.userId}:${r.patientId}`;
    careDays.set(k, [...(careDays.get(k) ?? []), r.day]);
  }
  return { orders, careDays };
}

/** The internal patient id of a personnummer or samordningsnummer (12 digits), or null when Bistå holds no such patient. */
export async function patientIdByIdentifier(db: DbOrTx, identifier12: string): Promise<string | null> {
  const [row] = await db.select({ id: patient.id }).from(patient).where(eq(patient.identifier, identifier12)).limit(1);
  return row?.id ?? null;
}

/**
 * The patients Bistå holds with the identifier (12 digits), or whose name holds every word (the audit log's
 * search by patient, issue 16 item 13); at most `limit`, sorted by name. Their id is what the ordering side's
 * audit rows name as patient_ref.
 */
export async function patientsForAuditSearch(
  db: DbOrTx,
  by: { identifier: string } | { words: readonly string[] },
  limit: number,
): Promise<{ id: string; identifier: string; firstName: string; lastName: string; protectedIdentity: boolean }[]> {
  if ('words' in by && !by.words.length) return [];
  return db
    .select({
      id: patient.id,
      identifier: patient.identifier,
      firstName: patient.firstName,
      lastName: patient.lastName,
      protectedIdentity: patient.protectedIdentity,
    })
    .from(patient)
    .where('identifier' in by ? eq(patient.identifier, by.identifier) : nameHasWords(patient.firstName, patient.lastName, by.words))
    .orderBy(patient.lastName, patient.firstName, patient.identifier)
    .limit(limit);
}
