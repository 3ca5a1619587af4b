import { eq, inArray } from 'drizzle-orm';
import { audit, type AuditPurpose } from '../../platform/audit/audit.ts';
import { requireRole, type Actor, type Ctx } from '../../platform/context.ts';
import type { DbOrTx } from '../../platform/db/client.ts';
import { AppError } from '../../platform/errors.ts';
import { patient } from '../schema.ts';
import {
  actorUnit,
  auditingRefusals,
  careDay,
  careRelationshipsAmong,
  hasCareRelationship,
  loadPatientRow,
  PATIENT_ROLES,
  RefusedPatientRead,
  toSnapshot,
} from './access.ts';
import type { DirectoryPatient } from './directory.ts';
import { getPatient } from './get-patient.ts';
import type { PatientView } from './patient-schemas.ts';
import { askDirectory, upsertSnapshot } from './snapshot.ts';

/**
 * The gate to patient data for the ordering side's other doors than its own pages (the FHIR facade, src/fhir).
 *
 * A person goes through exactly the web app's rule: a care relationship declared today (get-patient.ts,
 * access.ts), every read audited as 'patient.read', a refusal as 'patient.read-refused'.
 *
 * A system client has no declarations here: the system behind it keeps its own users' care relationships (as
 * the contract's patient check says, contract-patient-check.ts). What Bistå checks is that the patient is its
 * care provider's — the centre has an order for them from one of that care provider's customers — so that a
 * client never reaches another care provider's patient. The answer comes from the provision side, which the
 * ordering side must not import: the facade passes it in as `CareProviderPatients`. A refusal is audited as a
 * refused read with the reason 'otherCareProvider'; every read under the client's name.
 */
export interface CareProviderPatients {
  /** Whether one of the care providers has the patient (12-digit identifier). */
  has(ctx: Ctx, identifier: string, careProviderIds: readonly string[]): Promise<boolean>;
}

const otherCareProvider = 'Patienten är inte er vårdgivares patient: ingen av vårdgivarens kunder har någon beställning för patienten';

/** The ordering side's patient ids for these identifiers (those it has a snapshot of). No personal data leaves. */
export async function patientIdsByIdentifier(db: DbOrTx, identifiers: readonly string[]): Promise<Map<string, string>> {
  const unique = [...new Set(identifiers)];
  if (unique.length === 0) return new Map();
  const rows = await db.select({ id: patient.id, identifier: patient.identifier }).from(patient).where(inArray(patient.identifier, unique));
  return new Map(rows.map((r) => [r.identifier, r.id]));
}

/** The identifier of the ordering side's patient `patientId`, for a sender that names the patient by id; null when unknown. */
export async function patientIdentifierById(db: DbOrTx, patientId: string): Promise<string | null> {
  const [row] = await db.select({ identifier: patient.identifier }).from(patient).where(eq(patient.id, patientId));
  return row?.identifier ?? null;
}

/** The refused read of a client, recorded like a person's (RefusedPatientRead, written by auditingRefusals). */
async function refusedForClient(
  ctx: Ctx,
  db: DbOrTx,
  actor: Actor,
  e: { patientId: string | null; entityType: string; entityId: string; purpose: AuditPurpose },
): Promise<RefusedPatientRead> {
  const unit = await actorUnit(db, actor);
  return new RefusedPatientRead(
    {
      action: 'patient.read-refused',
      entityType: e.entityType,
      entityId: e.entityId,
      patientRef: e.patientId,
      careProviderId: unit.careProviderId,
      purpose: e.purpose,
      details: { customerId: unit.customerId, reason: 'otherCareProvider', via: 'fhir' },
    },
    otherCareProvider,
  );
}

/**
 * The patient as the FHIR Patient read shows them. A person: the web app's patient read itself (getPatient).
 * A system client: the patient must be its care provider's (else 403 CARE_RELATIONSHIP_REQUIRED, audited); the
 * snapshot is refreshed from the directory as getPatient does, and the read is audited under the client.
 */
export function readPatientRecord(ctx: Ctx, patientId: string, patients: CareProviderPatients): Promise<PatientView> {
  const actor = requireRole(ctx, ...PATIENT_ROLES);
  if (!actor.client) return getPatient(ctx, patientId);
  return auditingRefusals(ctx, async () => {
    const stored = await loadPatientRow(ctx.db, patientId);
    if (!(await patients.has(ctx, stored.identifier, actor.careProviderIds)))
      throw await refusedForClient(ctx, ctx.db, actor, { patientId, entityType: 'patient', entityId: patientId, purpose: 'prescription' });
    let fresh: DirectoryPatient | null = null;
    let status: PatientView['directory']['status'];
    try {
      fresh = await askDirectory(ctx, stored.identifier, patientId);
      status = fresh ? 'current' : 'notFound';
    } catch (err) {
      if (!(err instanceof AppError && err.code === 'PATIENT_DIRECTORY_UNAVAILABLE')) throw err;
      status = 'unavailable';
    }
    return ctx.db.transaction(async (tx) => {
      if (fresh) await upsertSnapshot(tx, ctx.now(), fresh);
      const row = await loadPatientRow(tx, patientId);
      const unit = await actorUnit(tx, actor);
      await audit(tx, ctx, {
        action: 'patient.read',
        entityType: 'patient',
        entityId: patientId,
        patientRef: patientId,
        careProviderId: unit.careProviderId,
        purpose: 'prescription',
        details: { customerId: unit.customerId, via: 'fhir' },
      });
      const { refreshedAt, ...rest } = toSnapshot(row);
      return { ...rest, directory: { status, refreshedAt } };
    });
  });
}

/**
 * The gate before a patient's orders or devices are read by the patient (a FHIR search by patient): the same
 * rule as reading the patient (a person: a care relationship today; a client: its care provider's patient).
 * Writes the 'patient.read' audit row in `db` (the caller's transaction, in which it reads the data) and returns
 * the identifier the provision side knows the patient by. Run it inside `auditingRefusals` (see access.ts).
 */
export async function openPatientRecord(
  ctx: Ctx,
  db: DbOrTx,
  patientId: string,
  purpose: 'order' | 'device-overview',
  patients: CareProviderPatients,
): Promise<{ identifier: string }> {
  const actor = requireRole(ctx, ...PATIENT_ROLES);
  const row = await loadPatientRow(db, patientId);
  const allowed = actor.client
    ? await patients.has(ctx, row.identifier, actor.careProviderIds)
    : await hasCareRelationship(db, actor.userId, patientId, careDay(ctx), ctx.config.ordering.careRelationshipDays);
  if (!allowed) {
    if (actor.client) throw await refusedForClient(ctx, db, actor, { patientId, entityType: 'patient', entityId: patientId, purpose });
    const unit = await actorUnit(db, actor);
    throw new RefusedPatientRead({
      action: 'patient.read-refused',
      entityType: 'patient',
      entityId: patientId,
      patientRef: patientId,
      careProviderId: unit.careProviderId,
      purpose,
      details: { customerId: unit.customerId, reason: 'noCareRelationship', via: 'fhir' },
    });
  }
  const unit = await actorUnit(db, actor);
  await audit(db, ctx, {
    action: 'patient.read',
    entityType: 'patient',
    entityId: patientId,
    patientRef: patientId,
    careProviderId: unit.careProviderId,
    purpose,
    details: { customerId: unit.customerId, via: 'fhir' },
  });
  return { identifier: row.identifier };
}

/** An order as the gate to its patient needs it (the centre's record of an order of the caller's customers). */
export interface OrderPatientRef {
  orderId: string;
  careProviderId: string;
  /** 12 digits; null for an order without a patient. */
  patientIdentifier: string | null;
  /** Whether the caller placed the order (the web's author rule, ordering/orders/order-access.ts). */
  placedByCaller: boolean;
}

/**
 * Which of these orders (all of the caller's customers) the caller may see with their patient, as the web's
 * order page decides (order-access.ts): an order without a patient, an order the caller placed, or one whose
 * patient the caller may read (a person: a care relationship today; a client: its care provider's patient,
 * which an order of its own customer always is). Each visible order with a patient gets its 'patient.read'
 * audit row in `db`. Returns the visible orders' ids with the patient's id on the ordering side (for the
 * reference to Patient), and the ones refused, for a read of one order to answer with a recorded refusal.
 */
export async function openOrderPatients(
  ctx: Ctx,
  db: DbOrTx,
  orders: readonly OrderPatientRef[],
  purpose: 'order',
): Promise<{ visible: Map<string, { patientId: string | null }>; refused: RefusedPatientRead[] }> {
  const actor = requireRole(ctx, ...PATIENT_ROLES);
  const ids = await patientIdsByIdentifier(
    db,
    orders.flatMap((o) => (o.patientIdentifier ? [o.patientIdentifier] : [])),
  );
  const visible = new Map<string, { patientId: string | null }>();
  const refused: RefusedPatientRead[] = [];
  // A person's care relationships with these orders' patients, in one query.
  const related = actor.client
    ? new Set<string>()
    : await careRelationshipsAmong(db, actor.userId, [...new Set(ids.values())], careDay(ctx), ctx.config.ordering.careRelationshipDays);
  const unit = await actorUnit(db, actor);
  const seen = new Set<string>();
  for (const o of orders) {
    if (seen.has(o.orderId)) continue;
    seen.add(o.orderId);
    if (!o.patientIdentifier) {
      visible.set(o.orderId, { patientId: null });
      continue;
    }
    const patientId = ids.get(o.patientIdentifier) ?? null;
    // A client's orders here are its own customers': the patient is its care provider's by that order.
    const allowed = o.placedByCaller || (actor.client ? actor.careProviderIds.includes(o.careProviderId) : !!patientId && related.has(patientId));
    if (!allowed) {
      refused.push(
        new RefusedPatientRead(
          {
            action: 'patient.read-refused',
            entityType: 'order',
            entityId: o.orderId,
            patientRef: patientId,
            careProviderId: o.careProviderId,
            purpose,
            details: { customerId: unit.customerId, reason: 'noCareRelationship', via: 'fhir' },
          },
          'Beställningen gäller en patient du inte har bekräftat vårdrelation med i dag. Bekräfta vårdrelationen på patientens sida för att se den.',
        ),
      );
      continue;
    }
    await audit(db, ctx, {
      action: 'patient.read',
      entityType: 'order',
      entityId: o.orderId,
      careProviderId: o.careProviderId,
      patientRef: patientId,
      purpose,
      details: { via: 'fhir' },
    });
    visible.set(o.orderId, { patientId });
  }
  return { visible, refused };
}
