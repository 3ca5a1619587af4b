import crypto from 'node:crypto';
import { ContractRefused } from '../../contract/endpoints.ts';
import type { OrderMessage } from '../../contract/messages.ts';

/**
 * What a message said, as a SHA-256 of its canonical JSON (keys sorted, absent fields left out): stored with
 * the message id the first time, so that the same id again with another payload is told apart from a
 * retry of the same message (409 MESSAGE_ID_CONFLICT, not "duplicate").
 */
export function messageFingerprint(message: OrderMessage): string {
  return crypto.createHash('sha256').update(canonical(message)).digest('hex');
}

function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>)
      .filter(([, x]) => x !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${canonical(x)}`).join(',')}}`;
  }
  return JSON.stringify(v ?? null);
}

/** The same message id with another payload: refused for good, never answered as the first message's duplicate. */
export const messageIdConflict = (messageId: string) =>
  new ContractRefused(
    'MESSAGE_ID_CONFLICT',
    `Meddelande-id ${messageId} har redan tagits emot med ett annat innehåll; ett nytt meddelande behöver ett nytt id`,
  );
