import { eq } from 'drizzle-orm';
import { audit } from '../../platform/audit/audit.ts';
import { requireRole, type Ctx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import type { ClientView } from './client-schemas.ts';
import { loadClient } from './load-clients.ts';
import { systemClient } from './schema.ts';
import { SYSTEM_ADMIN } from '../../platform/auth/access.ts';

/**
 * Revokes a client for good: its secrets get no more tokens, and its live tokens are refused from the next
 * request on (every request checks the client, see authenticate-client.ts). It stays listed for the audit log.
 */
export async function revokeClient(ctx: Ctx, clientId: string): Promise<ClientView> {
  const admin = requireRole(ctx, ...SYSTEM_ADMIN);
  return ctx.db.transaction(async (tx) => {
    const [c] = await tx.select().from(systemClient).where(eq(systemClient.id, clientId)).for('update');
    if (!c) throw new AppError('NOT_FOUND', 'Klienten finns inte');
    if (!c.revokedAt) {
      await tx
        .update(systemClient)
        .set({ revokedAt: ctx.now(), revokedByUserId: admin.client ? null : admin.userId })
        .where(eq(systemClient.id, clientId));
      await audit(tx, ctx, {
        action: 'system-client.revoke',
        entityType: 'system_client',
        entityId: clientId,
        careProviderId: c.careProviderId,
        details: { name: c.name },
      });
    }
    return (await loadClient(tx, clientId))!;
  });
}
