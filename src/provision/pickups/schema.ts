import { sql } from 'drizzle-orm';
import { date, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { provisionHolding, provisionOrder, provisionOrderLine, provisionUnit } from '../schema.ts';

// Pick-ups (hämtorder, DOMAIN §4): one row per pick-up line with the unit, its holding and the line's own
// time limits, and the investigation a missing unit opens. Re-exported from src/app/schema.ts.

/** A pick-up line as the centre handles it: which unit and holding it is about, and its dates. */
export const provisionPickUp = pgTable(
  'provision_pick_up',
  {
    lineId: uuid('line_id')
      .primaryKey()
      .references(() => provisionOrderLine.id),
    orderId: uuid('order_id')
      .notNull()
      .references(() => provisionOrder.id),
    /** Null when the unit number the order named is not a unit on a patient at the centre. */
    unitId: uuid('unit_id').references(() => provisionUnit.id),
    holdingId: uuid('holding_id').references(() => provisionHolding.id),
    registeredOn: date('registered_on').notNull(),
    pickUpBy: date('pick_up_by').notNull(),
    deregisterBy: date('deregister_by').notNull(),
    pickedUpOn: date('picked_up_on'),
    deregisteredOn: date('deregistered_on'),
    /** Who recorded the pick-up and when: the same person may undo it the same day (issue 16 item 8). */
    pickedUpBy: uuid('picked_up_by'),
    pickedUpAt: timestamp('picked_up_at', { withTimezone: true }),
    deregisteredBy: uuid('deregistered_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('provision_pick_up_order_idx').on(t.orderId), index('provision_pick_up_unit_idx').on(t.unitId)],
);

export const investigationStates = ['open', 'found', 'closed'] as const;
export type InvestigationState = (typeof investigationStates)[number];

/**
 * Utredning: a unit missing at pick-up. open → found (the unit turned up and was picked up) or closed
 * (written off 'lossAfterInvestigation'). The holding and its rent run on while it is open.
 */
export const provisionInvestigation = pgTable(
  'provision_investigation',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => provisionUnit.id),
    holdingId: uuid('holding_id').references(() => provisionHolding.id),
    orderId: uuid('order_id')
      .notNull()
      .references(() => provisionOrder.id),
    lineId: uuid('line_id')
      .notNull()
      .references(() => provisionOrderLine.id),
    state: text('state', { enum: investigationStates }).notNull().default('open'),
    openedAt: timestamp('opened_at', { withTimezone: true }).notNull(),
    openedBy: uuid('opened_by'),
    openingNote: text('opening_note'),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    closedBy: uuid('closed_by'),
    outcomeNote: text('outcome_note'),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    index('provision_investigation_state_idx').on(t.state, t.openedAt),
    uniqueIndex('provision_investigation_open_unit_uq')
      .on(t.unitId)
      .where(sql`state = 'open'`),
  ],
);
