import { sql } from 'drizzle-orm';
import { bigint, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { systemClient } from '../../administration/clients/schema.ts';
import type { OrderEvent } from '../events.ts';

// The contract over HTTP, events out (issue 18): the centre's events for orders of other ordering systems, kept
// for the pull feed and delivered to their webhooks. The contract's types own no tables; these belong to its HTTP
// adapters (src/contract/webhooks), which other modules reach only through the functions the folder exports.

/**
 * Every contract event the centre sent for an order of a customer that system clients serve, once (by its
 * eventId). `position` is the feed's order and cursor: events are recorded under one transaction-level
 * advisory lock taken just before the insert (record-events.ts), so positions are handed out in commit order
 * and a reader continuing from its cursor never skips an event that committed late.
 */
export const contractEvent = pgTable(
  'contract_event',
  {
    position: bigint('position', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    eventId: uuid('event_id').notNull(),
    orderId: uuid('order_id').notNull(),
    /** The event's sequence within its order (the contract's `sequence`). */
    sequence: integer('sequence').notNull(),
    type: text('type').notNull(),
    /** The client that sent the order (null: another route, e.g. a user's script). */
    senderClientId: uuid('sender_client_id'),
    customerId: uuid('customer_id').notNull(),
    careProviderId: uuid('care_provider_id').notNull(),
    event: jsonb('event').$type<OrderEvent>().notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('contract_event_event_id_uq').on(t.eventId), index('contract_event_feed_idx').on(t.customerId, t.position)],
);

/**
 * A system client's webhook: where its events are POSTed, signed with `secret` (HMAC-SHA256; kept as it is,
 * since signing needs it; made by Bistå and shown once). `pumpingUntil` is the lease of the worker delivering
 * to it, so one worker at a time sends its events (in order per order).
 */
export const webhookSubscription = pgTable(
  'webhook_subscription',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    clientId: uuid('client_id')
      .notNull()
      .references(() => systemClient.id),
    url: text('url').notNull(),
    secret: text('secret').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    createdByUserId: uuid('created_by_user_id'),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    revokedByUserId: uuid('revoked_by_user_id'),
    pumpingUntil: timestamp('pumping_until', { withTimezone: true }),
  },
  (t) => [index('webhook_subscription_client_idx').on(t.clientId)],
);

/**
 * One event to one webhook, until the receiver acknowledges it (2xx): then `deliveredAt` is set and it is
 * never sent again. An order's next event waits until the one before is delivered.
 */
export const webhookDelivery = pgTable(
  'webhook_delivery',
  {
    subscriptionId: uuid('subscription_id')
      .notNull()
      .references(() => webhookSubscription.id),
    position: bigint('position', { mode: 'number' })
      .notNull()
      .references(() => contractEvent.position),
    orderId: uuid('order_id').notNull(),
    sequence: integer('sequence').notNull(),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull(),
    lastAttemptAt: timestamp('last_attempt_at', { withTimezone: true }),
    /** The receiver's HTTP status at the last attempt (null: no answer). */
    lastStatus: integer('last_status'),
    lastError: text('last_error'),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.subscriptionId, t.position] }),
    index('webhook_delivery_pending_idx')
      .on(t.subscriptionId, t.orderId, t.sequence)
      .where(sql`delivered_at IS NULL`),
  ],
);
