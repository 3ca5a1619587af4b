import { z } from 'zod';
import { optionalText, text } from '../../platform/http/schemas.ts';
import { bufferStoreSizes, careProviderKinds } from '../schema.ts';

export const organisationNumber = z
  .string()
  .trim()
  .regex(/^\d{6}-?\d{4}$/, 'organisationsnummer har formen NNNNNN-NNNN')
  .transform((s) => (s.includes('-') ? s : `${s.slice(0, 6)}-${s.slice(6)}`));

export const careProviderInput = z.strictObject({
  name: text(200),
  kind: z.enum(careProviderKinds),
  organisationNumber,
  municipalityCode: z
    .string()
    .regex(/^\d{4}$/, 'kommunkod har fyra siffror')
    .nullish(),
  active: z.boolean().optional(),
});

export const careProviderView = z.object({
  id: z.uuid(),
  name: z.string(),
  kind: z.enum(careProviderKinds),
  organisationNumber: z.string(),
  municipalityCode: z.string().nullable(),
  active: z.boolean(),
  customerCount: z.number(),
});

export const deliveryAreaInput = z.strictObject({
  name: text(100),
  weekday: z.number().int().min(1, 'leveransdag är måndag (1) till fredag (5)').max(5, 'leveransdag är måndag (1) till fredag (5)'),
});
export const deliveryAreaView = z.object({ id: z.uuid(), name: z.string(), weekday: z.number() });

export const addressInput = z.strictObject({
  id: z.uuid().optional(),
  label: text(100),
  street: text(200),
  postalCode: z
    .string()
    .trim()
    .regex(/^\d{3} ?\d{2}$/, 'postnummer har fem siffror, t.ex. 123 45'),
  city: text(100),
  isDefault: z.boolean(),
});

export const bufferStoreInput = z.strictObject({
  id: z.uuid().optional(),
  name: text(100),
  size: z.enum(bufferStoreSizes),
  active: z.boolean().default(true),
});

export const customerInput = z.strictObject({
  careProviderId: z.uuid(),
  customerNumber: z
    .string()
    .trim()
    .regex(/^[0-9A-Za-z-]{1,20}$/, 'kundnummer: 1–20 siffror eller bokstäver'),
  name: text(200),
  payer: text(200),
  costCentre: text(50),
  deliveryAreaId: z.uuid(),
  urgentFeeExempt: z.boolean().default(false),
  active: z.boolean().default(true),
  addresses: z
    .array(addressInput)
    .max(50)
    .refine((a) => a.length === 0 || a.filter((x) => x.isDefault).length === 1, {
      message: 'exakt en adress ska vara förvald',
      params: { code: 'exactly_one_default' },
    }),
  bufferStores: z.array(bufferStoreInput).max(20),
});
export type CustomerInput = z.infer<typeof customerInput>;

export const customerView = z.object({
  id: z.uuid(),
  careProviderId: z.uuid(),
  careProviderName: z.string(),
  customerNumber: z.string(),
  name: z.string(),
  payer: z.string(),
  costCentre: z.string(),
  deliveryAreaId: z.uuid(),
  deliveryAreaName: z.string(),
  deliveryWeekday: z.number(),
  urgentFeeExempt: z.boolean(),
  active: z.boolean(),
  addresses: z.array(addressInput.extend({ id: z.uuid() })),
  bufferStores: z.array(bufferStoreInput.extend({ id: z.uuid() })),
});
export type CustomerView = z.infer<typeof customerView>;

export const customerListQuery = z.strictObject({
  q: z.string().trim().max(100).optional(),
  careProviderId: z.uuid().optional(),
});

export { optionalText };
