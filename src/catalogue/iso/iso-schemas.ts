import { z } from 'zod';
import { isoEditions } from '../schema.ts';
import { normalizeIsoCode } from './iso-code.ts';

export const isoEdition = z.enum(isoEditions).describe('ISO 9999-utgåva');

/** An ISO code as the user gives it ('122203' or '12 22 03'), normalised to '12 22 03'. */
export const isoCodeParam = z
  .string()
  .max(20)
  .transform((s, c) => {
    const code = normalizeIsoCode(s);
    if (!code) {
      c.addIssue({ code: 'custom', message: 'ogiltig ISO-kod; ange t.ex. 12 22 03' });
      return z.NEVER;
    }
    return code;
  })
  .describe("ISO 9999-kod, t.ex. '12 22 03' eller '122203'");

export const isoNodeView = z.object({
  edition: isoEdition,
  code: z.string().describe("Koden med mellanslag, t.ex. '12 22 03'"),
  level: z.number().int().min(1).max(3).describe('1 klass, 2 underklass, 3 grupp'),
  parentCode: z.string().nullable(),
  titleSv: z.string(),
  titleEn: z.string().nullable(),
});
export type IsoNodeView = z.infer<typeof isoNodeView>;

export const isoChildView = isoNodeView.extend({ hasChildren: z.boolean().describe('Om noden har underliggande koder') });

export const isoListQuery = z.strictObject({
  edition: isoEdition.default('2022'),
  parent: isoCodeParam.optional().describe('Förälderns kod; utan den listas klasserna'),
});

export const isoNodeDetail = isoNodeView.extend({
  path: z.array(isoNodeView).describe('Vägen från klassen ner till noden (brödsmulor), noden sist'),
  articleCount: z.number().int().describe('Antal artiklar i noden och under den som anroparen får se'),
});

export const isoNodeQuery = z.strictObject({ edition: isoEdition.default('2022') });

export const isoMapQuery = z.strictObject({
  from: isoEdition.describe('Utgåvan koden kommer från'),
  to: isoEdition.optional().describe('Utgåvan att översätta till; standard: 2022 från 2011, annars 2011'),
  code: isoCodeParam,
});

export const isoMapView = z.object({
  from: z.object({ edition: isoEdition, code: z.string(), titleSv: z.string().nullable() }),
  to: z.array(isoNodeView).describe('Motsvarande koder i måletgåvan (en kod kan motsvara flera)'),
  identity: z.boolean().describe('Sant när koden är oförändrad mellan utgåvorna (ingen rad i mappningstabellen)'),
});
