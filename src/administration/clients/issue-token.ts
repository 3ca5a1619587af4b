import { and, eq, isNull } from 'drizzle-orm';
import { issueAccessToken } from '../../platform/auth/access-tokens.ts';
import { audit } from '../../platform/audit/audit.ts';
import type { Ctx } from '../../platform/context.ts';
import { careProvider, customer } from '../schema.ts';
import { clientActor } from './authenticate-client.ts';
import { secretMatches } from './client-secret.ts';
import { systemClient, systemClientCustomer, systemClientSecret } from './schema.ts';

export type IssueTokenResult = { ok: true; accessToken: string; expiresIn: number } | { ok: false; error: 'invalid_client' };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * OAuth2 client credentials (RFC 6749 §4.4): a client that presents an active secret gets a short-lived
 * access token bound to that secret. Every issue is audited under the client's name, and so is a wrong
 * secret for a known client; an unknown or revoked client is simply `invalid_client`.
 */
export async function issueClientToken(ctx: Ctx, input: { clientId: string; clientSecret: string }): Promise<IssueTokenResult> {
  const refused = { ok: false, error: 'invalid_client' } as const;
  if (!UUID.test(input.clientId) || input.clientSecret.length > 200) return refused;
  const granted = await ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .select({ c: systemClient, careProviderActive: careProvider.active })
      .from(systemClient)
      .innerJoin(careProvider, eq(careProvider.id, systemClient.careProviderId))
      .where(eq(systemClient.id, input.clientId));
    // As on every request (authenticate-client.ts): no tokens for a revoked client or an inactive care provider.
    if (!row || row.c.revokedAt || !row.careProviderActive) return refused;
    const c = row.c;
    const secrets = await tx
      .select({ id: systemClientSecret.id, hash: systemClientSecret.secretHash })
      .from(systemClientSecret)
      .where(and(eq(systemClientSecret.clientId, c.id), isNull(systemClientSecret.revokedAt)));
    // Every active secret is compared, so the time taken does not tell which one (if any) was close.
    let matched: string | null = null;
    for (const s of secrets) if (secretMatches(input.clientSecret, s.hash)) matched = s.id;
    const customers = await tx
      .select({ id: customer.id })
      .from(systemClientCustomer)
      .innerJoin(customer, eq(customer.id, systemClientCustomer.customerId))
      .where(eq(systemClientCustomer.clientId, c.id));
    const asClient = {
      ...ctx,
      actor: clientActor(
        c.id,
        c.name,
        c.roles,
        c.careProviderId,
        customers.map((k) => k.id),
      ),
    };
    if (!matched) {
      await audit(tx, asClient, { action: 'system-client.token.refused', entityType: 'system_client', entityId: c.id, careProviderId: c.careProviderId });
      return refused;
    }
    await tx.update(systemClientSecret).set({ lastUsedAt: ctx.now() }).where(eq(systemClientSecret.id, matched));
    await audit(tx, asClient, {
      action: 'system-client.token',
      entityType: 'system_client',
      entityId: c.id,
      careProviderId: c.careProviderId,
      details: { secretId: matched },
    });
    return { clientId: c.id, secretId: matched };
  });
  if ('ok' in granted) return granted;
  // Signed after the commit: the signing key may be read or made on first use, outside the transaction
  // (PGlite serves one connection).
  const token = await issueAccessToken(ctx.db, granted, ctx.now());
  return { ok: true, accessToken: token.token, expiresIn: token.expiresIn };
}
