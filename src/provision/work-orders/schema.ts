import { sql } from 'drizzle-orm';
import { bigint, boolean, check, index, integer, numeric, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { cancelReasons } from '../../contract/matrix.ts';
import { provisionOrder, provisionWarehouse } from '../schema.ts';

// Work orders (arbetsorder, DOMAIN §4): the centre's handling of an order of type 'workOrder' — its state,
// booked time, what was done, and the special-adaptation steps. The order itself, its lines (the units the
// work is on) and its event stream stay in provision_order*. Re-exported from src/app/schema.ts.

/** States of a work order (transitions in work-orders/work-order-states.ts). */
export const workOrderStates = [
  'received',
  'booked',
  'started',
  // Special adaptation only: risk analysis → quote → awaiting approval → approved/stopped → manufacture.
  'riskAnalysed',
  'awaitingApproval',
  'approved',
  'stopped',
  'manufacturing',
  'done',
  'closed',
  'cancelled',
] as const;
export type WorkOrderState = (typeof workOrderStates)[number];

/**
 * One row per work order, created on the first step the centre takes (until then it is 'received').
 * The type is copied from the order and never changes: a wrong type is cancelled ('wrongWorkOrderType').
 */
export const provisionWorkOrder = pgTable(
  'provision_work_order',
  {
    orderId: uuid('order_id')
      .primaryKey()
      .references(() => provisionOrder.id),
    typeCode: text('type_code').notNull(),
    specialAdaptation: boolean('special_adaptation').notNull(),
    state: text('state', { enum: workOrderStates }).notNull(),
    bookedFor: timestamp('booked_for', { withTimezone: true }),
    technicianName: text('technician_name'),
    technicianUserId: uuid('technician_user_id'),
    startedAt: timestamp('started_at', { withTimezone: true }),
    doneAt: timestamp('done_at', { withTimezone: true }),
    notes: text('notes'),
    minutesSpent: integer('minutes_spent'),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    cancelReason: text('cancel_reason', { enum: cancelReasons }),
    cancelComment: text('cancel_comment'),
    riskAnalysis: text('risk_analysis'),
    riskAnalysedAt: timestamp('risk_analysed_at', { withTimezone: true }),
    riskAnalysedBy: text('risk_analysed_by'),
    quoteAmount: numeric('quote_amount', { precision: 12, scale: 2 }),
    quoteText: text('quote_text'),
    quoteSentAt: timestamp('quote_sent_at', { withTimezone: true }),
    /** The cost-responsible's answer to the quote, as the ordering side sent it. */
    quoteApproved: boolean('quote_approved'),
    quoteAnsweredBy: text('quote_answered_by'),
    quoteAnswerComment: text('quote_answer_comment'),
    quoteAnsweredAt: timestamp('quote_answered_at', { withTimezone: true }),
    /** The question to the manufacturer about the CE marking of the adapted device, and its answer. */
    ceQuestion: text('ce_question'),
    ceAnswer: text('ce_answer'),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('provision_work_order_state_idx').on(t.state),
    check('provision_work_order_minutes', sql`${t.minutesSpent} is null or ${t.minutesSpent} >= 0`),
    check('provision_work_order_quote', sql`${t.quoteAmount} is null or ${t.quoteAmount} >= 0`),
  ],
);

/** Material used on a work order (articles and quantities). Non-unit-tracked material is also in the stock ledger. */
export const provisionWorkOrderMaterial = pgTable(
  'provision_work_order_material',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    orderId: uuid('order_id')
      .notNull()
      .references(() => provisionWorkOrder.orderId),
    articleId: uuid('article_id').notNull(),
    articleNumber: text('article_number').notNull(),
    articleName: text('article_name').notNull(),
    quantity: integer('quantity').notNull(),
    unitTracked: boolean('unit_tracked').notNull(),
    /** Where it was taken from (non-unit-tracked material: the stock ledger's warehouse). */
    warehouseId: uuid('warehouse_id').references(() => provisionWarehouse.id),
    at: timestamp('at', { withTimezone: true }).notNull(),
    actorUserId: uuid('actor_user_id'),
  },
  (t) => [index('provision_work_order_material_order_idx').on(t.orderId), check('provision_work_order_material_quantity', sql`${t.quantity} > 0`)],
);
