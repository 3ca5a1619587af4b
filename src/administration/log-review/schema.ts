import { date, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

/** A PDL log review signed off by the care provider's log reviewer (issue 13 item 4): one per care provider and period. */
export const logReviewSignOff = pgTable(
  'log_review_sign_off',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    careProviderId: uuid('care_provider_id').notNull(),
    periodFrom: date('period_from', { mode: 'string' }).notNull(),
    periodTo: date('period_to', { mode: 'string' }).notNull(),
    /** What the report held when it was signed: the reads and the reads flagged as outliers. */
    reads: integer('reads').notNull(),
    outliers: integer('outliers').notNull(),
    comment: text('comment'),
    signedByUserId: uuid('signed_by_user_id').notNull(),
    signedByName: text('signed_by_name').notNull(),
    signedAt: timestamp('signed_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('log_review_sign_off_period_idx').on(t.careProviderId, t.periodFrom, t.periodTo),
    index('log_review_sign_off_signed_idx').on(t.careProviderId, t.signedAt),
  ],
);
