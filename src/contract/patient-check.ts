import type { AuditEntry } from '../platform/audit/audit.ts';
import type { Ctx } from '../platform/context.ts';
import type { PatientSnapshot } from './messages.ts';

/**
 * The care providers' patient directory, as the centre's REST intake asks it about the patient a message
 * names (POST /api/contract/v1/messages). The ordering side implements it (it owns the directory, the care
 * relationships and the patient-read audit); the composition root passes it to the provision side's route,
 * so neither side imports the other.
 *
 * The in-process ordering side does not come this way: it has read the patient itself, in its own audited
 * transaction, before its message was made.
 */
export interface PatientCheck {
  /**
   * The patient as the directory has them now, for the caller in `ctx` (a user must have declared a care
   * relationship with the patient today; a system client answers for its own users). Throws an AppError:
   * PATIENT_NOT_FOUND, CARE_RELATIONSHIP_REQUIRED, PATIENT_DIRECTORY_UNAVAILABLE, or INVALID when the
   * message's protected-identity flag is not the directory's. Writes nothing about the read itself: the
   * receiver writes `audit` in the transaction that stores the order, so the read is recorded exactly when
   * its data is kept. `orderFor` is the customer the order is for: the read is audited as that customer's.
   */
  check(ctx: Ctx, sent: PatientSnapshot, orderFor: { customerId: string; careProviderId: string }): Promise<CheckedPatient>;
}

export interface CheckedPatient {
  /** What the centre stores: the directory's facts (no address for a protected identity), never the message's. */
  patient: PatientSnapshot;
  /** The patient read's audit row ('patient.read'). */
  audit: AuditEntry;
}
