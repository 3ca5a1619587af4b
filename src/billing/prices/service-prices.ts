import { and, desc, eq, lte } from 'drizzle-orm';
import { z } from 'zod';
import { audit } from '../../platform/audit/audit.ts';
import { addDays } from '../../platform/calendar/index.ts';
import { requireRole, type Ctx } from '../../platform/context.ts';
import type { DbOrTx } from '../../platform/db/client.ts';
import { AppError } from '../../platform/errors.ts';
import { CENTRE_READERS } from '../../provision/roles.ts';
import { PRICE_EDITORS } from '../roles.ts';
import { billingServicePrice, servicePriceCodes, type ServicePriceCode } from '../schema.ts';

/**
 * The service price list (DOMAIN §6), versioned by valid-from day: a charge takes the version in force on
 * its day. Article prices (rent, sale) are the catalogue's general price list; a special adaptation is
 * charged at its accepted quote.
 */
export const servicePriceLabels: Record<ServicePriceCode, { sv: string; en: string }> = {
  urgentFee: { sv: 'Akutavgift', en: 'Urgent fee' },
  failedDeliveryFee: { sv: 'Avgift för bomkörning', en: 'Failed-delivery fee' },
  technicianHour: { sv: 'Timpris tekniker', en: 'Hourly rate, technician' },
  consultantHour: { sv: 'Timpris konsulent', en: 'Hourly rate, consultant' },
  installation: { sv: 'Installation', en: 'Installation' },
  deinstallation: { sv: 'Avinstallation', en: 'De-installation' },
};

const isoDate = z.iso.date('ange ett datum som ÅÅÅÅ-MM-DD');
export const servicePriceInput = z.strictObject({
  code: z.enum(servicePriceCodes).describe('Tjänst eller avgift'),
  amount: z.number().min(0, 'kan inte vara negativt').max(10_000_000).multipleOf(0.01, 'högst två decimaler').describe('Pris i kronor (timpris för timpriser)'),
  validFrom: isoDate.describe('Gäller från och med'),
});
export const servicePriceView = z.object({
  id: z.uuid(),
  code: z.enum(servicePriceCodes),
  label: z.string(),
  amount: z.number().describe('kronor'),
  validFrom: z.string(),
  validUntil: z.string().nullable().describe('Sista dag versionen gäller (dagen före nästa version), null = tills vidare'),
});
export type ServicePriceView = z.infer<typeof servicePriceView>;

export async function listServicePrices(ctx: Ctx): Promise<ServicePriceView[]> {
  requireRole(ctx, ...CENTRE_READERS);
  const rows = await ctx.db.select().from(billingServicePrice).orderBy(billingServicePrice.code, billingServicePrice.validFrom);
  return rows.map((r, i) => {
    const next = rows[i + 1];
    const validUntil = next && next.code === r.code ? addDays(next.validFrom, -1) : null;
    return { id: r.id, code: r.code, label: servicePriceLabels[r.code].sv, amount: r.amountOre / 100, validFrom: r.validFrom, validUntil };
  });
}

/** A new version of one service price, from its day on. The same code and day twice is refused (409). */
export async function addServicePrice(ctx: Ctx, input: z.infer<typeof servicePriceInput>): Promise<ServicePriceView> {
  const actor = requireRole(ctx, ...PRICE_EDITORS);
  const amountOre = Math.round(input.amount * 100);
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(billingServicePrice)
      .values({ code: input.code, amountOre, validFrom: input.validFrom, createdBy: actor.userId })
      .onConflictDoNothing()
      .returning();
    if (!row)
      throw new AppError('CONFLICT', `${servicePriceLabels[input.code].sv} har redan en version som gäller från ${input.validFrom}`, {
        issues: [{ path: 'body.validFrom', code: 'duplicate', message: 'finns redan' }],
      });
    await audit(tx, ctx, {
      action: 'billing.service-price.add',
      entityType: 'billing_service_price',
      entityId: row.id,
      details: { code: input.code, amountOre, validFrom: input.validFrom },
    });
    return { id: row.id, code: row.code, label: servicePriceLabels[row.code].sv, amount: amountOre / 100, validFrom: row.validFrom, validUntil: null };
  });
}

/** The price of `code` in force on `day` (öre), or null. */
export async function servicePriceOn(db: DbOrTx, code: ServicePriceCode, day: string): Promise<number | null> {
  const [row] = await db
    .select({ amountOre: billingServicePrice.amountOre })
    .from(billingServicePrice)
    .where(and(eq(billingServicePrice.code, code), lte(billingServicePrice.validFrom, day)))
    .orderBy(desc(billingServicePrice.validFrom))
    .limit(1);
  return row?.amountOre ?? null;
}
