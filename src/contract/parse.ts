import { zodIssues, type FieldIssue } from '../platform/errors.ts';
import type { z } from 'zod';
import { orderEventTypes } from './matrix.ts';
import { orderEvent, type OrderEvent } from './events.ts';
import { orderMessage, type OrderMessage } from './messages.ts';
import { CONTRACT_VERSION } from './version.ts';

export type ContractRefusal =
  | { ok: false; code: 'UNSUPPORTED_VERSION'; message: string }
  | { ok: false; code: 'UNKNOWN_TYPE'; message: string }
  | { ok: false; code: 'INVALID'; message: string; issues: FieldIssue[] };

export type Parsed<T> = { ok: true; value: T } | ContractRefusal;

const messageTypes = ['order.submit', 'order.cancel', 'order.answerQuote'] as const;

function envelope(input: unknown, known: readonly string[], what: string): ContractRefusal | null {
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    return { ok: false, code: 'INVALID', message: `${what} ska vara ett JSON-objekt`, issues: [] };
  const o = input as Record<string, unknown>;
  if (o.contractVersion !== CONTRACT_VERSION)
    return {
      ok: false,
      code: 'UNSUPPORTED_VERSION',
      message: `Kontraktsversion ${JSON.stringify(o.contractVersion ?? null)} stöds inte; denna server tar emot version ${CONTRACT_VERSION}`,
    };
  if (typeof o.type !== 'string' || !known.includes(o.type))
    return {
      ok: false,
      code: 'UNKNOWN_TYPE',
      message: `Okänd ${what.toLowerCase()}typ ${JSON.stringify(o.type ?? null)}; kända typer: ${known.join(', ')}`,
    };
  return null;
}

function issues(error: z.ZodError): FieldIssue[] {
  return zodIssues(error);
}

/** Checks version and type first, so a sender of another version or type gets that answer, not a list of field errors. */
export function parseOrderMessage(input: unknown): Parsed<OrderMessage> {
  const refused = envelope(input, messageTypes, 'Meddelande');
  if (refused) return refused;
  const r = orderMessage.safeParse(input);
  if (!r.success) {
    const list = issues(r.error);
    return {
      ok: false,
      code: 'INVALID',
      message: `Ogiltigt meddelande: ${list.map((i) => `${i.path || '(meddelandet)'}: ${i.message}`).join('; ')}`,
      issues: list,
    };
  }
  return { ok: true, value: r.data };
}

export function parseOrderEvent(input: unknown): Parsed<OrderEvent> {
  const refused = envelope(input, orderEventTypes, 'Händelse');
  if (refused) return refused;
  const r = orderEvent.safeParse(input);
  if (!r.success) {
    const list = issues(r.error);
    return { ok: false, code: 'INVALID', message: `Ogiltig händelse: ${list.map((i) => `${i.path || '(händelsen)'}: ${i.message}`).join('; ')}`, issues: list };
  }
  return { ok: true, value: r.data };
}
