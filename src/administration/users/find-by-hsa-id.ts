import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/client.ts';
import { appUser } from '../schema.ts';

/**
 * The user a SITHS login names, by the HSA-id claim of the IdP's verified ID token (src/platform/auth/oidc.ts),
 * or null. Active or not: the login refuses an inactive user itself, with its own message. HSA-ids are compared
 * without regard to case (SE2321000016-abcd and SE2321000016-ABCD are one person).
 */
export async function findUserByHsaId(db: DbOrTx, hsaId: string): Promise<string | null> {
  const [row] = await db
    .select({ id: appUser.id })
    .from(appUser)
    .where(sql`upper(${appUser.hsaId}) = upper(${hsaId})`)
    .limit(2);
  return row?.id ?? null;
}
