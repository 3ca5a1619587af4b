import { and, desc, eq, gte, inArray, isNotNull, like, lt, lte, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { requireRole, type Ctx } from '../context.ts';
import { isoDateTime } from '../http/schemas.ts';
import { auditLog } from '../db/platform-schema.ts';
import { auditLabel, type AuditVocabulary } from './audit.ts';
import { SYSTEM_ADMIN } from '../auth/access.ts';

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
  /** The action's Swedish label from the fixed list. */
  actionLabel: z.string(),
  entityType: z.string(),
  entityId: z.string().nullable(),
  careProviderId: z.string().nullable(),
  patientRef: z.string().nullable(),
  purpose: z.string().nullable(),
  purposeLabel: z.string().nullable(),
  ip: z.string().nullable(),
  requestId: z.string().nullable(),
  details: z.record(z.string(), z.unknown()).nullable(),
});

/** systemAdmin searches the audit log: who did what to which record, when and from where. Newest first. */
export async function searchAuditLog(ctx: Ctx, q: z.infer<typeof auditQuery>, vocabulary: AuditVocabulary) {
  requireRole(ctx, ...SYSTEM_ADMIN);
  return searchAuditEntries(ctx.db, q, vocabulary);
}

export type AuditEntryView = z.infer<typeof auditEntryView>;

/**
 * The audit log as other modules read it (the log review, the patient's extract): the same filters, plus
 * care providers and several patients and actions, with the Swedish labels. The caller checks permission and scope.
 */
export async function searchAuditEntries(
  db: Ctx['db'],
  q: Partial<z.infer<typeof auditQuery>> & {
    careProviderIds?: readonly string[];
    actions?: readonly string[];
    patientRefs?: readonly string[];
    hasPatient?: boolean;
    limit?: number;
  },
  vocabulary: AuditVocabulary,
): Promise<{ items: AuditEntryView[]; nextBefore: number | null }> {
  const limit = q.limit ?? 100;
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
    q.careProviderIds ? (q.careProviderIds.length ? inArray(auditLog.careProviderId, [...q.careProviderIds]) : sql`false`) : undefined,
    q.actions ? (q.actions.length ? inArray(auditLog.action, [...q.actions]) : sql`false`) : undefined,
    q.hasPatient ? isNotNull(auditLog.patientRef) : undefined,
    q.patientRefs ? (q.patientRefs.length ? inArray(auditLog.patientRef, [...q.patientRefs]) : sql`false`) : undefined,
  ];
  const rows = await db
    .select()
    .from(auditLog)
    .where(and(...conds))
    .orderBy(desc(auditLog.id))
    .limit(limit);
  const items = rows.map((r) => ({ ...r, actionLabel: auditLabel(vocabulary.actions, r.action)!, purposeLabel: auditLabel(vocabulary.purposes, r.purpose) }));
  return { items, nextBefore: rows.length === limit ? rows[rows.length - 1]!.id : null };
}
