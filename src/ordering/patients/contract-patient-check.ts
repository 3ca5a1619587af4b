import { and, eq, gte, lte } from 'drizzle-orm';
import { addDays } from '../../platform/calendar/iso-date.ts';
import type { CheckedPatient, PatientCheck, PatientSnapshot } from '../../contract/index.ts';
import { requireRole, type Ctx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { careRelationship, patient } from '../schema.ts';
import { auditingRefusals, careDay, careRelationshipRequired, PATIENT_ROLES, refusedPatientRead } from './access.ts';
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
  // Called before the intake's transaction, so a refused read is audited in a transaction of its own.
  check: (ctx, sent, orderFor) => auditingRefusals(ctx, () => checkPatient(ctx, sent, orderFor, { via: 'contract' })),
};

/**
 * The same check for a sender that names the patient by identifier only (the FHIR facade: a DeviceRequest's
 * subject is a personnummer, src/fhir). Such a sender states nothing about the patient's protected identity, so
 * there is no flag to compare with the directory's; everything else, and what is stored, is as above.
 */
export const identifierPatientCheck: PatientCheck = {
  check: (ctx, sent, orderFor) => auditingRefusals(ctx, () => checkPatient(ctx, sent, orderFor, { via: 'fhir', identifierOnly: true })),
};

async function checkPatient(
  ctx: Ctx,
  sent: PatientSnapshot,
  orderFor: { customerId: string; careProviderId: string },
  how: { via: 'contract' | 'fhir'; identifierOnly?: boolean },
): Promise<CheckedPatient> {
  const actor = requireRole(ctx, ...PATIENT_ROLES);
  const fresh = await askDirectory(ctx, sent.identifier, null);
  if (!fresh) throw new AppError('PATIENT_NOT_FOUND', 'Patienten i meddelandet finns inte i folkbokföringen');
  if (!how.identifierOnly && fresh.protectedIdentity !== sent.protectedIdentity)
    throw new AppError('INVALID', 'Patientens skyddade identitet stämmer inte med folkbokföringen; hämta patienten på nytt ur folkbokföringen');
  let patientId: string;
  if (actor.client) {
    // The patient may be new to this side: their snapshot gives the audit row its patient reference.
    patientId = await upsertSnapshot(ctx.db, ctx.now(), fresh);
  } else {
    // A user has looked the patient up (which stored the snapshot) and declared the care relationship (the
    // rule of access.ts's hasCareRelationship, in the same query as the patient).
    const day = careDay(ctx);
    const [known] = await ctx.db
      .select({ id: patient.id, declared: careRelationship.id })
      .from(patient)
      .leftJoin(
        careRelationship,
        and(
          eq(careRelationship.patientId, patient.id),
          eq(careRelationship.userId, actor.userId),
          gte(careRelationship.day, addDays(day, -(ctx.config.ordering.careRelationshipDays - 1))),
          lte(careRelationship.day, day),
        ),
      )
      .where(eq(patient.identifier, fresh.identifier))
      .limit(1);
    // A patient this user has looked up but has no care relationship with: the refused read is audited. One
    // never looked up has nothing of theirs stored here to refer to, and is refused all the same.
    if (known && !known.declared)
      throw await refusedPatientRead(ctx, ctx.db, actor, {
        patientId: known.id,
        entityType: 'patient',
        entityId: known.id,
        purpose: 'order',
        careProviderId: orderFor.careProviderId,
      });
    if (!known?.declared) throw careRelationshipRequired();
    patientId = known.id;
  }
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
      careProviderId: orderFor.careProviderId,
      purpose: 'order',
      details: { customerId: orderFor.customerId, via: how.via },
    },
  };
}
