import { uuidV5 } from '../platform/uuid-v5.ts';

/** The facade's UUID namespace (RFC 9562 version 5 names under it): a fixed random UUID. */
const NAMESPACE = 'd3a1f0c2-5b7e-4c8a-9f61-2e4b7a9c0d15';

/**
 * The contract ids of a DeviceRequest the caller creates, named by who sends it and the request's identifier
 * (system and value): the same request sent again gets the same message id, so the centre's intake answers it
 * as the duplicate it is (idempotency by identifier, like the contract's message id); another caller's request
 * with the same identifier is another order.
 */
export function requestIds(callerId: string, identifier: { system: string; value: string }) {
  const name = JSON.stringify([callerId, identifier.system, identifier.value]);
  return { messageId: uuidV5(NAMESPACE, `message:${name}`), orderId: uuidV5(NAMESPACE, `order:${name}`), lineId: uuidV5(NAMESPACE, `line:${name}`) };
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
