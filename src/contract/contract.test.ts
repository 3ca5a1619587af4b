import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { confirmationAllowed, defaultWorkOrderTypes, orderMatrix, orderTypes } from './matrix.ts';
import { parseOrderEvent, parseOrderMessage } from './parse.ts';

const dir = path.join(import.meta.dirname, 'fixtures');
const read = (f: string) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as Record<string, unknown>;
const fixtures = fs.readdirSync(dir).filter((f) => f.endsWith('.json'));

describe('contract fixtures, both ways', () => {
  it.each(fixtures.filter((f) => !f.startsWith('event-')))('message %s parses, and what we would send is the fixture', (f) => {
    const json = read(f);
    const r = parseOrderMessage(json);
    expect(r.ok ? 'ok' : r).toBe('ok');
    if (r.ok) expect(JSON.parse(JSON.stringify(r.value))).toEqual(json);
  });

  it.each(fixtures.filter((f) => f.startsWith('event-')))('event %s parses, and what we would send is the fixture', (f) => {
    const json = read(f);
    const r = parseOrderEvent(json);
    expect(r.ok ? 'ok' : r).toBe('ok');
    if (r.ok) expect(JSON.parse(JSON.stringify(r.value))).toEqual(json);
  });
});

describe('refusals', () => {
  it('a message of another contract version is refused as such, not as a list of field errors', () => {
    const r = parseOrderMessage(read('refused/unknown-version.json'));
    expect(r).toMatchObject({ ok: false, code: 'UNSUPPORTED_VERSION' });
    expect(!r.ok && r.message).toMatch(/version 2 stöds inte/);
  });

  it('a message of an unknown type is refused and names the known types', () => {
    const r = parseOrderMessage(read('refused/unknown-type.json'));
    expect(r).toMatchObject({ ok: false, code: 'UNKNOWN_TYPE' });
    expect(!r.ok && r.message).toContain('order.submit');
  });

  it('a protected patient cannot be sent with an address', () => {
    const json = read('submit-pick-up-protected.json') as { order: { patient: Record<string, unknown> } };
    json.order.patient.address = { street: 'Hemlig väg 1', postalCode: '85230', city: 'Sundsvall' };
    const r = parseOrderMessage(json);
    expect(r).toMatchObject({ ok: false, code: 'INVALID' });
    expect(!r.ok && r.message).toMatch(/skyddad identitet/);
  });

  it('field errors name the field', () => {
    const json = read('submit-customer-order.json') as { order: { lines: { quantity: number }[] } };
    json.order.lines[0]!.quantity = 0;
    const r = parseOrderMessage(json);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.code === 'INVALID' && r.issues[0]!.path).toBe('order.lines.0.quantity');
  });

  it('an event for an unknown type is refused', () => {
    expect(parseOrderEvent({ contractVersion: 1, type: 'teleported' })).toMatchObject({ ok: false, code: 'UNKNOWN_TYPE' });
  });
});

describe('the matrix', () => {
  it('has a row for every order type, each confirming receipt', () => {
    for (const t of orderTypes) expect(orderMatrix[t].confirmations).toContain('received');
  });
  it('a customer order can be delivered but never "picked up"; a pick-up the other way round', () => {
    expect(confirmationAllowed('customerOrder', 'delivered')).toBe(true);
    expect(confirmationAllowed('customerOrder', 'pickedUp')).toBe(false);
    expect(confirmationAllowed('pickUp', 'pickedUp')).toBe(true);
    expect(confirmationAllowed('pickUp', 'delivered')).toBe(false);
  });
  it('special adaptation needs an instruction and a risk analysis', () => {
    expect(defaultWorkOrderTypes.find((t) => t.code === 'specialAdaptation')?.requiredAttachments).toEqual(['instruction', 'riskAnalysis']);
  });
});

describe('special adaptation: quote and answer (added in v1, additive)', () => {
  it('a work order may be sent a quote, and no other order type may', () => {
    expect(confirmationAllowed('workOrder', 'quoteSent')).toBe(true);
    expect(confirmationAllowed('customerOrder', 'quoteSent')).toBe(false);
  });
  it('an answer to a quote must say who answered', () => {
    const json = read('answer-quote.json');
    delete json.by;
    expect(parseOrderMessage(json)).toMatchObject({ ok: false, code: 'INVALID' });
  });
  it('a quote needs an amount that is not negative', () => {
    const json = read('event-quote-sent.json');
    json.amount = -1;
    expect(parseOrderEvent(json)).toMatchObject({ ok: false, code: 'INVALID' });
  });
});
