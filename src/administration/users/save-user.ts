import { eq, inArray } from 'drizzle-orm';
import type { Tx } from '../../platform/db/client.ts';
import { uniqueViolation } from '../../platform/db/errors.ts';
import { AppError } from '../../platform/errors.ts';
import { customer, membership, userRole, type Role } from '../schema.ts';

/** Replaces a user's roles and memberships (shared by create and update). */
export async function replaceRolesAndMemberships(
  tx: Tx,
  userId: string,
  roles: readonly Role[] | undefined,
  memberships: readonly { customerId: string; isDefault: boolean }[] | undefined,
) {
  if (roles) {
    await tx.delete(userRole).where(eq(userRole.userId, userId));
    const unique = [...new Set(roles)];
    if (unique.length) await tx.insert(userRole).values(unique.map((role) => ({ userId, role })));
  }
  if (memberships) {
    const ids = memberships.map((m) => m.customerId);
    if (ids.length) {
      const found = await tx.select({ id: customer.id }).from(customer).where(inArray(customer.id, ids));
      if (found.length !== ids.length) {
        throw new AppError('VALIDATION', 'En av kunderna finns inte', {
          issues: [{ path: 'body.memberships', code: 'unknown', message: 'okänd kund' }],
        });
      }
    }
    await tx.delete(membership).where(eq(membership.userId, userId));
    if (memberships.length) await tx.insert(membership).values(memberships.map((m) => ({ userId, ...m })));
  }
}

/** Maps unique violations on the user table to the error codes the UI knows. */
export function mapUserConflict(err: unknown): never {
  const c = uniqueViolation(err);
  if (c?.includes('username')) throw new AppError('USERNAME_TAKEN');
  if (c?.includes('hsa')) throw new AppError('HSA_ID_TAKEN');
  throw err;
}
