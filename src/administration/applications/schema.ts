import { index, jsonb, pgTable, smallint, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { appUser, careProvider, customer, type Role } from '../schema.ts';

export const applicationKinds = ['newUser', 'change', 'leaver'] as const;
export type ApplicationKind = (typeof applicationKinds)[number];
export const applicationStates = ['received', 'approved', 'refused'] as const;
export type ApplicationState = (typeof applicationStates)[number];

/**
 * Behörighetsansökan (DOMAIN §7): a new user, a change (name, workplace, role, profession) or a leaver, applied
 * for by local support (for its care provider's workplaces) or system administration, with the responsible
 * manager's contact details. System administration approves (the user is created, changed or inactivated in the
 * same transaction) or refuses with a reason. `received_at`, `target_days` (the target when it arrived) and
 * `decided_at` are kept so the quality follow-up can count the share registered within the target.
 */
export const accessApplication = pgTable(
  'access_application',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind', { enum: applicationKinds }).notNull(),
    state: text('state', { enum: applicationStates }).notNull().default('received'),
    applicantUserId: uuid('applicant_user_id')
      .notNull()
      .references(() => appUser.id),
    /**
     * The care provider the application belongs to (its workplace's), for local support's scope; null for the
     * centre's own staff, who belong to no customer.
     */
    careProviderId: uuid('care_provider_id').references(() => careProvider.id),
    /** New user: the workplace; change: the new workplace, if it changes. */
    customerId: uuid('customer_id').references(() => customer.id),
    /** Change and leaver: whose account; new user: the account created on approval. */
    userId: uuid('user_id').references(() => appUser.id),
    firstName: text('first_name'),
    lastName: text('last_name'),
    email: text('email'),
    phone: text('phone'),
    hsaId: text('hsa_id'),
    profession: text('profession'),
    roles: jsonb('roles').$type<Role[]>(),
    managerName: text('manager_name').notNull(),
    managerEmail: text('manager_email').notNull(),
    managerPhone: text('manager_phone').notNull(),
    note: text('note'),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
    targetDays: smallint('target_days').notNull(),
    dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    decidedByUserId: uuid('decided_by_user_id').references(() => appUser.id),
    refusalReason: text('refusal_reason'),
  },
  (t) => [
    index('access_application_queue_idx').on(t.state, t.receivedAt, t.id),
    index('access_application_care_provider_idx').on(t.careProviderId, t.receivedAt),
    index('access_application_received_idx').on(t.receivedAt),
  ],
);
