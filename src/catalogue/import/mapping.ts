/**
 * THE mapping of the Bistå import format (docs/import-format.md) onto Bistå's tables, in one place.
 *
 * Every field of every record says: its XML attribute (or child element), its column in the supplier Excel
 * template, how its value is checked, and its staging column, which is also its column in the catalogue
 * table (article, product, …) unless a note says otherwise. The XML reader, the Excel reader, the staging
 * tables, the Excel template and the publish SQL are all generated from these lists, so a field added here
 * is read, staged, published and documented in the template without other changes.
 */
import crypto from 'node:crypto';
import {
  FieldError,
  parseAmount,
  parseArticleType,
  parseBool,
  parseCode,
  parseDate,
  parseGln,
  parseGtin,
  parseInteger,
  parseIso,
  parseOrganisationNumber,
  parseText,
  parseUrl,
} from './checks.ts';

export const FORMAT_NAMESPACE = 'urn:bista:catalogue:1';
export const FORMAT_VERSION = '1';

export type SqlType = 'text' | 'boolean' | 'smallint' | 'integer' | 'date' | 'numeric(12,2)';

export type FieldKind =
  | { kind: 'code'; what: string }
  | { kind: 'gln' }
  | { kind: 'gtin' }
  | { kind: 'bool' }
  | { kind: 'int'; min: number; max: number }
  | { kind: 'date' }
  | { kind: 'amount' }
  | { kind: 'iso' }
  | { kind: 'url' }
  | { kind: 'text'; max: number }
  | { kind: 'articleType' }
  | { kind: 'orgNo' }
  | { kind: 'enum'; values: readonly string[]; excelWords?: Record<string, string> };

export interface Field {
  /** Staging column; the same name as the catalogue column it is published to. */
  col: string;
  /** XML attribute name, or child element name when `child` is set. Also the field name in messages. */
  xml: string;
  child?: boolean;
  type: FieldKind;
  sqlType: SqlType;
  required?: boolean;
  /** On update, an absent value keeps what the catalogue has (decisions the centre may take itself). */
  keepWhenAbsent?: boolean;
  /** SQL for the value when a new row is inserted and the file leaves the field out (`s.` is the staging row). */
  insertDefault?: string;
  /** Swedish description, for the template's instructions and the documentation. */
  label: string;
}

const bool = (xml: string, col: string, label: string, insertDefault = 'false'): Field => ({
  col,
  xml,
  type: { kind: 'bool' },
  sqlType: 'boolean',
  keepWhenAbsent: true,
  insertDefault,
  label,
});

export const chargingWords: Record<string, string> = { hyra: 'rent', köp: 'sale', 'försäljning med retur': 'saleWithReturn' };
export const stockWords: Record<string, string> = { lagervara: 'stock', beställningsvara: 'orderItem' };
export const priceKindWords: Record<string, string> = { avtal: 'agreed', avtalspris: 'agreed', allmän: 'general', 'allmänt pris': 'general' };
export const mediaKinds = ['image', 'userManual', 'prescriberInfo', 'serviceManual'] as const;

export const isoCodeFields: Field[] = [
  { col: 'code', xml: 'code', type: { kind: 'iso' }, sqlType: 'text', required: true, label: 'ISO 9999-kod' },
  { col: 'title_sv', xml: 'titleSv', type: { kind: 'text', max: 300 }, sqlType: 'text', required: true, label: 'Benämning på svenska' },
  { col: 'title_en', xml: 'titleEn', type: { kind: 'text', max: 300 }, sqlType: 'text', label: 'Benämning på engelska' },
];

export const supplierFields: Field[] = [
  { col: 'gln', xml: 'gln', type: { kind: 'gln' }, sqlType: 'text', required: true, label: 'Leverantörens GLN' },
  { col: 'name', xml: 'name', type: { kind: 'text', max: 200 }, sqlType: 'text', required: true, label: 'Leverantörens namn' },
  { col: 'organisation_number', xml: 'organisationNumber', type: { kind: 'orgNo' }, sqlType: 'text', label: 'Organisationsnummer' },
];

export const agreementFields: Field[] = [
  { col: 'agreement_number', xml: 'number', type: { kind: 'code', what: 'avtalsnumret' }, sqlType: 'text', required: true, label: 'Avtalsnummer' },
  { col: 'supplier_gln', xml: 'supplierGln', type: { kind: 'gln' }, sqlType: 'text', required: true, label: 'Leverantörens GLN' },
  { col: 'name', xml: 'name', type: { kind: 'text', max: 200 }, sqlType: 'text', label: 'Avtalets namn (annars avtalsnumret)' },
  { col: 'valid_from', xml: 'validFrom', type: { kind: 'date' }, sqlType: 'date', required: true, label: 'Gäller från' },
  { col: 'valid_to', xml: 'validTo', type: { kind: 'date' }, sqlType: 'date', label: 'Gäller till och med' },
];

export const productFields: Field[] = [
  { col: 'product_number', xml: 'number', type: { kind: 'code', what: 'produktnumret' }, sqlType: 'text', required: true, label: 'Produktnummer' },
  { col: 'iso_code', xml: 'iso', type: { kind: 'iso' }, sqlType: 'text', label: 'ISO 9999-kod' },
  { col: 'supplier_gln', xml: 'supplierGln', type: { kind: 'gln' }, sqlType: 'text', required: true, label: 'Leverantörens GLN' },
  { col: 'name', xml: 'name', child: true, type: { kind: 'text', max: 300 }, sqlType: 'text', required: true, label: 'Produktnamn' },
  { col: 'description', xml: 'description', child: true, type: { kind: 'text', max: 4000 }, sqlType: 'text', label: 'Produktbeskrivning' },
];

export const articleFields: Field[] = [
  { col: 'article_number', xml: 'number', type: { kind: 'code', what: 'artikelnumret' }, sqlType: 'text', required: true, label: 'Artikelnummer' },
  {
    col: 'article_type',
    xml: 'type',
    type: { kind: 'articleType' },
    sqlType: 'text',
    required: true,
    label: 'Artikeltyp: H huvudhjälpmedel, T tillbehör, R reservdel, Tj tjänst, I inställning',
  },
  { col: 'iso_code', xml: 'iso', type: { kind: 'iso' }, sqlType: 'text', label: 'ISO 9999-kod (annars produktens); krävs för huvudhjälpmedel' },
  { col: 'supplier_gln', xml: 'supplierGln', type: { kind: 'gln' }, sqlType: 'text', label: 'Leverantörens GLN (annars produktens)' },
  { col: 'supplier_article_number', xml: 'supplierArticleNumber', type: { kind: 'text', max: 60 }, sqlType: 'text', label: 'Leverantörens artikelnummer' },
  { col: 'gtin', xml: 'gtin', type: { kind: 'gtin' }, sqlType: 'text', label: 'GTIN (streckkod), med kontrollsiffra' },
  {
    col: 'charging_form',
    xml: 'charging',
    type: { kind: 'enum', values: ['rent', 'sale', 'saleWithReturn'], excelWords: chargingWords },
    sqlType: 'text',
    required: true,
    label: 'Debiteringsform: hyra, köp eller försäljning med retur',
  },
  {
    col: 'stock_form',
    xml: 'stock',
    type: { kind: 'enum', values: ['stock', 'orderItem'], excelWords: stockWords },
    sqlType: 'text',
    required: true,
    label: 'Lagerform: lagervara eller beställningsvara',
  },
  // Every rented main device is unit-tracked (DOMAIN §3): that is the default when the file says nothing.
  bool('unitTracked', 'unit_tracked', 'Individmärkt', `(s.charging_form = 'rent' AND s.article_type = 'H')`),
  bool('serialRequired', 'serial_required', 'Serienummer krävs'),
  {
    col: 'inspection_interval_months',
    xml: 'inspectionMonths',
    type: { kind: 'int', min: 1, max: 240 },
    sqlType: 'smallint',
    label: 'Besiktningsintervall i månader',
  },
  {
    col: 'maintenance_interval_months',
    xml: 'maintenanceMonths',
    type: { kind: 'int', min: 1, max: 240 },
    sqlType: 'smallint',
    label: 'Underhållsintervall i månader',
  },
  { col: 'depreciation_years', xml: 'depreciationYears', type: { kind: 'int', min: 1, max: 50 }, sqlType: 'smallint', label: 'Avskrivningstid i år' },
  { col: 'unit', xml: 'unit', type: { kind: 'text', max: 10 }, sqlType: 'text', keepWhenAbsent: true, insertDefault: `'st'`, label: 'Enhet (st, par, förp …)' },
  bool('published', 'published', 'Publicerad för beställarsidan'),
  bool('orderable', 'orderable', 'Beställningsbar'),
  bool('inAssortment', 'in_assortment', 'Ingår i sortimentet'),
  bool('mayBeComponent', 'may_be_component', 'Får ingå i en sammansättning'),
  { col: 'name', xml: 'name', child: true, type: { kind: 'text', max: 300 }, sqlType: 'text', required: true, label: 'Benämning' },
  { col: 'description', xml: 'description', child: true, type: { kind: 'text', max: 4000 }, sqlType: 'text', label: 'Beskrivning' },
];

export const priceFields: Field[] = [
  {
    col: 'kind',
    xml: 'kind',
    type: { kind: 'enum', values: ['agreed', 'general'], excelWords: priceKindWords },
    sqlType: 'text',
    required: true,
    label: 'Pristyp: agreed (avtalspris) eller general (allmän prislista)',
  },
  { col: 'agreement_number', xml: 'agreement', type: { kind: 'code', what: 'avtalsnumret' }, sqlType: 'text', label: 'Avtalsnummer (krävs för avtalspris)' },
  { col: 'amount', xml: 'amount', type: { kind: 'amount' }, sqlType: 'numeric(12,2)', required: true, label: 'Belopp i kronor exklusive moms' },
  { col: 'valid_from', xml: 'validFrom', type: { kind: 'date' }, sqlType: 'date', required: true, label: 'Gäller från' },
  { col: 'valid_to', xml: 'validTo', type: { kind: 'date' }, sqlType: 'date', label: 'Gäller till och med' },
];

export const fitFields: Field[] = [
  {
    col: 'main_number',
    xml: 'main',
    type: { kind: 'code', what: 'artikelnumret' },
    sqlType: 'text',
    required: true,
    label: 'Huvudartikel som tillbehöret/reservdelen passar till',
  },
];

export const mediaFields: Field[] = [
  {
    col: 'kind',
    xml: 'kind',
    type: { kind: 'enum', values: mediaKinds },
    sqlType: 'text',
    required: true,
    label: 'Slag: image, userManual, prescriberInfo, serviceManual',
  },
  { col: 'url', xml: 'url', type: { kind: 'url' }, sqlType: 'text', required: true, label: 'Webbadress' },
  // At most 200: what the media module accepts for a title.
  { col: 'title', xml: 'title', type: { kind: 'text', max: 200 }, sqlType: 'text', label: 'Rubrik' },
];

/** A staged record: one row of one staging table. */
export type StageTable = 'iso' | 'supplier' | 'agreement' | 'product' | 'article' | 'price' | 'fit' | 'media';

/** Staging tables: `line` first (the row's line in the XML / row in Excel), then the fields, then extras. */
export const stageTables: Record<StageTable, { fields: Field[]; extra: { col: string; sqlType: SqlType }[] }> = {
  iso: { fields: isoCodeFields, extra: [] },
  supplier: { fields: supplierFields, extra: [{ col: 'sort_key', sqlType: 'text' }] },
  agreement: { fields: agreementFields, extra: [] },
  product: { fields: productFields, extra: [] },
  article: {
    fields: articleFields,
    extra: [
      { col: 'product_number', sqlType: 'text' },
      { col: 'sort_key', sqlType: 'text' },
      { col: 'import_hash', sqlType: 'text' },
    ],
  },
  price: {
    fields: priceFields,
    extra: [
      { col: 'article_number', sqlType: 'text' },
      { col: 'sheet', sqlType: 'text' },
    ],
  },
  fit: { fields: fitFields, extra: [{ col: 'part_number', sqlType: 'text' }] },
  media: {
    fields: mediaFields,
    extra: [
      { col: 'article_number', sqlType: 'text' },
      { col: 'position', sqlType: 'smallint' },
    ],
  },
};

export function stageColumns(table: StageTable): string[] {
  const t = stageTables[table];
  return ['line', ...t.fields.map((f) => f.col), ...t.extra.map((e) => e.col)];
}

/** Converts one raw value; `null` when absent. Throws FieldError with the Swedish reason. */
export function convert(field: Field, raw: string | null | undefined, opts: { excel?: boolean } = {}): string | null {
  if (raw === undefined || raw === null || raw.trim() === '') {
    if (field.required) throw new FieldError('värde saknas (obligatoriskt)');
    return null;
  }
  const t = field.type;
  switch (t.kind) {
    case 'code':
      return parseCode(raw, t.what.charAt(0).toUpperCase() + t.what.slice(1));
    case 'gln':
      return parseGln(raw);
    case 'gtin':
      return parseGtin(raw);
    case 'bool':
      return parseBool(raw);
    case 'int':
      return parseInteger(raw, t.min, t.max);
    case 'date':
      return parseDate(raw);
    case 'amount':
      return parseAmount(raw);
    case 'iso':
      return parseIso(raw);
    case 'url':
      return parseUrl(raw);
    case 'text':
      return parseText(raw, t.max);
    case 'articleType':
      return parseArticleType(raw);
    case 'orgNo':
      return parseOrganisationNumber(raw);
    case 'enum': {
      const v = raw.trim();
      if (t.values.includes(v)) return v;
      if (opts.excel && t.excelWords) {
        const w = t.excelWords[v.toLowerCase()];
        if (w) return w;
        const ci = t.values.find((x) => x.toLowerCase() === v.toLowerCase());
        if (ci) return ci;
        throw new FieldError(`"${v}" är inte tillåtet; ange ${Object.keys(t.excelWords).join(', ')}`);
      }
      throw new FieldError(`"${v}" är inte tillåtet; ange ${t.values.join(', ')}`);
    }
  }
}

/**
 * Fingerprint of everything an import sets on an article: its fields, the product, supplier and ISO code it
 * ends up with, and its prices, fits and media links (sorted, so order in the file does not matter). An
 * unchanged fingerprint on re-import means the article is left alone: no update, no new version.
 */
export function articleHash(
  values: Record<string, string | null | undefined>,
  prices: Record<string, string | null | undefined>[],
  fits: string[],
  media: Record<string, string | null | undefined>[],
  edition: string,
): string {
  // One string, one hash call: this runs 660 000 times for a national file.
  let text = FORMAT_VERSION + '\u0001' + edition;
  for (const f of articleFields) text += '\u0001' + (values[f.col] ?? '\u0000');
  text += '\u0001' + (values.product_number ?? '\u0000') + '\u0002';
  const line = (r: Record<string, string | null | undefined>, fs: Field[]) => fs.map((f) => r[f.col] ?? '').join('\u0003');
  if (prices.length) text += (prices.length === 1 ? [line(prices[0]!, priceFields)] : prices.map((p) => line(p, priceFields)).sort()).join('\u0004');
  text += '\u0002';
  if (fits.length) text += (fits.length === 1 ? fits : [...fits].sort()).join('\u0004');
  text += '\u0002';
  // Media keep their order: it is the display order.
  for (const m of media) text += line(m, mediaFields) + '\u0004';
  const h = crypto.createHash('sha1').update(text);
  return h.digest('base64url');
}

/** Excel template, sheet 'Artiklar': one row per article. `field` is the article field the column feeds. */
export interface ExcelColumn {
  header: string;
  /** What the column feeds: an article field, or one of the composite targets below. */
  target:
    | { to: 'article'; field: Field }
    | { to: 'product'; field: 'product_number' | 'name' }
    | { to: 'supplier'; field: 'name' }
    | { to: 'fits' }
    | { to: 'price'; field: 'agreement_number' | 'agreedAmount' | 'generalAmount' | 'valid_from' | 'valid_to' }
    | { to: 'media'; kind: (typeof mediaKinds)[number] };
  required?: boolean;
  help: string;
  width?: number;
}

const af = (col: string): Field => articleFields.find((f) => f.col === col)!;
const a = (header: string, col: string, help?: string, width = 14, required?: boolean): ExcelColumn => ({
  header,
  target: { to: 'article', field: af(col) },
  required: required ?? !!af(col).required,
  help: help ?? af(col).label,
  width,
});

export const ARTICLE_SHEET = 'Artiklar';
export const PRICE_SHEET = 'Priser';

export const excelArticleColumns: ExcelColumn[] = [
  a('Artikelnummer', 'article_number', 'Artikelnummer i det lokala nummerområdet L000001–L999999 (t.ex. L000123), som hjälpmedelscentralen ger', 16),
  a('Benämning', 'name', 'Artikelns benämning', 40),
  a('Beskrivning', 'description', 'Beskrivning (högst 4000 tecken)', 40),
  a('Artikeltyp', 'article_type', 'H huvudhjälpmedel, T tillbehör, R reservdel, Tj tjänst, I inställning', 10),
  a('ISO-kod', 'iso_code', 'ISO 9999-kod, t.ex. 12 22 03 (krävs för huvudhjälpmedel)', 12),
  {
    header: 'Produktnummer',
    target: { to: 'product', field: 'product_number' },
    help: 'Produktens (seriens) nummer, om artikeln hör till en produkt',
    width: 16,
  },
  { header: 'Produktnamn', target: { to: 'product', field: 'name' }, help: 'Produktens namn (annars artikelns benämning)', width: 30 },
  a('Leverantörens GLN', 'supplier_gln', 'Leverantörens GLN, 13 siffror', 16, true),
  { header: 'Leverantörens namn', target: { to: 'supplier', field: 'name' }, help: 'Krävs om leverantören inte redan finns i Bistå', width: 30 },
  a('Leverantörens artikelnummer', 'supplier_article_number', undefined, 18),
  a('GTIN', 'gtin', undefined, 16),
  a('Debiteringsform', 'charging_form', 'hyra, köp eller försäljning med retur', 16),
  a('Lagerform', 'stock_form', 'lagervara eller beställningsvara', 16),
  a('Individmärkt', 'unit_tracked', 'ja/nej (tomt: ja för huvudhjälpmedel som hyrs)', 12),
  a('Serienummer krävs', 'serial_required', 'ja/nej', 12),
  a('Besiktningsintervall (mån)', 'inspection_interval_months', undefined, 12),
  a('Underhållsintervall (mån)', 'maintenance_interval_months', undefined, 12),
  a('Avskrivningstid (år)', 'depreciation_years', undefined, 12),
  a('Enhet', 'unit', 'st, par, förp … (tomt: st)', 8),
  a('Publicerad', 'published', 'ja/nej', 10),
  a('Beställningsbar', 'orderable', 'ja/nej', 10),
  a('I sortiment', 'in_assortment', 'ja/nej', 10),
  a('Får ingå i sammansättning', 'may_be_component', 'ja/nej', 10),
  {
    header: 'Passar till',
    target: { to: 'fits' },
    help: 'Artikelnummer på huvudartiklar som tillbehöret/reservdelen passar till, åtskilda med semikolon',
    width: 24,
  },
  { header: 'Avtalsnummer', target: { to: 'price', field: 'agreement_number' }, help: 'Avtal som avtalspriset hör till (ska finnas i Bistå)', width: 16 },
  { header: 'Avtalspris (kr)', target: { to: 'price', field: 'agreedAmount' }, help: 'Avtalspris i kronor exklusive moms', width: 12 },
  { header: 'Allmänt pris (kr)', target: { to: 'price', field: 'generalAmount' }, help: 'Pris i allmänna prislistan, kronor exklusive moms', width: 12 },
  { header: 'Pris giltigt från', target: { to: 'price', field: 'valid_from' }, help: 'ÅÅÅÅ-MM-DD; krävs om ett pris anges', width: 14 },
  { header: 'Pris giltigt till', target: { to: 'price', field: 'valid_to' }, help: 'ÅÅÅÅ-MM-DD, tomt om tills vidare', width: 14 },
  { header: 'Bild (webbadress)', target: { to: 'media', kind: 'image' }, help: 'https://… till en bild av artikeln', width: 30 },
  { header: 'Bruksanvisning (webbadress)', target: { to: 'media', kind: 'userManual' }, help: 'https://… till bruksanvisningen', width: 30 },
];

/** Sheet 'Priser' (optional): more prices per article, e.g. future price versions. */
export const excelPriceColumns: { header: string; col: string; required: boolean; help: string; width: number }[] = [
  { header: 'Artikelnummer', col: 'article_number', required: true, help: 'Artikel på bladet Artiklar eller redan i Bistå', width: 16 },
  { header: 'Pristyp', col: 'kind', required: true, help: 'avtal eller allmän', width: 10 },
  { header: 'Avtalsnummer', col: 'agreement_number', required: false, help: 'Krävs för avtalspris', width: 16 },
  { header: 'Belopp (kr)', col: 'amount', required: true, help: 'Kronor exklusive moms', width: 12 },
  { header: 'Giltigt från', col: 'valid_from', required: true, help: 'ÅÅÅÅ-MM-DD', width: 14 },
  { header: 'Giltigt till', col: 'valid_to', required: false, help: 'ÅÅÅÅ-MM-DD, tomt om tills vidare', width: 14 },
];

export const priceField = (col: string): Field => priceFields.find((f) => f.col === col)!;
