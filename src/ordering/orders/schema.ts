import { sql } from 'drizzle-orm';
import { bigint, boolean, date, index, integer, jsonb, pgTable, primaryKey, smallint, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { orderTypes } from '../../contract/matrix.ts';

/**
 * The ordering side's orders (the webSesam role). The tables hold what the care provider owns: the order as
 * the prescriber wrote it, its lines, the centre's confirmations as received (an append-only event stream),
 * the patient's device list as confirmed by the centre, and the prescriber's messages. Nothing here refers
 * to the provision side's tables: the two talk only through src/contract.
 */

/** The prescription details of an order; `followUpBy` null = the prescriber follows up. */
export interface PrescriptionRecord {
  aim: string | null;
  followUpDate: string | null;
  followUpBy: string | null;
}

/** One measurement on a line: the definition's code, label and unit when it was entered, and the value. */
export interface LineMeasurement {
  code: string;
  labelSv: string;
  labelEn: string;
  unit: string;
  value: number;
}

/** A measurement an ISO class asks for (ordering_prescription_class.measurements). */
export interface MeasurementDefinition {
  code: string;
  labelSv: string;
  labelEn: string;
  unit: string;
  min: number | null;
  max: number | null;
  required: boolean;
}

export const orderStatuses = ['draft', 'submitted', 'received', 'inProgress', 'delivered', 'done', 'cancelled'] as const;
export type OrderStatus = (typeof orderStatuses)[number];

export const lineStatuses = ['draft', 'submitted', 'received', 'planned', 'delivered', 'pickedUp', 'deregistered', 'cancelled', 'done'] as const;
export type LineStatus = (typeof lineStatuses)[number];

export const orderingOrder = pgTable(
  'ordering_order',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Assigned at submit: B<year>-<six digits>. */
    orderNumber: text('order_number').unique(),
    orderType: text('order_type', { enum: orderTypes }).notNull(),
    urgent: boolean('urgent').notNull().default(false),
    status: text('status', { enum: orderStatuses }).notNull().default('draft'),
    customerId: uuid('customer_id').notNull(),
    /** Snapshots, so that lists need no lookups in other modules. */
    customerNumber: text('customer_number').notNull(),
    customerName: text('customer_name').notNull(),
    careProviderId: uuid('care_provider_id').notNull(),
    createdBy: uuid('created_by').notNull(),
    createdByName: text('created_by_name').notNull(),
    patientId: uuid('patient_id'),
    /** Where to deliver ({ kind, ... } as in the contract's `delivery`). */
    delivery: jsonb('delivery').notNull().default({ kind: 'patientAddress' }),
    contactName: text('contact_name'),
    contactPhone: text('contact_phone'),
    messageToCentre: text('message_to_centre'),
    /** Work order / fault report / deviation / lost device details, as in the contract. */
    details: jsonb('details'),
    /** The submit message's id (its idempotency key at the centre). */
    messageId: uuid('message_id'),
    centreOrderNumber: text('centre_order_number'),
    expectedDate: date('expected_date'),
    /** Set on an order split off another at submit (issue 16 item 5): the lines the prescriber chose to send on their own. */
    splitFromOrderId: uuid('split_from_order_id'),
    /** Customer orders: what the prescriber records with the prescription (issue 16 item 7): aim, follow-up date and who follows up. */
    prescription: jsonb('prescription').$type<PrescriptionRecord>(),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
  },
  (t) => [
    index('ordering_order_created_by_idx').on(t.createdBy, t.createdAt),
    index('ordering_order_customer_idx').on(t.customerId, t.createdAt),
    index('ordering_order_patient_idx').on(t.patientId, t.createdAt),
    index('ordering_order_split_from_idx')
      .on(t.splitFromOrderId)
      .where(sql`split_from_order_id is not null`),
  ],
);

export const orderingOrderLine = pgTable(
  'ordering_order_line',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orderId: uuid('order_id')
      .notNull()
      .references(() => orderingOrder.id, { onDelete: 'cascade' }),
    lineNumber: smallint('line_number').notNull(),
    articleId: uuid('article_id'),
    articleNumber: text('article_number'),
    articleName: text('article_name'),
    quantity: integer('quantity').notNull().default(1),
    deliveredQuantity: integer('delivered_quantity').notNull().default(0),
    unitNumber: text('unit_number'),
    accessoryForLineId: uuid('accessory_for_line_id'),
    note: text('note'),
    /** Draft only: the prescriber chose to send this line as an order of its own (its lead time would delay the rest). */
    separateOrder: boolean('separate_order').notNull().default(false),
    /** The measurements the article's ISO class asks for, as entered, with the definition's label and unit at the time (prescription.ts). */
    measurements: jsonb('measurements').$type<LineMeasurement[]>(),
    status: text('status', { enum: lineStatuses }).notNull().default('draft'),
    plannedDate: date('planned_date'),
    cancelReason: text('cancel_reason'),
  },
  (t) => [uniqueIndex('ordering_order_line_number_uq').on(t.orderId, t.lineNumber)],
);

/** The centre's confirmations as received: append-only, one row per contract event (its id is the idempotency key). */
export const orderingOrderEvent = pgTable(
  'ordering_order_event',
  {
    eventId: uuid('event_id').primaryKey(),
    orderId: uuid('order_id')
      .notNull()
      .references(() => orderingOrder.id),
    lineId: uuid('line_id'),
    sequence: integer('sequence').notNull(),
    type: text('type').notNull(),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
    payload: jsonb('payload').notNull(),
  },
  (t) => [index('ordering_order_event_order_idx').on(t.orderId, t.sequence)],
);

/** Attachments to an order (instructions, risk analyses, photos), stored by the app. */
export const orderingAttachment = pgTable(
  'ordering_attachment',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orderId: uuid('order_id')
      .notNull()
      .references(() => orderingOrder.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    fileName: text('file_name').notNull(),
    contentType: text('content_type').notNull(),
    size: bigint('size', { mode: 'number' }).notNull(),
    sha256: text('sha256').notNull(),
    storageKey: text('storage_key').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('ordering_attachment_order_idx').on(t.orderId)],
);

/**
 * The patient's devices as the centre confirmed them (hjälpmedelsbild): a holding per unit, from the
 * delivery (or buffer registration) until it was deregistered or written off.
 */
export const patientDevice = pgTable(
  'ordering_patient_device',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    patientId: uuid('patient_id').notNull(),
    customerId: uuid('customer_id').notNull(),
    careProviderId: uuid('care_provider_id').notNull(),
    orderId: uuid('order_id').references(() => orderingOrder.id),
    unitNumber: text('unit_number').notNull(),
    serialNumber: text('serial_number'),
    articleNumber: text('article_number').notNull(),
    articleName: text('article_name').notNull(),
    isoCode: text('iso_code'),
    chargingForm: text('charging_form'),
    since: date('since').notNull(),
    until: date('until'),
    endReason: text('end_reason'),
    /** Set while a pick-up order for the unit is open. */
    pickUpOrderId: uuid('pick_up_order_id'),
    /** The centre's inspection failed the unit (contract event unitFailedInspection): out of use, with the remark. */
    failedInspectionOn: date('failed_inspection_on'),
    failedInspectionRemark: text('failed_inspection_remark'),
  },
  (t) => [
    index('ordering_patient_device_patient_idx').on(t.patientId, t.since),
    uniqueIndex('ordering_patient_device_current_uq')
      .on(t.unitNumber)
      .where(sql`until is null`),
  ],
);

/** News for a prescriber about their orders: delayed, delivered, cancelled, answered. */
export const orderingMessage = pgTable(
  'ordering_message',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id').notNull(),
    orderId: uuid('order_id')
      .notNull()
      .references(() => orderingOrder.id),
    eventId: uuid('event_id').notNull(),
    kind: text('kind').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    readAt: timestamp('read_at', { withTimezone: true }),
  },
  (t) => [index('ordering_message_user_idx').on(t.userId, t.createdAt)],
);

/** Order numbers per year: B2026-000001 … */
export const orderNumberCounter = pgTable('ordering_order_number', {
  year: smallint('year').primaryKey(),
  last: integer('last').notNull(),
});

/** A prescriber's favourite articles (issue 16 item 6): starred in the order's article search, listed there. */
export const orderingFavourite = pgTable(
  'ordering_favourite',
  {
    userId: uuid('user_id').notNull(),
    /** The catalogue's article, by id only (no foreign key into another module's table). */
    articleId: uuid('article_id').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.articleId] })],
);

/**
 * What a prescription for an article of an ISO 9999 class records (issue 16 item 7): the measurements the class
 * asks for and whether the aim is required. Data a region changes; seeded by migration 0027. An article's class is
 * the row whose prefix (digits only, e.g. "1222") is the longest that starts its ISO code.
 */
export const orderingPrescriptionClass = pgTable('ordering_prescription_class', {
  isoPrefix: text('iso_prefix').primaryKey(),
  titleSv: text('title_sv').notNull(),
  titleEn: text('title_en').notNull(),
  aimRequired: boolean('aim_required').notNull().default(false),
  measurements: jsonb('measurements').$type<MeasurementDefinition[]>().notNull().default([]),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** A follow-up the prescriber planned when sending a customer order ("Mina uppföljningar"), until marked done. */
export const orderingFollowUp = pgTable(
  'ordering_follow_up',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orderId: uuid('order_id')
      .notNull()
      .unique()
      .references(() => orderingOrder.id),
    patientId: uuid('patient_id'),
    careProviderId: uuid('care_provider_id').notNull(),
    /** The prescriber who sent the order: the follow-up is on their list. */
    prescriberId: uuid('prescriber_id').notNull(),
    /** Who follows up, when not the prescriber (free text); null = the prescriber. */
    responsibleName: text('responsible_name'),
    dueDate: date('due_date', { mode: 'string' }).notNull(),
    doneAt: timestamp('done_at', { withTimezone: true }),
    doneBy: uuid('done_by'),
    doneNote: text('done_note'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('ordering_follow_up_open_idx')
      .on(t.prescriberId, t.dueDate)
      .where(sql`done_at is null`),
  ],
);
