import { z } from 'zod';
import { patientKinds } from '../schema.ts';

/** The number goes in the body, never in the URL (access logs): POST /api/patients/lookup. */
export const lookupInput = z.strictObject({
  identifier: z.string().max(40, 'högst 40 tecken').describe('Personnummer eller samordningsnummer, 10 eller 12 siffror, med eller utan - eller +'),
});
export type LookupInput = z.infer<typeof lookupInput>;

export const lookupResult = z.object({
  patientId: z.uuid(),
  /** The name the directory gives, so that the care relationship is confirmed for the right person (issue 16 item 9). */
  firstName: z.string(),
  lastName: z.string(),
  /** Whether the caller has declared a care relationship with the patient today; until then no other personal data is shown. */
  careRelationshipConfirmedToday: z.boolean(),
});

export const careRelationshipResult = z.object({
  patientId: z.uuid(),
  /** The Swedish calendar day the declaration covers. */
  day: z.string(),
  confirmedAt: z.date(),
});

const municipality = z.object({ code: z.string(), name: z.string() });
const address = z.object({ street: z.string(), postalCode: z.string(), city: z.string() });

export const patientView = z.object({
  id: z.uuid(),
  identifier: z.string().describe('12 siffror, ÅÅÅÅMMDDNNNN'),
  kind: z.enum(patientKinds),
  firstName: z.string(),
  lastName: z.string(),
  protectedIdentity: z.boolean(),
  homeMunicipality: municipality.nullable(),
  address: address.nullable().describe('Alltid null vid skyddad identitet'),
  directory: z.object({
    /** current: refreshed from the directory now; unavailable: the directory did not answer, the stored snapshot is shown; notFound: the directory no longer knows the number. */
    status: z.enum(['current', 'unavailable', 'notFound']),
    refreshedAt: z.date(),
  }),
});
export type PatientView = z.infer<typeof patientView>;
