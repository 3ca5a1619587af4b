import { eq } from 'drizzle-orm';
import { audit } from '../../platform/audit/audit.ts';
import { requireRole, type Ctx } from '../../platform/context.ts';
import { appSession } from '../../platform/db/platform-schema.ts';
import { AppError } from '../../platform/errors.ts';
import { swedishSortKey } from '../../platform/i18n/sort-key.ts';
import { appUser } from '../schema.ts';
import { loadUsers } from './load-user.ts';
import { mapUserConflict, replaceRolesAndMemberships } from './save-user.ts';
import type { UserUpdate, UserView } from './user-schemas.ts';
import { SYSTEM_ADMIN } from '../../platform/auth/access.ts';

export async function updateUser(ctx: Ctx, id: string, input: UserUpdate): Promise<UserView> {
  requireRole(ctx, ...SYSTEM_ADMIN);
  return ctx.db
    .transaction(async (tx) => {
      const [before] = await loadUsers(tx, [id]);
      if (!before) throw new AppError('NOT_FOUND', 'Användaren finns inte');
      const firstName = input.firstName ?? before.firstName;
      const lastName = input.lastName ?? before.lastName;
      await tx
        .update(appUser)
        .set({
          firstName,
          lastName,
          sortKey: swedishSortKey(lastName, firstName),
          ...(input.profession !== undefined ? { profession: input.profession } : {}),
          ...(input.hsaId !== undefined ? { hsaId: input.hsaId } : {}),
          ...(input.phone !== undefined ? { phone: input.phone } : {}),
          ...(input.email !== undefined ? { email: input.email } : {}),
          updatedAt: ctx.now(),
        })
        .where(eq(appUser.id, id));
      await replaceRolesAndMemberships(tx, id, input.roles, input.memberships);
      // Changed roles or workplaces take effect at once: the user logs in again.
      if (input.roles || input.memberships) await tx.delete(appSession).where(eq(appSession.userId, id));
      const [after] = await loadUsers(tx, [id]);
      await audit(tx, ctx, { action: 'user.update', entityType: 'user', entityId: id, details: diff(before, after!) });
      return after!;
    })
    .catch(mapUserConflict);
}

function diff(before: UserView, after: UserView): Record<string, unknown> {
  const changed: Record<string, unknown> = {};
  for (const key of Object.keys(after) as (keyof UserView)[]) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) changed[key] = { from: before[key], to: after[key] };
  }
  return changed;
}
