import { sql, type SQL } from 'drizzle-orm';
import { requireRole, type Ctx } from '../../platform/context.ts';
import { appUser } from '../schema.ts';
import { USER_ADMINS } from '../roles.ts';

/**
 * Which users the actor may see: systemAdmin all of them; localSupport (the workplace's super-user)
 * those who belong to a customer of the same care providers. `null` means no restriction.
 */
export function visibleUsers(ctx: Ctx): SQL | null {
  const actor = requireRole(ctx, ...USER_ADMINS);
  if (actor.roles.has('systemAdmin')) return null;
  if (actor.careProviderIds.length === 0) return sql`false`;
  return sql`exists (select 1 from membership m join customer c on c.id = m.customer_id
     where m.user_id = ${appUser.id} and c.care_provider_id in ${actor.careProviderIds})`;
}
