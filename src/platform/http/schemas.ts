import { z } from 'zod';

/** Shared building blocks for request schemas: every string has a maximum length. */
export const text = (max = 200) => z.string().trim().min(1).max(max);
export const optionalText = (max = 200) =>
  z
    .string()
    .trim()
    .max(max)
    .transform((s) => (s === '' ? null : s))
    .nullish();
export const uuidParam = z.strictObject({ id: z.uuid() });
export const email = z.email().max(200);
export const phone = z
  .string()
  .trim()
  .max(30)
  .regex(/^[+0-9][0-9 \-()]{4,29}$/, 'ogiltigt telefonnummer');
export const okBody = z.object({ ok: z.literal(true) });

/** A date or date-time in ISO 8601 ('2026-11-25' or '2026-11-25T10:00:00Z'), with a Swedish message when it is not one. */
export const isoDateTime = z.coerce.date({ error: 'ogiltigt datum; ange t.ex. 2026-11-25 eller 2026-11-25T10:00:00Z' });

/** For routes that take no body: anything sent must be an empty JSON object. */
export const noBody = z.strictObject({}).nullish();
