import { and, eq, inArray } from 'drizzle-orm';
import { audit } from '../../platform/audit/audit.ts';
import { requireRole, type Ctx } from '../../platform/context.ts';
import { uniqueViolation } from '../../platform/db/errors.ts';
import { AppError } from '../../platform/errors.ts';
import { careProvider, customer } from '../schema.ts';
import type { ClientInput, NewSecretResult } from './client-schemas.ts';
import { newClientSecret } from './client-secret.ts';
import { loadClient } from './load-clients.ts';
import { systemClient, systemClientCustomer, systemClientSecret } from './schema.ts';
import { SYSTEM_ADMIN } from '../../platform/auth/access.ts';

/**
 * System administration registers a system client for one care provider and some of its customers, with
 * the roles it is granted. The answer holds its client id and first secret; the secret is never shown again.
 */
export async function registerClient(ctx: Ctx, input: ClientInput): Promise<NewSecretResult> {
  const admin = requireRole(ctx, ...SYSTEM_ADMIN);
  const customerIds = [...new Set(input.customerIds)];
  const roles = [...new Set(input.roles)];
  return ctx.db
    .transaction(async (tx) => {
      const [cp] = await tx.select({ id: careProvider.id }).from(careProvider).where(eq(careProvider.id, input.careProviderId));
      if (!cp)
        throw new AppError('VALIDATION', 'Vårdgivaren finns inte', { issues: [{ path: 'body.careProviderId', code: 'unknown', message: 'okänd vårdgivare' }] });
      const found = await tx
        .select({ id: customer.id })
        .from(customer)
        .where(and(inArray(customer.id, customerIds), eq(customer.careProviderId, input.careProviderId)));
      if (found.length !== customerIds.length) {
        throw new AppError('VALIDATION', 'Kunderna måste höra till klientens vårdgivare', {
          issues: [{ path: 'body.customerIds', code: 'unknown', message: 'en kund finns inte eller hör till en annan vårdgivare' }],
        });
      }
      const now = ctx.now();
      const [row] = await tx
        .insert(systemClient)
        .values({ name: input.name, careProviderId: input.careProviderId, roles, createdAt: now, createdByUserId: admin.client ? null : admin.userId })
        .returning({ id: systemClient.id });
      const id = row!.id;
      await tx.insert(systemClientCustomer).values(customerIds.map((customerId) => ({ clientId: id, customerId })));
      const secret = newClientSecret();
      const [s] = await tx
        .insert(systemClientSecret)
        .values({ clientId: id, secretHash: secret.hash, hint: secret.hint, createdAt: now })
        .returning({ id: systemClientSecret.id });
      await audit(tx, ctx, {
        action: 'system-client.create',
        entityType: 'system_client',
        entityId: id,
        careProviderId: input.careProviderId,
        details: { name: input.name, roles, customers: customerIds },
      });
      return { client: (await loadClient(tx, id))!, secretId: s!.id, clientSecret: secret.secret };
    })
    .catch((err: unknown) => {
      if (uniqueViolation(err)) throw new AppError('CONFLICT', 'Det finns redan en klient med det namnet');
      throw err;
    });
}
