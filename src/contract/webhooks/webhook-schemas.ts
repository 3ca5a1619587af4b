import { z } from 'zod';
import { orderEvent } from '../events.ts';

export const webhookInput = z.strictObject({
  url: z.url().max(2000).describe('Dit händelserna skickas (POST). https, eller http till den egna datorn (127.0.0.1, localhost) vid test'),
});
export type WebhookInput = z.infer<typeof webhookInput>;

export const webhookView = z.object({
  id: z.uuid(),
  clientId: z.uuid(),
  url: z.string(),
  createdAt: z.iso.datetime({ offset: true }),
  revokedAt: z.iso.datetime({ offset: true }).nullable(),
  /** Events not yet acknowledged by the receiver. */
  pending: z.int(),
  /** The last failed attempt still waiting for a retry: when, the HTTP status (null: no answer) and the error. */
  lastFailure: z.object({ at: z.iso.datetime({ offset: true }), status: z.int().nullable(), error: z.string() }).nullable(),
});
export type WebhookView = z.infer<typeof webhookView>;

export const newWebhookResult = z.object({
  webhook: webhookView,
  /** The signing secret (HMAC-SHA256), shown this once. */
  secret: z.string(),
});

export const webhookParams = z.strictObject({ id: z.uuid(), webhookId: z.uuid() });

export const feedQuery = z.strictObject({
  after: z
    .string()
    .regex(/^\d{1,18}$/, 'ogiltig markör; använd next från föregående svar')
    .optional()
    .describe('Markören next från föregående svar; utan den börjar flödet från början'),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

export const feedPage = z.object({
  /** The events after the cursor, oldest first (in order per order: an order's events come in sequence). */
  events: z.array(orderEvent),
  /** Where to continue: pass it as `after` next time (the same as sent when there was nothing new). */
  next: z.string(),
});
