import crypto from 'node:crypto';
import { and, eq, gt, lt } from 'drizzle-orm';
import type { Role } from '../../administration/schema.ts';
import type { Actor } from '../context.ts';
import type { Db, DbOrTx } from '../db/client.ts';
import { appSession } from '../db/platform-schema.ts';

export const SESSION_COOKIE = 'bista_sid';

export const sha256 = (s: string) => crypto.createHash('sha256').update(s).digest('hex');
const randomToken = () => crypto.randomBytes(32).toString('base64url');

export interface NewSession {
  token: string;
  csrfToken: string;
  expiresAt: Date;
}

export async function createSession(
  tx: DbOrTx,
  input: { userId: string; now: Date; hours: number; ip: string | null; userAgent: string | null },
): Promise<NewSession> {
  const token = randomToken();
  const csrfToken = randomToken();
  const expiresAt = new Date(input.now.getTime() + input.hours * 3_600_000);
  await tx.insert(appSession).values({
    idHash: sha256(token),
    userId: input.userId,
    csrfToken,
    createdAt: input.now,
    lastSeenAt: input.now,
    expiresAt,
    ip: input.ip,
    userAgent: input.userAgent?.slice(0, 300) ?? null,
  });
  return { token, csrfToken, expiresAt };
}

export async function deleteSession(db: DbOrTx, token: string) {
  await db.delete(appSession).where(eq(appSession.idHash, sha256(token)));
}

export async function deleteExpiredSessions(db: DbOrTx, now: Date) {
  await db.delete(appSession).where(lt(appSession.expiresAt, now));
}

export interface LoadedSession {
  actor: Actor;
  csrfToken: string;
  expiresAt: Date;
}

interface SessionRow {
  user_id: string;
  csrf_token: string;
  expires_at: Date | string;
  last_seen_at: Date | string;
  username: string;
  first_name: string;
  last_name: string;
  roles: Role[] | null;
  memberships: { customerId: string; careProviderId: string; isDefault: boolean }[] | null;
}

/**
 * Resolves a session cookie to the actor in one query. Sessions of inactivated users are dead.
 * `last_seen_at` is refreshed at most once a minute so that reads stay reads.
 */
export async function loadSession(
  db: Db,
  query: (text: string, params?: unknown[]) => Promise<Record<string, unknown>[]>,
  token: string,
  now: Date,
): Promise<LoadedSession | null> {
  const idHash = sha256(token);
  const rows = (await query(
    `SELECT s.user_id, s.csrf_token, s.expires_at, s.last_seen_at,
            u.username, u.first_name, u.last_name,
            (SELECT json_agg(r.role) FROM user_role r WHERE r.user_id = u.id) AS roles,
            (SELECT json_agg(json_build_object('customerId', m.customer_id, 'careProviderId', c.care_provider_id,
                                               'isDefault', m.is_default))
               FROM membership m JOIN customer c ON c.id = m.customer_id WHERE m.user_id = u.id) AS memberships
       FROM app_session s JOIN app_user u ON u.id = s.user_id
      WHERE s.id_hash = $1 AND s.expires_at > $2 AND u.active`,
    [idHash, now.toISOString()],
  )) as unknown as SessionRow[];
  const row = rows[0];
  if (!row) return null;
  if (now.getTime() - new Date(row.last_seen_at).getTime() > 60_000) {
    await db
      .update(appSession)
      .set({ lastSeenAt: now })
      .where(and(eq(appSession.idHash, idHash), gt(appSession.expiresAt, now)));
  }
  const memberships = [...(row.memberships ?? [])].sort((a, b) => Number(b.isDefault) - Number(a.isDefault));
  return {
    csrfToken: row.csrf_token,
    expiresAt: new Date(row.expires_at),
    actor: {
      userId: row.user_id,
      username: row.username,
      name: `${row.first_name} ${row.last_name}`,
      roles: new Set(row.roles ?? []),
      customerIds: memberships.map((m) => m.customerId),
      defaultCustomerId: memberships.find((m) => m.isDefault)?.customerId ?? memberships[0]?.customerId ?? null,
      careProviderIds: [...new Set(memberships.map((m) => m.careProviderId))],
    },
  };
}
