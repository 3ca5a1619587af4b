import { and, eq } from 'drizzle-orm';
import { audit } from '../../platform/audit/audit.ts';
import { requireRole, type Ctx } from '../../platform/context.ts';
import { careRelationship } from '../schema.ts';
import { actorUnit, careDay, loadPatientRow, PATIENT_ROLES } from './access.ts';

/**
 * The user declares a care relationship with the patient (DOMAIN §7): recorded with the user, the patient, the
 * customer they act for and the Swedish calendar day, and audited ('patient.care-relationship'). A declaration
 * covers the rest of that day; declaring again the same day changes nothing and returns the first declaration.
 */
export async function confirmCareRelationship(ctx: Ctx, patientId: string): Promise<{ patientId: string; day: string; confirmedAt: Date }> {
  const actor = requireRole(ctx, ...PATIENT_ROLES);
  const day = careDay(ctx);
  const unit = await actorUnit(ctx.db, actor);
  return ctx.db.transaction(async (tx) => {
    await loadPatientRow(tx, patientId);
    const [inserted] = await tx
      .insert(careRelationship)
      .values({ userId: actor.userId, patientId, customerId: unit.customerId, careProviderId: unit.careProviderId, day, confirmedAt: ctx.now() })
      .onConflictDoNothing()
      .returning();
    if (inserted) {
      await audit(tx, ctx, {
        action: 'patient.care-relationship',
        entityType: 'patient',
        entityId: patientId,
        patientRef: patientId,
        careProviderId: unit.careProviderId,
        purpose: 'prescription',
        details: { customerId: unit.customerId, day },
      });
      return { patientId, day, confirmedAt: inserted.confirmedAt };
    }
    const [existing] = await tx
      .select({ confirmedAt: careRelationship.confirmedAt })
      .from(careRelationship)
      .where(and(eq(careRelationship.userId, actor.userId), eq(careRelationship.patientId, patientId), eq(careRelationship.day, day)));
    return { patientId, day, confirmedAt: existing!.confirmedAt };
  });
}
