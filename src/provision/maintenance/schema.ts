import { sql } from 'drizzle-orm';
import { bigint, check, date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { provisionHolding, provisionUnit } from '../schema.ts';

export const inspectionResults = ['approved', 'approvedWithRemarks', 'failed'] as const;
export type InspectionResult = (typeof inspectionResults)[number];

export interface ChecklistAnswer {
  code: string;
  sv: string;
  en: string;
  ok: boolean;
  comment: string | null;
}

/**
 * Besiktning (förebyggande underhåll): one inspection of a unit, recorded by a technician with the checklist of
 * the unit's ISO class (the rules version it was done under), the result and the next date. Append-only.
 * Each is one of the centre's work orders of its own series (BES-000001), listed in the unit card's work-order
 * history with the work orders that came from the ordering side.
 */
export const provisionInspection = pgTable(
  'provision_inspection',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    seq: bigint('seq', { mode: 'number' }).notNull().generatedAlwaysAsIdentity(),
    /** The inspection's work-order number (BES-000123), generated from seq so numbers never collide, also after a restore. */
    inspectionNumber: text('inspection_number').generatedAlwaysAs(sql`'BES-' || case when seq < 1000000 then lpad(seq::text, 6, '0') else seq::text end`),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => provisionUnit.id),
    /** Where the unit was: the holding on a patient or customer, or null (in stock at the centre). */
    holdingId: uuid('holding_id').references(() => provisionHolding.id),
    inspectedOn: date('inspected_on').notNull(),
    /** The date it was due (null: the unit had none). */
    dueOn: date('due_on'),
    result: text('result', { enum: inspectionResults }).notNull(),
    checklist: jsonb('checklist').$type<ChecklistAnswer[]>().notNull(),
    /** The checklist's name and the rules version it came from. */
    checklistName: text('checklist_name').notNull(),
    ruleSetId: integer('rule_set_id').notNull(),
    comment: text('comment'),
    /** null when failed (the unit is out of use until an inspection approves it). */
    nextInspectionOn: date('next_inspection_on'),
    technicianUserId: uuid('technician_user_id'),
    technicianName: text('technician_name').notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('provision_inspection_number_uq').on(t.inspectionNumber),
    index('provision_inspection_unit_idx').on(t.unitId, t.inspectedOn),
    check('provision_inspection_next_unless_failed', sql`(${t.result} = 'failed') = (${t.nextInspectionOn} is null)`),
  ],
);
