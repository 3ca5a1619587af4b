import { asc, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/client.ts';
import { appUser, careProvider, customer, membership, userRole } from '../schema.ts';
import type { UserView } from './user-schemas.ts';

/** The full view of some users: their fields, roles and memberships (three queries, whatever the count). */
export async function loadUsers(db: DbOrTx, ids: string[]): Promise<UserView[]> {
  if (ids.length === 0) return [];
  const [users, roleRows, memberRows] = await Promise.all([
    db.select().from(appUser).where(inArray(appUser.id, ids)),
    db.select().from(userRole).where(inArray(userRole.userId, ids)),
    db
      .select({
        userId: membership.userId,
        customerId: membership.customerId,
        isDefault: membership.isDefault,
        customerNumber: customer.customerNumber,
        customerName: customer.name,
      })
      .from(membership)
      .innerJoin(customer, eq(customer.id, membership.customerId))
      .where(inArray(membership.userId, ids))
      .orderBy(asc(customer.sortKey)),
  ]);
  const byId = new Map(users.map((u) => [u.id, u]));
  return ids.flatMap((id) => {
    const u = byId.get(id);
    if (!u) return [];
    return [
      {
        id: u.id,
        username: u.username,
        firstName: u.firstName,
        lastName: u.lastName,
        profession: u.profession,
        hsaId: u.hsaId,
        phone: u.phone,
        email: u.email,
        locale: u.locale,
        active: u.active,
        inactivatedAt: u.inactivatedAt,
        lockedUntil: u.lockedUntil,
        lastLoginAt: u.lastLoginAt,
        roles: roleRows
          .filter((r) => r.userId === id)
          .map((r) => r.role)
          .sort(),
        memberships: memberRows
          .filter((m) => m.userId === id)
          .map(({ customerId, customerNumber, customerName, isDefault }) => ({ customerId, customerNumber, customerName, isDefault })),
      },
    ];
  });
}

/** A user's contact details as an order carries them (for other modules; no permission check). */
export async function userContact(
  db: DbOrTx,
  id: string,
): Promise<{ hsaId: string | null; profession: string | null; phone: string | null; email: string | null }> {
  const [u] = await db
    .select({ hsaId: appUser.hsaId, profession: appUser.profession, phone: appUser.phone, email: appUser.email })
    .from(appUser)
    .where(eq(appUser.id, id));
  return u ?? { hsaId: null, profession: null, phone: null, email: null };
}

/**
 * Active users who belong to a customer, with the care providers of those customers, in Swedish order: for
 * other modules that pick people from several care providers (upgrade testers). No permission check: the
 * caller checks.
 */
export async function activeMembersByCareProvider(db: DbOrTx): Promise<{ userId: string; name: string; careProviders: { id: string; name: string }[] }[]> {
  const rows = await db
    .select({
      userId: appUser.id,
      firstName: appUser.firstName,
      lastName: appUser.lastName,
      sortKey: appUser.sortKey,
      careProviderId: careProvider.id,
      careProviderName: careProvider.name,
    })
    .from(appUser)
    .innerJoin(membership, eq(membership.userId, appUser.id))
    .innerJoin(customer, eq(customer.id, membership.customerId))
    .innerJoin(careProvider, eq(careProvider.id, customer.careProviderId))
    .where(eq(appUser.active, true))
    .orderBy(asc(appUser.sortKey), asc(appUser.id))
    .limit(5000);
  const out = new Map<string, { userId: string; name: string; careProviders: { id: string; name: string }[] }>();
  for (const r of rows) {
    const u = out.get(r.userId) ?? { userId: r.userId, name: `${r.firstName} ${r.lastName}`, careProviders: [] };
    if (!u.careProviders.some((c) => c.id === r.careProviderId)) u.careProviders.push({ id: r.careProviderId, name: r.careProviderName });
    out.set(r.userId, u);
  }
  return [...out.values()];
}
