import { sql } from 'drizzle-orm';
import { boolean, check, date, index, integer, jsonb, pgTable, primaryKey, smallint, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { provisionOrder, provisionOrderLine } from '../schema.ts';

// Delivery runs (src/provision/transport, issue 19 item 2): per delivery area and day, the stops a driver makes —
// deliveries of customer-order lines that are ready, and pick-ups — in an order the planner may change, and what
// the driver confirmed at each stop. The area is administration's (its id and name copied in, as orders do).
// Re-exported from src/app/schema.ts.

export const runStates = ['planned', 'out', 'done'] as const;
export type RunState = (typeof runStates)[number];
export const stopKinds = ['delivery', 'pickUp'] as const;
export type StopKind = (typeof stopKinds)[number];
export const stopStates = ['pending', 'delivered', 'pickedUp', 'nobodyHome'] as const;
export type StopState = (typeof stopStates)[number];

/** Körning: one delivery area on one day. planned → out (the driver started it) → done (every stop confirmed). */
export const provisionDeliveryRun = pgTable(
  'provision_delivery_run',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    areaId: uuid('area_id').notNull(),
    areaName: text('area_name').notNull(),
    day: date('day').notNull(),
    state: text('state', { enum: runStates }).notNull().default('planned'),
    /** The driver who took the run (null: any driver may take it). */
    driverId: uuid('driver_id'),
    driverName: text('driver_name'),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('provision_delivery_run_area_day_uq').on(t.areaId, t.day), index('provision_delivery_run_day_idx').on(t.day)],
);

/**
 * A stop on a run: one order (its lines on provision_delivery_stop_line) at one address. The address is copied
 * when the stop is planned (the patient's, the other address the order gave, or the delivery point's); a patient
 * with protected identity has none (`protected_identity`: the centre's own procedure). Once confirmed (state not
 * 'pending') a stop is the driver's record and no planning or editing changes it.
 */
export const provisionDeliveryStop = pgTable(
  'provision_delivery_stop',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    runId: uuid('run_id')
      .notNull()
      .references(() => provisionDeliveryRun.id),
    kind: text('kind', { enum: stopKinds }).notNull(),
    orderId: uuid('order_id')
      .notNull()
      .references(() => provisionOrder.id),
    position: integer('position').notNull(),
    /** Who or what is at the address: the patient's name, or the delivery point's label. */
    label: text('label'),
    protectedIdentity: boolean('protected_identity').notNull().default(false),
    careOf: text('care_of'),
    street: text('street'),
    postalCode: text('postal_code'),
    city: text('city'),
    state: text('state', { enum: stopStates }).notNull().default('pending'),
    recipientName: text('recipient_name'),
    note: text('note'),
    /** Nobody home: the next attempt (null with `no_new_attempt`: the order was cancelled). */
    nextAttempt: date('next_attempt'),
    noNewAttempt: boolean('no_new_attempt').notNull().default(false),
    confirmedAt: timestamp('confirmed_at', { withTimezone: true }),
    confirmedBy: uuid('confirmed_by'),
    confirmedByName: text('confirmed_by_name'),
    /** The driver's client-made id of the confirmation: the same id again is the same confirmation (a retry). */
    confirmationId: uuid('confirmation_id'),
    /** What the confirmation answered, given again to a retry. */
    result: jsonb('result').$type<Record<string, unknown>>(),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    index('provision_delivery_stop_run_idx').on(t.runId, t.position),
    uniqueIndex('provision_delivery_stop_confirmation_uq').on(t.confirmationId),
    check('provision_delivery_stop_confirmed', sql`(${t.state} = 'pending') = (${t.confirmedAt} is null)`),
  ],
);

/** The order lines a stop delivers or picks up. */
export const provisionDeliveryStopLine = pgTable(
  'provision_delivery_stop_line',
  {
    stopId: uuid('stop_id')
      .notNull()
      .references(() => provisionDeliveryStop.id, { onDelete: 'cascade' }),
    lineId: uuid('line_id')
      .notNull()
      .references(() => provisionOrderLine.id),
    /** The line's number, for the loading list's order. */
    lineNumber: smallint('line_number').notNull(),
  },
  (t) => [primaryKey({ columns: [t.stopId, t.lineId] }), index('provision_delivery_stop_line_line_idx').on(t.lineId)],
);
