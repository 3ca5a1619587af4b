import crypto from 'node:crypto';
import { and, eq, gt, lt } from 'drizzle-orm';
import type { Role } from './identity-schema.ts';
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
  input: { userId: string; now: Date; hours: number; ip: string | null; userAgent: string | null; oidcIdToken?: string },
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
    oidcIdToken: input.oidcIdToken ?? null,
  });
  return { token, csrfToken, expiresAt };
}

/** Ends a session; returns what the logout needs of it (the IdP's ID token of a SITHS session), if it existed. */
export async function deleteSession(db: DbOrTx, token: string): Promise<{ oidcIdToken: string | null } | undefined> {
  const [ended] = await db
    .delete(appSession)
    .where(eq(appSession.idHash, sha256(token)))
    .returning({ oidcIdToken: appSession.oidcIdToken });
  return ended;
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

type Query = (text: string, params?: unknown[], name?: string) => Promise<Record<string, unknown>[]>;

/** The sessions of several cookies with their users, roles and memberships (expiry is checked per request). */
const SESSIONS_SQL = `SELECT s.id_hash, s.user_id, s.csrf_token, s.expires_at, s.last_seen_at,
            u.username, u.first_name, u.last_name,
            (SELECT json_agg(r.role) FROM user_role r WHERE r.user_id = u.id) AS roles,
            (SELECT json_agg(json_build_object('customerId', m.customer_id, 'careProviderId', c.care_provider_id,
                                               'isDefault', m.is_default))
               FROM membership m JOIN customer c ON c.id = m.customer_id WHERE m.user_id = u.id) AS memberships
       FROM app_session s JOIN app_user u ON u.id = s.user_id
      WHERE s.id_hash = ANY($1::text[]) AND u.active`;

interface Lookup {
  idHash: string;
  resolve: (row: (SessionRow & { id_hash: string }) | undefined) => void;
  reject: (err: unknown) => void;
}

/**
 * Session lookups are coalesced: the first request's lookup goes at once, and the requests that arrive
 * while lookups are running are looked up together in the next query. Every API request starts with
 * one, so under load this saves most of the round trips (and the CPU they cost both processes).
 */
const lookups = new WeakMap<Query, { waiting: Lookup[]; inFlight: number }>();

function sessionRow(query: Query, idHash: string) {
  let l = lookups.get(query);
  if (!l) lookups.set(query, (l = { waiting: [], inFlight: 0 }));
  const state = l;
  return new Promise<(SessionRow & { id_hash: string }) | undefined>((resolve, reject) => {
    state.waiting.push({ idHash, resolve, reject });
    pumpLookups(query, state);
  });
}

function pumpLookups(query: Query, state: { waiting: Lookup[]; inFlight: number }) {
  while (state.inFlight < 2 && state.waiting.length > 0) {
    const batch = state.waiting.splice(0, 200);
    state.inFlight++;
    const hashes = [...new Set(batch.map((b) => b.idHash))];
    // Planned each time (no prepared statement): a generic plan made while the table was small could scan it whole later.
    void query(SESSIONS_SQL, [hashes])
      .then(
        (rows) => {
          const byHash = new Map((rows as unknown as (SessionRow & { id_hash: string })[]).map((r) => [r.id_hash, r]));
          for (const b of batch) b.resolve(byHash.get(b.idHash));
        },
        (err: unknown) => {
          for (const b of batch) b.reject(err);
        },
      )
      .finally(() => {
        state.inFlight--;
        pumpLookups(query, state);
      });
  }
}

/**
 * Resolves a session cookie to the actor (one query, shared with the lookups of concurrent requests).
 * Sessions of inactivated users are dead, and so is a session past its absolute lifetime or unused for
 * `idleMinutes` (it is deleted then, so that it cannot come back). `last_seen_at` is refreshed at most once
 * a minute so that reads stay reads; the idle timeout is therefore exact to a minute.
 */
export async function loadSession(db: Db, query: Query, token: string, now: Date, idleMinutes: number): Promise<LoadedSession | null> {
  const idHash = sha256(token);
  const row = await sessionRow(query, idHash);
  if (!row || new Date(row.expires_at).getTime() <= now.getTime()) return null;
  if (now.getTime() - new Date(row.last_seen_at).getTime() >= idleMinutes * 60_000) {
    await db.delete(appSession).where(eq(appSession.idHash, idHash));
    return null;
  }
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
