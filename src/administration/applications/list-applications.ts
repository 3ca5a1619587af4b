import { and, asc, count, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import { requireRole, type Ctx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import type { applicationListQuery, ApplicationView } from './application-schemas.ts';
import { loadApplications } from './load-applications.ts';
import { accessApplication } from './schema.ts';
import { USER_ADMINS } from '../roles.ts';

/** What the actor may see: system administration all applications; local support its care providers'. */
function scope(ctx: Ctx): SQL | undefined {
  const actor = requireRole(ctx, ...USER_ADMINS);
  if (actor.roles.has('systemAdmin')) return undefined;
  if (!actor.careProviderIds.length) return sql`false`;
  return inArray(accessApplication.careProviderId, [...actor.careProviderIds]);
}

/**
 * The queue: received applications oldest first (the one that has waited longest on top), each with its clock.
 * Decided ones (state=approved|refused) newest decision first.
 */
export async function listApplications(ctx: Ctx, q: z.infer<typeof applicationListQuery>): Promise<{ items: ApplicationView[]; total: number }> {
  const where = and(eq(accessApplication.state, q.state), scope(ctx));
  const orderBy =
    q.state === 'received' ? [asc(accessApplication.receivedAt), asc(accessApplication.id)] : [desc(accessApplication.decidedAt), desc(accessApplication.id)];
  const [items, [total]] = await Promise.all([
    loadApplications(ctx.db, ctx.now(), where, { orderBy, limit: q.limit, offset: q.offset }),
    ctx.db.select({ n: count() }).from(accessApplication).where(where),
  ]);
  return { items, total: total!.n };
}

export async function getApplication(ctx: Ctx, id: string): Promise<ApplicationView> {
  const [a] = await loadApplications(ctx.db, ctx.now(), and(eq(accessApplication.id, id), scope(ctx)));
  if (!a) throw new AppError('NOT_FOUND', 'Ansökan finns inte');
  return a;
}
