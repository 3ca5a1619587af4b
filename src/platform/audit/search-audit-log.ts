import { and, desc, eq, gte, inArray, isNotNull, like, lt, lte, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { stockholmDateTime } from '../calendar/index.ts';
import { requireRole, type Ctx } from '../context.ts';
import type { DbOrTx } from '../db/client.ts';
import { AppError } from '../errors.ts';
import { isoDateTime } from '../http/schemas.ts';
import { auditLog } from '../db/platform-schema.ts';
import { audit, auditLabel, type AuditVocabulary } from './audit.ts';
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
  /** The same in English. */
  actionLabelEn: z.string(),
  entityType: z.string(),
  entityId: z.string().nullable(),
  careProviderId: z.string().nullable(),
  patientRef: z.string().nullable(),
  purpose: z.string().nullable(),
  purposeLabel: z.string().nullable(),
  purposeLabelEn: z.string().nullable(),
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

const labelledName = z.object({ name: z.string(), sv: z.string(), en: z.string() });
export const auditNamesView = z.object({ actions: z.array(labelledName), purposes: z.array(labelledName) });

/** Every action and purpose the log may hold, with both labels (the audit page's filter and its English labels). */
export function auditNames(ctx: Ctx, vocabulary: AuditVocabulary): z.infer<typeof auditNamesView> {
  requireRole(ctx, ...SYSTEM_ADMIN);
  const list = (sv: Readonly<Record<string, string>>, en: Readonly<Record<string, string>>) =>
    Object.entries(sv).map(([name, label]) => ({ name, sv: label, en: en[name] ?? label }));
  return { actions: list(vocabulary.actions, vocabulary.actionsEn), purposes: list(vocabulary.purposes, vocabulary.purposesEn) };
}

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
  const items = rows.map((r) => ({
    ...r,
    actionLabel: auditLabel(vocabulary.actions, r.action)!,
    actionLabelEn: auditLabel(vocabulary.actionsEn, r.action)!,
    purposeLabel: auditLabel(vocabulary.purposes, r.purpose),
    purposeLabelEn: auditLabel(vocabulary.purposesEn, r.purpose),
  }));
  return { items, nextBefore: rows.length === limit ? rows[rows.length - 1]!.id : null };
}

// --- Searching by patient (issue 16 item 13) ---

/**
 * A patient as the log names them. The modules' audit rows name a patient by their own references (the ordering
 * side by its patient id, the centre by the patient snapshot of each order), so one person has several.
 */
export interface AuditPatient {
  /** The 12-digit personnummer or samordningsnummer. */
  identifier: string;
  firstName: string;
  lastName: string;
  protectedIdentity: boolean;
  /** Every patient_ref the log names the person by; the first is the one the search's own audit row names. */
  refs: string[];
}

export type AuditPatientFound = { ok: true; by: 'identifier' | 'name'; patients: AuditPatient[]; more: boolean } | { ok: false; code: string; message: string };

/**
 * Finds the people a text names: a personnummer or samordningsnummer in any usual form (12 or 10 digits, with or
 * without - or +), or words of a name. The composition root implements it over the modules that own patients
 * (the platform knows none); at most `limit` people, and `more` when there were more.
 */
export interface AuditPatientFinder {
  find(db: DbOrTx, text: string, today: string, limit: number): Promise<AuditPatientFound>;
}

export const auditSearchBody = auditQuery.omit({ limit: true, before: true, patientRef: true }).extend({
  /** A personnummer or samordningsnummer (never in a URL, hence a POST) or a patient's name. */
  patient: z.string().trim().max(100).optional(),
});
export const auditSearchPage = z.strictObject({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  before: z.coerce.number().int().positive().optional(),
});

const auditPatientView = z.object({
  name: z.string(),
  /** YYYYMMDD-NNNN. */
  identifier: z.string(),
  protectedIdentity: z.boolean(),
});

export const auditSearchResult = z.object({
  items: z.array(auditEntryView.extend({ patient: auditPatientView.nullable() })),
  nextBefore: z.number().nullable(),
  /** The people the patient field named (null when it was empty), and whether more matched than are searched. */
  patients: z.array(auditPatientView).nullable(),
  morePatients: z.boolean(),
});

/** How many people a name search covers at most: a longer list is a sign the name is too short. */
export const MAX_AUDIT_PATIENTS = 20;

const formatted = (id12: string) => `${id12.slice(0, 8)}-${id12.slice(8)}`;

/**
 * systemAdmin searches the log, also for a patient: by personnummer (any usual form) or by name. Naming a
 * patient in the search reads who they are and every access to them, so the first page writes one audit row per
 * person found ('audit-log.patient-search'). A malformed number is a 400 on the field with the reason.
 */
export async function searchAuditLogForPatient(
  ctx: Ctx,
  body: z.infer<typeof auditSearchBody>,
  page: z.infer<typeof auditSearchPage>,
  vocabulary: AuditVocabulary,
  finder: AuditPatientFinder,
): Promise<z.infer<typeof auditSearchResult>> {
  requireRole(ctx, ...SYSTEM_ADMIN);
  const { patient: text, ...filters } = body;
  if (!text) {
    // Without a patient named, the rows name none either (they carry only the modules' references).
    const r = await searchAuditEntries(ctx.db, { ...filters, ...page }, vocabulary);
    return { items: r.items.map((i) => ({ ...i, patient: null })), nextBefore: r.nextBefore, patients: null, morePatients: false };
  }
  const found = await finder.find(ctx.db, text, stockholmDateTime(ctx.now()).date, MAX_AUDIT_PATIENTS);
  if (!found.ok) {
    throw new AppError('VALIDATION', found.message, {
      issues: [{ path: 'body.patient', code: 'invalid_personal_number', message: found.message, params: { reason: found.code } }],
      reason: found.code,
    });
  }
  const views = found.patients.map((p) => ({
    name: `${p.firstName} ${p.lastName}`,
    identifier: formatted(p.identifier),
    protectedIdentity: p.protectedIdentity,
  }));
  if (!found.patients.length) return { items: [], nextBefore: null, patients: [], morePatients: false };
  const byRef = new Map(found.patients.flatMap((p, i) => p.refs.map((r) => [r, views[i]!] as const)));
  return ctx.db.transaction(async (tx) => {
    const result = await searchAuditEntries(tx, { ...filters, ...page, patientRefs: [...byRef.keys()] }, vocabulary);
    if (!page.before)
      for (const p of found.patients)
        await audit(tx, ctx, {
          action: 'audit-log.patient-search',
          entityType: 'audit_log',
          patientRef: p.refs[0]!,
          details: { by: found.by, entries: result.items.filter((i) => i.patientRef && p.refs.includes(i.patientRef)).length },
        });
    return {
      items: result.items.map((i) => ({ ...i, patient: (i.patientRef && byRef.get(i.patientRef)) || null })),
      nextBefore: result.nextBefore,
      patients: views,
      morePatients: found.more,
    };
  });
}
