import crypto from 'node:crypto';
import { desc, eq } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { tokenSigningKey } from '../db/platform-schema.ts';

/**
 * Short-lived access tokens of system clients (OAuth2 client credentials, issue 18): JWTs signed with
 * HMAC-SHA256 (RFC 7519, alg HS256). The signature lets the edge refuse a forged, altered or expired token
 * without touching the database; whether the client and the secret it authenticated with are still active
 * is checked on every request anyway (see `AppDeps.authenticateClient`), so revoking takes effect at once
 * and a token cannot outlive its client.
 */

/** Ten minutes: a system asks again with its secret; a leaked token is worth little for long. */
export const ACCESS_TOKEN_SECONDS = 600;
const ISSUER = 'bista';

export interface AccessTokenClaims {
  /** The client the token was issued to. */
  clientId: string;
  /** The secret it authenticated with, so that revoking that secret ends its tokens too. */
  secretId: string;
}

interface Key {
  kid: string;
  secret: Buffer;
}

/** Keys per database (tests run several), loaded once per process; a key another server made is read on first sight of its kid. */
const keys = new WeakMap<Db, Map<string, Key>>();
const current = new WeakMap<Db, Promise<Key>>();

const b64 = (v: Buffer | string) => Buffer.from(v).toString('base64url');
const hmac = (key: Buffer, data: string) => crypto.createHmac('sha256', key).update(data).digest();

function remember(db: Db, row: { kid: string; secret: string }): Key {
  let m = keys.get(db);
  if (!m) keys.set(db, (m = new Map()));
  const key = { kid: row.kid, secret: Buffer.from(row.secret, 'base64url') };
  m.set(key.kid, key);
  return key;
}

/** The newest key, made (256 random bits) if there is none yet. Two servers racing may each make one; both stay valid. */
function signingKey(db: Db): Promise<Key> {
  let p = current.get(db);
  if (!p) {
    p = (async () => {
      const [row] = await db.select().from(tokenSigningKey).orderBy(desc(tokenSigningKey.createdAt)).limit(1);
      if (row) return remember(db, row);
      const made = { kid: crypto.randomUUID(), secret: crypto.randomBytes(32).toString('base64url') };
      await db.insert(tokenSigningKey).values(made);
      return remember(db, made);
    })();
    p.catch(() => current.delete(db));
    current.set(db, p);
  }
  return p;
}

async function keyById(db: Db, kid: string): Promise<Key | null> {
  const known = keys.get(db)?.get(kid);
  if (known) return known;
  const [row] = await db.select().from(tokenSigningKey).where(eq(tokenSigningKey.kid, kid)).limit(1);
  return row ? remember(db, row) : null;
}

export async function issueAccessToken(db: Db, claims: AccessTokenClaims, now: Date): Promise<{ token: string; expiresIn: number }> {
  const key = await signingKey(db);
  const iat = Math.floor(now.getTime() / 1000);
  const header = b64(JSON.stringify({ alg: 'HS256', typ: 'JWT', kid: key.kid }));
  const payload = b64(
    JSON.stringify({ iss: ISSUER, sub: claims.clientId, sid: claims.secretId, iat, exp: iat + ACCESS_TOKEN_SECONDS, jti: crypto.randomUUID() }),
  );
  const signature = b64(hmac(key.secret, `${header}.${payload}`));
  return { token: `${header}.${payload}.${signature}`, expiresIn: ACCESS_TOKEN_SECONDS };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function parseJson(part: string): Record<string, unknown> | null {
  try {
    const v: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/**
 * The claims of a well-formed token with a valid signature that has not expired, else null. Only HS256 is
 * accepted (never `none`, never an algorithm the token names for itself).
 */
export async function verifyAccessToken(db: Db, token: string, now: Date): Promise<AccessTokenClaims | null> {
  if (token.length > 2000) return null;
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  const [h, p, s] = parts as [string, string, string];
  const header = parseJson(h);
  if (!header || header.alg !== 'HS256' || typeof header.kid !== 'string' || !UUID.test(header.kid)) return null;
  const key = await keyById(db, header.kid);
  if (!key) return null;
  const expected = hmac(key.secret, `${h}.${p}`);
  const given = Buffer.from(s, 'base64url');
  if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) return null;
  const payload = parseJson(p);
  if (!payload || payload.iss !== ISSUER || typeof payload.exp !== 'number') return null;
  if (payload.exp * 1000 <= now.getTime()) return null;
  if (typeof payload.sub !== 'string' || !UUID.test(payload.sub) || typeof payload.sid !== 'string' || !UUID.test(payload.sid)) return null;
  return { clientId: payload.sub, secretId: payload.sid };
}

/** The token of an `Authorization: Bearer <token>` header (RFC 6750 §2.1), '' for a malformed one, null when there is none. */
export function bearerToken(header: string | undefined): string | null {
  if (!header) return null;
  const m = /^Bearer[ ]+([A-Za-z0-9\-._~+/]+=*)\s*$/i.exec(header);
  if (m) return m[1]!;
  return /^Bearer\b/i.test(header) ? '' : null;
}
