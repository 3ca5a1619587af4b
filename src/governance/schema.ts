import { index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/** Driftinformation: operational news published to users, optionally targeted at one customer. */
export const news = pgTable(
  'news',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    severity: text('severity', { enum: ['info', 'disruption'] }).notNull().default('info'),
    targetCustomerId: uuid('target_customer_id'),
    publishedAt: timestamp('published_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    createdBy: uuid('created_by'),
  },
  (t) => [index('news_published_idx').on(t.publishedAt)],
);
