import { and, eq, gte, inArray, lte } from 'drizzle-orm';
import { customerById } from '../../administration/organisation/customers.ts';
import { audit, type AuditEntry, type AuditPurpose } from '../../platform/audit/audit.ts';
import { stockholmDateTime } from '../../platform/calendar/stockholm-time.ts';
import { addDays } from '../../platform/calendar/iso-date.ts';
import { requireRole, type Actor, type Ctx } from '../../platform/context.ts';
import type { DbOrTx } from '../../platform/db/client.ts';
import { AppError } from '../../platform/errors.ts';
import { careRelationship, patient } from '../schema.ts';
import type { PatientSnapshot as ContractPatient } from '../../contract/index.ts';
import type { PersonalNumberKind } from './personal-number.ts';
import { PATIENT_ROLES } from '../roles.ts';
export { PATIENT_ROLES };
import { askDirectory, upsertSnapshot } from './snapshot.ts';

/** What the ordering side keeps about a patient: what orders need, never an address for a protected identity. */
export interface PatientSnapshot {
  id: string;
  /** 12 digits, YYYYMMDDNNNC. Shown to the user; never put in a URL or a log. */
  identifier: string;
  kind: PersonalNumberKind;
  firstName: string;
  lastName: string;
  protectedIdentity: boolean;
  homeMunicipality: { code: string; name: string } | null;
  /** Null when the identity is protected (always) or the register has no address. */
  address: { street: string; postalCode: string; city: string } | null;
  /** When the snapshot was last taken from the patient directory. */
  refreshedAt: Date;
}

export const patientNotFound = () => new AppError('PATIENT_NOT_FOUND', 'Patienten finns inte');
export const careRelationshipRequired = () =>
  new AppError('CARE_RELATIONSHIP_REQUIRED', 'Bekräfta att du har en vårdrelation med patienten innan du ser patientens uppgifter');

/** The audit action of a read of patient data that was refused (no care relationship today). */
export const PATIENT_READ_REFUSED = 'patient.read-refused' as const;

/**
 * A refused read of patient data: a 403 CARE_RELATIONSHIP_REQUIRED that carries the audit row recording the
 * attempt. The row cannot go in the use case's transaction (the refusal rolls it back), so
 * `auditingRefusals` writes it in a transaction of its own once the use case's has ended.
 */
export class RefusedPatientRead extends AppError {
  constructor(
    readonly refusal: AuditEntry,
    message = 'Bekräfta att du har en vårdrelation med patienten innan du ser patientens uppgifter',
  ) {
    super('CARE_RELATIONSHIP_REQUIRED', message);
  }
}

/** A RefusedPatientRead for `patientId`, with the unit the actor acts for (as the read's own row would have). */
export async function refusedPatientRead(
  ctx: Ctx,
  db: DbOrTx,
  actor: Actor,
  entry: { patientId: string; entityType: string; entityId: string; purpose: AuditPurpose; careProviderId?: string | null },
  message?: string,
): Promise<RefusedPatientRead> {
  const unit = await actorUnit(db, actor);
  return new RefusedPatientRead(
    {
      action: PATIENT_READ_REFUSED,
      entityType: entry.entityType,
      entityId: entry.entityId,
      patientRef: entry.patientId,
      careProviderId: entry.careProviderId ?? unit.careProviderId,
      purpose: entry.purpose,
      details: { customerId: unit.customerId, reason: 'noCareRelationship' },
    },
    message,
  );
}

/**
 * Runs a use case that reads patient data and records a refused read even though the use case throws: when
 * `fn` throws a RefusedPatientRead (its transaction already rolled back), the audit row is written and
 * committed on its own, then the refusal is thrown on. Call it outside any open transaction.
 */
export async function auditingRefusals<T>(ctx: Ctx, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof RefusedPatientRead) await audit(ctx.db, ctx, err.refusal);
    throw err;
  }
}

/** The Swedish calendar day a care-relationship declaration covers (the ctx clock, Europe/Stockholm). */
export const careDay = (ctx: Ctx): string => stockholmDateTime(ctx.now()).date;

/** The unit the actor acts for: their default customer and its care provider (for the audit log). */
export async function actorUnit(db: DbOrTx, actor: Actor): Promise<{ customerId: string | null; careProviderId: string | null }> {
  const customerId = actor.defaultCustomerId;
  if (!customerId) return { customerId: null, careProviderId: null };
  // With one care provider there is nothing to look up; otherwise ask the organisation which one the default customer has.
  if (actor.careProviderIds.length === 1) return { customerId, careProviderId: actor.careProviderIds[0]! };
  const c = await customerById(db, customerId);
  return { customerId, careProviderId: c?.careProviderId ?? null };
}

export function toSnapshot(r: typeof patient.$inferSelect): PatientSnapshot {
  return {
    id: r.id,
    identifier: r.identifier,
    kind: r.kind,
    firstName: r.firstName,
    lastName: r.lastName,
    protectedIdentity: r.protectedIdentity,
    homeMunicipality: r.homeMunicipalityCode && r.homeMunicipalityName ? { code: r.homeMunicipalityCode, name: r.homeMunicipalityName } : null,
    // The database refuses an address on a protected identity; this is the second lock.
    address: !r.protectedIdentity && r.street && r.postalCode && r.city ? { street: r.street, postalCode: r.postalCode, city: r.city } : null,
    refreshedAt: r.refreshedAt,
  };
}

/**
 * Whether the user has declared a care relationship with the patient that still holds on `day`: a declaration
 * holds the day it is given and, with `BISTA_CARE_RELATIONSHIP_DAYS` = N, the N − 1 calendar days after it.
 */
export async function hasCareRelationship(db: DbOrTx, userId: string, patientId: string, day: string, validDays = 1): Promise<boolean> {
  const [row] = await db
    .select({ id: careRelationship.id })
    .from(careRelationship)
    .where(
      and(
        eq(careRelationship.userId, userId),
        eq(careRelationship.patientId, patientId),
        gte(careRelationship.day, addDays(day, -(validDays - 1))),
        lte(careRelationship.day, day),
      ),
    )
    .limit(1);
  return !!row;
}

/** Of `patientIds`, those the user has a care relationship with that holds on `day` (one query for a list). */
export async function careRelationshipsAmong(db: DbOrTx, userId: string, patientIds: readonly string[], day: string, validDays = 1): Promise<Set<string>> {
  if (!patientIds.length) return new Set();
  const rows = await db
    .selectDistinct({ patientId: careRelationship.patientId })
    .from(careRelationship)
    .where(
      and(
        eq(careRelationship.userId, userId),
        inArray(careRelationship.patientId, [...patientIds]),
        gte(careRelationship.day, addDays(day, -(validDays - 1))),
        lte(careRelationship.day, day),
      ),
    );
  return new Set(rows.map((r) => r.patientId));
}

/** Loads the patient after the role check; 404 PATIENT_NOT_FOUND for an unknown id. No audit row: no data leaves. */
export async function loadPatientRow(db: DbOrTx, patientId: string) {
  const [row] = await db.select().from(patient).where(eq(patient.id, patientId));
  if (!row) throw patientNotFound();
  return row;
}

/**
 * The one gate to a patient's data for the ordering side's use cases (the patient page, orders):
 * the caller must be a prescriber or orderer (403 FORBIDDEN), the patient must exist (404 PATIENT_NOT_FOUND)
 * and the caller must have declared a care relationship with the patient today (403 CARE_RELATIONSHIP_REQUIRED).
 * Writes the 'patient.read' audit row in `tx`, so the read and its record commit together. Returns the stored
 * snapshot (no address when the identity is protected). A refusal for want of a care relationship is a
 * RefusedPatientRead: run the use case in `auditingRefusals` so that the attempt is recorded too.
 *
 * `purpose` is written to the audit log: 'prescription' for the patient page, 'order' (the default) for orders.
 */
export async function requirePatientAccess(
  ctx: Ctx,
  tx: DbOrTx,
  patientId: string,
  opts: { purpose?: AuditPurpose; details?: Record<string, unknown> } = {},
): Promise<PatientSnapshot> {
  const actor = requireRole(ctx, ...PATIENT_ROLES);
  const row = await loadPatientRow(tx, patientId);
  if (!(await hasCareRelationship(tx, actor.userId, patientId, careDay(ctx), ctx.config.ordering.careRelationshipDays)))
    throw await refusedPatientRead(ctx, tx, actor, { patientId, entityType: 'patient', entityId: patientId, purpose: opts.purpose ?? 'order' });
  const unit = await actorUnit(tx, actor);
  await audit(tx, ctx, {
    action: 'patient.read',
    entityType: 'patient',
    entityId: patientId,
    patientRef: patientId,
    careProviderId: unit.careProviderId,
    purpose: opts.purpose ?? 'order',
    details: { customerId: unit.customerId, ...opts.details },
  });
  return toSnapshot(row);
}

/**
 * For submitting an order: the same gate as requirePatientAccess (and its 'patient.read' audit row), then the
 * patient fresh from the directory (the address may have changed), stored as the new snapshot, in the shape the
 * contract sends to the centre. Throws 503 PATIENT_DIRECTORY_UNAVAILABLE if the directory cannot be asked and
 * 404 PATIENT_NOT_FOUND if it no longer knows the number; the caller's transaction then rolls back and a saved
 * draft stays as it was. A protected identity never has an address.
 */
export async function refreshPatientForOrder(ctx: Ctx, tx: DbOrTx, patientId: string): Promise<ContractPatient> {
  const stored = await requirePatientAccess(ctx, tx, patientId, { purpose: 'order' });
  const fresh = await askDirectory(ctx, stored.identifier, patientId, tx);
  if (!fresh) {
    ctx.log.warn({ patientRef: patientId }, 'patient no longer in the directory');
    throw new AppError('PATIENT_NOT_FOUND', 'Patienten finns inte längre i folkbokföringen. Sök fram patienten på nytt.');
  }
  await upsertSnapshot(tx, ctx.now(), fresh);
  return {
    identifier: fresh.identifier,
    identifierKind: fresh.kind,
    firstName: fresh.firstName,
    lastName: fresh.lastName,
    protectedIdentity: fresh.protectedIdentity,
    homeMunicipalityCode: fresh.homeMunicipality?.code ?? null,
    address: fresh.protectedIdentity ? null : fresh.address,
  };
}
