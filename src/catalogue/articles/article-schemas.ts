import { z } from 'zod';
import { profession } from '../../administration/users/user-schemas.ts';
import { optionalText, text } from '../../platform/http/schemas.ts';
import { isoCodeParam } from '../iso/iso-schemas.ts';
import { chargingForms, isoEditions, mediaKinds, priceKinds, stockForms } from '../schema.ts';

/** GS1 check digit: GTIN-8, -12, -13 and -14. */
export function validGtin(gtin: string): boolean {
  if (!/^(\d{8}|\d{12}|\d{13}|\d{14})$/.test(gtin)) return false;
  const digits = [...gtin].map(Number);
  const check = digits.pop()!;
  const sum = digits.reverse().reduce((s, d, i) => s + d * (i % 2 === 0 ? 3 : 1), 0);
  return (10 - (sum % 10)) % 10 === check;
}

const articleType = z
  .string()
  .trim()
  .regex(/^[A-Za-z]{1,4}$/, 'artikeltypen är 1–4 bokstäver: H huvudhjälpmedel, T tillbehör, R reservdel eller en öppen kod (Tj, I …)')
  .transform((t) => (t.length === 1 ? t.toUpperCase() : t))
  .describe('H huvudhjälpmedel, T tillbehör, R reservdel, eller öppen kod (Tj tjänst, I inställning …)');
const interval = z.number().int('ange hela månader').min(1, 'intervallet är minst 1 månad').max(120, 'intervallet är högst 120 månader').nullable();
const depreciation = z
  .union([z.literal(3), z.literal(5)], { error: 'avskrivningstiden är 3 eller 5 år' })
  .nullable()
  .describe('Avskrivningstid i år: 3 eller 5');
const gtin = z
  .string()
  .trim()
  .max(14)
  .refine((g) => g === '' || validGtin(g), 'GTIN ska vara 8, 12, 13 eller 14 siffror med rätt kontrollsiffra')
  .transform((g) => (g === '' ? null : g))
  .nullish();

/** Fields the assortment role sets when creating or editing an article. */
const editable = {
  name: text(200).describe('Benämning'),
  description: optionalText(5000).describe('Beskrivning'),
  articleType,
  isoCode: isoCodeParam.nullable().describe('ISO 9999-kod; måste finnas i ISO-trädet för utgåvan'),
  isoEdition: z.enum(isoEditions).describe('ISO-utgåva för koden'),
  chargingForm: z.enum(chargingForms).describe('Debiteringsform: rent hyra, sale köp, saleWithReturn försäljning med retur'),
  stockForm: z.enum(stockForms).describe('Lagerform: stock lagervara, orderItem beställningsvara'),
  unitTracked: z.boolean().describe('Individmärkt'),
  serialRequired: z.boolean().describe('Serienummer krävs'),
  inspectionIntervalMonths: interval.describe('Besiktningsintervall i månader'),
  maintenanceIntervalMonths: interval.describe('Underhållsintervall i månader'),
  depreciationYears: depreciation,
  unit: text(20).describe('Enhet, t.ex. st'),
  published: z.boolean().describe('Publicerad för beställarsidan'),
  orderable: z.boolean().describe('Beställningsbar'),
  inAssortment: z.boolean().describe('Ingår i det beslutade sortimentet'),
  mayBeComponent: z.boolean().describe('Får ingå som komponent'),
};

/** The professions that usually prescribe the article (issue 15 item 10): a warning for others, never a block. */
const prescribedBy = z
  .array(profession)
  .max(9)
  .transform((l) => [...new Set(l)])
  .describe('Yrken som brukar förskriva artikeln (arbetsterapeut, fysioterapeut …); tom = alla. Andra får en varning, aldrig ett stopp');

export const createArticleInput = z.strictObject({
  ...editable,
  isoEdition: editable.isoEdition.default('2022'),
  isoCode: editable.isoCode.default(null),
  description: editable.description,
  chargingForm: editable.chargingForm,
  stockForm: editable.stockForm.default('stock'),
  unitTracked: editable.unitTracked.default(false),
  serialRequired: editable.serialRequired.default(false),
  inspectionIntervalMonths: interval.default(null).describe('Besiktningsintervall i månader'),
  maintenanceIntervalMonths: interval.default(null).describe('Underhållsintervall i månader'),
  depreciationYears: depreciation.default(null),
  unit: editable.unit.default('st'),
  published: editable.published.default(false),
  orderable: editable.orderable.default(false),
  inAssortment: editable.inAssortment.default(false),
  mayBeComponent: editable.mayBeComponent.default(false),
  prescribedBy: prescribedBy.optional(),
  supplierId: z.uuid().nullish().describe('Leverantör'),
  supplierArticleNumber: optionalText(100).describe('Leverantörens artikelnummer'),
  gtin: gtin.describe('GTIN (EAN), 8–14 siffror'),
  productId: z.uuid().nullish().describe('Produkt (familj/serie) som artikeln hör till'),
});
export type CreateArticleInput = z.infer<typeof createArticleInput>;

export const updateArticleInput = z
  .strictObject({
    version: z.number().int().min(1).describe('Versionen du läste (optimistisk låsning): en äldre version ger 409'),
    name: editable.name.optional(),
    description: editable.description,
    articleType: editable.articleType.optional(),
    isoCode: editable.isoCode.optional(),
    isoEdition: editable.isoEdition.optional(),
    chargingForm: editable.chargingForm.optional(),
    stockForm: editable.stockForm.optional(),
    unitTracked: editable.unitTracked.optional(),
    serialRequired: editable.serialRequired.optional(),
    inspectionIntervalMonths: interval.optional().describe('Besiktningsintervall i månader'),
    maintenanceIntervalMonths: interval.optional().describe('Underhållsintervall i månader'),
    depreciationYears: depreciation.optional(),
    unit: editable.unit.optional(),
    published: editable.published.optional(),
    orderable: editable.orderable.optional(),
    inAssortment: editable.inAssortment.optional(),
    mayBeComponent: editable.mayBeComponent.optional(),
    prescribedBy: prescribedBy.optional(),
  })
  .describe('Ändra fält och flaggor; utelämnade fält lämnas orörda');
export type UpdateArticleInput = z.infer<typeof updateArticleInput>;

export const setFitsInput = z.strictObject({
  mainIds: z.array(z.uuid()).max(500, 'högst 500 huvudartiklar').describe('Huvudartiklarna som tillbehöret/reservdelen passar till (ersätter listan)'),
});

const isoDate = z.iso.date({ error: 'ange datum som ÅÅÅÅ-MM-DD' });

export const addPriceInput = z
  .strictObject({
    kind: z.enum(priceKinds).describe('agreed avtalat pris (inköp), general allmänna prislistan (kundens pris)'),
    amount: z
      .number({ error: 'ange beloppet som ett tal' })
      .min(0, 'priset får inte vara negativt')
      .max(99_999_999.99, 'priset är för stort')
      .refine((n) => Math.round(n * 100) === Number((n * 100).toFixed(6)), 'ange högst två decimaler')
      .describe('Belopp i kronor, högst två decimaler'),
    validFrom: isoDate.describe('Gäller från (ÅÅÅÅ-MM-DD)'),
    validTo: isoDate.nullish().describe('Gäller till och med (ÅÅÅÅ-MM-DD); tomt = tills vidare'),
    agreementId: z.uuid().nullish().describe('Avtal (för avtalat pris)'),
  })
  .refine((p) => !p.validTo || p.validTo >= p.validFrom, { message: 'slutdatum får inte vara före startdatum', path: ['validTo'] })
  .refine((p) => p.kind === 'agreed' || !p.agreementId, { message: 'bara avtalat pris kan kopplas till ett avtal', path: ['agreementId'] });
export type AddPriceInput = z.infer<typeof addPriceInput>;

export const priceView = z.object({
  id: z.uuid(),
  kind: z.enum(priceKinds),
  amount: z.string().describe('Kronor, två decimaler'),
  validFrom: z.string(),
  validTo: z.string().nullable(),
  agreementId: z.uuid().nullable(),
});
export type PriceView = z.infer<typeof priceView>;

const articleRef = z.object({
  id: z.uuid(),
  articleNumber: z.string(),
  name: z.string(),
  articleType: z.string(),
  published: z.boolean(),
  orderable: z.boolean(),
});

export const articleMediaView = z.object({
  id: z.uuid(),
  kind: z.enum(mediaKinds),
  title: z.string().nullable(),
  contentType: z.string(),
  url: z.string(),
  thumbnailUrl: z.string().nullable(),
});

export const articleView = z.object({
  id: z.uuid(),
  articleNumber: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  articleType: z.string(),
  isoCode: z.string().nullable(),
  isoEdition: z.enum(isoEditions).nullable(),
  iso: z
    .object({ edition: z.enum(isoEditions), code: z.string(), titleSv: z.string(), titleEn: z.string().nullable() })
    .nullable()
    .describe('ISO-noden med benämning'),
  product: z.object({ id: z.uuid(), productNumber: z.string(), name: z.string(), description: z.string().nullable() }).nullable(),
  supplier: z.object({ id: z.uuid(), name: z.string(), gln: z.string() }).nullable(),
  supplierArticleNumber: z.string().nullable(),
  gtin: z.string().nullable(),
  chargingForm: z.enum(chargingForms),
  stockForm: z.enum(stockForms),
  unitTracked: z.boolean(),
  serialRequired: z.boolean(),
  inspectionIntervalMonths: z.number().int().nullable(),
  maintenanceIntervalMonths: z.number().int().nullable(),
  depreciationYears: z.number().int().nullable(),
  unit: z.string(),
  published: z.boolean(),
  orderable: z.boolean(),
  inAssortment: z.boolean(),
  prescribedBy: z.array(z.string()),
  mayBeComponent: z.boolean(),
  source: z.enum(['national', 'supplier', 'local']),
  version: z.number().int().describe('Skicka med vid ändring (optimistisk låsning)'),
  removedAt: z.date().nullable(),
  updatedAt: z.date(),
  media: z.array(articleMediaView).describe('Bilder och dokument i ordning'),
  customerPrice: priceView.nullable().describe('Kundens pris: allmänna prislistans pris som gäller i dag'),
  agreedPrice: priceView.nullable().optional().describe('Centrets roller: avtalat pris som gäller i dag'),
  priceHistory: z.array(priceView).optional().describe('Centrets roller: alla prisversioner, senaste först'),
  parts: z.array(articleRef).describe('Tillbehör och reservdelar som passar artikeln'),
  fits: z.array(articleRef).describe('Huvudartiklar som artikeln passar till'),
});
export type ArticleView = z.infer<typeof articleView>;

export const historyEntry = z.object({
  id: z.number().int(),
  at: z.date(),
  actor: z.string().describe('Vem (användarnamn, eller system)'),
  action: z.string().describe("Vad: 'article.create', 'article.update', 'article.price.add', 'article.fits.set' …"),
  changes: z.array(z.object({ field: z.string(), from: z.unknown(), to: z.unknown() })).describe('Fält som ändrades: före → efter'),
  details: z.record(z.string(), z.unknown()).nullable(),
});

export const supplierView = z.object({
  id: z.uuid(),
  gln: z.string(),
  name: z.string(),
  organisationNumber: z.string().nullable(),
  active: z.boolean(),
});
