import { asc, eq, inArray, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/client.ts';
import { swedishCollator } from '../../platform/i18n/sort-key.ts';
import { careProvider, customer } from '../schema.ts';
import type { ClientView } from './client-schemas.ts';
import { systemClient, systemClientCustomer, systemClientSecret } from './schema.ts';

/** Clients with their care provider, customers and secrets (hashes never leave this module). */
export async function loadClients(db: DbOrTx, where?: SQL): Promise<ClientView[]> {
  const rows = await db
    .select({
      id: systemClient.id,
      name: systemClient.name,
      careProviderId: systemClient.careProviderId,
      careProviderName: careProvider.name,
      roles: systemClient.roles,
      createdAt: systemClient.createdAt,
      revokedAt: systemClient.revokedAt,
    })
    .from(systemClient)
    .innerJoin(careProvider, eq(careProvider.id, systemClient.careProviderId))
    .where(where);
  const ids = rows.map((r) => r.id);
  const [customers, secrets] = ids.length
    ? await Promise.all([
        db
          .select({ clientId: systemClientCustomer.clientId, id: customer.id, customerNumber: customer.customerNumber, name: customer.name })
          .from(systemClientCustomer)
          .innerJoin(customer, eq(customer.id, systemClientCustomer.customerId))
          .where(inArray(systemClientCustomer.clientId, ids))
          .orderBy(asc(customer.customerNumber)),
        db
          .select({
            clientId: systemClientSecret.clientId,
            id: systemClientSecret.id,
            hint: systemClientSecret.hint,
            createdAt: systemClientSecret.createdAt,
            lastUsedAt: systemClientSecret.lastUsedAt,
            revokedAt: systemClientSecret.revokedAt,
          })
          .from(systemClientSecret)
          .where(inArray(systemClientSecret.clientId, ids))
          .orderBy(asc(systemClientSecret.createdAt)),
      ])
    : [[], []];
  return rows
    .map((r) => ({
      ...r,
      roles: r.roles as ClientView['roles'],
      customers: customers.filter((c) => c.clientId === r.id).map(({ clientId: _c, ...c }) => c),
      secrets: secrets.filter((s) => s.clientId === r.id).map(({ clientId: _c, ...s }) => s),
    }))
    .sort((a, b) => Number(!!a.revokedAt) - Number(!!b.revokedAt) || swedishCollator.compare(a.name, b.name));
}

export async function loadClient(db: DbOrTx, id: string): Promise<ClientView | null> {
  return (await loadClients(db, eq(systemClient.id, id)))[0] ?? null;
}
