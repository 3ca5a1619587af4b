import { audit } from '../../platform/audit/audit.ts';
import { checkNewPassword } from '../../platform/auth/password-policy.ts';
import { hashPassword } from '../../platform/auth/passwords.ts';
import { requireRole, type Ctx } from '../../platform/context.ts';
import { swedishSortKey } from '../../platform/i18n/sort-key.ts';
import { appUser } from '../schema.ts';
import { loadUsers } from './load-user.ts';
import { mapUserConflict, replaceRolesAndMemberships } from './save-user.ts';
import type { UserInput, UserView } from './user-schemas.ts';
import { SYSTEM_ADMIN } from '../../platform/auth/access.ts';

export async function createUser(ctx: Ctx, input: UserInput): Promise<UserView> {
  requireRole(ctx, ...SYSTEM_ADMIN);
  if (input.password) {
    await checkNewPassword({ password: input.password, username: input.username, names: [input.firstName, input.lastName], field: 'body.password' });
  }
  const passwordHash = input.password ? await hashPassword(input.password) : null;
  return ctx.db
    .transaction(async (tx) => {
      const now = ctx.now();
      const [row] = await tx
        .insert(appUser)
        .values({
          username: input.username,
          firstName: input.firstName,
          lastName: input.lastName,
          sortKey: swedishSortKey(input.lastName, input.firstName),
          profession: input.profession ?? null,
          hsaId: input.hsaId ?? null,
          phone: input.phone ?? null,
          email: input.email ?? null,
          passwordHash,
          createdAt: now,
          updatedAt: now,
        })
        .returning({ id: appUser.id });
      const id = row!.id;
      await replaceRolesAndMemberships(tx, id, input.roles, input.memberships);
      await audit(tx, ctx, {
        action: 'user.create',
        entityType: 'user',
        entityId: id,
        details: { username: input.username, roles: input.roles, customers: input.memberships.map((m) => m.customerId) },
      });
      return (await loadUsers(tx, [id]))[0]!;
    })
    .catch(mapUserConflict);
}
