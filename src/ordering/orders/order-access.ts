import { audit, type AuditAction, type AuditPurpose } from '../../platform/audit/audit.ts';
import type { Ctx } from '../../platform/context.ts';
import type { DbOrTx } from '../../platform/db/client.ts';
import { careDay, hasCareRelationship, refusedPatientRead } from '../patients/access.ts';
import { requireOrderingActor } from './scope.ts';

/** What the gate needs to know about an order. */
export interface OrderForAccess {
  id: string;
  createdBy: string;
  careProviderId: string;
  patientId: string | null;
}

/**
 * The gate to one order's patient data (the order page, its attachments, the answer to a cancellation or a
 * quote), after the care-provider scope (scope.ts) has let the caller see that the order exists. An order for
 * a patient shows who the patient is, so it takes what reading the patient takes (DOMAIN §7): the caller placed
 * the order, or has declared a care relationship with the patient today. A colleague at the same care provider
 * with neither gets 403 CARE_RELATIONSHIP_REQUIRED, a RefusedPatientRead whose audit row `auditingRefusals`
 * writes. An order without a patient carries no patient data and stays open to the care provider's users.
 *
 * Writes the read's audit row in `tx` ('patient.read' unless `action` says otherwise, e.g. an attachment's
 * download); for an order without a patient only when `always` asks for it.
 */
export async function requireOrderAccess(
  ctx: Ctx,
  tx: DbOrTx,
  o: OrderForAccess,
  opts: { action?: AuditAction; purpose?: AuditPurpose; details?: Record<string, unknown>; always?: boolean } = {},
): Promise<void> {
  const actor = requireOrderingActor(ctx);
  const purpose = opts.purpose ?? 'order';
  if (
    o.patientId &&
    o.createdBy !== actor.userId &&
    !(await hasCareRelationship(tx, actor.userId, o.patientId, careDay(ctx), ctx.config.ordering.careRelationshipDays))
  ) {
    throw await refusedPatientRead(
      ctx,
      tx,
      actor,
      { patientId: o.patientId, entityType: 'order', entityId: o.id, purpose, careProviderId: o.careProviderId },
      'Beställningen gäller en patient du inte har bekräftat vårdrelation med i dag. Bekräfta vårdrelationen på patientens sida för att se den.',
    );
  }
  if (!o.patientId && !opts.always) return;
  await audit(tx, ctx, {
    action: opts.action ?? 'patient.read',
    entityType: 'order',
    entityId: o.id,
    careProviderId: o.careProviderId,
    patientRef: o.patientId,
    purpose,
    ...(opts.details ? { details: opts.details } : {}),
  });
}
