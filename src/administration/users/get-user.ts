import { and, eq } from 'drizzle-orm';
import { audit } from '../../platform/audit/audit.ts';
import type { Ctx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { appUser } from '../schema.ts';
import { loadUsers } from './load-user.ts';
import { visibleUsers } from './scope.ts';
import type { UserView } from './user-schemas.ts';

export async function getUser(ctx: Ctx, id: string): Promise<UserView> {
  const scope = visibleUsers(ctx);
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .select({ id: appUser.id })
      .from(appUser)
      .where(scope ? and(eq(appUser.id, id), scope) : eq(appUser.id, id));
    if (!row) throw new AppError('NOT_FOUND', 'Användaren finns inte');
    const [user] = await loadUsers(tx, [id]);
    await audit(tx, ctx, { action: 'user.read', entityType: 'user', entityId: id });
    return user!;
  });
}
