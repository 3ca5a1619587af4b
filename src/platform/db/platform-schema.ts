import { sql } from 'drizzle-orm';
import { bigint, boolean, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/** Server-side sessions. The cookie holds a random token; only its SHA-256 is stored. */
export const appSession = pgTable(
  'app_session',
  {
    idHash: text('id_hash').primaryKey(),
    userId: uuid('user_id').notNull(),
    csrfToken: text('csrf_token').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    ip: text('ip'),
    userAgent: text('user_agent'),
    /** A session made by SITHS login (src/platform/auth/oidc.ts): the IdP's ID token, sent as id_token_hint at logout. */
    oidcIdToken: text('oidc_id_token'),
  },
  (t) => [index('app_session_user_idx').on(t.userId), index('app_session_expires_idx').on(t.expiresAt)],
);

/**
 * SITHS logins under way (src/platform/auth/oidc.ts): the state, nonce and PKCE verifier of one browser's trip to
 * the IdP, keyed by the hash of a random value in that browser's cookie, so that a callback is only accepted in
 * the browser that started it. Used once (deleted at the callback) and valid ten minutes.
 */
export const oidcLogin = pgTable('oidc_login', {
  idHash: text('id_hash').primaryKey(),
  state: text('state').notNull(),
  nonce: text('nonce').notNull(),
  codeVerifier: text('code_verifier').notNull(),
  returnTo: text('return_to'),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
});

/** Login attempts, for per-account lockout and per-address throttling. Kept for a day. */
export const loginAttempt = pgTable(
  'login_attempt',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    username: text('username').notNull(),
    ip: text('ip').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    success: boolean('success').notNull(),
  },
  (t) => [index('login_attempt_user_at_idx').on(t.username, t.at), index('login_attempt_ip_at_idx').on(t.ip, t.at)],
);

/**
 * Append-only audit log (a trigger refuses UPDATE and DELETE). Written in the same transaction as the
 * change or the read of personal data it records.
 */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    actorUserId: uuid('actor_user_id'),
    /** Set instead of the user when a registered system client (OAuth2 client credentials) made the call. */
    actorClientId: uuid('actor_client_id'),
    actorLabel: text('actor_label').notNull(),
    action: text('action').notNull(),
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id'),
    careProviderId: uuid('care_provider_id'),
    patientRef: text('patient_ref'),
    purpose: text('purpose'),
    ip: text('ip'),
    requestId: text('request_id'),
    details: jsonb('details').$type<Record<string, unknown>>(),
  },
  (t) => [
    index('audit_log_at_idx').on(t.at),
    index('audit_log_actor_idx').on(t.actorUserId, t.at),
    index('audit_log_entity_idx').on(t.entityType, t.entityId),
    index('audit_log_patient_idx').on(t.patientRef),
  ],
);

/**
 * HMAC keys that sign the short-lived access tokens of system clients (src/platform/auth/access-tokens.ts).
 * Made on first use and shared through the database, so every app server verifies every server's tokens;
 * `kid` in a token's header names its key, so a new key can be added without voiding live tokens.
 */
export const tokenSigningKey = pgTable('token_signing_key', {
  kid: text('kid').primaryKey(),
  secret: text('secret').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * Background jobs and the outbox: a message that leaves the system is a job inserted in the same
 * transaction as the change that caused it. Workers claim with FOR UPDATE SKIP LOCKED.
 */
export const job = pgTable(
  'job',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    kind: text('kind').notNull(),
    payload: jsonb('payload').$type<unknown>().notNull(),
    state: text('state', { enum: ['pending', 'running', 'done', 'failed'] })
      .notNull()
      .default('pending'),
    runAt: timestamp('run_at', { withTimezone: true }).notNull().defaultNow(),
    attempts: integer('attempts').notNull().default(0),
    maxAttempts: integer('max_attempts').notNull().default(10),
    lastError: text('last_error'),
    lastAttemptAt: timestamp('last_attempt_at', { withTimezone: true }),
    lockedBy: text('locked_by'),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    dedupeKey: text('dedupe_key').unique(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [
    index('job_due_idx')
      .on(t.state, t.runAt)
      .where(sql`state in ('pending', 'running')`),
  ],
);

/** Every attempt of a job, so an operator sees the history of a message that keeps failing. */
export const jobAttempt = pgTable(
  'job_attempt',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    jobId: bigint('job_id', { mode: 'number' })
      .notNull()
      .references(() => job.id, { onDelete: 'cascade' }),
    attempt: integer('attempt').notNull(),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    finishedAt: timestamp('finished_at', { withTimezone: true }).notNull(),
    workerId: text('worker_id').notNull(),
    ok: boolean('ok').notNull(),
    error: text('error'),
  },
  (t) => [index('job_attempt_job_idx').on(t.jobId)],
);

/**
 * Outgoing e-mail (src/platform/mail/): every mail the system sends, queued in the transaction of the change
 * that caused it and sent after commit by the job `platform.send-mail`. With no SMTP server configured (the
 * embedded default) a mail stays here as 'kept' and system administration reads it in "Utgående e-post".
 */
export const outgoingMail = pgTable(
  'outgoing_mail',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    to: text('to').notNull(),
    subject: text('subject').notNull(),
    body: text('body').notNull(),
    /** Which change caused the mail ('accessApplication.approve' …), for the list. */
    reason: text('reason').notNull(),
    state: text('state', { enum: ['queued', 'sent', 'kept', 'failed'] })
      .notNull()
      .default('queued'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    /** The SMTP server's message id once it accepted the mail. */
    messageId: text('message_id'),
    /** Files sent with the mail (a purchase order's PDF): name, type and the bytes in base64. */
    attachments: jsonb('attachments').$type<{ filename: string; contentType: string; contentBase64: string }[]>(),
  },
  (t) => [index('outgoing_mail_created_idx').on(t.createdAt, t.id)],
);

/**
 * Settings a system administrator changes at run time (src/platform/settings/): one row per key that has been
 * set; a key without a row has its default (from the configuration or the module that defines it).
 */
export const appSetting = pgTable('app_setting', {
  key: text('key').primaryKey(),
  value: jsonb('value').$type<unknown>().notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  updatedByUserId: uuid('updated_by_user_id'),
});
