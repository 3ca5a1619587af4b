import { boolean, index, pgTable, smallint, text, timestamp, uuid } from 'drizzle-orm/pg-core';

// What the platform needs of a user to log them in and to check access: the roles and the user's identity.
// The administration module owns the rest (memberships, applications) and edits users; the platform may
// import this file, and no domain module.

export const roles = [
  'prescriber',
  'orderer',
  'localSupport',
  'customerService',
  'technician',
  /** Chaufför: drives the delivery runs and confirms deliveries and pick-ups at the door (issue 19). */
  'driver',
  'warehouse',
  'consultant',
  'finance',
  'assortment',
  'functionCoordinator',
  'systemAdmin',
  /** Loggranskare: reviews the PDL log of their own care provider and gives patients their access extract. */
  'logReviewer',
  /** Beredningsgrupp: prepares and decides change proposals (DOMAIN §9). */
  'preparationGroup',
] as const;
export type Role = (typeof roles)[number];

export const appUser = pgTable(
  'app_user',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    username: text('username').notNull().unique(),
    firstName: text('first_name').notNull(),
    lastName: text('last_name').notNull(),
    /** Swedish sort key of "last first" (see platform/i18n/sort-key.ts): lets SQL page in Swedish order. */
    sortKey: text('sort_key').notNull(),
    profession: text('profession'),
    hsaId: text('hsa_id').unique(),
    phone: text('phone'),
    email: text('email'),
    passwordHash: text('password_hash'),
    locale: text('locale', { enum: ['sv', 'en'] })
      .notNull()
      .default('sv'),
    active: boolean('active').notNull().default(true),
    inactivatedAt: timestamp('inactivated_at', { withTimezone: true }),
    inactivationReason: text('inactivation_reason'),
    failedLogins: smallint('failed_logins').notNull().default(0),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    lastLoginAt: timestamp('last_login_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('app_user_sort_idx').on(t.sortKey, t.id)],
);
