import { and, eq, isNull, sql } from 'drizzle-orm';
import { audit } from '../../platform/audit/audit.ts';
import { requireRole, type Ctx } from '../../platform/context.ts';
import type { Tx } from '../../platform/db/client.ts';
import { AppError } from '../../platform/errors.ts';
import type { ClientView, NewSecretResult } from './client-schemas.ts';
import { newClientSecret } from './client-secret.ts';
import { loadClient } from './load-clients.ts';
import { systemClient, systemClientSecret } from './schema.ts';
import { SYSTEM_ADMIN } from '../../platform/auth/access.ts';

/** Two active secrets at most: the one in use and the one replacing it. */
export const MAX_ACTIVE_SECRETS = 2;

/** The client, locked for the change (two admins rotating at once cannot both pass the limit). */
async function lockClient(tx: Tx, id: string) {
  const [c] = await tx.select().from(systemClient).where(eq(systemClient.id, id)).for('update');
  if (!c) throw new AppError('NOT_FOUND', 'Klienten finns inte');
  return c;
}

/**
 * Rotation without downtime: a second secret is made while the first still works; the system switches to
 * it, and then the old one is revoked (`revokeSecret`).
 */
export async function addSecret(ctx: Ctx, clientId: string): Promise<NewSecretResult> {
  requireRole(ctx, ...SYSTEM_ADMIN);
  return ctx.db.transaction(async (tx) => {
    const c = await lockClient(tx, clientId);
    if (c.revokedAt) throw new AppError('CONFLICT', 'Klienten är återkallad');
    const [active] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(systemClientSecret)
      .where(and(eq(systemClientSecret.clientId, clientId), isNull(systemClientSecret.revokedAt)));
    if (active!.n >= MAX_ACTIVE_SECRETS) {
      throw new AppError('CONFLICT', 'Klienten har redan två aktiva hemligheter; återkalla den gamla först');
    }
    const secret = newClientSecret();
    const [s] = await tx
      .insert(systemClientSecret)
      .values({ clientId, secretHash: secret.hash, hint: secret.hint, createdAt: ctx.now() })
      .returning({ id: systemClientSecret.id });
    await audit(tx, ctx, {
      action: 'system-client.secret.create',
      entityType: 'system_client',
      entityId: clientId,
      careProviderId: c.careProviderId,
      details: { secretId: s!.id, hint: secret.hint },
    });
    return { client: (await loadClient(tx, clientId))!, secretId: s!.id, clientSecret: secret.secret };
  });
}

/** Revokes one secret: tokens issued with it are refused from the next request on. */
export async function revokeSecret(ctx: Ctx, clientId: string, secretId: string): Promise<ClientView> {
  requireRole(ctx, ...SYSTEM_ADMIN);
  return ctx.db.transaction(async (tx) => {
    const c = await lockClient(tx, clientId);
    const [s] = await tx
      .select()
      .from(systemClientSecret)
      .where(and(eq(systemClientSecret.id, secretId), eq(systemClientSecret.clientId, clientId)));
    if (!s) throw new AppError('NOT_FOUND', 'Hemligheten finns inte');
    if (!s.revokedAt) {
      await tx.update(systemClientSecret).set({ revokedAt: ctx.now() }).where(eq(systemClientSecret.id, secretId));
      await audit(tx, ctx, {
        action: 'system-client.secret.revoke',
        entityType: 'system_client',
        entityId: clientId,
        careProviderId: c.careProviderId,
        details: { secretId, hint: s.hint },
      });
    }
    return (await loadClient(tx, clientId))!;
  });
}
