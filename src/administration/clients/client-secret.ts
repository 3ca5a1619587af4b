import crypto from 'node:crypto';

/**
 * Client secrets are 256 random bits, so a plain SHA-256 is enough to store them: unlike a password there
 * is nothing to guess, and a slow hash (argon2) would only let anyone who posts to /oauth/token spend the
 * server's CPU. The prefix makes a leaked secret easy to recognise (secret scanners, logs).
 */
const PREFIX = 'bcs_';

export function newClientSecret(): { secret: string; hash: string; hint: string } {
  const secret = PREFIX + crypto.randomBytes(32).toString('base64url');
  return { secret, hash: hashClientSecret(secret), hint: secret.slice(0, PREFIX.length + 4) };
}

export const hashClientSecret = (secret: string) => crypto.createHash('sha256').update(secret).digest('hex');

/** Compares a presented secret with a stored hash in constant time. */
export function secretMatches(presented: string, storedHash: string): boolean {
  const a = Buffer.from(hashClientSecret(presented), 'hex');
  const b = Buffer.from(storedHash, 'hex');
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}
