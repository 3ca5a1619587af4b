import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  customType,
  date,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

import { foldSql } from './articles/search-words.ts';

const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

export const isoEditions = ['2011', '2016', '2022'] as const;
export type IsoEdition = (typeof isoEditions)[number];

/** ISO 9999 classification: class '12', subclass '12 22', division '12 22 03', per edition. */
export const isoCode = pgTable(
  'iso_code',
  {
    edition: text('edition', { enum: isoEditions }).notNull(),
    code: text('code').notNull(),
    level: smallint('level').notNull(),
    parentCode: text('parent_code'),
    titleSv: text('title_sv').notNull(),
    titleEn: text('title_en'),
    sortKey: text('sort_key').notNull(),
  },
  (t) => [primaryKey({ columns: [t.edition, t.code] }), index('iso_code_parent_idx').on(t.edition, t.parentCode)],
);

/** Mapping between editions (2011 ↔ 2022): one code may map to several. */
export const isoMapping = pgTable(
  'iso_mapping',
  {
    fromEdition: text('from_edition', { enum: isoEditions }).notNull(),
    fromCode: text('from_code').notNull(),
    toEdition: text('to_edition', { enum: isoEditions }).notNull(),
    toCode: text('to_code').notNull(),
  },
  (t) => [primaryKey({ columns: [t.fromEdition, t.fromCode, t.toEdition, t.toCode] })],
);

/** Leverantör: manufacturer or wholesaler, identified by GLN. */
export const supplier = pgTable(
  'supplier',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    gln: text('gln').notNull().unique(),
    name: text('name').notNull(),
    sortKey: text('sort_key').notNull(),
    organisationNumber: text('organisation_number'),
    active: boolean('active').notNull().default(true),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('supplier_sort_idx').on(t.sortKey)],
);

/**
 * Avtal: a procurement agreement with a supplier. The number, name and validity come with the catalogue import;
 * the ordering terms (delivery time, minimum order, where orders go, the supplier's contact) are kept here by the
 * centre (agreements/update-terms.ts) and the import never touches them. The centre's purchasing reads them
 * through agreements/agreement-facts.ts.
 */
export const agreement = pgTable('agreement', {
  id: uuid('id').primaryKey().defaultRandom(),
  agreementNumber: text('agreement_number').notNull().unique(),
  supplierId: uuid('supplier_id')
    .notNull()
    .references(() => supplier.id),
  name: text('name').notNull(),
  validFrom: date('valid_from').notNull(),
  validTo: date('valid_to'),
  /** Leveranstid: working days from order to delivery at the centre. */
  deliveryWorkingDays: smallint('delivery_working_days'),
  /** Minsta ordervärde in kronor (excl. VAT); an order below it needs the buyer's confirmation. */
  minimumOrderAmount: numeric('minimum_order_amount', { precision: 12, scale: 2 }),
  /** Where purchase orders are e-mailed (beställningsadress). */
  orderEmail: text('order_email'),
  /** The supplier's postal ordering address or portal, as free text, when orders do not go by e-mail. */
  orderAddress: text('order_address'),
  contactName: text('contact_name'),
  contactPhone: text('contact_phone'),
  contactEmail: text('contact_email'),
  termsVersion: integer('terms_version').notNull().default(1),
  termsUpdatedAt: timestamp('terms_updated_at', { withTimezone: true }),
});

/** Produkt: a family or series; its articles are the orderable variants. */
export const product = pgTable(
  'product',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    productNumber: text('product_number').notNull().unique(),
    name: text('name').notNull(),
    description: text('description'),
    isoCode: text('iso_code'),
    isoEdition: text('iso_edition', { enum: isoEditions }),
    supplierId: uuid('supplier_id').references(() => supplier.id),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('product_iso_idx').on(t.isoCode)],
);

export const chargingForms = ['rent', 'sale', 'saleWithReturn'] as const;
export const stockForms = ['stock', 'orderItem'] as const;

/** Artikel: an orderable variant with its own number. */
export const article = pgTable(
  'article',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    articleNumber: text('article_number').notNull().unique(),
    productId: uuid('product_id').references(() => product.id),
    name: text('name').notNull(),
    sortKey: text('sort_key').notNull(),
    description: text('description'),
    /** H main device, T accessory, R spare part, plus open codes (Tj service, I setting …). */
    articleType: text('article_type').notNull(),
    isoCode: text('iso_code'),
    isoEdition: text('iso_edition', { enum: isoEditions }),
    supplierId: uuid('supplier_id').references(() => supplier.id),
    supplierArticleNumber: text('supplier_article_number'),
    gtin: text('gtin'),
    chargingForm: text('charging_form', { enum: chargingForms }).notNull(),
    stockForm: text('stock_form', { enum: stockForms }).notNull(),
    unitTracked: boolean('unit_tracked').notNull().default(false),
    serialRequired: boolean('serial_required').notNull().default(false),
    inspectionIntervalMonths: smallint('inspection_interval_months'),
    maintenanceIntervalMonths: smallint('maintenance_interval_months'),
    depreciationYears: smallint('depreciation_years'),
    unit: text('unit').notNull().default('st'),
    published: boolean('published').notNull().default(false),
    orderable: boolean('orderable').notNull().default(false),
    inAssortment: boolean('in_assortment').notNull().default(false),
    mayBeComponent: boolean('may_be_component').notNull().default(false),
    /** The professions that usually prescribe it (users' profession codes); empty = any. Ordering as another warns, never blocks (issue 15 item 10). */
    prescribedBy: text('prescribed_by')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    /** Where the row came from: 'national' (import), 'supplier' (Excel) or 'local' (entered here). */
    source: text('source', { enum: ['national', 'supplier', 'local'] })
      .notNull()
      .default('local'),
    /** Fingerprint of the imported fields: an unchanged row on re-import is skipped. */
    importHash: text('import_hash'),
    version: integer('version').notNull().default(1),
    removedAt: timestamp('removed_at', { withTimezone: true }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    search: tsvector('search').generatedAlwaysAs(
      sql`setweight(to_tsvector('swedish', coalesce(name, '')), 'A') || setweight(to_tsvector('swedish', coalesce(description, '')), 'C')`,
    ),
  },
  (t) => [
    index('article_search_idx').using('gin', t.search),
    index('article_name_trgm_idx').using('gin', sql`${t.name} gin_trgm_ops`),
    index('article_iso_idx').on(t.isoCode),
    index('article_supplier_idx').on(t.supplierId),
    index('article_product_idx').on(t.productId),
    index('article_supplier_number_idx').on(t.supplierArticleNumber),
    index('article_gtin_idx').on(t.gtin),
    index('article_sort_idx').on(t.sortKey),
    // Search ranks in-assortment main devices first: their own small index keeps that part cheap.
    index('article_search_boost_idx')
      .using('gin', t.search)
      .where(sql`${t.inAssortment} AND ${t.articleType} = 'H'`),
    // Listing an ISO subtree in Swedish order reads each code's rows already sorted.
    index('article_iso_sort_idx').on(t.isoCode, t.sortKey, t.id),
    // A query that is an ISO code lists the subtree's in-assortment main devices first: their own walk.
    index('article_iso_boost_sort_idx')
      .on(t.isoCode, t.sortKey, t.id)
      .where(sql`${t.inAssortment} AND ${t.articleType} = 'H'`),
  ],
);

/**
 * The distinct words (3+ letters, lower case) of article names: the vocabulary that search corrects a typo
 * against (docs/search.md). Filled by the import's publish and when an article is created or edited; it only
 * grows (a word no article has any more just corrects to nothing).
 */
export const articleWord = pgTable('article_word', { word: text('word').primaryKey() }, (t) => [
  index('article_word_trgm_idx').using('gin', sql`${t.word} gin_trgm_ops`),
  // Words typed without å, ä, ö and the parts of compounds (search-words.ts): the folded word, searched with LIKE '%…%'.
  index('article_word_folded_trgm_idx').using('gin', sql`${sql.raw(foldSql('word'))} gin_trgm_ops`),
]);

/** Which accessories and spare parts fit which main articles. */
export const articleFit = pgTable(
  'article_fit',
  {
    partId: uuid('part_id')
      .notNull()
      .references(() => article.id, { onDelete: 'cascade' }),
    mainId: uuid('main_id')
      .notNull()
      .references(() => article.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.partId, t.mainId] }), index('article_fit_main_idx').on(t.mainId)],
);

export const priceKinds = ['agreed', 'general'] as const;

/** Prices, versioned by validity: agreed (from an agreement) and the general price list. */
export const price = pgTable(
  'price',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    articleId: uuid('article_id')
      .notNull()
      .references(() => article.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: priceKinds }).notNull(),
    agreementId: uuid('agreement_id').references(() => agreement.id),
    /** Öre would avoid decimals, but invoices show kronor with two decimals: numeric keeps it exact. */
    amount: numeric('amount', { precision: 12, scale: 2 }).notNull(),
    validFrom: date('valid_from').notNull(),
    validTo: date('valid_to'),
  },
  (t) => [index('price_article_idx').on(t.articleId, t.kind, t.validFrom)],
);

export const mediaKinds = ['image', 'userManual', 'prescriberInfo', 'serviceManual'] as const;

/** Images and documents of an article; the bytes are in the media store (files under the data directory). */
export const media = pgTable(
  'media',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    articleId: uuid('article_id')
      .notNull()
      .references(() => article.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: mediaKinds }).notNull(),
    title: text('title'),
    storageKey: text('storage_key').notNull(),
    thumbnailKey: text('thumbnail_key'),
    contentType: text('content_type').notNull(),
    bytes: bigint('bytes', { mode: 'number' }).notNull(),
    sha256: text('sha256').notNull(),
    sourceUrl: text('source_url'),
    position: smallint('position').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('media_article_idx').on(t.articleId), uniqueIndex('media_article_sha_idx').on(t.articleId, t.sha256)],
);

/** One import of a catalogue file: staged, validated, then published all-or-nothing. */
export const importBatch = pgTable('import_batch', {
  id: uuid('id').primaryKey().defaultRandom(),
  fileName: text('file_name').notNull(),
  format: text('format', { enum: ['xml', 'xlsx'] }).notNull(),
  status: text('status', { enum: ['queued', 'staging', 'validated', 'invalid', 'published', 'failed'] }).notNull(),
  rows: integer('rows').notNull().default(0),
  errorCount: integer('error_count').notNull().default(0),
  report: jsonb('report').$type<Record<string, unknown>>(),
  /** How far a running import has come (ImportProgress), written at most once a second while it runs. */
  progress: jsonb('progress').$type<Record<string, unknown>>(),
  createdBy: uuid('created_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  finishedAt: timestamp('finished_at', { withTimezone: true }),
});
