import { lt, or } from 'drizzle-orm';
import type { Ctx } from '../context.ts';
import { appSession, job, loginAttempt } from '../db/platform-schema.ts';
import { deleteExpiredOidcLogins } from '../auth/oidc.ts';
import { and, eq } from 'drizzle-orm';

/**
 * Daily housekeeping: expired and idle sessions, login attempts older than a day, finished jobs older than 30 days; on the
 * embedded database also ANALYZE, since PGlite has no autovacuum to keep the planner's statistics up to date.
 */
export async function cleanup(ctx: Ctx) {
  const now = ctx.now();
  const idleSince = new Date(now.getTime() - ctx.config.sessionIdleMinutes * 60_000);
  await ctx.db.delete(appSession).where(or(lt(appSession.expiresAt, now), lt(appSession.lastSeenAt, idleSince)));
  await ctx.db.delete(loginAttempt).where(lt(loginAttempt.at, new Date(now.getTime() - 86_400_000)));
  await deleteExpiredOidcLogins(ctx.db, now);
  await ctx.db.delete(job).where(and(eq(job.state, 'done'), lt(job.finishedAt, new Date(now.getTime() - 30 * 86_400_000))));
  if (ctx.database?.kind === 'pglite') await ctx.database.query('ANALYZE');
}
