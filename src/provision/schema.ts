import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
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
import { cancelReasons, orderTypes } from '../contract/matrix.ts';

// The provision side's tables (the centre's business system, DOMAIN §2 and §4). Other modules' rows
// (customers, articles, users) are referred to by id only, with the few facts the centre needs copied in
// at intake, so this module never reads another module's tables (DESIGN: modules call each other's
// exported functions). Each feature keeps its tables in its own block.

// ---------------------------------------------------------------------------------------------------------
// Settings (src/provision/due-dates): the rules as data
// ---------------------------------------------------------------------------------------------------------

/** Region-specific overrides of the defaults, by key ('timeLimits' → a partial ProvisionTimeLimits). */
export const provisionSetting = pgTable('provision_setting', {
  key: text('key').primaryKey(),
  value: jsonb('value').$type<Record<string, unknown>>().notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  updatedBy: uuid('updated_by'),
});

/**
 * The centre's rules as data (issue 15): work-order types, time limits, office hours, code lists and queue
 * routing, one full snapshot per version. A change adds a version (who, when, what changed); the latest is
 * current; an order keeps the version it was received under (provision_order.rule_set_id). Version 1 is made
 * by migration 0021 (the defaults in code plus the time limits stored before it).
 */
export const provisionRuleSet = pgTable('provision_rule_set', {
  id: integer('id').primaryKey(),
  rules: jsonb('rules').$type<Record<string, unknown>>().notNull(),
  /** Which kind the change was to ('initial' for version 1). */
  kind: text('kind').notNull(),
  /** What was changed: the edit as given. */
  change: jsonb('change').$type<Record<string, unknown>>(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  createdBy: uuid('created_by'),
  createdByName: text('created_by_name'),
});

// ---------------------------------------------------------------------------------------------------------
// Orders (src/provision/intake, orders, queues)
// ---------------------------------------------------------------------------------------------------------

/** Every inbound contract message, by its idempotency key: the same message twice is answered from here. */
export const provisionInboundMessage = pgTable('provision_inbound_message', {
  messageId: uuid('message_id').primaryKey(),
  type: text('type').notNull(),
  orderId: uuid('order_id').notNull(),
  receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
  /** The receipt given the first time. */
  receipt: jsonb('receipt').$type<{ centreOrderNumber: string | null }>().notNull(),
  /** SHA-256 of the message as first received (intake/fingerprint.ts): the same id with another payload is a conflict. Null for messages received before it was kept. */
  payloadSha256: text('payload_sha256'),
});

export const provisionQueues = ['customerService', 'warehouse', 'technician', 'consultant'] as const;
export type ProvisionQueue = (typeof provisionQueues)[number];

export const provisionOrderStatuses = ['open', 'done', 'cancelled'] as const;

/** An order as the centre received it: the id is the ordering side's orderId (the contract's key). */
export const provisionOrder = pgTable(
  'provision_order',
  {
    id: uuid('id').primaryKey(),
    seq: bigint('seq', { mode: 'number' }).notNull().generatedAlwaysAsIdentity({ startWith: 100001 }),
    /** The centre's own number (K-100001), generated from seq so numbers never collide, also after a restore. */
    centreOrderNumber: text('centre_order_number').generatedAlwaysAs(sql`'K-' || seq::text`),
    messageId: uuid('message_id').notNull().unique(),
    orderNumber: text('order_number').notNull(),
    orderType: text('order_type', { enum: orderTypes }).notNull(),
    urgent: boolean('urgent').notNull(),
    /** The work queue the order belongs to besides customer service's (which sees everything). */
    queue: text('queue', { enum: provisionQueues }).notNull(),
    status: text('status', { enum: provisionOrderStatuses }).notNull().default('open'),
    customerId: uuid('customer_id').notNull(),
    customerNumber: text('customer_number').notNull(),
    customerName: text('customer_name').notNull(),
    careProviderId: uuid('care_provider_id').notNull(),
    deliveryAreaId: uuid('delivery_area_id').notNull(),
    deliveryAreaName: text('delivery_area_name').notNull(),
    /** The area's fixed delivery weekday at intake, 1 = Monday. */
    deliveryWeekday: smallint('delivery_weekday').notNull(),
    urgentFeeExempt: boolean('urgent_fee_exempt').notNull().default(false),
    /** The contract's orderedBy, delivery, contact as sent. */
    orderedBy: jsonb('ordered_by').$type<Record<string, unknown>>().notNull(),
    orderedByName: text('ordered_by_name').notNull(),
    delivery: jsonb('delivery').$type<Record<string, unknown>>().notNull(),
    contact: jsonb('contact').$type<{ name: string; phone: string } | null>(),
    messageToCentre: text('message_to_centre'),
    /** Type-specific payload as sent (workOrder, faultReport, deviation, lostDevice, attachments). */
    details: jsonb('details').$type<Record<string, unknown>>().notNull(),
    workOrderTypeCode: text('work_order_type_code'),
    /** The rules version the order was received under (provision_rule_set): its limits and labels are read through it. */
    ruleSetId: integer('rule_set_id')
      .notNull()
      .references(() => provisionRuleSet.id),
    /** The order's delivery date: the latest due date of its lines. */
    dueDate: date('due_date'),
    /** Urgent orders: acknowledged by the centre by this instant (08:00 the next working day). */
    acknowledgeBy: timestamp('acknowledge_by', { withTimezone: true }),
    acknowledgedAt: timestamp('acknowledged_at', { withTimezone: true }),
    acknowledgedBy: uuid('acknowledged_by'),
    sentAt: timestamp('sent_at', { withTimezone: true }).notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
    /** Who is sending this order's events now (the outbox sends one order's events in sequence, by one worker).
     *  The next event's sequence is the order's highest + 1, taken under the order's row lock. */
    sendingUntil: timestamp('sending_until', { withTimezone: true }),
    /** The system client that sent the order over the contract's REST endpoint (issue 18): its events go to that
     *  client's ordering system (webhooks and the event feed), not to Bistå's own ordering side. */
    senderClientId: uuid('sender_client_id'),
    version: integer('version').notNull().default(1),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('provision_order_seq_uq').on(t.seq),
    index('provision_order_customer_idx').on(t.customerId, t.receivedAt),
    index('provision_order_open_idx')
      .on(t.queue, t.orderType)
      .where(sql`status = 'open'`),
  ],
);

/**
 * The patient as the order named them (a snapshot: the centre keeps no link into the care providers'
 * data). A protected identity never has an address (checked by the database). Holdings refer to it.
 */
export const provisionPatient = pgTable(
  'provision_patient',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orderId: uuid('order_id')
      .notNull()
      .references(() => provisionOrder.id),
    identifier: text('identifier').notNull(),
    identifierKind: text('identifier_kind', { enum: ['personnummer', 'samordningsnummer'] }).notNull(),
    firstName: text('first_name').notNull(),
    lastName: text('last_name').notNull(),
    protectedIdentity: boolean('protected_identity').notNull(),
    homeMunicipalityCode: text('home_municipality_code'),
    careOf: text('care_of'),
    street: text('street'),
    postalCode: text('postal_code'),
    city: text('city'),
    capturedAt: timestamp('captured_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('provision_patient_order_uq').on(t.orderId),
    index('provision_patient_identifier_idx').on(t.identifier),
    check(
      'provision_patient_protected_no_address',
      sql`not ${t.protectedIdentity} or (${t.street} is null and ${t.postalCode} is null and ${t.city} is null and ${t.careOf} is null)`,
    ),
  ],
);

/** States of an order line across all order types; each type's machine uses some (orders/line-states.ts). */
export const provisionLineStates = [
  'received',
  'orderedFromSupplier',
  'inAdaptation',
  'delivered',
  'cancelled',
  // Other order types (filled in by their features): pick-ups, work orders, reports.
  'booked',
  'started',
  'pickedUp',
  'done',
] as const;
export type ProvisionLineState = (typeof provisionLineStates)[number];

/** A line of an order: the id is the ordering side's lineId. */
export const provisionOrderLine = pgTable(
  'provision_order_line',
  {
    id: uuid('id').primaryKey(),
    orderId: uuid('order_id')
      .notNull()
      .references(() => provisionOrder.id),
    lineNumber: smallint('line_number').notNull(),
    articleId: uuid('article_id'),
    articleNumber: text('article_number'),
    articleName: text('article_name'),
    isoCode: text('iso_code'),
    chargingForm: text('charging_form', { enum: ['rent', 'sale', 'saleWithReturn'] }),
    stockForm: text('stock_form', { enum: ['stock', 'orderItem'] }),
    unitTracked: boolean('unit_tracked').notNull().default(false),
    quantity: integer('quantity').notNull(),
    deliveredQuantity: integer('delivered_quantity').notNull().default(0),
    /** The patient's unit the line is about (pick-up, work order, lost device). */
    unitNumber: text('unit_number'),
    accessoryForLineId: uuid('accessory_for_line_id'),
    note: text('note'),
    state: text('state', { enum: provisionLineStates }).notNull(),
    /** Copied from the order: urgent lines come first among lines due the same day. */
    urgent: boolean('urgent').notNull().default(false),
    /** The time limit: the date the line must be done by (urgent lines also have dueAt). */
    dueDate: date('due_date'),
    dueAt: timestamp('due_at', { withTimezone: true }),
    /** Set by the centre when the line is ordered from the supplier or will take longer than the limit. */
    plannedDate: date('planned_date'),
    /** The date the ordering side was last told: due date, planned date or a 'delayed' new date. Overdue = before today. */
    expectedDate: date('expected_date'),
    /**
     * Customer-order lines: the last day the line may be promised without a planned date (receipt + 17 working days,
     * config). A line promised later with no planned date needs one (DOMAIN §4, issue 15 item 9); the queue shows it.
     */
    plannedDateRequiredAfter: date('planned_date_required_after'),
    cancelReason: text('cancel_reason', { enum: cancelReasons }),
    version: integer('version').notNull().default(1),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('provision_order_line_number_uq').on(t.orderId, t.lineNumber),
    // Work queues read open lines by their deadline (the planned date, else the due date: a line whose
    // deadline passed stays first). The promised date (expected_date) is deliberately not indexed: the
    // daily due-date job moves it on every overdue line, and an unindexed column lets PostgreSQL update
    // those rows in place (HOT, with the table's fill factor leaving room) without touching any index.
    index('provision_order_line_deadline_idx')
      .on(sql`coalesce(${t.plannedDate}, ${t.dueDate}, '9999-12-31'::date)`, sql`(not ${t.urgent})`, t.id)
      .where(sql`state not in ('delivered', 'cancelled', 'done')`),
    check('provision_order_line_quantity', sql`${t.deliveredQuantity} >= 0 and ${t.deliveredQuantity} <= ${t.quantity}`),
  ],
);

/**
 * The append-only event stream per order and line (CONVENTIONS §5): every step, with the state change it
 * made. Events the ordering side must hear about also carry the contract event (eventId, sequence per
 * order, payload) and are the outbox: `sent_at` is set when the ordering side has it.
 */
export const provisionOrderEvent = pgTable(
  'provision_order_event',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    // No foreign key: its check runs per inserted row (4.3 CPU s per million rows; 1.3 s of the due-date
    // job's ~8.5 for its 250 000 rows in bench/due-date-job.ts). Statement-level triggers check a whole
    // statement's rows at once instead, and refuse deleting an order that has events (migration 0008).
    orderId: uuid('order_id').notNull(),
    lineId: uuid('line_id'),
    type: text('type').notNull(),
    fromState: text('from_state'),
    toState: text('to_state'),
    at: timestamp('at', { withTimezone: true }).notNull(),
    actorUserId: uuid('actor_user_id'),
    actorLabel: text('actor_label'),
    data: jsonb('data').$type<Record<string, unknown>>(),
    eventId: uuid('event_id'),
    /** The contract sequence number. A due-date job 'delayed' row stands for several lines' events and holds
     *  the last of their numbers (orders/send-events.ts, contractEventsOf). */
    sequence: integer('sequence'),
    contractEvent: jsonb('contract_event').$type<Record<string, unknown>>(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    /** The ordering side refused the event for good (ContractRefused): code and message. */
    refusal: text('refusal'),
  },
  // Few indexes on purpose: the due-date job may append a million events in one run. Everything reads an
  // order's events through (order_id, sequence) — steps without a contract event have a null sequence and
  // are found by the same index, and so are the order's unsent events (a short scan of one order's rows).
  (t) => [uniqueIndex('provision_order_event_seq_uq').on(t.orderId, t.sequence)],
);

// ---------------------------------------------------------------------------------------------------------
// Units, warehouses, holdings (src/provision/units)
// ---------------------------------------------------------------------------------------------------------

export const provisionWarehouse = pgTable('provision_warehouse', {
  id: uuid('id').primaryKey().defaultRandom(),
  code: text('code').notNull().unique(),
  name: text('name').notNull(),
  active: boolean('active').notNull().default(true),
  /** Where suppliers deliver to this warehouse (lines of a postal address); purchase orders copy it. */
  deliveryAddress: text('delivery_address'),
});

/** Unit statuses of DOMAIN.md §4 (transitions in units/unit-states.ts). */
export const unitStatuses = [
  'newInStock',
  'reserved',
  'onPatient',
  'pickUpOrdered',
  'returned',
  'inReconditioning',
  'reconditionedInStock',
  'scrapped',
  // Kept in a customer's buffer store until a buffer withdrawal registers it on a patient (buffer-withdrawals/).
  'inBufferStore',
] as const;
export type UnitStatus = (typeof unitStatuses)[number];

export const writeOffCodes = ['lossByReport', 'lossAfterInvestigation', 'wornOut'] as const;
export type WriteOffCode = (typeof writeOffCodes)[number];

/** Individ: one physical, unit-tracked device. */
export const provisionUnit = pgTable(
  'provision_unit',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    seq: bigint('seq', { mode: 'number' }).notNull().generatedAlwaysAsIdentity(),
    unitNumber: text('unit_number').generatedAlwaysAs(sql`'U-' || case when seq < 1000000 then lpad(seq::text, 6, '0') else seq::text end`),
    articleId: uuid('article_id').notNull(),
    articleNumber: text('article_number').notNull(),
    articleName: text('article_name').notNull(),
    serialNumber: text('serial_number'),
    purchaseDate: date('purchase_date').notNull(),
    purchaseCost: numeric('purchase_cost', { precision: 12, scale: 2 }).notNull(),
    status: text('status', { enum: unitStatuses }).notNull(),
    /** How many times it came back and was reconditioned. */
    reconditionCount: integer('recondition_count').notNull().default(0),
    warehouseId: uuid('warehouse_id').references(() => provisionWarehouse.id),
    reservedForLineId: uuid('reserved_for_line_id').references(() => provisionOrderLine.id),
    writeOffCode: text('write_off_code', { enum: writeOffCodes }),
    writtenOffOn: date('written_off_on'),
    /** Articles with an inspection interval: the next inspection (besiktning), from the delivery or the last inspection (maintenance/). */
    nextInspectionOn: date('next_inspection_on'),
    /** Failed its inspection (underkänd): out of use, never delivered, lent or reserved, until an inspection approves it (maintenance/). */
    outOfUseSince: date('out_of_use_since'),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('provision_unit_seq_uq').on(t.seq),
    uniqueIndex('provision_unit_number_uq').on(t.unitNumber),
    index('provision_unit_serial_idx').on(t.serialNumber),
    // The replacement chain: in-stock units of an article, reconditioned first, oldest first.
    index('provision_unit_pick_idx')
      .on(t.articleId, t.status, t.purchaseDate, t.seq)
      .where(sql`status in ('newInStock', 'reconditionedInStock')`),
    index('provision_unit_reserved_idx')
      .on(t.reservedForLineId)
      .where(sql`reserved_for_line_id is not null`),
    // The inspection queue: units due by a date.
    index('provision_unit_next_inspection_idx')
      .on(t.nextInspectionOn)
      .where(sql`next_inspection_on is not null and status <> 'scrapped'`),
    check('provision_unit_reserved_has_line', sql`(${t.status} = 'reserved') = (${t.reservedForLineId} is not null)`),
  ],
);

/** Append-only history of a unit: every status change and what caused it. */
export const provisionUnitEvent = pgTable(
  'provision_unit_event',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => provisionUnit.id),
    type: text('type').notNull(),
    fromStatus: text('from_status', { enum: unitStatuses }),
    toStatus: text('to_status', { enum: unitStatuses }).notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    actorUserId: uuid('actor_user_id'),
    actorLabel: text('actor_label'),
    orderId: uuid('order_id'),
    lineId: uuid('line_id'),
    data: jsonb('data').$type<Record<string, unknown>>(),
  },
  (t) => [index('provision_unit_event_unit_idx').on(t.unitId, t.id)],
);

/** Innehav: a unit on a patient (or at a customer) from the delivery day; rent runs while it is open. */
export const provisionHolding = pgTable(
  'provision_holding',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => provisionUnit.id),
    patientId: uuid('patient_id').references(() => provisionPatient.id),
    customerId: uuid('customer_id').notNull(),
    orderId: uuid('order_id').references(() => provisionOrder.id),
    lineId: uuid('line_id').references(() => provisionOrderLine.id),
    fromDate: date('from_date').notNull(),
    toDate: date('to_date'),
    endReason: text('end_reason'),
    /** A pick-up order stops the rent from this day (registration + 3 working days); cleared if the unit is missing (pickups/). */
    rentStopsOn: date('rent_stops_on'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('provision_holding_current_uq')
      .on(t.unitId)
      .where(sql`to_date is null`),
    index('provision_holding_patient_idx').on(t.patientId),
    index('provision_holding_customer_idx').on(t.customerId, t.fromDate),
  ],
);

/** Configured equivalents for the replacement chain: an order for `articleId` may be filled with `equivalentArticleId`. */
export const provisionEquivalent = pgTable(
  'provision_equivalent',
  {
    articleId: uuid('article_id').notNull(),
    equivalentArticleId: uuid('equivalent_article_id').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.articleId, t.equivalentArticleId] }),
    check('provision_equivalent_not_self', sql`${t.articleId} <> ${t.equivalentArticleId}`),
  ],
);

// ---------------------------------------------------------------------------------------------------------
// Stock (src/provision/stock)
// ---------------------------------------------------------------------------------------------------------

export const provisionStockTransactionKinds = ['receipt', 'delivery', 'adjustment', 'return', 'cancellation'] as const;

/** The stock ledger of non-unit-tracked articles: every change of quantity per warehouse and article. */
export const provisionStockTransaction = pgTable(
  'provision_stock_transaction',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    warehouseId: uuid('warehouse_id')
      .notNull()
      .references(() => provisionWarehouse.id),
    articleId: uuid('article_id').notNull(),
    quantity: integer('quantity').notNull(),
    kind: text('kind', { enum: provisionStockTransactionKinds }).notNull(),
    orderId: uuid('order_id'),
    lineId: uuid('line_id'),
    note: text('note'),
    /**
     * Kronor per piece: a receipt's purchase cost; anything else moves at the balance's average cost at the time
     * (the moving weighted average, stock/ledger.ts). Null for entries made before costs were kept.
     */
    unitCost: numeric('unit_cost', { precision: 14, scale: 4 }),
    at: timestamp('at', { withTimezone: true }).notNull(),
    actorUserId: uuid('actor_user_id'),
  },
  (t) => [index('provision_stock_tx_article_idx').on(t.warehouseId, t.articleId, t.id), check('provision_stock_tx_nonzero', sql`${t.quantity} <> 0`)],
);

/**
 * The balance per warehouse and article, kept in step with the ledger in the same transaction (it always
 * equals the sum of the ledger). Its row is what concurrent withdrawals lock, and its check keeps it from
 * going negative.
 */
export const provisionStockBalance = pgTable(
  'provision_stock_balance',
  {
    warehouseId: uuid('warehouse_id')
      .notNull()
      .references(() => provisionWarehouse.id),
    articleId: uuid('article_id').notNull(),
    articleNumber: text('article_number').notNull(),
    articleName: text('article_name').notNull(),
    balance: integer('balance').notNull(),
    /** The moving weighted average purchase cost per piece (kronor); null while no receipt with a cost is known. Stock value = balance × this. */
    averageCost: numeric('average_cost', { precision: 14, scale: 4 }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.warehouseId, t.articleId] }), check('provision_stock_balance_not_negative', sql`${t.balance} >= 0`)],
);
