import { date, index, pgTable, timestamp, uuid } from 'drizzle-orm/pg-core';
import { provisionUnit } from '../schema.ts';

/**
 * Units kept in a customer's buffer store (buffertförråd): the unit's status is 'inBufferStore' while it
 * has a row here. A buffer withdrawal registers one of them on a patient and removes the row.
 * The buffer store itself belongs to the customer register (administration), referred to by id.
 */
export const provisionBufferUnit = pgTable(
  'provision_buffer_unit',
  {
    unitId: uuid('unit_id')
      .primaryKey()
      .references(() => provisionUnit.id),
    bufferStoreId: uuid('buffer_store_id').notNull(),
    customerId: uuid('customer_id').notNull(),
    placedOn: date('placed_on').notNull(),
    placedAt: timestamp('placed_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('provision_buffer_unit_store_idx').on(t.bufferStoreId)],
);
