import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { audit } from '../../platform/audit/audit.ts';
import { requireRole, type Ctx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { optionalText } from '../../platform/http/schemas.ts';
import { AGREEMENT_TERM_EDITORS } from '../roles.ts';
import { agreement } from '../schema.ts';
import { agreementFacts, type AgreementFacts } from './agreement-facts.ts';

const optionalEmail = z
  .string()
  .trim()
  .max(200)
  .transform((s) => (s === '' ? null : s))
  .pipe(z.email({ error: 'ange en giltig e-postadress' }).nullable())
  .nullish();

export const agreementTermsInput = z.strictObject({
  termsVersion: z.int().min(1).describe('Villkorens version som du läste: har någon annan hunnit ändra dem får du 409'),
  deliveryWorkingDays: z
    .int({ error: 'ange leveranstiden i hela arbetsdagar' })
    .min(1, 'leveranstiden är minst 1 arbetsdag')
    .max(250, 'leveranstiden är högst 250 arbetsdagar')
    .nullable()
    .describe('Leveranstid i arbetsdagar från beställning till leverans till hjälpmedelscentralen'),
  minimumOrderAmount: z
    .number({ error: 'ange beloppet som ett tal' })
    .min(0, 'beloppet får inte vara negativt')
    .max(10_000_000, 'beloppet är för stort')
    .refine((n) => Math.round(n * 100) === Number((n * 100).toFixed(6)), 'ange högst två decimaler')
    .nullable()
    .describe('Minsta ordervärde i kronor exklusive moms'),
  orderEmail: optionalEmail.describe('E-postadress som inköpsordrar skickas till (beställningsadress)'),
  orderAddress: optionalText(500).describe('Postadress eller beställningsportal, när beställningar inte skickas med e-post'),
  contactName: optionalText(200).describe('Kontaktperson hos leverantören'),
  contactPhone: optionalText(30).describe('Kontaktpersonens telefon'),
  contactEmail: optionalEmail.describe('Kontaktpersonens e-post'),
});
export type AgreementTermsInput = z.infer<typeof agreementTermsInput>;

/**
 * PUT /api/catalogue/agreements/:id/terms: the agreement's ordering terms. The catalogue import brings the
 * agreement's number, name and validity and never changes these; the centre keeps them here.
 */
export async function updateAgreementTerms(ctx: Ctx, id: string, input: AgreementTermsInput): Promise<AgreementFacts> {
  requireRole(ctx, ...AGREEMENT_TERM_EDITORS);
  return ctx.db.transaction(async (tx) => {
    const [before] = await tx.select().from(agreement).where(eq(agreement.id, id)).for('update');
    if (!before) throw new AppError('NOT_FOUND', 'Avtalet finns inte');
    if (before.termsVersion !== input.termsVersion)
      throw new AppError('CONFLICT', `Villkoren för avtal ${before.agreementNumber} har just ändrats av någon annan. Ladda om sidan.`, {
        currentVersion: before.termsVersion,
      });
    const next = {
      deliveryWorkingDays: input.deliveryWorkingDays,
      minimumOrderAmount: input.minimumOrderAmount === null ? null : input.minimumOrderAmount.toFixed(2),
      orderEmail: input.orderEmail ?? null,
      orderAddress: input.orderAddress ?? null,
      contactName: input.contactName ?? null,
      contactPhone: input.contactPhone ?? null,
      contactEmail: input.contactEmail ?? null,
    };
    const changes: Record<string, { from: unknown; to: unknown }> = {};
    for (const [k, v] of Object.entries(next)) {
      const was = before[k as keyof typeof next];
      if (was !== v) changes[k] = { from: was, to: v };
    }
    await tx
      .update(agreement)
      .set({ ...next, termsVersion: sql`${agreement.termsVersion} + 1`, termsUpdatedAt: ctx.now() })
      .where(eq(agreement.id, id));
    await audit(tx, ctx, {
      action: 'agreement.terms.update',
      entityType: 'agreement',
      entityId: id,
      details: { agreementNumber: before.agreementNumber, changes },
    });
    return (await agreementFacts(tx, { ids: [id] }))[0]!;
  });
}
