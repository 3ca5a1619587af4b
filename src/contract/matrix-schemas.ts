import { z } from 'zod';

/**
 * The centre's rules as both sides' routes show them (the ordering side's order types, the centre's rules page):
 * one schema each, so the two answers cannot drift apart. The interfaces are in matrix.ts (the web reads it).
 */

/** A code of a code list (fault category, deviation kind, cancel reason) with the region's names. */
export const codeLabelSchema = z.object({ code: z.string(), sv: z.string(), en: z.string(), active: z.boolean() });

/** A work-order type's names, required attachments and flow. */
export const workOrderTypeSchema = z.object({
  code: z.string(),
  sv: z.string(),
  en: z.string(),
  requiredAttachments: z.array(z.string()),
  urgent: z.boolean(),
  specialAdaptation: z.boolean(),
});
