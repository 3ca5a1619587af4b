import { eq } from 'drizzle-orm';
import { audit } from '../../platform/audit/audit.ts';
import { clearLoginLocks } from '../../platform/auth/login.ts';
import { checkNewPassword } from '../../platform/auth/password-policy.ts';
import { hashPassword } from '../../platform/auth/passwords.ts';
import { requireRole, type Ctx } from '../../platform/context.ts';
import { appSession } from '../../platform/db/platform-schema.ts';
import { AppError } from '../../platform/errors.ts';
import { appUser } from '../schema.ts';
import { SYSTEM_ADMIN } from '../../platform/auth/access.ts';

/** systemAdmin sets a new password for a user (and unlocks the account); the user's sessions end. */
export async function resetPassword(ctx: Ctx, id: string, password: string): Promise<void> {
  requireRole(ctx, ...SYSTEM_ADMIN);
  const [user] = await ctx.db.select().from(appUser).where(eq(appUser.id, id));
  if (!user) throw new AppError('NOT_FOUND', 'Användaren finns inte');
  await checkNewPassword({ password, username: user.username, names: [user.firstName, user.lastName], currentHash: user.passwordHash, field: 'body.password' });
  const passwordHash = await hashPassword(password);
  await ctx.db.transaction(async (tx) => {
    const rows = await tx
      .update(appUser)
      .set({ passwordHash, failedLogins: 0, lockedUntil: null, updatedAt: ctx.now() })
      .where(eq(appUser.id, id))
      .returning({ id: appUser.id, username: appUser.username });
    if (!rows.length) throw new AppError('NOT_FOUND', 'Användaren finns inte');
    await clearLoginLocks(tx, rows[0]!.username);
    await tx.delete(appSession).where(eq(appSession.userId, id));
    await audit(tx, ctx, { action: 'user.reset-password', entityType: 'user', entityId: id });
  });
}
