import crypto from 'node:crypto';

/**
 * The signature of a webhook delivery (docs/contract.md, "Webhooks"): HMAC-SHA256 with the subscription's
 * secret over `timestamp + '.' + body`, sent as `bista-signature: t=<unix seconds>,v1=<hex>`. The timestamp is
 * inside what is signed, so a receiver that refuses old timestamps refuses a captured delivery replayed later;
 * within the tolerance, the event id (each event is delivered until acknowledged, so possibly more than once)
 * is what a receiver deduplicates on.
 *
 * This file is also the example verifier for receivers: it needs nothing but node:crypto, and the tests check
 * Bistå's deliveries with it.
 */

export const SIGNATURE_HEADER = 'bista-signature';
/** How old a delivery's timestamp may be (and how far ahead of the receiver's clock) before it is refused. */
export const DEFAULT_TOLERANCE_SECONDS = 300;

export function signatureOf(secret: string, timestamp: number, body: string | Buffer): string {
  return crypto.createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex');
}

/** The `bista-signature` header for `body` sent at `timestamp` (unix seconds). */
export function signatureHeader(secret: string, body: string, timestamp: number = Math.floor(Date.now() / 1000)): string {
  return `t=${timestamp},v1=${signatureOf(secret, timestamp, body)}`;
}

export type VerifyResult = { ok: true; timestamp: number } | { ok: false; reason: 'MISSING' | 'MALFORMED' | 'TOO_OLD' | 'IN_FUTURE' | 'BAD_SIGNATURE' };

/**
 * Checks a delivery as a receiver should: the header is well formed, its timestamp within `toleranceSeconds`
 * of now, and one of its `v1` signatures (there are two while a secret is being rotated) the HMAC of
 * `t + '.' + body` with the secret, compared in constant time. `body` is the raw request body, exactly as
 * received (not parsed and serialised again).
 */
export function verifyWebhook(input: {
  secret: string;
  body: string | Buffer;
  header: string | string[] | undefined;
  now?: Date;
  toleranceSeconds?: number;
}): VerifyResult {
  const header = Array.isArray(input.header) ? input.header[0] : input.header;
  if (!header) return { ok: false, reason: 'MISSING' };
  let t: number | null = null;
  const v1: string[] = [];
  for (const part of header.split(',')) {
    const [k, v] = part.trim().split('=', 2);
    if (k === 't' && v && /^\d{1,12}$/.test(v)) t = Number(v);
    else if (k === 'v1' && v && /^[0-9a-f]{64}$/.test(v)) v1.push(v);
  }
  if (t === null || v1.length === 0) return { ok: false, reason: 'MALFORMED' };
  const now = Math.floor((input.now ?? new Date()).getTime() / 1000);
  const tolerance = input.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  if (now - t > tolerance) return { ok: false, reason: 'TOO_OLD' };
  if (t - now > tolerance) return { ok: false, reason: 'IN_FUTURE' };
  const expected = Buffer.from(signatureOf(input.secret, t, input.body), 'hex');
  const ok = v1.some((s) => crypto.timingSafeEqual(Buffer.from(s, 'hex'), expected));
  return ok ? { ok: true, timestamp: t } : { ok: false, reason: 'BAD_SIGNATURE' };
}
