import { and, eq, gte, lte, sql } from 'drizzle-orm';
import { appUser } from '../../administration/schema.ts';
import { audit } from '../audit/audit.ts';
import type { Ctx } from '../context.ts';
import { loginAttempt } from '../db/platform-schema.ts';
import { AppError } from '../errors.ts';
import { dummyPasswordHash, verifyPassword } from './passwords.ts';
import { createSession, deleteSession, type NewSession } from './sessions.ts';
import { inactivationCutoff } from './inactivation.ts';

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

export async function login(ctx: Ctx, input: LoginInput): Promise<NewSession & { userId: string }> {
  const now = ctx.now();
  const username = input.username.trim().toLowerCase();
  const ip = ctx.ip ?? 'unknown';
  const { maxFailures, lockMinutes, perIpPerMinute } = ctx.config.login;

  // Record the attempt before counting, so that concurrent attempts see each other: of a burst, at most
  // perIpPerMinute get as far as the (expensive) password check.
  const [attempt] = await ctx.db.insert(loginAttempt).values({ username, ip, at: now, success: false }).returning({ id: loginAttempt.id });
  const [fromIp] = await ctx.db
    .select({ n: sql<number>`count(*)::int` })
    .from(loginAttempt)
    .where(and(eq(loginAttempt.ip, ip), gte(loginAttempt.at, new Date(now.getTime() - 60_000)), lte(loginAttempt.id, attempt!.id)));
  if ((fromIp?.n ?? 0) > perIpPerMinute) {
    throw new AppError('TOO_MANY_REQUESTS', 'För många inloggningsförsök från din adress', { retryAfterSeconds: 60 });
  }

  const [user] = await ctx.db.select().from(appUser).where(eq(appUser.username, username));
  const ok = await withVerifySlot(() =>
    user?.passwordHash
      ? verifyPassword(user.passwordHash, input.password)
      : dummyPasswordHash().then((h) => verifyPassword(h, input.password)),
  );

  type Refusal = 'ACCOUNT_LOCKED' | 'INVALID_CREDENTIALS' | 'ACCOUNT_INACTIVE';
  type Outcome = (NewSession & { userId: string }) | { refused: Refusal; retryAfterSeconds?: number };
  // Refusals are returned, not thrown, so that what the transaction recorded (counters, audit) commits.
  const outcome: Outcome = await ctx.db.transaction(async (tx): Promise<Outcome> => {
    if (ok && user) await tx.update(loginAttempt).set({ success: true }).where(eq(loginAttempt.id, attempt!.id));
    if (!user) return { refused: 'INVALID_CREDENTIALS' };
    // Read the account again, locked: concurrent attempts must see each other's failures.
    const [fresh] = await tx.select().from(appUser).where(eq(appUser.id, user.id)).for('update');
    if (!fresh) return { refused: 'INVALID_CREDENTIALS' };
    const label = fresh.username;
    if (fresh.lockedUntil && fresh.lockedUntil > now) {
      return { refused: 'ACCOUNT_LOCKED', retryAfterSeconds: Math.ceil((fresh.lockedUntil.getTime() - now.getTime()) / 1000) };
    }
    if (!ok) {
      const failures = fresh.failedLogins + 1;
      const lock = failures >= maxFailures;
      await tx
        .update(appUser)
        .set({
          failedLogins: lock ? 0 : failures,
          lockedUntil: lock ? new Date(now.getTime() + lockMinutes * 60_000) : fresh.lockedUntil,
        })
        .where(eq(appUser.id, fresh.id));
      await audit(tx, ctx, { action: lock ? 'session.locked' : 'session.login_failed', entityType: 'user', entityId: fresh.id }, { userId: fresh.id, label });
      return lock ? { refused: 'ACCOUNT_LOCKED', retryAfterSeconds: lockMinutes * 60 } : { refused: 'INVALID_CREDENTIALS' };
    }
    if (!fresh.active) return { refused: 'ACCOUNT_INACTIVE' };
    const lastActivity = fresh.lastLoginAt ?? fresh.createdAt;
    if (lastActivity < inactivationCutoff(now, ctx.config.inactivateAfterMonths)) {
      await tx
        .update(appUser)
        .set({ active: false, inactivatedAt: now, inactivationReason: 'noLogin' })
        .where(eq(appUser.id, fresh.id));
      await audit(tx, ctx, { action: 'user.inactivate', entityType: 'user', entityId: fresh.id, details: { reason: 'noLogin' } });
      return { refused: 'ACCOUNT_INACTIVE' };
    }
    if (input.previousToken) await deleteSession(tx, input.previousToken);
    await tx
      .update(appUser)
      .set({ failedLogins: 0, lockedUntil: null, lastLoginAt: now })
      .where(eq(appUser.id, user.id));
    const session = await createSession(tx, {
      userId: user.id,
      now,
      hours: ctx.config.sessionHours,
      ip: ctx.ip,
      userAgent: input.userAgent ?? null,
    });
    await audit(tx, ctx, { action: 'session.login', entityType: 'user', entityId: user.id }, { userId: user.id, label });
    return { ...session, userId: user.id };
  });
  if ('refused' in outcome) {
    throw new AppError(outcome.refused, undefined, outcome.retryAfterSeconds ? { retryAfterSeconds: outcome.retryAfterSeconds } : undefined);
  }
  return outcome;
}
