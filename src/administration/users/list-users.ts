import { and, asc, eq, gt, ilike, inArray, or, sql, type SQL } from 'drizzle-orm';
import { audit } from '../../platform/audit/audit.ts';
import type { Ctx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { swedishSortKey } from '../../platform/i18n/sort-key.ts';
import { appUser, userRole, type Role } from '../schema.ts';
import { visibleUsers } from './scope.ts';
import type { UserListQuery } from './user-schemas.ts';

export interface UserListItem {
  id: string;
  username: string;
  firstName: string;
  lastName: string;
  profession: string | null;
  hsaId: string | null;
  active: boolean;
  lastLoginAt: Date | null;
  roles: Role[];
}

const encodeCursor = (sortKey: string, id: string) => Buffer.from(JSON.stringify([sortKey, id])).toString('base64url');
function decodeCursor(cursor: string): [string, string] {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && typeof v[1] === 'string') return [v[0], v[1]];
  } catch {
    /* fall through */
  }
  throw new AppError('VALIDATION', 'Ogiltig sidmarkör (cursor)', { issues: [{ path: 'querystring.cursor', message: 'ogiltig' }] });
}

/**
 * A page of users in Swedish order (by last name, first name), keyset-paginated on the stored sort key,
 * so page 40 costs what page 1 costs. Logged in the audit log as one read of personal data.
 */
export async function listUsers(ctx: Ctx, q: UserListQuery): Promise<{ items: UserListItem[]; nextCursor: string | null }> {
  const scope = visibleUsers(ctx);
  const conds: (SQL | undefined | null)[] = [scope];
  if (q.q) {
    const like = `%${q.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conds.push(
      or(
        ilike(appUser.username, like),
        ilike(appUser.hsaId, like),
        sql`${appUser.sortKey} like ${`%${swedishSortKey(q.q).replace(/[\\%_]/g, (c) => `\\${c}`)}%`}`,
      ),
    );
  }
  if (q.role) conds.push(sql`exists (select 1 from user_role r where r.user_id = ${appUser.id} and r.role = ${q.role})`);
  if (q.customerId) conds.push(sql`exists (select 1 from membership m where m.user_id = ${appUser.id} and m.customer_id = ${q.customerId})`);
  if (q.active) conds.push(eq(appUser.active, q.active === 'true'));
  if (q.cursor) {
    const [key, id] = decodeCursor(q.cursor);
    conds.push(or(gt(sql`${appUser.sortKey} collate "C"`, key), and(eq(appUser.sortKey, key), gt(appUser.id, id))));
  }
  const where = and(...conds.filter((c): c is SQL => !!c));
  return ctx.db.transaction(async (tx) => {
    const rows = await tx
      .select({
        id: appUser.id,
        username: appUser.username,
        firstName: appUser.firstName,
        lastName: appUser.lastName,
        profession: appUser.profession,
        hsaId: appUser.hsaId,
        active: appUser.active,
        lastLoginAt: appUser.lastLoginAt,
        sortKey: appUser.sortKey,
      })
      .from(appUser)
      .where(where)
      .orderBy(sql`${appUser.sortKey} collate "C"`, asc(appUser.id))
      .limit(q.limit + 1);
    const more = rows.length > q.limit;
    const page = more ? rows.slice(0, q.limit) : rows;
    // Roles for the whole page in one query (a subquery per row costs 1 000 lookups on a full page).
    const roleRows = page.length
      ? await tx.select().from(userRole).where(inArray(userRole.userId, page.map((u) => u.id)))
      : [];
    const rolesOf = new Map<string, Role[]>();
    for (const r of roleRows) rolesOf.set(r.userId, [...(rolesOf.get(r.userId) ?? []), r.role]);
    await audit(tx, ctx, {
      action: 'user.list',
      entityType: 'user',
      details: { count: page.length, filter: { q: q.q ?? null, role: q.role ?? null, customerId: q.customerId ?? null } },
    });
    const last = page[page.length - 1];
    return {
      items: page.map(({ sortKey: _k, ...u }) => ({ ...u, roles: (rolesOf.get(u.id) ?? []).sort() })),
      nextCursor: more && last ? encodeCursor(last.sortKey, last.id) : null,
    };
  });
}
