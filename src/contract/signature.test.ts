import { describe, expect, it } from 'vitest';
import { signatureHeader, verifyWebhook } from './signature.ts';

/** The example verifier (docs/contract.md) against what Bistå sends; the deliveries themselves are in test/contract-webhooks.test.ts. */
describe('webhook signature', () => {
  const secret = 'bwh_test-secret';
  const body = JSON.stringify({ contractVersion: 1, eventId: '0b0f6a8e-3c1e-4b7a-9a43-1d3a5f0e8c21', type: 'received' });
  const sentAt = new Date('2026-12-07T10:00:00Z');
  const header = signatureHeader(secret, body, sentAt.getTime() / 1000);

  it('accepts the delivery as sent, within five minutes', () => {
    expect(header).toMatch(/^t=1796637600,v1=[0-9a-f]{64}$/);
    expect(verifyWebhook({ secret, body, header, now: new Date(sentAt.getTime() + 299_000) })).toEqual({ ok: true, timestamp: 1796637600 });
    expect(verifyWebhook({ secret, body: Buffer.from(body), header, now: sentAt }).ok).toBe(true);
  });

  it('refuses a wrong secret, a changed body, a changed timestamp and a malformed or missing header', () => {
    const now = sentAt;
    expect(verifyWebhook({ secret: 'bwh_other', body, header, now })).toEqual({ ok: false, reason: 'BAD_SIGNATURE' });
    expect(verifyWebhook({ secret, body: body.replace('received', 'cancelled'), header, now })).toEqual({ ok: false, reason: 'BAD_SIGNATURE' });
    expect(verifyWebhook({ secret, body, header: header.replace('t=1796637600', 't=1796637601'), now })).toEqual({ ok: false, reason: 'BAD_SIGNATURE' });
    expect(verifyWebhook({ secret, body, header: 'v1=abc', now })).toEqual({ ok: false, reason: 'MALFORMED' });
    expect(verifyWebhook({ secret, body, header: undefined, now })).toEqual({ ok: false, reason: 'MISSING' });
  });

  it('refuses a replay older than five minutes, and a timestamp from the future', () => {
    expect(verifyWebhook({ secret, body, header, now: new Date(sentAt.getTime() + 301_000) })).toEqual({ ok: false, reason: 'TOO_OLD' });
    expect(verifyWebhook({ secret, body, header, now: new Date(sentAt.getTime() - 301_000) })).toEqual({ ok: false, reason: 'IN_FUTURE' });
  });
});
