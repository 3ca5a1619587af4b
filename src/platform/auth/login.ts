import { and, desc, eq, gte, lt, lte, sql } from 'drizzle-orm';
import { appUser } from './identity-schema.ts';
import { audit } from '../audit/audit.ts';
import type { Ctx } from '../context.ts';
import type { DbOrTx } from '../db/client.ts';
import { loginAttempt } from '../db/platform-schema.ts';
import { AppError } from '../errors.ts';
import { dummyPasswordHash, verifyPassword } from './passwords.ts';
import { createSession, deleteSession, type NewSession } from './sessions.ts';
import { inactivateAfterMonths, inactivationCutoff } from './inactivation.ts';

/**
 * Password checks are deliberately expensive (argon2id, 19 MiB each). A storm of login attempts must be
 * throttled, not allowed to exhaust memory: at most VERIFY_CONCURRENCY run at once per process and at most
 * VERIFY_QUEUE wait; the rest are refused with 429 at once.
 */
const VERIFY_CONCURRENCY = 4;
const VERIFY_QUEUE = 64;
let running = 0;
const waiting: (() => void)[] = [];

async function withVerifySlot<T>(fn: () => Promise<T>): Promise<T> {
  if (running >= VERIFY_CONCURRENCY) {
    if (waiting.length >= VERIFY_QUEUE) {
      throw new AppError('TOO_MANY_REQUESTS', 'För många inloggningsförsök just nu', { retryAfterSeconds: 5 });
    }
    await new Promise<void>((resolve) => waiting.push(resolve));
  } else running++;
  try {
    return await fn();
  } finally {
    const next = waiting.shift();
    if (next) next();
    else running--;
  }
}

export interface LoginInput {
  username: string;
  password: string;
  /** The session token the browser already had, if any: it is ended, and a new id issued. */
  previousToken?: string | undefined;
  userAgent?: string | null;
}

/**
 * What one address may try against one account: `maxFailures` wrong passwords within `lockMinutes` (since
 * the last success from there) lock that account *for that address* for the rest of the window. The lock is
 * per account and address together, so that nobody can lock a colleague out with five requests from
 * anywhere (issue 10): the owner, from their own address, still gets in. Guessing from many addresses is
 * held back by the per-address limit, this per-pair lock and the password rules (password-policy.ts).
 * Attempts refused while locked are attempts too: an address that keeps trying stays locked.
 * Rows of attempts still in flight count as failures, so a parallel burst gets at most `maxFailures` checks.
 */
async function lockedForAddress(db: DbOrTx, ctx: Ctx, username: string, ip: string, beforeId: number, now: Date): Promise<number | null> {
  const { maxFailures, lockMinutes } = ctx.config.login;
  const window = lockMinutes * 60_000;
  const recent = await db
    .select({ at: loginAttempt.at, success: loginAttempt.success })
    .from(loginAttempt)
    .where(
      and(eq(loginAttempt.username, username), eq(loginAttempt.ip, ip), gte(loginAttempt.at, new Date(now.getTime() - window)), lt(loginAttempt.id, beforeId)),
    )
    .orderBy(desc(loginAttempt.id))
    .limit(maxFailures);
  const failures = recent.findIndex((r) => r.success);
  if ((failures === -1 ? recent.length : failures) < maxFailures) return null;
  // Locked until the oldest of these failures leaves the window.
  return Math.max(1, Math.ceil((recent[maxFailures - 1]!.at.getTime() + window - now.getTime()) / 1000));
}

/**
 * A login request refused before it got to the password (invalid text in it, issue 10) still counts
 * towards its address's per-minute limit: a prober learns nothing faster that way. Throws 429 when the
 * address is over the limit, else returns (the caller answers with the original refusal).
 */
export async function countRefusedLogin(ctx: Ctx, rawUsername: unknown): Promise<void> {
  const now = ctx.now();
  const ip = ctx.ip ?? 'unknown';
  // Kept readable and storable: the text that was refused may hold a NUL, which the database cannot store.
  const username = (typeof rawUsername === 'string' ? rawUsername : '')
    .replace(/[\u0000-\u001F]|[\uD800-\uDFFF]/g, '\uFFFD')
    .trim()
    .toLowerCase()
    .slice(0, 64);
  await throttleAddress(ctx, username, ip, now);
}

/** Records the attempt, then refuses it if the address has made more than perIpPerMinute in the last minute. */
async function throttleAddress(ctx: Ctx, username: string, ip: string, now: Date): Promise<number> {
  // Record the attempt before counting, so that concurrent attempts see each other: of a burst, at most
  // perIpPerMinute get as far as the (expensive) password check.
  const [attempt] = await ctx.db.insert(loginAttempt).values({ username, ip, at: now, success: false }).returning({ id: loginAttempt.id });
  const [fromIp] = await ctx.db
    .select({ n: sql<number>`count(*)::int` })
    .from(loginAttempt)
    .where(and(eq(loginAttempt.ip, ip), gte(loginAttempt.at, new Date(now.getTime() - 60_000)), lte(loginAttempt.id, attempt!.id)));
  if ((fromIp?.n ?? 0) > ctx.config.login.perIpPerMinute) {
    throw new AppError('TOO_MANY_REQUESTS', 'För många inloggningsförsök från din adress', { retryAfterSeconds: 60 });
  }
  return attempt!.id;
}

export async function login(ctx: Ctx, input: LoginInput): Promise<NewSession & { userId: string }> {
  const now = ctx.now();
  const username = input.username.trim().toLowerCase();
  const ip = ctx.ip ?? 'unknown';

  const attemptId = await throttleAddress(ctx, username, ip, now);
  const lockedSeconds = await lockedForAddress(ctx.db, ctx, username, ip, attemptId, now);
  if (lockedSeconds !== null) throw new AppError('ACCOUNT_LOCKED', undefined, { retryAfterSeconds: lockedSeconds });

  const [user] = await ctx.db.select().from(appUser).where(eq(appUser.username, username));
  const ok = await withVerifySlot(() =>
    user?.passwordHash ? verifyPassword(user.passwordHash, input.password) : dummyPasswordHash().then((h) => verifyPassword(h, input.password)),
  );

  type Refusal = 'ACCOUNT_LOCKED' | 'INVALID_CREDENTIALS' | 'ACCOUNT_INACTIVE';
  type Outcome = (NewSession & { userId: string }) | { refused: Refusal; retryAfterSeconds?: number };
  // Refusals are returned, not thrown, so that what the transaction recorded (attempt, audit) commits.
  const outcome: Outcome = await ctx.db.transaction(async (tx): Promise<Outcome> => {
    if (ok && user) await tx.update(loginAttempt).set({ success: true }).where(eq(loginAttempt.id, attemptId));
    if (!user) return { refused: 'INVALID_CREDENTIALS' };
    const [fresh] = await tx.select().from(appUser).where(eq(appUser.id, user.id));
    if (!fresh) return { refused: 'INVALID_CREDENTIALS' };
    const label = fresh.username;
    if (!ok) {
      // This failure may be the one that locks the account for this address: say so at once.
      const locked = await lockedForAddress(tx, ctx, username, ip, attemptId + 1, now);
      await audit(tx, ctx, { action: locked ? 'session.locked' : 'session.login-failed', entityType: 'user', entityId: fresh.id }, { userId: fresh.id, label });
      return locked ? { refused: 'ACCOUNT_LOCKED', retryAfterSeconds: locked } : { refused: 'INVALID_CREDENTIALS' };
    }
    return openUserSession(tx, ctx, fresh, { previousToken: input.previousToken, userAgent: input.userAgent ?? null });
  });
  if ('refused' in outcome) {
    throw new AppError(outcome.refused, undefined, outcome.retryAfterSeconds ? { retryAfterSeconds: outcome.retryAfterSeconds } : undefined);
  }
  return outcome;
}

/**
 * The part of a login both ways in share (password here, SITHS in oidc.ts), once the person is known: an inactive
 * user, or one dormant past the inactivation limit (inactivated now), is refused; else the previous session ends,
 * the login is recorded and a new session made. Refusals are returned so that what the transaction wrote commits.
 */
export async function openUserSession(
  tx: DbOrTx,
  ctx: Ctx,
  user: typeof appUser.$inferSelect,
  opts: { previousToken?: string | undefined; userAgent: string | null; oidcIdToken?: string; auditDetails?: Record<string, unknown> },
): Promise<(NewSession & { userId: string }) | { refused: 'ACCOUNT_INACTIVE' }> {
  const now = ctx.now();
  if (!user.active) return { refused: 'ACCOUNT_INACTIVE' };
  const lastActivity = user.lastLoginAt ?? user.createdAt;
  if (lastActivity < inactivationCutoff(now, await inactivateAfterMonths(tx, ctx))) {
    await tx.update(appUser).set({ active: false, inactivatedAt: now, inactivationReason: 'noLogin' }).where(eq(appUser.id, user.id));
    await audit(tx, ctx, { action: 'user.inactivate', entityType: 'user', entityId: user.id, details: { reason: 'noLogin' } });
    return { refused: 'ACCOUNT_INACTIVE' };
  }
  if (opts.previousToken) await deleteSession(tx, opts.previousToken);
  await tx.update(appUser).set({ failedLogins: 0, lockedUntil: null, lastLoginAt: now }).where(eq(appUser.id, user.id));
  const session = await createSession(tx, {
    userId: user.id,
    now,
    hours: ctx.config.sessionHours,
    ip: ctx.ip,
    userAgent: opts.userAgent,
    ...(opts.oidcIdToken ? { oidcIdToken: opts.oidcIdToken } : {}),
  });
  await audit(
    tx,
    ctx,
    { action: 'session.login', entityType: 'user', entityId: user.id, ...(opts.auditDetails ? { details: opts.auditDetails } : {}) },
    { userId: user.id, label: user.username },
  );
  return { ...session, userId: user.id };
}

/** Lifts every address's lock on the account (an administrator set a new password or reactivated it). */
export async function clearLoginLocks(tx: DbOrTx, username: string) {
  await tx.delete(loginAttempt).where(and(eq(loginAttempt.username, username.toLowerCase()), eq(loginAttempt.success, false)));
}
