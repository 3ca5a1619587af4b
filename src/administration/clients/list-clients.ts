import { requireRole, type Ctx } from '../../platform/context.ts';
import type { ClientView } from './client-schemas.ts';
import { loadClients } from './load-clients.ts';
import { SYSTEM_ADMIN } from '../../platform/auth/access.ts';

/** System administration sees every registered system client, active first. */
export async function listClients(ctx: Ctx): Promise<ClientView[]> {
  requireRole(ctx, ...SYSTEM_ADMIN);
  return loadClients(ctx.db);
}
