import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { audit } from '../platform/audit/audit.ts';
import { requireRole, type Ctx } from '../platform/context.ts';
import type { DbOrTx } from '../platform/db/client.ts';
import { FINANCE, PRICE_EDITORS } from './roles.ts';
import { billingSetting } from './schema.ts';

/**
 * Billing's region settings (rules as data): how part months are charged, and how much of the patient's
 * identity the invoice basis shows. A protected identity's address is never shown (billing never has it).
 */
export const prorations = ['day', 'month'] as const;
export const patientIdentityModes = ['full', 'masked', 'none'] as const;

export const billingSettingsView = z.object({
  proration: z.enum(prorations).describe('day: delmånad efter dagar; month: hel månad för varje påbörjad månad'),
  patientIdentity: z.enum(patientIdentityModes).describe('full: personnummer och namn; masked: födelsedatum och initialer; none: ingen patientuppgift'),
});
export type BillingSettings = z.infer<typeof billingSettingsView>;
export const billingSettingsInput = billingSettingsView.partial().strict();

export const defaultBillingSettings: BillingSettings = { proration: 'day', patientIdentity: 'masked' };
const KEY = 'settings';

export async function loadBillingSettings(db: DbOrTx): Promise<BillingSettings> {
  const [row] = await db.select({ value: billingSetting.value }).from(billingSetting).where(eq(billingSetting.key, KEY));
  const parsed = billingSettingsView.partial().safeParse(row?.value ?? {});
  return { ...defaultBillingSettings, ...(parsed.success ? parsed.data : {}) };
}

export async function getBillingSettings(ctx: Ctx): Promise<BillingSettings> {
  requireRole(ctx, ...PRICE_EDITORS);
  return loadBillingSettings(ctx.db);
}

export async function setBillingSettings(ctx: Ctx, input: z.infer<typeof billingSettingsInput>): Promise<BillingSettings> {
  const actor = requireRole(ctx, ...FINANCE);
  return ctx.db.transaction(async (tx) => {
    const next = { ...(await loadBillingSettings(tx)), ...input };
    await tx
      .insert(billingSetting)
      .values({ key: KEY, value: next, updatedBy: actor.userId })
      .onConflictDoUpdate({ target: billingSetting.key, set: { value: next, updatedAt: ctx.now(), updatedBy: actor.userId } });
    await audit(tx, ctx, { action: 'billing.settings.update', entityType: 'billing_setting', entityId: KEY, details: next });
    return next;
  });
}
