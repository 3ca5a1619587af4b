import { boolean, index, integer, pgTable, serial, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export const ticketChannels = ['webForm', 'phone', 'email', 'workOrder'] as const;
export const ticketStatuses = ['new', 'open', 'waitingForRequester', 'resolved', 'closed'] as const;
export const ticketEventKinds = ['created', 'reply', 'requesterReply', 'note', 'escalated', 'returned', 'status', 'attachment'] as const;

/**
 * Supportärende (DOMAIN §8): a question or fault about the IT support, at one of four levels (1 local support,
 * 2 the centre's support, 3 system management, 4 vendor). The first substantive reply is kept on the row so the
 * 24-hour measure needs no scan of the events.
 */
export const supportTicket = pgTable(
  'support_ticket',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    subject: text('subject').notNull(),
    description: text('description').notNull(),
    channel: text('channel', { enum: ticketChannels }).notNull(),
    level: integer('level').notNull().default(1),
    status: text('status', { enum: ticketStatuses }).notNull().default('new'),
    /** The logged-in user who raised it, or the user support registered it for (null: someone outside the system). */
    requesterUserId: uuid('requester_user_id'),
    requesterName: text('requester_name').notNull(),
    requesterEmail: text('requester_email'),
    /** The care provider the requester belongs to (local support's scope). */
    careProviderId: uuid('care_provider_id'),
    pageUrl: text('page_url'),
    userAgent: text('user_agent'),
    /** For channel 'workOrder': the work order it came from. */
    workOrderReference: text('work_order_reference'),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    firstResponseAt: timestamp('first_response_at', { withTimezone: true }),
    firstResponseBy: uuid('first_response_by'),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('support_ticket_created_idx').on(t.createdAt), index('support_ticket_requester_idx').on(t.requesterUserId)],
);

/** Append-only history of a ticket: replies, internal notes, escalations, status changes. */
export const supportTicketEvent = pgTable(
  'support_ticket_event',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Order of events within the same instant. */
    seq: serial('seq').notNull(),
    ticketId: uuid('ticket_id')
      .notNull()
      .references(() => supportTicket.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: ticketEventKinds }).notNull(),
    body: text('body'),
    /** False for internal notes (and escalations between levels): the requester never sees them. */
    visibleToRequester: boolean('visible_to_requester').notNull(),
    fromLevel: integer('from_level'),
    toLevel: integer('to_level'),
    fromStatus: text('from_status', { enum: ticketStatuses }),
    toStatus: text('to_status', { enum: ticketStatuses }),
    authorUserId: uuid('author_user_id'),
    authorName: text('author_name').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [index('support_ticket_event_ticket_idx').on(t.ticketId, t.at)],
);

export const supportAttachment = pgTable(
  'support_attachment',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ticketId: uuid('ticket_id')
      .notNull()
      .references(() => supportTicket.id, { onDelete: 'cascade' }),
    fileName: text('file_name').notNull(),
    contentType: text('content_type').notNull(),
    size: integer('size').notNull(),
    sha256: text('sha256').notNull(),
    storageKey: text('storage_key').notNull(),
    uploadedBy: uuid('uploaded_by'),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [index('support_attachment_ticket_idx').on(t.ticketId)],
);
