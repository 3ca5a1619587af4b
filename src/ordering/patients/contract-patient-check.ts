import { eq } from 'drizzle-orm';
import type { CheckedPatient, PatientCheck, PatientSnapshot } from '../../contract/index.ts';
import { requireRole, type Ctx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { patient } from '../schema.ts';
import { actorUnit, careDay, careRelationshipRequired, hasCareRelationship, PATIENT_ROLES } from './access.ts';
import { askDirectory, upsertSnapshot } from './snapshot.ts';

/**
 * The patient directory as the centre's REST intake asks it (src/contract/patient-check.ts), with the same
 * rules as the web path's submit (refreshPatientForOrder): the patient must be in the directory, a user must
 * have declared a care relationship with them today, and what is kept is the directory's snapshot — the
 * protected-identity flag and the address as the directory has them, never as the message said.
 *
 * A system client (ctx.actor.client) has no care-relationship declarations of its own here: the system
 * behind it keeps its users' care relationships, as our ordering side does for ours. Its reads are audited
 * all the same, under the client.
 */
export const contractPatientCheck: PatientCheck = {
  async check(ctx: Ctx, sent: PatientSnapshot): Promise<CheckedPatient> {
    const actor = requireRole(ctx, ...PATIENT_ROLES);
    const fresh = await askDirectory(ctx, sent.identifier, null);
    if (!fresh) throw new AppError('PATIENT_NOT_FOUND', 'Patienten i meddelandet finns inte i folkbokföringen');
    if (fresh.protectedIdentity !== sent.protectedIdentity)
      throw new AppError('INVALID', 'Patientens skyddade identitet stämmer inte med folkbokföringen; hämta patienten på nytt ur folkbokföringen');
    let patientId: string;
    if (actor.client) {
      // The patient may be new to this side: their snapshot gives the audit row its patient reference.
      patientId = await upsertSnapshot(ctx.db, ctx.now(), fresh);
    } else {
      // A user has looked the patient up (which stored the snapshot) and declared the care relationship.
      const [known] = await ctx.db.select({ id: patient.id }).from(patient).where(eq(patient.identifier, fresh.identifier));
      if (!known || !(await hasCareRelationship(ctx.db, actor.userId, known.id, careDay(ctx), ctx.config.ordering.careRelationshipDays))) throw careRelationshipRequired();
      patientId = known.id;
    }
    const unit = await actorUnit(ctx.db, actor);
    return {
      patient: {
        identifier: fresh.identifier,
        identifierKind: fresh.kind,
        firstName: fresh.firstName,
        lastName: fresh.lastName,
        protectedIdentity: fresh.protectedIdentity,
        homeMunicipalityCode: fresh.homeMunicipality?.code ?? null,
        address: fresh.protectedIdentity || !fresh.address ? null : { careOf: null, ...fresh.address },
      },
      audit: {
        action: 'patient.read',
        entityType: 'patient',
        entityId: patientId,
        patientRef: patientId,
        careProviderId: unit.careProviderId,
        purpose: 'order',
        details: { customerId: unit.customerId, via: 'contract' },
      },
    };
  },
};
