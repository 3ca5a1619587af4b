import { audit } from '../../platform/audit/audit.ts';
import { requireRole, type Ctx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { actorUnit, careDay, hasCareRelationship, PATIENT_ROLES } from './access.ts';
import { askDirectory, upsertSnapshot } from './snapshot.ts';
import { parsePersonalNumber } from './personal-number.ts';
import type { LookupInput } from './patient-schemas.ts';

/**
 * Looks a patient up by personnummer or samordningsnummer (the number in the body, never in a URL): validates
 * it (400 with the Swedish reason), asks the patient directory (404 PATIENT_NOT_FOUND if it does not know the
 * number, 503 PATIENT_DIRECTORY_UNAVAILABLE if it cannot be reached), keeps a snapshot and returns only the
 * internal id: personal data is shown after the care relationship is confirmed (getPatient).
 */
export async function lookupPatient(
  ctx: Ctx,
  input: LookupInput,
): Promise<{ patientId: string; firstName: string; lastName: string; careRelationshipConfirmedToday: boolean }> {
  const actor = requireRole(ctx, ...PATIENT_ROLES);
  const parsed = parsePersonalNumber(input.identifier, careDay(ctx));
  if (!parsed.ok) {
    throw new AppError('VALIDATION', parsed.error.message, {
      issues: [{ path: 'body.identifier', code: 'invalid_personal_number', message: parsed.error.message, params: { reason: parsed.error.code } }],
      reason: parsed.error.code,
    });
  }
  const { identifier, kind } = parsed.value;
  const found = await askDirectory(ctx, identifier, null);
  if (!found) {
    throw new AppError(
      'PATIENT_NOT_FOUND',
      kind === 'samordningsnummer'
        ? 'Det finns ingen person med det samordningsnumret i patientregistret. Kontrollera numret.'
        : 'Det finns ingen person med det personnumret i folkbokföringen. Kontrollera numret.',
    );
  }
  const unit = await actorUnit(ctx.db, actor);
  return ctx.db.transaction(async (tx) => {
    const id = await upsertSnapshot(tx, ctx.now(), found);
    await audit(tx, ctx, {
      action: 'patient.lookup',
      entityType: 'patient',
      entityId: id,
      patientRef: id,
      careProviderId: unit.careProviderId,
      purpose: 'prescription',
      details: { customerId: unit.customerId },
    });
    return {
      patientId: id,
      // The name (never more) so that the user confirms the care relationship for the right person; the look-up is audited above.
      firstName: found.firstName,
      lastName: found.lastName,
      careRelationshipConfirmedToday: await hasCareRelationship(tx, actor.userId, id, careDay(ctx), ctx.config.ordering.careRelationshipDays),
    };
  });
}
