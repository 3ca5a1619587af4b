import { z } from 'zod';

/** An agreement with its supplier and ordering terms, as the API shows it (catalogue and purchasing alike). */
export const agreementView = z.object({
  id: z.uuid(),
  agreementNumber: z.string(),
  name: z.string(),
  validFrom: z.string(),
  validTo: z.string().nullable(),
  supplierId: z.uuid(),
  supplierName: z.string(),
  supplierGln: z.string(),
  supplierOrganisationNumber: z.string().nullable(),
  supplierActive: z.boolean(),
  deliveryWorkingDays: z.number().nullable().describe('Leveranstid i arbetsdagar'),
  minimumOrderAmount: z.string().nullable().describe('Minsta ordervärde, kronor med två decimaler'),
  orderEmail: z.string().nullable(),
  orderAddress: z.string().nullable(),
  contactName: z.string().nullable(),
  contactPhone: z.string().nullable(),
  contactEmail: z.string().nullable(),
  termsVersion: z.number(),
});
export type AgreementView = z.infer<typeof agreementView>;
