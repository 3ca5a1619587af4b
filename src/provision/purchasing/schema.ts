import { sql } from 'drizzle-orm';
import { bigint, boolean, check, date, index, integer, numeric, pgTable, primaryKey, smallint, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { provisionWarehouse } from '../schema.ts';

// Purchasing (src/provision/purchasing, issue 17): what the centre buys from its suppliers — order items for the
// customer-order lines waiting for them, and stock items below their reorder point — as purchase orders under a
// supplier agreement, the supplier's confirmed delivery date, and the goods received against them. The supplier
// and the agreement are the catalogue's (read through catalogue/agreements/agreement-facts.ts); what a purchase
// order needs of them is copied in when it is made. Re-exported from src/app/schema.ts.

/** draft → sent → partlyReceived → closed; draft or sent (with nothing received) → cancelled. */
export const purchaseOrderStatuses = ['draft', 'sent', 'partlyReceived', 'closed', 'cancelled'] as const;
export type PurchaseOrderStatus = (typeof purchaseOrderStatuses)[number];

export const purchaseSentVia = ['email', 'manual'] as const;

/** Inköpsorder: one supplier agreement, one receiving warehouse. */
export const provisionPurchaseOrder = pgTable(
  'provision_purchase_order',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    seq: bigint('seq', { mode: 'number' }).notNull().generatedAlwaysAsIdentity({ startWith: 1001 }),
    /** The centre's purchase order number (IO-1001), from seq so numbers never collide. */
    number: text('number').generatedAlwaysAs(sql`'IO-' || seq::text`),
    status: text('status', { enum: purchaseOrderStatuses }).notNull().default('draft'),
    agreementId: uuid('agreement_id').notNull(),
    agreementNumber: text('agreement_number').notNull(),
    supplierId: uuid('supplier_id').notNull(),
    supplierName: text('supplier_name').notNull(),
    supplierGln: text('supplier_gln').notNull(),
    warehouseId: uuid('warehouse_id')
      .notNull()
      .references(() => provisionWarehouse.id),
    /** Where the supplier delivers (copied from the warehouse, editable in the draft); required to send. */
    deliveryAddress: text('delivery_address'),
    /** Message to the supplier, printed on the order. */
    note: text('note'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    createdBy: uuid('created_by'),
    createdByName: text('created_by_name').notNull(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    sentBy: uuid('sent_by'),
    sentByName: text('sent_by_name'),
    sentVia: text('sent_via', { enum: purchaseSentVia }),
    /** The address the order was e-mailed to. */
    sentTo: text('sent_to'),
    /** Sent date + the agreement's delivery time in working days (null when the agreement names none). */
    expectedDate: date('expected_date'),
    /** The delivery date the supplier confirmed: the waiting lines' planned date. */
    confirmedDate: date('confirmed_date'),
    confirmedAt: timestamp('confirmed_at', { withTimezone: true }),
    supplierReference: text('supplier_reference'),
    /** The order total was under the agreement's minimum order and the buyer sent it anyway. */
    belowMinimumAccepted: boolean('below_minimum_accepted').notNull().default(false),
    cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
    cancelReason: text('cancel_reason'),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    version: integer('version').notNull().default(1),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('provision_purchase_order_seq_uq').on(t.seq),
    index('provision_purchase_order_status_idx').on(t.status, t.createdAt),
    index('provision_purchase_order_supplier_idx').on(t.supplierId, t.createdAt),
  ],
);

/** Why a purchase-order line was made: for a waiting customer-order line, to refill stock, or added by hand. */
export const purchaseLineSources = ['orderLine', 'reorder', 'manual'] as const;

export const provisionPurchaseOrderLine = pgTable(
  'provision_purchase_order_line',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    purchaseOrderId: uuid('purchase_order_id')
      .notNull()
      .references(() => provisionPurchaseOrder.id, { onDelete: 'cascade' }),
    lineNumber: smallint('line_number').notNull(),
    source: text('source', { enum: purchaseLineSources }).notNull(),
    articleId: uuid('article_id').notNull(),
    articleNumber: text('article_number').notNull(),
    articleName: text('article_name').notNull(),
    supplierArticleNumber: text('supplier_article_number'),
    unit: text('unit').notNull(),
    unitTracked: boolean('unit_tracked').notNull(),
    serialRequired: boolean('serial_required').notNull(),
    quantity: integer('quantity').notNull(),
    /** The agreed price (kronor per piece) when the line was made. */
    unitPrice: numeric('unit_price', { precision: 12, scale: 2 }).notNull(),
    receivedQuantity: integer('received_quantity').notNull().default(0),
    /** Under-delivery: what the supplier will not deliver, closed by the warehouse (with a reason). */
    shortQuantity: integer('short_quantity').notNull().default(0),
    shortReason: text('short_reason'),
    /** The customer-order line the goods are for (source 'orderLine'): received units are reserved for it. */
    orderId: uuid('order_id'),
    orderLineId: uuid('order_line_id'),
    centreOrderNumber: text('centre_order_number'),
    orderLineNumber: smallint('order_line_number'),
  },
  (t) => [
    uniqueIndex('provision_purchase_order_line_number_uq').on(t.purchaseOrderId, t.lineNumber),
    index('provision_purchase_order_line_order_line_idx')
      .on(t.orderLineId)
      .where(sql`order_line_id is not null`),
    index('provision_purchase_order_line_article_idx').on(t.articleId),
    check('provision_purchase_order_line_quantity', sql`${t.quantity} > 0 and ${t.receivedQuantity} >= 0 and ${t.shortQuantity} >= 0`),
    check('provision_purchase_order_line_short', sql`${t.shortQuantity} <= greatest(${t.quantity} - ${t.receivedQuantity}, 0)`),
  ],
);

/** Goods received against a purchase-order line, in parts: one row per line per receipt. */
export const provisionPurchaseReceipt = pgTable(
  'provision_purchase_receipt',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    purchaseOrderId: uuid('purchase_order_id')
      .notNull()
      .references(() => provisionPurchaseOrder.id),
    purchaseOrderLineId: uuid('purchase_order_line_id')
      .notNull()
      .references(() => provisionPurchaseOrderLine.id),
    quantity: integer('quantity').notNull(),
    /** The part of `quantity` beyond what was ordered (over-delivery, confirmed by the warehouse). */
    overQuantity: integer('over_quantity').notNull().default(0),
    unitCost: numeric('unit_cost', { precision: 12, scale: 2 }).notNull(),
    receivedOn: date('received_on').notNull(),
    warehouseId: uuid('warehouse_id')
      .notNull()
      .references(() => provisionWarehouse.id),
    /** Unit-tracked articles: the unit numbers made, and how many of them were reserved for the waiting line. */
    unitNumbers: text('unit_numbers').array(),
    reservedForLineId: uuid('reserved_for_line_id'),
    reservedCount: integer('reserved_count').notNull().default(0),
    at: timestamp('at', { withTimezone: true }).notNull(),
    actorUserId: uuid('actor_user_id'),
    actorLabel: text('actor_label').notNull(),
  },
  (t) => [
    index('provision_purchase_receipt_order_idx').on(t.purchaseOrderId, t.id),
    check('provision_purchase_receipt_quantity', sql`${t.quantity} > 0 and ${t.overQuantity} >= 0 and ${t.overQuantity} <= ${t.quantity}`),
  ],
);

/** Beställningspunkt: per warehouse and article, the stock level under which a refill is proposed, and how much to order. */
export const provisionReorderPoint = pgTable(
  'provision_reorder_point',
  {
    warehouseId: uuid('warehouse_id')
      .notNull()
      .references(() => provisionWarehouse.id),
    articleId: uuid('article_id').notNull(),
    articleNumber: text('article_number').notNull(),
    articleName: text('article_name').notNull(),
    unitTracked: boolean('unit_tracked').notNull(),
    reorderPoint: integer('reorder_point').notNull(),
    reorderQuantity: integer('reorder_quantity').notNull(),
    version: integer('version').notNull().default(1),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
    updatedBy: uuid('updated_by'),
  },
  (t) => [
    primaryKey({ columns: [t.warehouseId, t.articleId] }),
    check('provision_reorder_point_values', sql`${t.reorderPoint} >= 0 and ${t.reorderQuantity} > 0`),
  ],
);
