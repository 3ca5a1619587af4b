import { sql } from 'drizzle-orm';
import { appUser, roles, type Role } from '../platform/auth/identity-schema.ts';
import { boolean, index, pgTable, primaryKey, smallint, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

/** The region and its municipalities that jointly run one centre. One row per installation. */
export const collaboration = pgTable('collaboration', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const careProviderKinds = ['region', 'municipality', 'private'] as const;
export type CareProviderKind = (typeof careProviderKinds)[number];

/** Vårdgivare: owns its patients' data and its prescriptions. */
export const careProvider = pgTable(
  'care_provider',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    collaborationId: uuid('collaboration_id')
      .notNull()
      .references(() => collaboration.id),
    name: text('name').notNull(),
    sortKey: text('sort_key').notNull(),
    kind: text('kind', { enum: careProviderKinds }).notNull(),
    organisationNumber: text('organisation_number').notNull().unique(),
    municipalityCode: text('municipality_code'),
    active: boolean('active').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('care_provider_sort_idx').on(t.sortKey)],
);

/** Leveransområde: every delivery area gets the centre's delivery on one fixed weekday (1 = Monday). */
export const deliveryArea = pgTable('delivery_area', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull().unique(),
  weekday: smallint('weekday').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Kund: a unit of a care provider that orders and pays. */
export const customer = pgTable(
  'customer',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    careProviderId: uuid('care_provider_id')
      .notNull()
      .references(() => careProvider.id),
    customerNumber: text('customer_number').notNull().unique(),
    name: text('name').notNull(),
    sortKey: text('sort_key').notNull(),
    payer: text('payer').notNull(),
    costCentre: text('cost_centre').notNull(),
    deliveryAreaId: uuid('delivery_area_id')
      .notNull()
      .references(() => deliveryArea.id),
    urgentFeeExempt: boolean('urgent_fee_exempt').notNull().default(false),
    active: boolean('active').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('customer_care_provider_idx').on(t.careProviderId), index('customer_sort_idx').on(t.sortKey)],
);

export const deliveryAddress = pgTable(
  'delivery_address',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customer.id, { onDelete: 'cascade' }),
    label: text('label').notNull(),
    street: text('street').notNull(),
    postalCode: text('postal_code').notNull(),
    city: text('city').notNull(),
    isDefault: boolean('is_default').notNull().default(false),
  },
  (t) => [index('delivery_address_customer_idx').on(t.customerId)],
);

export const bufferStoreSizes = ['mini', 'small', 'medium', 'large'] as const;

/** Buffertförråd: a small stock kept at a customer, refilled at the weekly delivery. */
export const bufferStore = pgTable(
  'buffer_store',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customer.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    size: text('size', { enum: bufferStoreSizes }).notNull(),
    active: boolean('active').notNull().default(true),
  },
  (t) => [index('buffer_store_customer_idx').on(t.customerId)],
);

/** The roles and the user's identity are the platform's (it logs users in); the module edits them. */
export { appUser, roles, type Role };

/** The centre's roles (DOMAIN §1), the platform's since routes declare their access (src/platform/auth/access.ts). */
export { centreRoles } from '../platform/auth/access.ts';

export const userRole = pgTable(
  'user_role',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => appUser.id, { onDelete: 'cascade' }),
    role: text('role', { enum: roles }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.role] })],
);

/** A user belongs to one or more customers; exactly one is their default. */
export const membership = pgTable(
  'membership',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => appUser.id, { onDelete: 'cascade' }),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customer.id),
    isDefault: boolean('is_default').notNull().default(false),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.customerId] }),
    index('membership_customer_idx').on(t.customerId),
    uniqueIndex('membership_one_default_idx')
      .on(t.userId)
      .where(sql`is_default`),
  ],
);
