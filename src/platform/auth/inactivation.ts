import { and, eq, isNull, lt, or, sql } from 'drizzle-orm';
import { appUser } from '../../administration/schema.ts';
import { audit } from '../audit/audit.ts';
import type { Ctx } from '../context.ts';
import { appSession } from '../db/platform-schema.ts';

/** The moment before which a last login makes an account inactive: `months` calendar months before now. */
export function inactivationCutoff(now: Date, months: number): Date {
  const d = new Date(now);
  d.setUTCMonth(d.getUTCMonth() - months);
  return d;
}

/**
 * DOMAIN §7: no login for N months (config, default 12) → access inactivated. Runs daily as a job;
 * login checks the same rule so nobody slips through between runs. Returns the ids inactivated.
 */
export async function inactivateDormantUsers(ctx: Ctx): Promise<string[]> {
  const now = ctx.now();
  const cutoff = inactivationCutoff(now, ctx.config.inactivateAfterMonths);
  return ctx.db.transaction(async (tx) => {
    const rows = await tx
      .update(appUser)
      .set({ active: false, inactivatedAt: now, inactivationReason: 'noLogin' })
      .where(
        and(
          eq(appUser.active, true),
          or(lt(appUser.lastLoginAt, cutoff), and(isNull(appUser.lastLoginAt), lt(appUser.createdAt, cutoff))),
        ),
      )
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
