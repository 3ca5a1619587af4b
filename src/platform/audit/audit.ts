import { and, eq, gt } from 'drizzle-orm';
import type { Ctx } from '../context.ts';
import type { DbOrTx } from '../db/client.ts';
import { auditLog } from '../db/platform-schema.ts';

/**
 * The fixed lists of audit actions and purposes (CONVENTIONS 18, issue 13 item 6). Each module exports its own
 * as `{ name: Swedish label }` (e.g. src/ordering/audit-actions.ts) and adds the names to these interfaces by
 * declaration merging, so `audit()` accepts only listed names; the composition root
 * (src/app/routes.ts) passes the labels in as an `AuditVocabulary`. The platform imports no domain list.
 * One naming style: lowercase `<entity>.<verb>` segments separated by dots, words inside a segment joined by '-'
 * ('patient.read', 'order.attachment.download', 'care-provider.update'); purposes are single kebab-case words.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface AuditActionNames {}
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface AuditPurposeNames {}
export type AuditAction = keyof AuditActionNames & string;
export type AuditPurpose = keyof AuditPurposeNames & string;

/** A module's list: every name with its Swedish label. */
export type AuditLabels<K extends string = string> = Readonly<Record<K, string>>;
/** A module's English labels beside its Swedish list: exactly the same names (the English page shows these). */
export type AuditLabelsEn<L extends AuditLabels> = Readonly<Record<keyof L, string>>;

/** The platform's own actions (sessions, settings, system clients' tokens are written by platform code). */
export const platformAuditActions = {
  'session.login': 'Inloggning',
  'session.login-failed': 'Misslyckad inloggning',
  'session.locked': 'Konto låst efter misslyckade inloggningar',
  'session.logout': 'Utloggning',
  'user.inactivate': 'Användare inaktiverad',
  'audit-log.patient-search': 'Sökning i loggen på patient',
} as const satisfies AuditLabels;

/** The same in English, for the English page (issue 16 item 13). */
export const platformAuditActionsEn = {
  'session.login': 'Login',
  'session.login-failed': 'Failed login',
  'session.locked': 'Account locked after failed logins',
  'session.logout': 'Logout',
  'user.inactivate': 'User inactivated',
  'audit-log.patient-search': 'Log searched for a patient',
} as const satisfies AuditLabelsEn<typeof platformAuditActions>;
declare module './audit.ts' {
  interface AuditActionNames extends Record<keyof typeof platformAuditActions, true> {}
}

/** Every module's labels in both languages, merged by the composition root. */
export interface AuditVocabulary {
  actions: AuditLabels;
  purposes: AuditLabels;
  actionsEn: AuditLabels;
  purposesEn: AuditLabels;
}

/** A module's lists: Swedish, and English with the same names. */
export interface AuditVocabularyPart {
  actions?: AuditLabels;
  actionsEn?: AuditLabels;
  purposes?: AuditLabels;
  purposesEn?: AuditLabels;
}

export function mergeAuditVocabulary(...parts: AuditVocabularyPart[]): AuditVocabulary {
  const out: AuditVocabulary = { actions: {}, purposes: {}, actionsEn: {}, purposesEn: {} };
  const add = (kind: keyof AuditVocabulary, labels: AuditLabels | undefined) => {
    const into = out[kind] as Record<string, string>;
    for (const [k, v] of Object.entries(labels ?? {})) {
      if (into[k] !== undefined && into[k] !== v) throw new Error(`audit ${kind} ${k} listed twice with different labels`);
      into[k] = v;
    }
  };
  for (const p of parts) {
    add('actions', p.actions);
    add('actionsEn', p.actionsEn);
    add('purposes', p.purposes);
    add('purposesEn', p.purposesEn);
  }
  return out;
}

/** The Swedish label of a stored action or purpose; an unlisted value (none after migration 0015) shows as itself. */
export function auditLabel(labels: AuditLabels, name: string | null): string | null {
  if (name === null) return null;
  return labels[name] ?? name;
}

export interface AuditEntry {
  /** What happened, from the fixed list: 'user.create', 'patient.read', 'session.login'. */
  action: AuditAction;
  entityType: string;
  entityId?: string | null;
  careProviderId?: string | null;
  /** A patient reference (internal patient id, never the personnummer in clear text in other logs). */
  patientRef?: string | null;
  purpose?: AuditPurpose | null;
  details?: Record<string, unknown>;
}

/**
 * Who an audit row names: a user by id and username, a system client (it has no user row) by its client id
 * and under its name, or 'system'. For code that writes audit rows in bulk rather than through `audit`.
 */
export function auditActor(ctx: Pick<Ctx, 'actor'>): { actorUserId: string | null; actorClientId: string | null; actorLabel: string } {
  const a = ctx.actor;
  if (!a) return { actorUserId: null, actorClientId: null, actorLabel: 'system' };
  if (a.client) return { actorUserId: null, actorClientId: a.client.clientId, actorLabel: a.name };
  return { actorUserId: a.userId, actorClientId: null, actorLabel: a.username };
}

/**
 * Writes one audit row. Call it with the transaction of the change (or of the read of personal data)
 * so that the change and its audit row commit or fail together.
 */
export async function audit(tx: DbOrTx, ctx: Ctx, entry: AuditEntry, actorOverride?: { userId: string; label: string }) {
  await tx.insert(auditLog).values({
    at: ctx.now(),
    ...(actorOverride ? { actorUserId: actorOverride.userId, actorClientId: null, actorLabel: actorOverride.label } : auditActor(ctx)),
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId ?? null,
    careProviderId: entry.careProviderId ?? null,
    patientRef: entry.patientRef ?? null,
    purpose: entry.purpose ?? null,
    ip: ctx.ip,
    requestId: ctx.requestId,
    details: entry.details ?? null,
  });
}

/**
 * Writes the audit row of a read that a page repeats while it is open (a page that polls): one row per actor, action
 * and entity within `windowMs`, not one per poll. The check uses the actor index (actor, at); a caller without a user
 * (system, client) is audited every time.
 */
export async function auditRepeatedRead(tx: DbOrTx, ctx: Ctx, entry: AuditEntry & { entityId: string }, windowMs: number) {
  const userId = ctx.actor?.client ? null : (ctx.actor?.userId ?? null);
  if (userId) {
    const [recent] = await tx
      .select({ id: auditLog.id })
      .from(auditLog)
      .where(
        and(
          eq(auditLog.actorUserId, userId),
          gt(auditLog.at, new Date(ctx.now().getTime() - windowMs)),
          eq(auditLog.action, entry.action),
          eq(auditLog.entityId, entry.entityId),
        ),
      )
      .limit(1);
    if (recent) return;
  }
  await audit(tx, ctx, entry);
}
