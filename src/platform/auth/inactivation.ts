import { and, eq, isNull, lt, or, sql } from 'drizzle-orm';
import { z } from 'zod';
import { appUser } from './identity-schema.ts';
import { audit } from '../audit/audit.ts';
import type { Ctx } from '../context.ts';
import type { DbOrTx } from '../db/client.ts';
import { appSession } from '../db/platform-schema.ts';
import { readSetting, type SettingDefinition } from '../settings/settings.ts';

/**
 * DOMAIN §7: months without a login before access is inactivated, 6, 12 or 24. A run-time setting for system
 * administration; until one is stored, BISTA_INACTIVATE_MONTHS (default 12) holds.
 */
export const inactivateAfterMonthsSetting: SettingDefinition<number> = {
  key: 'users.inactivateAfterMonths',
  label: 'Månader utan inloggning innan behörigheten inaktiveras',
  schema: z.union([z.literal(6), z.literal(12), z.literal(24)], { error: 'välj 6, 12 eller 24 månader' }),
  defaultValue: (config) => config.inactivateAfterMonths,
};

export const inactivateAfterMonths = (db: DbOrTx, ctx: Pick<Ctx, 'config'>) => readSetting(db, ctx.config, inactivateAfterMonthsSetting);

/** The moment before which a last login makes an account inactive: `months` calendar months before now. */
export function inactivationCutoff(now: Date, months: number): Date {
  const d = new Date(now);
  d.setUTCMonth(d.getUTCMonth() - months);
  return d;
}

/**
 * DOMAIN §7: no login for N months (the setting above, default 12) → access inactivated. Runs daily as a job;
 * login checks the same rule so nobody slips through between runs. Returns the ids inactivated.
 */
export async function inactivateDormantUsers(ctx: Ctx): Promise<string[]> {
  const now = ctx.now();
  const cutoff = inactivationCutoff(now, await inactivateAfterMonths(ctx.db, ctx));
  return ctx.db.transaction(async (tx) => {
    const rows = await tx
      .update(appUser)
      .set({ active: false, inactivatedAt: now, inactivationReason: 'noLogin' })
      .where(and(eq(appUser.active, true), or(lt(appUser.lastLoginAt, cutoff), and(isNull(appUser.lastLoginAt), lt(appUser.createdAt, cutoff)))))
      .returning({ id: appUser.id });
    for (const r of rows) {
      await audit(tx, ctx, { action: 'user.inactivate', entityType: 'user', entityId: r.id, details: { reason: 'noLogin' } });
    }
    if (rows.length) {
      await tx.delete(appSession).where(sql`${appSession.userId} in ${rows.map((r) => r.id)}`);
    }
    return rows.map((r) => r.id);
  });
}
