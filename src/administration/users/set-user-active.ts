import { eq } from 'drizzle-orm';
import { audit } from '../../platform/audit/audit.ts';
import { clearLoginLocks } from '../../platform/auth/login.ts';
import { requireRole, type Ctx } from '../../platform/context.ts';
import { appSession } from '../../platform/db/platform-schema.ts';
import { AppError } from '../../platform/errors.ts';
import { appUser } from '../schema.ts';
import { loadUsers } from './load-user.ts';
import type { UserView } from './user-schemas.ts';
import { SYSTEM_ADMIN } from '../../platform/auth/access.ts';

/**
 * Inactivates (a leaver) or reactivates a user. Reactivation counts as activity: the inactivation clock
 * restarts, or a user dormant for a year would be inactivated again at once.
 */
export async function setUserActive(ctx: Ctx, id: string, active: boolean): Promise<UserView> {
  const actor = requireRole(ctx, ...SYSTEM_ADMIN);
  if (!active && actor.userId === id) throw new AppError('CONFLICT', 'Du kan inte inaktivera ditt eget konto');
  return ctx.db.transaction(async (tx) => {
    const now = ctx.now();
    const rows = await tx
      .update(appUser)
      .set(
        active
          ? { active: true, inactivatedAt: null, inactivationReason: null, lastLoginAt: now, failedLogins: 0, lockedUntil: null, updatedAt: now }
          : { active: false, inactivatedAt: now, inactivationReason: 'byAdmin', updatedAt: now },
      )
      .where(eq(appUser.id, id))
      .returning({ id: appUser.id, username: appUser.username });
    if (!rows.length) throw new AppError('NOT_FOUND', 'Användaren finns inte');
    if (!active) await tx.delete(appSession).where(eq(appSession.userId, id));
    else await clearLoginLocks(tx, rows[0]!.username);
    await audit(tx, ctx, { action: active ? 'user.activate' : 'user.inactivate', entityType: 'user', entityId: id, details: { reason: 'byAdmin' } });
    return (await loadUsers(tx, [id]))[0]!;
  });
}
