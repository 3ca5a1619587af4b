import type { Ctx } from '../context.ts';
import type { DbOrTx } from '../db/client.ts';
import { auditLog } from '../db/platform-schema.ts';

export interface AuditEntry {
  /** What happened, as `<entity>.<verb>`: 'user.create', 'patient.read', 'session.login'. */
  action: string;
  entityType: string;
  entityId?: string | null;
  careProviderId?: string | null;
  /** A patient reference (internal patient id, never the personnummer in clear text in other logs). */
  patientRef?: string | null;
  purpose?: string | null;
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
