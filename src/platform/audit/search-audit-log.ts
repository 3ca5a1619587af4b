import { and, desc, eq, gte, like, lt, lte, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { requireRole, type Ctx } from '../context.ts';
import { isoDateTime } from '../http/schemas.ts';
import { auditLog } from '../db/platform-schema.ts';

export const auditQuery = z.strictObject({
  actorUserId: z.uuid().optional(),
  /** Calls of one registered system client. */
  actorClientId: z.uuid().optional(),
  action: z.string().trim().max(100).optional(),
  entityType: z.string().trim().max(50).optional(),
  entityId: z.string().trim().max(100).optional(),
  patientRef: z.string().trim().max(100).optional(),
  from: isoDateTime.optional(),
  to: isoDateTime.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  /** Entries with an id below this (the previous page's last id). */
  before: z.coerce.number().int().positive().optional(),
});

export const auditEntryView = z.object({
  id: z.number(),
  at: z.date(),
  actorUserId: z.string().nullable(),
  actorClientId: z.string().nullable(),
  actorLabel: z.string(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string().nullable(),
  careProviderId: z.string().nullable(),
  patientRef: z.string().nullable(),
  purpose: z.string().nullable(),
  ip: z.string().nullable(),
  requestId: z.string().nullable(),
  details: z.record(z.string(), z.unknown()).nullable(),
});

/** systemAdmin searches the audit log: who did what to which record, when and from where. Newest first. */
export async function searchAuditLog(ctx: Ctx, q: z.infer<typeof auditQuery>) {
  requireRole(ctx, 'systemAdmin');
  const conds: (SQL | undefined)[] = [
    q.actorUserId ? eq(auditLog.actorUserId, q.actorUserId) : undefined,
    q.actorClientId ? eq(auditLog.actorClientId, q.actorClientId) : undefined,
    // 'user.' finds every action on users; an exact action name finds just that one.
    q.action ? (q.action.endsWith('.') ? like(auditLog.action, `${q.action}%`) : eq(auditLog.action, q.action)) : undefined,
    q.entityType ? eq(auditLog.entityType, q.entityType) : undefined,
    q.entityId ? eq(auditLog.entityId, q.entityId) : undefined,
    q.patientRef ? eq(auditLog.patientRef, q.patientRef) : undefined,
    q.from ? gte(auditLog.at, q.from) : undefined,
    q.to ? lte(auditLog.at, q.to) : undefined,
    q.before ? lt(auditLog.id, q.before) : undefined,
  ];
  const rows = await ctx.db
    .select()
    .from(auditLog)
    .where(and(...conds))
    .orderBy(desc(auditLog.id))
    .limit(q.limit);
  return { items: rows, nextBefore: rows.length === q.limit ? rows[rows.length - 1]!.id : null };
}
