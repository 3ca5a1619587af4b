import { z } from 'zod';
import { patientIdByIdentifier, patientsForReview } from '../../ordering/patients/review-facts.ts';
import { formatPersonalNumber, parsePersonalNumber } from '../../ordering/patients/personal-number.ts';
import { audit, type AuditVocabulary } from '../../platform/audit/audit.ts';
import { stockholmDateTime } from '../../platform/calendar/index.ts';
import type { Ctx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { localTime, tablePdf } from './documents.ts';
import { names, patientAccesses, periodBounds, periodFields, periodInOrder, reviewedCareProvider } from './report.ts';

/** The personnummer comes in the body only: never in a URL, so never in an access log. */
export const accessExtractInput = periodFields.extend({ personnummer: z.string().trim().min(1).max(20) }).refine(...periodInOrder);

/**
 * The patient's extract of who accessed their data (registerutdrag över åtkomst, DOMAIN §7): every audit row
 * naming the patient under the reviewer's care provider in the period — who, which unit, when, what and why —
 * as a PDF the care provider hands out. The extract itself is audited ('patient.access-extract'), after the
 * rows are read, so it lists the accesses before it.
 */
export async function accessExtract(
  ctx: Ctx,
  input: z.infer<typeof accessExtractInput>,
  vocabulary: AuditVocabulary,
): Promise<{ pdf: Buffer; accesses: number }> {
  const careProviderId = reviewedCareProvider(ctx, input.careProviderId);
  const parsed = parsePersonalNumber(input.personnummer, stockholmDateTime(ctx.now()).date);
  if (!parsed.ok) throw new AppError('INVALID', parsed.error.message);
  const { rows, patient, n } = await ctx.db.transaction(async (tx) => {
    const patientId = await patientIdByIdentifier(tx, parsed.value.identifier);
    if (!patientId) throw new AppError('PATIENT_NOT_FOUND', 'Bistå har inga uppgifter om patienten.');
    const rows = await patientAccesses(tx, vocabulary, { careProviderId, ...periodBounds(input), patientRefs: [patientId] });
    const patient = (await patientsForReview(tx, [patientId])).get(patientId)!;
    const n = await names(tx, [...rows, { careProviderId } as never]);
    await audit(tx, ctx, {
      action: 'patient.access-extract',
      entityType: 'patient',
      entityId: patientId,
      patientRef: patientId,
      careProviderId,
      purpose: 'access-extract',
      details: { from: input.from, to: input.to, accesses: rows.length },
    });
    return { rows, patient, n };
  });
  const pdf = await tablePdf(
    'Registerutdrag – åtkomst till patientuppgifter',
    [
      ['Patient', `${patient.firstName} ${patient.lastName}, ${formatPersonalNumber(parsed.value.identifier)}`],
      ['Vårdgivare', n.careProviderName(careProviderId) ?? careProviderId],
      ['Period', `${input.from} – ${input.to}`],
      ['Åtkomster', String(rows.length)],
      ['Utfärdat', localTime(ctx.now())],
    ],
    [
      { title: 'Tid', width: 80, value: (r) => localTime(r.at) },
      { title: 'Vem', width: 170, value: (r) => n.readerName(r) },
      { title: 'Enhet', width: 180, value: (r) => n.unit(r) },
      { title: 'Händelse', width: 180, value: (r) => r.actionLabel },
      { title: 'Ändamål', width: 150, value: (r) => r.purposeLabel ?? '' },
    ],
    rows,
    'Utdraget visar varje registrerad åtkomst till dina uppgifter hos vårdgivaren under perioden, enligt patientdatalagen.',
  );
  return { pdf, accesses: rows.length };
}
