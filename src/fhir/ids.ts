import crypto from 'node:crypto';

/** The facade's UUID namespace (RFC 9562 version 5 names under it): a fixed random UUID. */
const NAMESPACE = 'd3a1f0c2-5b7e-4c8a-9f61-2e4b7a9c0d15';

/** RFC 9562 version 5: SHA-1 of the namespace UUID's bytes and the name. */
export function uuidV5(name: string, namespace = NAMESPACE): string {
  const h = crypto
    .createHash('sha1')
    .update(Buffer.from(namespace.replace(/-/g, ''), 'hex'))
    .update(name, 'utf8')
    .digest();
  h[6] = (h[6]! & 0x0f) | 0x50;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

/**
 * The contract ids of a DeviceRequest the caller creates, named by who sends it and the request's identifier
 * (system and value): the same request sent again gets the same message id, so the centre's intake answers it
 * as the duplicate it is (idempotency by identifier, like the contract's message id); another caller's request
 * with the same identifier is another order.
 */
export function requestIds(callerId: string, identifier: { system: string; value: string }) {
  const name = JSON.stringify([callerId, identifier.system, identifier.value]);
  return { messageId: uuidV5(`message:${name}`), orderId: uuidV5(`order:${name}`), lineId: uuidV5(`line:${name}`) };
}

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** FHIR's id type: 1–64 of A–Z, a–z, 0–9, '-' and '.'. */
export const FHIR_ID = /^[A-Za-z0-9\-.]{1,64}$/;

/** The id of a reference 'Type/id' (relative, or ending an absolute URL of this server), when it names `type`. */
export function referencedId(reference: string | undefined, type: string): string | null {
  if (!reference) return null;
  const m = new RegExp(`(?:^|/)${type}/([A-Za-z0-9\\-.]{1,64})$`).exec(reference);
  return m ? m[1]! : null;
}
