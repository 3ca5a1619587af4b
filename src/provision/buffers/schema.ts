import { sql } from 'drizzle-orm';
import { bigint, boolean, check, date, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { provisionUnit, provisionWarehouse } from '../schema.ts';

// Buffer stores (src/provision/buffers): the small stocks kept at customers (buffertförråd, DOMAIN §1).
// The store itself is the customer's (administration's buffer_store, read through
// administration/organisation/buffer-stores.ts); the centre keeps what is in it: a safety level and a
// balance per article of what is not unit-tracked, the ledger of every change, and the refill proposals
// for each delivery area's weekly delivery. Units placed in a store are buffer-withdrawals' table
// (provision_buffer_unit, unit status 'inBufferStore'); they count one each in the store's quantity.

/** Per buffer store and article: the safety level and the current quantity (the ledger's sum). */
export const provisionBufferLevel = pgTable(
  'provision_buffer_level',
  {
    bufferStoreId: uuid('buffer_store_id').notNull(),
    articleId: uuid('article_id').notNull(),
    articleNumber: text('article_number').notNull(),
    articleName: text('article_name').notNull(),
    unitTracked: boolean('unit_tracked').notNull(),
    safetyLevel: integer('safety_level').notNull().default(0),
    /** Articles that are not unit-tracked: kept in step with the ledger in the same transaction (units are counted where they are). */
    quantity: integer('quantity').notNull().default(0),
    version: integer('version').notNull().default(1),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.bufferStoreId, t.articleId] }),
    check('provision_buffer_level_quantity_not_negative', sql`${t.quantity} >= 0`),
    check('provision_buffer_level_safety_not_negative', sql`${t.safetyLevel} >= 0`),
  ],
);

export const bufferTransactionKinds = ['refill', 'withdrawal', 'adjustment'] as const;
export type BufferTransactionKind = (typeof bufferTransactionKinds)[number];

/** The buffer stores' ledger: every change of quantity per store and article (a unit placed or taken is ±1 with its id). */
export const provisionBufferTransaction = pgTable(
  'provision_buffer_transaction',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    bufferStoreId: uuid('buffer_store_id').notNull(),
    articleId: uuid('article_id').notNull(),
    quantity: integer('quantity').notNull(),
    kind: text('kind', { enum: bufferTransactionKinds }).notNull(),
    unitId: uuid('unit_id').references(() => provisionUnit.id),
    orderId: uuid('order_id'),
    lineId: uuid('line_id'),
    proposalId: uuid('proposal_id'),
    note: text('note'),
    at: timestamp('at', { withTimezone: true }).notNull(),
    actorUserId: uuid('actor_user_id'),
  },
  (t) => [index('provision_buffer_tx_store_idx').on(t.bufferStoreId, t.articleId, t.id), check('provision_buffer_tx_nonzero', sql`${t.quantity} <> 0`)],
);

export const bufferProposalStatuses = ['proposed', 'delivered'] as const;

/** A refill proposal: what each buffer store of a delivery area needs at the area's next delivery day. */
export const provisionBufferProposal = pgTable(
  'provision_buffer_proposal',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    deliveryAreaId: uuid('delivery_area_id').notNull(),
    deliveryAreaName: text('delivery_area_name').notNull(),
    deliveryDate: date('delivery_date').notNull(),
    status: text('status', { enum: bufferProposalStatuses }).notNull().default('proposed'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    createdBy: uuid('created_by'),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
    deliveredBy: uuid('delivered_by'),
    /** The warehouse the refill was taken from. */
    warehouseId: uuid('warehouse_id').references(() => provisionWarehouse.id),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    uniqueIndex('provision_buffer_proposal_open_uq')
      .on(t.deliveryAreaId, t.deliveryDate)
      .where(sql`status = 'proposed'`),
    index('provision_buffer_proposal_area_idx').on(t.deliveryAreaId, t.deliveryDate),
  ],
);

export const provisionBufferProposalLine = pgTable(
  'provision_buffer_proposal_line',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    proposalId: uuid('proposal_id')
      .notNull()
      .references(() => provisionBufferProposal.id, { onDelete: 'cascade' }),
    bufferStoreId: uuid('buffer_store_id').notNull(),
    bufferStoreName: text('buffer_store_name').notNull(),
    customerNumber: text('customer_number').notNull(),
    customerName: text('customer_name').notNull(),
    articleId: uuid('article_id').notNull(),
    articleNumber: text('article_number').notNull(),
    articleName: text('article_name').notNull(),
    unitTracked: boolean('unit_tracked').notNull(),
    safetyLevel: integer('safety_level').notNull(),
    /** The store's quantity when the proposal was made. */
    quantityBefore: integer('quantity_before').notNull(),
    proposedQuantity: integer('proposed_quantity').notNull(),
    deliveredQuantity: integer('delivered_quantity'),
  },
  (t) => [index('provision_buffer_proposal_line_idx').on(t.proposalId), check('provision_buffer_proposal_line_qty', sql`${t.proposedQuantity} > 0`)],
);
