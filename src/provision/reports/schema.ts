import { sql } from 'drizzle-orm';
import { index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { provisionOrder } from '../schema.ts';

// Reports (src/provision/reports): fault reports, deviations and lost-device reports as cases that the
// centre's customer service and consultants handle. The report itself is the order as received through
// the contract; the case row keeps who handles it and how it was closed. A case row is made the first
// time someone acts on the report (a report nobody has touched is an open, unassigned case).

export const provisionCaseStatuses = ['open', 'closed'] as const;
export type ProvisionCaseStatus = (typeof provisionCaseStatuses)[number];

export const provisionCase = pgTable(
  'provision_case',
  {
    orderId: uuid('order_id')
      .primaryKey()
      .references(() => provisionOrder.id),
    status: text('status', { enum: provisionCaseStatuses }).notNull().default('open'),
    assignedTo: uuid('assigned_to'),
    assignedToName: text('assigned_to_name'),
    assignedAt: timestamp('assigned_at', { withTimezone: true }),
    /** The answer sent to the reporter when the case was closed (fault reports and deviations). */
    answer: text('answer'),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    closedBy: uuid('closed_by'),
    closedByName: text('closed_by_name'),
    version: integer('version').notNull().default(1),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('provision_case_assigned_idx')
      .on(t.assignedTo)
      .where(sql`status = 'open'`),
  ],
);

/** Notes staff write on a case while handling it (append-only). */
export const provisionCaseNote = pgTable(
  'provision_case_note',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orderId: uuid('order_id')
      .notNull()
      .references(() => provisionOrder.id),
    text: text('text').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    actorUserId: uuid('actor_user_id'),
    actorLabel: text('actor_label').notNull(),
  },
  (t) => [index('provision_case_note_order_idx').on(t.orderId, t.at)],
);
