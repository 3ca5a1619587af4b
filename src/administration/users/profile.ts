import { and, eq, ne } from 'drizzle-orm';
import { z } from 'zod';
import { audit } from '../../platform/audit/audit.ts';
import { checkNewPassword } from '../../platform/auth/password-policy.ts';
import { hashPassword, verifyPassword } from '../../platform/auth/passwords.ts';
import { requireActor, type Ctx } from '../../platform/context.ts';
import { appSession } from '../../platform/db/platform-schema.ts';
import { AppError } from '../../platform/errors.ts';
import { email, phone } from '../../platform/http/schemas.ts';
import { sha256 } from '../../platform/auth/sessions.ts';
import { appUser } from '../schema.ts';
import { loadUsers } from './load-user.ts';
import type { UserView } from './user-schemas.ts';

// Own profile: every logged-in user reads it and keeps their phone, e-mail and language up to date.

export const profileUpdate = z.strictObject({
  phone: phone
    .nullable()
    .or(z.literal('').transform(() => null))
    .optional(),
  email: email
    .nullable()
    .or(z.literal('').transform(() => null))
    .optional(),
  locale: z.enum(['sv', 'en']).optional(),
});

export const passwordChange = z.strictObject({
  currentPassword: z.string().min(1).max(200),
  newPassword: z.string().min(12, 'lösenordet ska ha minst 12 tecken').max(200),
});

export async function getProfile(ctx: Ctx): Promise<UserView> {
  const actor = requireActor(ctx);
  const [me] = await loadUsers(ctx.db, [actor.userId]);
  if (!me) throw new AppError('UNAUTHENTICATED');
  return me;
}

export async function updateProfile(ctx: Ctx, input: z.infer<typeof profileUpdate>): Promise<UserView> {
  const actor = requireActor(ctx);
  return ctx.db.transaction(async (tx) => {
    await tx
      .update(appUser)
      .set({ ...input, updatedAt: ctx.now() })
      .where(eq(appUser.id, actor.userId));
    await audit(tx, ctx, { action: 'user.update-profile', entityType: 'user', entityId: actor.userId, details: { fields: Object.keys(input) } });
    return (await loadUsers(tx, [actor.userId]))[0]!;
  });
}

/** Changes one's own password; every other session of the user ends. */
export async function changePassword(ctx: Ctx, input: z.infer<typeof passwordChange>, currentSessionToken: string | null) {
  const actor = requireActor(ctx);
  const [user] = await ctx.db.select().from(appUser).where(eq(appUser.id, actor.userId));
  if (!user?.passwordHash || !(await verifyPassword(user.passwordHash, input.currentPassword))) {
    throw new AppError('INVALID_CREDENTIALS', 'Nuvarande lösenord stämmer inte');
  }
  // The current password was just verified: the same again needs no second hash check.
  await checkNewPassword({
    password: input.newPassword,
    username: user.username,
    names: [user.firstName, user.lastName],
    currentHash: input.newPassword === input.currentPassword ? user.passwordHash : null,
    field: 'body.newPassword',
  });
  const passwordHash = await hashPassword(input.newPassword);
  await ctx.db.transaction(async (tx) => {
    await tx.update(appUser).set({ passwordHash, updatedAt: ctx.now() }).where(eq(appUser.id, actor.userId));
    await tx
      .delete(appSession)
      .where(
        currentSessionToken
          ? and(eq(appSession.userId, actor.userId), ne(appSession.idHash, sha256(currentSessionToken)))
          : eq(appSession.userId, actor.userId),
      );
    await audit(tx, ctx, { action: 'user.change-password', entityType: 'user', entityId: actor.userId });
  });
}
