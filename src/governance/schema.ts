import { sql } from 'drizzle-orm';
import { boolean, date, index, integer, pgTable, primaryKey, serial, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * Driftinformation: operational news published to users, optionally targeted at one customer and/or at product
 * areas (ISO 9999 codes, any level: a class '12', a subclass '12 22' or a division '12 22 03').
 */
export const news = pgTable(
  'news',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    severity: text('severity', { enum: ['info', 'disruption'] })
      .notNull()
      .default('info'),
    targetCustomerId: uuid('target_customer_id'),
    /** Product areas the news is about; empty = not about a product area. */
    targetIsoCodes: text('target_iso_codes')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    publishedAt: timestamp('published_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    createdBy: uuid('created_by'),
  },
  (t) => [index('news_published_idx').on(t.publishedAt)],
);

export const proposalKinds = ['feedback', 'development'] as const;
export const proposalStatuses = ['submitted', 'preparing', 'decidedDo', 'decidedDoNot', 'sentToCouncil', 'adopted'] as const;
export const proposalDecisions = ['do', 'doNot', 'toCouncil', 'adopt'] as const;

/** Förändringsförslag (DOMAIN §9): feedback or a development proposal, prepared and decided by the preparation group. */
export const changeProposal = pgTable(
  'change_proposal',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind', { enum: proposalKinds }).notNull(),
    title: text('title').notNull(),
    description: text('description').notNull(),
    status: text('status', { enum: proposalStatuses }).notNull().default('submitted'),
    submittedBy: uuid('submitted_by').notNull(),
    submitterName: text('submitter_name').notNull(),
    costEstimateKr: integer('cost_estimate_kr'),
    usableBySeveralCustomers: boolean('usable_by_several_customers').notNull().default(false),
    /** Over the threshold (a setting, 25 000 kr) and usable by several customers: the national user association pays. */
    fundedByUserAssociation: boolean('funded_by_user_association').notNull().default(false),
    preparationNote: text('preparation_note'),
    /** Adopted by decision: the region that already paid for the development. */
    adoptedFromRegion: text('adopted_from_region'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('change_proposal_submitted_by_idx').on(t.submittedBy)],
);

export const changeProposalDecision = pgTable(
  'change_proposal_decision',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    proposalId: uuid('proposal_id')
      .notNull()
      .references(() => changeProposal.id, { onDelete: 'cascade' }),
    decision: text('decision', { enum: proposalDecisions }).notNull(),
    decisionDate: date('decision_date').notNull(),
    minutes: text('minutes').notNull(),
    decidedBy: uuid('decided_by').notNull(),
    decidedByName: text('decided_by_name').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [index('change_proposal_decision_proposal_idx').on(t.proposalId)],
);

export const testOutcomes = ['pass', 'fail', 'comment'] as const;

/** Uppgraderingstest (DOMAIN §9): a round of tests before a release, planned by the function coordinator. */
export const testRound = pgTable(
  'test_round',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    release: text('release').notNull(),
    plannedDate: date('planned_date').notNull(),
    status: text('status', { enum: ['planned', 'signedOff'] })
      .notNull()
      .default('planned'),
    createdBy: uuid('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    signedOffAt: timestamp('signed_off_at', { withTimezone: true }),
    signedOffBy: uuid('signed_off_by'),
    signOffNote: text('sign_off_note'),
  },
  (t) => [index('test_round_release_idx').on(t.release)],
);

export const testCase = pgTable(
  'test_case',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    roundId: uuid('round_id')
      .notNull()
      .references(() => testRound.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    title: text('title').notNull(),
    steps: text('steps').notNull(),
    expectedResult: text('expected_result').notNull(),
  },
  (t) => [index('test_case_round_idx').on(t.roundId)],
);

export const testRoundTester = pgTable(
  'test_round_tester',
  {
    roundId: uuid('round_id')
      .notNull()
      .references(() => testRound.id, { onDelete: 'cascade' }),
    userId: uuid('user_id').notNull(),
    name: text('name').notNull(),
    /** The care providers the tester works for when assigned (memberships), for the "at least two" check. */
    careProviderIds: text('care_provider_ids').array().notNull(),
  },
  (t) => [primaryKey({ columns: [t.roundId, t.userId] })],
);

export const testResult = pgTable(
  'test_result',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    seq: serial('seq').notNull(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => testCase.id, { onDelete: 'cascade' }),
    testerUserId: uuid('tester_user_id').notNull(),
    testerName: text('tester_name').notNull(),
    outcome: text('outcome', { enum: testOutcomes }).notNull(),
    comment: text('comment'),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [index('test_result_case_idx').on(t.caseId)],
);
