import { index, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { careProvider, customer, roles } from '../schema.ts';

/**
 * A registered system client (OAuth2 client credentials, issue 18): a care provider's ordering system or a
 * finance system that calls the API without a person. Its id is the OAuth2 `client_id`; what it may do is
 * `roles`, where is its customers (all of one care provider). Revoked clients stay for the audit log.
 */
export const systemClient = pgTable(
  'system_client',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    careProviderId: uuid('care_provider_id')
      .notNull()
      .references(() => careProvider.id),
    roles: text('roles', { enum: roles }).array().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    createdByUserId: uuid('created_by_user_id'),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    revokedByUserId: uuid('revoked_by_user_id'),
  },
  (t) => [uniqueIndex('system_client_name_idx').on(t.name)],
);

/** The customers a client may act for (its scope). */
export const systemClientCustomer = pgTable(
  'system_client_customer',
  {
    clientId: uuid('client_id')
      .notNull()
      .references(() => systemClient.id, { onDelete: 'cascade' }),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customer.id),
  },
  (t) => [primaryKey({ columns: [t.clientId, t.customerId] })],
);

/**
 * A client's secrets: at most two active at once, so that a new one can be rolled out before the old one
 * is revoked. Only the SHA-256 of each is stored (they are 256-bit random strings, see issue-token.ts);
 * `hint` is its first characters, to tell them apart on the admin page.
 */
export const systemClientSecret = pgTable(
  'system_client_secret',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    clientId: uuid('client_id')
      .notNull()
      .references(() => systemClient.id, { onDelete: 'cascade' }),
    secretHash: text('secret_hash').notNull(),
    hint: text('hint').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [index('system_client_secret_client_idx').on(t.clientId)],
);
