import { sql } from 'drizzle-orm';
import type { AccessTokenClaims } from '../../platform/auth/access-tokens.ts';
import type { Actor } from '../../platform/context.ts';
import type { Db } from '../../platform/db/client.ts';
import type { Role } from '../schema.ts';

interface ClientRow {
  name: string;
  roles: Role[];
  care_provider_id: string;
  customer_ids: string[] | null;
}

/**
 * The actor of a system client whose access token verified, asked on every request so that revoking the
 * client or the secret the token came from refuses it at once: null when either is revoked (or the care
 * provider is inactive). The scope is the client's active customers.
 */
export async function authenticateClient(db: Db, claims: AccessTokenClaims): Promise<Actor | null> {
  const { rows } = (await db.execute(
    // One round trip: the client, its live secret and its scope.
    // prettier-ignore
    sql`SELECT c.name, to_json(c.roles) AS roles, c.care_provider_id,
                   (SELECT json_agg(k.id ORDER BY k.customer_number) FROM system_client_customer sc JOIN customer k ON k.id = sc.customer_id
                     WHERE sc.client_id = c.id AND k.active) AS customer_ids
              FROM system_client c
              JOIN system_client_secret s ON s.client_id = c.id AND s.id = ${claims.secretId} AND s.revoked_at IS NULL
              JOIN care_provider cp ON cp.id = c.care_provider_id AND cp.active
             WHERE c.id = ${claims.clientId} AND c.revoked_at IS NULL`,
  )) as unknown as { rows: ClientRow[] };
  const row = rows[0];
  if (!row) return null;
  return clientActor(claims.clientId, row.name, row.roles, row.care_provider_id, row.customer_ids ?? []);
}

/**
 * A client as the actor of a call. It has no user row: `userId` holds its client id so that columns that
 * record who acted are never empty, and routes that need a person do not take clients at all
 * (`config.systemClients`). `name` and `username` are its name, so every audit row shows it.
 */
export function clientActor(clientId: string, name: string, roles: readonly Role[], careProviderId: string, customerIds: readonly string[]): Actor {
  return {
    userId: clientId,
    username: name,
    name,
    roles: new Set(roles),
    customerIds,
    defaultCustomerId: customerIds[0] ?? null,
    careProviderIds: [careProviderId],
    client: { clientId },
  };
}
