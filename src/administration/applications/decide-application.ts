import { eq, like } from 'drizzle-orm';
import { audit } from '../../platform/audit/audit.ts';
import { requireRole, type Ctx } from '../../platform/context.ts';
import type { Tx } from '../../platform/db/client.ts';
import { AppError } from '../../platform/errors.ts';
import { appUser } from '../schema.ts';
import { createUser } from '../users/create-user.ts';
import { setUserActive } from '../users/set-user-active.ts';
import { updateUser } from '../users/update-user.ts';
import type { ApplicationView } from './application-schemas.ts';
import { queueDecisionMails } from './application-mail.ts';
import { loadApplication } from './load-applications.ts';
import { accessApplication } from './schema.ts';
import { existingAccount } from './submit-application.ts';
import { SYSTEM_ADMIN } from '../../platform/auth/access.ts';

/** A username from the name: 'Åsa Öberg-Lind' → 'asa.oberg-lind', then 'asa.oberg-lind2' … if taken. */
export async function freeUsername(tx: Tx, firstName: string, lastName: string): Promise<string> {
  const part = (s: string) =>
    s
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9-]+/g, '')
      .slice(0, 30);
  const base = [part(firstName), part(lastName)].filter(Boolean).join('.') || 'anvandare';
  const taken = new Set(
    (
      await tx
        .select({ u: appUser.username })
        .from(appUser)
        .where(like(appUser.username, `${base}%`))
    ).map((r) => r.u),
  );
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}${n}`)) return `${base}${n}`;
}

async function lockReceived(tx: Tx, id: string) {
  const [row] = await tx.select().from(accessApplication).where(eq(accessApplication.id, id)).for('update');
  if (!row) throw new AppError('NOT_FOUND', 'Ansökan finns inte');
  if (row.state !== 'received') throw new AppError('INVALID_TRANSITION', 'Ansökan är redan beslutad');
  return row;
}

/**
 * System administration approves: the user is created, changed or inactivated through the users' own use cases,
 * in this transaction (their own transactions become savepoints of it), with the decision, its audit row and the
 * mails to the applicant, the user and the manager. A failure anywhere leaves everything as it was.
 */
export async function approveApplication(ctx: Ctx, id: string, input: { username?: string | undefined } | null | undefined): Promise<ApplicationView> {
  const actor = requireRole(ctx, ...SYSTEM_ADMIN);
  return ctx.db.transaction(async (tx) => {
    const a = await lockReceived(tx, id);
    const inTx: Ctx = { ...ctx, db: tx };
    let userId = a.userId;
    let username: string | undefined;
    let userEmail: string | null;
    if (a.kind === 'newUser') {
      if (await existingAccount(tx, a.email!, a.hsaId)) throw new AppError('USER_ALREADY_EXISTS');
      username = input?.username ?? (await freeUsername(tx, a.firstName!, a.lastName!));
      const user = await createUser(inTx, {
        username,
        firstName: a.firstName!,
        lastName: a.lastName!,
        profession: (a.profession as Parameters<typeof createUser>[1]['profession']) ?? null,
        hsaId: a.hsaId,
        phone: a.phone,
        email: a.email,
        roles: a.roles ?? [],
        memberships: [{ customerId: a.customerId!, isDefault: true }],
      });
      userId = user.id;
      userEmail = user.email;
    } else if (a.kind === 'change') {
      const user = await updateUser(inTx, a.userId!, {
        ...(a.firstName ? { firstName: a.firstName } : {}),
        ...(a.lastName ? { lastName: a.lastName } : {}),
        ...(a.profession ? { profession: a.profession as Parameters<typeof updateUser>[2]['profession'] } : {}),
        ...(a.roles ? { roles: a.roles } : {}),
        ...(a.customerId ? { memberships: [{ customerId: a.customerId, isDefault: true }] } : {}),
      });
      userEmail = user.email;
    } else {
      const user = await setUserActive(inTx, a.userId!, false);
      userEmail = user.email;
    }
    const now = ctx.now();
    await tx.update(accessApplication).set({ state: 'approved', decidedAt: now, decidedByUserId: actor.userId, userId }).where(eq(accessApplication.id, id));
    const view = (await loadApplication(ctx, tx, id))!;
    await audit(tx, ctx, {
      action: 'access-application.approve',
      entityType: 'accessApplication',
      entityId: id,
      careProviderId: a.careProviderId,
      details: { kind: a.kind, userId, withinTarget: view.clock.withinTarget, hoursSinceReceived: view.clock.hoursSinceReceived },
    });
    await queueDecisionMails(tx, view, { ...(username ? { username } : {}), userEmail });
    return view;
  });
}

/** System administration refuses, with a reason the applicant, the user and the manager are told. */
export async function refuseApplication(ctx: Ctx, id: string, input: { reason: string }): Promise<ApplicationView> {
  const actor = requireRole(ctx, ...SYSTEM_ADMIN);
  const reason = input.reason?.trim();
  if (!reason) throw new AppError('REFUSAL_REASON_REQUIRED');
  return ctx.db.transaction(async (tx) => {
    const a = await lockReceived(tx, id);
    await tx
      .update(accessApplication)
      .set({ state: 'refused', decidedAt: ctx.now(), decidedByUserId: actor.userId, refusalReason: reason })
      .where(eq(accessApplication.id, id));
    const view = (await loadApplication(ctx, tx, id))!;
    await audit(tx, ctx, {
      action: 'access-application.refuse',
      entityType: 'accessApplication',
      entityId: id,
      careProviderId: a.careProviderId,
      details: { kind: a.kind, reason, withinTarget: view.clock.withinTarget },
    });
    // A new user is told at the address applied for; a change or leaver at the account's.
    const account = a.userId ? (await tx.select({ email: appUser.email }).from(appUser).where(eq(appUser.id, a.userId)))[0] : undefined;
    await queueDecisionMails(tx, view, { userEmail: a.userId ? (account?.email ?? null) : a.email });
    return view;
  });
}
