import { sql } from 'drizzle-orm';
import { bigint, boolean, check, date, index, integer, jsonb, numeric, pgTable, smallint, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

// Billing (fakturering, DOMAIN §6): its own tables only. What happened on the provision side comes in
// through provision's exported fact queries (src/provision/billing-facts); article prices are the
// catalogue's general price list (src/catalogue/articles/billing-prices.ts). Money is integer öre.

/** Region settings by key ('settings' → BillingSettings, billing/settings.ts). */
export const billingSetting = pgTable('billing_setting', {
  key: text('key').primaryKey(),
  value: jsonb('value').$type<Record<string, unknown>>().notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  updatedBy: uuid('updated_by'),
});

/** The service price list (tjänsteprislista): fees and hourly rates, each code versioned by valid-from day. */
export const servicePriceCodes = ['urgentFee', 'failedDeliveryFee', 'technicianHour', 'consultantHour', 'installation', 'deinstallation'] as const;
export type ServicePriceCode = (typeof servicePriceCodes)[number];

export const billingServicePrice = pgTable(
  'billing_service_price',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    code: text('code', { enum: servicePriceCodes }).notNull(),
    amountOre: bigint('amount_ore', { mode: 'number' }).notNull(),
    validFrom: date('valid_from').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    createdBy: uuid('created_by'),
  },
  (t) => [uniqueIndex('billing_service_price_code_from_uq').on(t.code, t.validFrom), check('billing_service_price_amount', sql`${t.amountOre} >= 0`)],
);

/**
 * Cost responsibility (kostnadsansvar) as data: a matching rule moves a charge to `payerCustomerNumber`
 * (e.g. the region pays for patients aged 17 or younger, or for an ISO class), whoever ordered. The first
 * active rule by priority whose every given condition holds on the charge's day wins; none → the ordering
 * customer number pays.
 */
export const billingCostRule = pgTable(
  'billing_cost_rule',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    priority: integer('priority').notNull(),
    /** The patient's age in whole years on the charge's day is at most this. */
    maxPatientAge: smallint('max_patient_age'),
    /** The article's ISO 9999 code starts with this ('12 22' = manual wheelchairs). */
    isoCodePrefix: text('iso_code_prefix'),
    /** The patient's home municipality (kommunkod). */
    homeMunicipalityCode: text('home_municipality_code'),
    payerCustomerNumber: text('payer_customer_number').notNull(),
    validFrom: date('valid_from').notNull(),
    validTo: date('valid_to'),
    active: boolean('active').notNull().default(true),
    version: integer('version').notNull().default(1),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('billing_cost_rule_has_condition', sql`${t.maxPatientAge} is not null or ${t.isoCodePrefix} is not null or ${t.homeMunicipalityCode} is not null`),
    check('billing_cost_rule_valid', sql`${t.validTo} is null or ${t.validTo} >= ${t.validFrom}`),
  ],
);

export const billingPeriodStates = ['draft', 'closed'] as const;
export type BillingPeriodState = (typeof billingPeriodStates)[number];

/** A billing month ('2026-11'): a draft may be recomputed; closed it never changes (triggers, migration 0010). */
export const billingPeriod = pgTable(
  'billing_period',
  {
    period: text('period').primaryKey(),
    state: text('state', { enum: billingPeriodStates }).notNull().default('draft'),
    /** How part months were charged in this run ('day' or 'month'), kept with the result. */
    proration: text('proration', { enum: ['day', 'month'] }).notNull(),
    computedAt: timestamp('computed_at', { withTimezone: true }),
    computedBy: text('computed_by'),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    closedBy: text('closed_by'),
    version: integer('version').notNull().default(1),
  },
  (t) => [check('billing_period_format', sql`${t.period} ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'`)],
);

export const chargeKinds = [
  'rent',
  'sale',
  'bufferWithdrawal',
  'workOrderTime',
  'installation',
  'deinstallation',
  'material',
  'quote',
  'urgentFee',
  'failedDeliveryFee',
] as const;
export type ChargeKind = (typeof chargeKinds)[number];

/**
 * One line of a month's invoice basis: a charge from one fact, with every column DOMAIN §6 asks for copied
 * in, so a closed month reads the same forever. `customerNumber` is who is billed (the ordering customer
 * number unless a cost rule moved it); corrections point at the line they correct.
 */
export const billingLine = pgTable(
  'billing_line',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    // No foreign key to billing_period: its check would run per row (millions in a month's run); the
    // statement-level triggers of migration 0010 check in one query that every period exists and is open.
    period: text('period').notNull(),
    customerNumber: text('customer_number').notNull(),
    orderingCustomerNumber: text('ordering_customer_number').notNull(),
    costRuleId: uuid('cost_rule_id'),
    kind: text('kind', { enum: chargeKinds }).notNull(),
    /**
     * The fact's stable id (holding, order event, work order, material row, order); with `factMonth` it is charged once.
     * fact_id, kind and fact_month are COLLATE "C" (migration 0025): byte comparisons in the unique index.
     */
    factId: text('fact_id').notNull(),
    /** The month a rent fact covers ('2026-11'); '-' for one-time facts. */
    factMonth: text('fact_month').notNull(),
    factDate: date('fact_date').notNull(),
    orderNumber: text('order_number'),
    centreOrderNumber: text('centre_order_number'),
    lineNumber: smallint('line_number'),
    orderType: text('order_type'),
    orderDate: date('order_date'),
    deliveryDate: date('delivery_date'),
    prescriber: text('prescriber'),
    patientIdentifier: text('patient_identifier'),
    patientName: text('patient_name'),
    patientProtected: boolean('patient_protected').notNull().default(false),
    articleNumber: text('article_number'),
    articleName: text('article_name'),
    isoCode: text('iso_code'),
    unitNumber: text('unit_number'),
    chargingForm: text('charging_form'),
    rentFrom: date('rent_from'),
    rentTo: date('rent_to'),
    days: smallint('days'),
    quantity: numeric('quantity', { precision: 12, scale: 3 }).notNull(),
    /** Null while no price is in force: the month cannot be closed until there is one. */
    unitPriceOre: bigint('unit_price_ore', { mode: 'number' }),
    amountOre: bigint('amount_ore', { mode: 'number' }),
    comment: text('comment'),
    correctsLineId: bigint('corrects_line_id', { mode: 'number' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // Each fact is charged once (corrections are extra lines pointing at the original).
    uniqueIndex('billing_line_fact_uq')
      .on(t.factId, t.kind, t.factMonth)
      .where(sql`corrects_line_id is null`),
    index('billing_line_period_customer_idx').on(t.period, t.customerNumber),
    index('billing_line_corrects_idx')
      .on(t.correctsLineId)
      .where(sql`corrects_line_id is not null`),
    check('billing_line_price_amount', sql`(${t.unitPriceOre} is null) = (${t.amountOre} is null)`),
  ],
);
