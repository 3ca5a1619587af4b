import './audit-actions.ts';
import { and, asc, desc, eq, inArray, or, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { userContact } from '../administration/users/load-user.ts';
import { audit } from '../platform/audit/audit.ts';
import { hasRole, requireActor, requireRole, type Actor, type Ctx } from '../platform/context.ts';
import type { DbOrTx } from '../platform/db/client.ts';
import { AppError } from '../platform/errors.ts';
import { email, optionalText, text } from '../platform/http/schemas.ts';
import { queueMail } from '../platform/mail/mail.ts';
import { answerClock, officeHoursSetting } from './clock.ts';
import { supportAttachment, supportTicket, supportTicketEvent, ticketChannels, ticketEventKinds, ticketStatuses } from './schema.ts';

import { SUPPORT_STAFF } from './roles.ts';
export { SUPPORT_STAFF };
export const LEVELS = { 1: 'Lokal användarsupport', 2: 'Hjälpmedelscentralens support', 3: 'Systemförvaltning', 4: 'Leverantör' } as const;
type Status = (typeof ticketStatuses)[number];
type Ticket = typeof supportTicket.$inferSelect;

/** The declared status transitions (CONVENTIONS §5). */
const transitions: Record<Status, readonly Status[]> = {
  new: ['open', 'waitingForRequester', 'resolved'],
  open: ['waitingForRequester', 'resolved'],
  waitingForRequester: ['open', 'resolved'],
  resolved: ['open', 'closed'],
  closed: [],
};

export const raiseTicketInput = z.strictObject({
  subject: text(200),
  description: text(10_000),
  /** Where the form was opened and with which browser (the web app fills these in). */
  pageUrl: optionalText(1000),
  userAgent: optionalText(500),
});

export const registerTicketInput = z.strictObject({
  subject: text(200),
  description: text(10_000),
  channel: z.enum(['phone', 'email', 'workOrder']),
  requesterUserId: z.uuid().nullish(),
  requesterName: text(200),
  requesterEmail: email.nullish(),
  careProviderId: z.uuid().nullish(),
  workOrderReference: optionalText(100),
});

export const replyInput = z.strictObject({
  body: text(10_000),
  /** A staff reply may set the status at the same time (default: waiting for the requester). */
  status: z.enum(['open', 'waitingForRequester', 'resolved']).optional(),
});
export const noteInput = z.strictObject({ body: text(10_000) });
export const levelChangeInput = z.strictObject({ note: text(5000) });
export const statusInput = z.strictObject({ status: z.enum(ticketStatuses), note: optionalText(5000) });
export const ticketListQuery = z.strictObject({
  mine: z.enum(['true', 'false']).optional(),
  status: z.enum(ticketStatuses).optional(),
  level: z.coerce.number().int().min(1).max(4).optional(),
});

const clockView = z.object({
  targetHours: z.number(),
  calendarHours: z.number(),
  officeHours: z.number(),
  calendarHoursLeft: z.number().nullable(),
  officeHoursLeft: z.number().nullable(),
  answered: z.boolean(),
  withinTargetCalendar: z.boolean().nullable(),
  withinTargetOffice: z.boolean().nullable(),
});
export const ticketSummary = z.object({
  id: z.uuid(),
  subject: z.string(),
  channel: z.enum(ticketChannels),
  level: z.number().int(),
  levelName: z.string(),
  status: z.enum(ticketStatuses),
  requesterName: z.string(),
  createdAt: z.date(),
  firstResponseAt: z.date().nullable(),
  clock: clockView,
});
export const ticketView = ticketSummary.extend({
  description: z.string(),
  requesterUserId: z.uuid().nullable(),
  requesterEmail: z.string().nullable(),
  pageUrl: z.string().nullable(),
  userAgent: z.string().nullable(),
  workOrderReference: z.string().nullable(),
  resolvedAt: z.date().nullable(),
  events: z.array(
    z.object({
      id: z.uuid(),
      kind: z.enum(ticketEventKinds),
      body: z.string().nullable(),
      visibleToRequester: z.boolean(),
      fromLevel: z.number().nullable(),
      toLevel: z.number().nullable(),
      fromStatus: z.enum(ticketStatuses).nullable(),
      toStatus: z.enum(ticketStatuses).nullable(),
      authorName: z.string(),
      at: z.date(),
    }),
  ),
  attachments: z.array(z.object({ id: z.uuid(), fileName: z.string(), contentType: z.string(), size: z.number(), at: z.date() })),
});

const isStaff = (ctx: Ctx) => hasRole(ctx, ...SUPPORT_STAFF);

/** Staff who may work this ticket: the centre's support and system management any; local support its care providers'. */
function canHandle(actor: Actor, t: Pick<Ticket, 'careProviderId'>): boolean {
  if (actor.roles.has('customerService') || actor.roles.has('systemAdmin')) return true;
  return actor.roles.has('localSupport') && !!t.careProviderId && actor.careProviderIds.includes(t.careProviderId);
}

/** Tickets the actor may see: their own, plus those they may handle. */
function visibleTickets(actor: Actor): SQL | undefined {
  const own = eq(supportTicket.requesterUserId, actor.userId);
  if (actor.roles.has('customerService') || actor.roles.has('systemAdmin')) return undefined;
  if (actor.roles.has('localSupport') && actor.careProviderIds.length) return or(own, inArray(supportTicket.careProviderId, [...actor.careProviderIds]));
  return own;
}

async function loadTicket(ctx: Ctx, tx: DbOrTx, id: string, lock = false): Promise<Ticket> {
  const actor = requireActor(ctx);
  const q = tx
    .select()
    .from(supportTicket)
    .where(and(eq(supportTicket.id, id), visibleTickets(actor)));
  const [row] = lock ? await q.for('update') : await q;
  if (!row) throw new AppError('NOT_FOUND', 'Ärendet finns inte');
  return row;
}

async function loadForHandling(ctx: Ctx, tx: DbOrTx, id: string): Promise<{ actor: Actor; ticket: Ticket }> {
  const actor = requireRole(ctx, ...SUPPORT_STAFF);
  const ticket = await loadTicket(ctx, tx, id, true);
  if (!canHandle(actor, ticket)) throw new AppError('FORBIDDEN', 'Ärendet handläggs inte av din support');
  return { actor, ticket };
}

function requireTransition(from: Status, to: Status) {
  if (from === to) return;
  if (!transitions[from].includes(to)) throw new AppError('INVALID_TRANSITION', `Ärendet kan inte gå från ${statusSv[from]} till ${statusSv[to]}`);
}
export const statusSv: Record<Status, string> = { new: 'nytt', open: 'öppet', waitingForRequester: 'väntar på anmälaren', resolved: 'löst', closed: 'stängt' };

async function addEvent(
  tx: DbOrTx,
  ctx: Ctx,
  ticketId: string,
  e: Omit<typeof supportTicketEvent.$inferInsert, 'ticketId' | 'at' | 'authorUserId' | 'authorName'>,
) {
  await tx
    .insert(supportTicketEvent)
    .values({ ...e, ticketId, at: ctx.now(), authorUserId: ctx.actor?.userId ?? null, authorName: ctx.actor?.name ?? 'Systemet' });
}

async function setStatus(tx: DbOrTx, ctx: Ctx, t: Ticket, to: Status, extra: Partial<Ticket> = {}) {
  requireTransition(t.status, to);
  const now = ctx.now();
  await tx
    .update(supportTicket)
    .set({
      ...extra,
      status: to,
      updatedAt: now,
      ...(to === 'resolved' ? { resolvedAt: now } : to === 'open' || to === 'waitingForRequester' ? { resolvedAt: null } : {}),
    })
    .where(eq(supportTicket.id, t.id));
}

const receipt = (t: { id: string; subject: string }) => ({
  subject: `Vi har tagit emot ditt supportärende: ${t.subject}`,
  body: `Hej!\n\nDitt supportärende "${t.subject}" är registrerat. Du får ett e-postmeddelande när supporten svarar. Du kan följa ärendet i Bistå under Support.\n\nÄrende: ${t.id}\n\nDetta är ett automatiskt kvitto.`,
  reason: 'supportTicket.receipt',
});

async function insertTicket(ctx: Ctx, tx: DbOrTx, values: Omit<typeof supportTicket.$inferInsert, 'createdAt' | 'updatedAt' | 'createdBy'>) {
  const now = ctx.now();
  const [t] = await tx
    .insert(supportTicket)
    .values({ ...values, createdAt: now, updatedAt: now, createdBy: ctx.actor?.userId ?? null })
    .returning();
  await addEvent(tx, ctx, t!.id, { kind: 'created', body: null, visibleToRequester: true, toLevel: t!.level, toStatus: 'new' });
  await audit(tx, ctx, { action: 'support-ticket.create', entityType: 'supportTicket', entityId: t!.id, details: { channel: t!.channel, level: t!.level } });
  // The automatic receipt is only a receipt: it is no reply, and firstResponseAt stays empty.
  if (t!.requesterEmail) await queueMail(tx, { to: t!.requesterEmail, ...receipt(t!) });
  return t!;
}

/** A logged-in user raises a ticket from the form, with the page and browser it came from. */
export async function raiseTicket(ctx: Ctx, input: z.infer<typeof raiseTicketInput>) {
  const actor = requireActor(ctx);
  if (actor.client) throw new AppError('FORBIDDEN', 'Supportärenden skapas av personer, inte av system');
  const contact = await userContact(ctx.db, actor.userId);
  const t = await ctx.db.transaction((tx) =>
    insertTicket(ctx, tx, {
      subject: input.subject,
      description: input.description,
      channel: 'webForm',
      requesterUserId: actor.userId,
      requesterName: actor.name,
      requesterEmail: contact.email,
      careProviderId: actor.careProviderIds[0] ?? null,
      pageUrl: input.pageUrl ?? null,
      userAgent: input.userAgent ?? null,
    }),
  );
  return getTicket(ctx, t.id);
}

/**
 * Support registers a ticket from a phone call, an e-mail or a work order. The work-order hook: the contract's
 * work-order types have no "support" type today (DOMAIN §8 names one), so a ticket from a work order is
 * registered here with channel 'workOrder' and the work order's reference; see README.
 */
export async function registerTicket(ctx: Ctx, input: z.infer<typeof registerTicketInput>) {
  const actor = requireRole(ctx, ...SUPPORT_STAFF);
  const contact = input.requesterUserId ? await userContact(ctx.db, input.requesterUserId).catch(() => null) : null;
  if (input.requesterUserId && !contact)
    throw new AppError('VALIDATION', 'Anmälaren finns inte som användare', {
      issues: [{ path: 'body.requesterUserId', code: 'unknown', message: 'okänd användare' }],
    });
  if (input.channel === 'workOrder' && !input.workOrderReference)
    throw new AppError('VALIDATION', 'Ange arbetsordern ärendet kommer från', {
      issues: [{ path: 'body.workOrderReference', code: 'required', message: 'saknas' }],
    });
  const careProviderId =
    input.careProviderId ??
    (actor.roles.has('localSupport') && !actor.roles.has('customerService') && !actor.roles.has('systemAdmin') ? (actor.careProviderIds[0] ?? null) : null);
  const draft = { careProviderId };
  if (!canHandle(actor, draft)) throw new AppError('FORBIDDEN', 'Lokal support registrerar ärenden för sina egna vårdgivare');
  const t = await ctx.db.transaction((tx) =>
    insertTicket(ctx, tx, {
      subject: input.subject,
      description: input.description,
      channel: input.channel,
      requesterUserId: input.requesterUserId ?? null,
      requesterName: input.requesterName,
      requesterEmail: input.requesterEmail ?? contact?.email ?? null,
      careProviderId,
      workOrderReference: input.workOrderReference ?? null,
      level: actor.roles.has('localSupport') && !actor.roles.has('customerService') && !actor.roles.has('systemAdmin') ? 1 : 2,
    }),
  );
  return getTicket(ctx, t.id);
}

export async function getTicket(ctx: Ctx, id: string): Promise<z.infer<typeof ticketView>> {
  const actor = requireActor(ctx);
  const t = await loadTicket(ctx, ctx.db, id);
  // The requester (who is not handling it) sees replies and status, never internal notes or escalation notes.
  const full = canHandle(actor, t);
  const events = await ctx.db
    .select()
    .from(supportTicketEvent)
    .where(and(eq(supportTicketEvent.ticketId, id), full ? undefined : eq(supportTicketEvent.visibleToRequester, true)))
    .orderBy(asc(supportTicketEvent.at), asc(supportTicketEvent.seq));
  const attachments = await ctx.db
    .select({
      id: supportAttachment.id,
      fileName: supportAttachment.fileName,
      contentType: supportAttachment.contentType,
      size: supportAttachment.size,
      at: supportAttachment.at,
    })
    .from(supportAttachment)
    .where(eq(supportAttachment.ticketId, id))
    .orderBy(asc(supportAttachment.at));
  const day = await officeHoursSetting(ctx.db, ctx.config);
  return {
    ...summary(t, ctx.now(), day),
    description: t.description,
    requesterUserId: t.requesterUserId,
    requesterEmail: full ? t.requesterEmail : null,
    pageUrl: t.pageUrl,
    userAgent: t.userAgent,
    workOrderReference: t.workOrderReference,
    resolvedAt: t.resolvedAt,
    events: events.map(({ ticketId: _t, authorUserId: _a, seq: _s, ...e }) => e),
    attachments,
  };
}

function summary(t: Ticket, now: Date, day: Awaited<ReturnType<typeof officeHoursSetting>>) {
  return {
    id: t.id,
    subject: t.subject,
    channel: t.channel,
    level: t.level,
    levelName: LEVELS[t.level as 1 | 2 | 3 | 4],
    status: t.status,
    requesterName: t.requesterName,
    createdAt: t.createdAt,
    firstResponseAt: t.firstResponseAt,
    clock: answerClock(t.createdAt, t.firstResponseAt, now, day),
  };
}

/** Staff see the tickets they may handle (oldest unanswered first); everyone else, and staff with mine=true, their own. */
export async function listTickets(ctx: Ctx, q: z.infer<typeof ticketListQuery>) {
  const actor = requireActor(ctx);
  const mine = q.mine === 'true' || !isStaff(ctx);
  const rows = await ctx.db
    .select()
    .from(supportTicket)
    .where(
      and(
        mine ? eq(supportTicket.requesterUserId, actor.userId) : visibleTickets(actor),
        q.status ? eq(supportTicket.status, q.status) : undefined,
        q.level ? eq(supportTicket.level, q.level) : undefined,
      ),
    )
    .orderBy(mine ? desc(supportTicket.createdAt) : asc(supportTicket.createdAt))
    .limit(500);
  const day = await officeHoursSetting(ctx.db, ctx.config);
  const now = ctx.now();
  return rows.map((t) => summary(t, now, day));
}

/**
 * A reply. By handling staff: visible to the requester, who is told by e-mail; the first such reply is the
 * ticket's first substantive reply (the 24-hour measure). By the requester on their own ticket: reopens it.
 */
export async function replyToTicket(ctx: Ctx, id: string, input: z.infer<typeof replyInput>) {
  const actor = requireActor(ctx);
  await ctx.db.transaction(async (tx) => {
    const t = await loadTicket(ctx, tx, id, true);
    if (t.status === 'closed') throw new AppError('INVALID_TRANSITION', 'Ärendet är stängt; skapa ett nytt ärende');
    if (isStaff(ctx) && canHandle(actor, t)) {
      const to = input.status ?? 'waitingForRequester';
      requireTransition(t.status, to);
      await addEvent(tx, ctx, id, { kind: 'reply', body: input.body, visibleToRequester: true, fromStatus: t.status, toStatus: to });
      const first = t.firstResponseAt ? {} : { firstResponseAt: ctx.now(), firstResponseBy: actor.userId };
      await setStatus(tx, ctx, t, to, first);
      if (t.requesterEmail)
        await queueMail(tx, {
          to: t.requesterEmail,
          subject: `Svar i ditt supportärende: ${t.subject}`,
          body: `Hej ${t.requesterName}!\n\n${actor.name} har svarat i ditt supportärende "${t.subject}":\n\n${input.body}\n\nÄrendets status: ${statusSv[to]}. Du kan svara och följa ärendet i Bistå under Support.\n\nÄrende: ${t.id}`,
          reason: 'supportTicket.reply',
        });
      return;
    }
    if (t.requesterUserId !== actor.userId) throw new AppError('FORBIDDEN');
    if (input.status)
      throw new AppError('VALIDATION', 'Anmälaren sätter inte status genom att svara', {
        issues: [{ path: 'body.status', code: 'support_only', message: 'endast för supporten' }],
      });
    const to: Status = t.status === 'new' ? 'new' : 'open';
    await addEvent(tx, ctx, id, { kind: 'requesterReply', body: input.body, visibleToRequester: true, fromStatus: t.status, toStatus: to });
    await setStatus(tx, ctx, t, to);
  });
  return getTicket(ctx, id);
}

/** An internal note: for the staff only, not a reply, never mailed, not counted as an answer. */
export async function addNote(ctx: Ctx, id: string, input: z.infer<typeof noteInput>) {
  await ctx.db.transaction(async (tx) => {
    const { ticket } = await loadForHandling(ctx, tx, id);
    await addEvent(tx, ctx, id, { kind: 'note', body: input.body, visibleToRequester: false });
    await tx
      .update(supportTicket)
      .set({ updatedAt: ctx.now(), ...(ticket.status === 'new' ? { status: 'open' as const } : {}) })
      .where(eq(supportTicket.id, id));
  });
  return getTicket(ctx, id);
}

/** Escalates one level up (1 → 2 → 3 → 4 vendor) or sends it back one level down, each with a note. */
export async function changeLevel(ctx: Ctx, id: string, direction: 'escalate' | 'return', input: z.infer<typeof levelChangeInput>) {
  await ctx.db.transaction(async (tx) => {
    const { ticket } = await loadForHandling(ctx, tx, id);
    if (ticket.status === 'closed' || ticket.status === 'resolved')
      throw new AppError('INVALID_TRANSITION', `Ärendet är ${statusSv[ticket.status]}; öppna det igen först`);
    const to = ticket.level + (direction === 'escalate' ? 1 : -1);
    if (to > 4) throw new AppError('INVALID_TRANSITION', 'Ärendet ligger redan hos leverantören, den högsta nivån');
    if (to < 1) throw new AppError('INVALID_TRANSITION', 'Ärendet ligger redan hos den lokala supporten, den lägsta nivån');
    await addEvent(tx, ctx, id, {
      kind: direction === 'escalate' ? 'escalated' : 'returned',
      body: input.note,
      visibleToRequester: false,
      fromLevel: ticket.level,
      toLevel: to,
    });
    await tx
      .update(supportTicket)
      .set({ level: to, updatedAt: ctx.now(), ...(ticket.status === 'new' ? { status: 'open' as const } : {}) })
      .where(eq(supportTicket.id, id));
    await audit(tx, ctx, {
      action: direction === 'escalate' ? 'support-ticket.escalate' : 'support-ticket.return',
      entityType: 'supportTicket',
      entityId: id,
      details: { from: ticket.level, to },
    });
  });
  return getTicket(ctx, id);
}

export async function changeStatus(ctx: Ctx, id: string, input: z.infer<typeof statusInput>) {
  await ctx.db.transaction(async (tx) => {
    const { ticket } = await loadForHandling(ctx, tx, id);
    await setStatus(tx, ctx, ticket, input.status);
    await addEvent(tx, ctx, id, { kind: 'status', body: input.note ?? null, visibleToRequester: true, fromStatus: ticket.status, toStatus: input.status });
    await audit(tx, ctx, { action: 'support-ticket.status', entityType: 'supportTicket', entityId: id, details: { from: ticket.status, to: input.status } });
  });
  return getTicket(ctx, id);
}

/** For attachments.ts: the ticket the actor may add to or read (own or handled). */
export { loadTicket, addEvent };
