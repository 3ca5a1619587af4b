import { sql } from 'drizzle-orm';
import { check, date, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
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
 */
export const provisionInspection = pgTable(
  'provision_inspection',
  {
    id: uuid('id').primaryKey().defaultRandom(),
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
    index('provision_inspection_unit_idx').on(t.unitId, t.inspectedOn),
    check('provision_inspection_next_unless_failed', sql`(${t.result} = 'failed') = (${t.nextInspectionOn} is null)`),
  ],
);
