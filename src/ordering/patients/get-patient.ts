import { requireRole, type Ctx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { auditingRefusals, careDay, hasCareRelationship, loadPatientRow, PATIENT_ROLES, refusedPatientRead, requirePatientAccess } from './access.ts';
import { askDirectory, upsertSnapshot } from './snapshot.ts';
import type { DirectoryPatient } from './directory.ts';
import type { PatientView } from './patient-schemas.ts';

/**
 * The patient page's header: name, number, home municipality and address (none for a protected identity).
 * Needs a care relationship declared today (403 CARE_RELATIONSHIP_REQUIRED). The snapshot is refreshed from
 * the patient directory first; if the directory is down, the stored snapshot is shown with
 * `directory.status = 'unavailable'`. Every read writes a 'patient.read' audit row in its transaction; a
 * refused read (no care relationship) writes a 'patient.read-refused' row of its own.
 */
export function getPatient(ctx: Ctx, patientId: string): Promise<PatientView> {
  return auditingRefusals(ctx, () => readPatient(ctx, patientId));
}

async function readPatient(ctx: Ctx, patientId: string): Promise<PatientView> {
  const actor = requireRole(ctx, ...PATIENT_ROLES);
  // Check before asking the directory: someone who may not see the patient causes no directory traffic.
  const stored = await loadPatientRow(ctx.db, patientId);
  if (!(await hasCareRelationship(ctx.db, actor.userId, patientId, careDay(ctx), ctx.config.ordering.careRelationshipDays)))
    throw await refusedPatientRead(ctx, ctx.db, actor, { patientId, entityType: 'patient', entityId: patientId, purpose: 'prescription' });

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
    else if (status === 'notFound') {
      // The register no longer knows the number (e.g. a samordningsnummer replaced by a personnummer): keep
      // the snapshot for the orders that refer to it, and say so on the page.
      ctx.log.warn({ patientRef: patientId }, 'patient no longer in the directory');
    }
    const snap = await requirePatientAccess(ctx, tx, patientId, { purpose: 'prescription' });
    const { refreshedAt, ...rest } = snap;
    return { ...rest, directory: { status, refreshedAt } };
  });
}
