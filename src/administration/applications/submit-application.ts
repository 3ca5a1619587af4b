import { and, eq, sql } from 'drizzle-orm';
import { audit } from '../../platform/audit/audit.ts';
import { requireRole, type Ctx } from '../../platform/context.ts';
import type { Tx } from '../../platform/db/client.ts';
import { AppError } from '../../platform/errors.ts';
import { readSetting } from '../../platform/settings/settings.ts';
import { appUser, customer, membership, type Role } from '../schema.ts';
import type { ApplicationInput, ApplicationView } from './application-schemas.ts';
import { loadApplication } from './load-applications.ts';
import { accessApplication } from './schema.ts';
import { applicationTargetDays } from './target.ts';
import { USER_ADMINS } from '../roles.ts';

/** The roles local support may apply for: the ordering side's. The centre's roles are applied for by system administration. */
export const rolesLocalSupportMayApplyFor: readonly Role[] = ['prescriber', 'orderer', 'localSupport'];

/** Throws MANAGER_REQUIRED unless the manager's name, e-mail and phone are all given (the route's schema checks too). */
export function requireManager(m: Partial<ApplicationInput['manager']> | null | undefined): ApplicationInput['manager'] {
  if (!m?.name?.trim() || !m.email?.trim() || !m.phone?.trim()) throw new AppError('MANAGER_REQUIRED');
  return { name: m.name.trim(), email: m.email.trim(), phone: m.phone.trim() };
}

/** An account with this e-mail address (case-insensitive) or HSA-id, active or not. */
export async function existingAccount(tx: Tx, email: string, hsaId: string | null | undefined): Promise<boolean> {
  const match = hsaId ? sql`(lower(${appUser.email}) = lower(${email}) or ${appUser.hsaId} = ${hsaId})` : sql`lower(${appUser.email}) = lower(${email})`;
  const rows = await tx.select({ id: appUser.id }).from(appUser).where(match).limit(1);
  return rows.length > 0;
}

/**
 * Behörighetsansökan: local support applies for a workplace of its own care provider, system administration for
 * any. Nothing is stored when the application is refused at the door: a person who already has an account
 * (apply for a change instead), a workplace of another care provider, no manager.
 */
export async function submitApplication(ctx: Ctx, input: ApplicationInput): Promise<ApplicationView> {
  const actor = requireRole(ctx, ...USER_ADMINS);
  const isAdmin = actor.roles.has('systemAdmin');
  const manager = requireManager(input.manager);
  const appliedRoles = input.kind === 'newUser' ? input.roles : input.kind === 'change' ? input.changes.roles : undefined;
  if (!isAdmin && appliedRoles?.some((r) => !rolesLocalSupportMayApplyFor.includes(r))) {
    throw new AppError('FORBIDDEN', 'Lokalt användarstöd kan bara ansöka om rollerna förskrivare, beställare och lokalt användarstöd');
  }
  return ctx.db.transaction(async (tx) => {
    const inScope = (careProviderId: string | null) => isAdmin || (careProviderId !== null && actor.careProviderIds.includes(careProviderId));
    const workplace = async (customerId: string) => {
      const [c] = await tx
        .select({ id: customer.id, careProviderId: customer.careProviderId, active: customer.active })
        .from(customer)
        .where(eq(customer.id, customerId));
      if (!c || !c.active) throw new AppError('NOT_FOUND', 'Kunden (arbetsplatsen) finns inte');
      if (!inScope(c.careProviderId)) throw new AppError('CUSTOMER_OUTSIDE_CARE_PROVIDER');
      return c;
    };

    let careProviderId: string | null;
    let customerId: string | null = null;
    let userId: string | null = null;
    if (input.kind === 'newUser') {
      const c = await workplace(input.customerId);
      careProviderId = c.careProviderId;
      customerId = c.id;
      if (await existingAccount(tx, input.email, input.hsaId)) throw new AppError('USER_ALREADY_EXISTS');
      const [pending] = await tx
        .select({ id: accessApplication.id })
        .from(accessApplication)
        .where(
          and(eq(accessApplication.kind, 'newUser'), eq(accessApplication.state, 'received'), sql`lower(${accessApplication.email}) = lower(${input.email})`),
        )
        .limit(1);
      if (pending) throw new AppError('CONFLICT', 'Det finns redan en obehandlad ansökan om nytt konto för den e-postadressen');
    } else {
      const [u] = await tx.select({ id: appUser.id, active: appUser.active }).from(appUser).where(eq(appUser.id, input.userId));
      // The user's care providers: local support may apply only for a user of its own (others are as if absent).
      const cps = u
        ? (
            await tx
              .select({ careProviderId: customer.careProviderId, isDefault: membership.isDefault })
              .from(membership)
              .innerJoin(customer, eq(customer.id, membership.customerId))
              .where(eq(membership.userId, u.id))
          ).sort((a, b) => Number(b.isDefault) - Number(a.isDefault))
        : [];
      const own = cps.find((m) => inScope(m.careProviderId));
      if (!u || (!isAdmin && !own)) throw new AppError('NOT_FOUND', 'Användaren finns inte');
      if (input.kind === 'leaver' && !u.active) throw new AppError('CONFLICT', 'Kontot är redan inaktiverat');
      userId = u.id;
      careProviderId = own?.careProviderId ?? null;
      if (input.kind === 'change' && input.changes.customerId) {
        const c = await workplace(input.changes.customerId);
        careProviderId = c.careProviderId;
        customerId = c.id;
      }
    }

    const now = ctx.now();
    const targetDays = await readSetting(tx, ctx.config, applicationTargetDays);
    const dueAt = new Date(now.getTime() + targetDays * 86_400_000);
    const changes = input.kind === 'change' ? input.changes : null;
    const [row] = await tx
      .insert(accessApplication)
      .values({
        kind: input.kind,
        applicantUserId: actor.userId,
        careProviderId,
        customerId,
        userId,
        firstName: input.kind === 'newUser' ? input.firstName : (changes?.firstName ?? null),
        lastName: input.kind === 'newUser' ? input.lastName : (changes?.lastName ?? null),
        email: input.kind === 'newUser' ? input.email : null,
        phone: input.kind === 'newUser' ? (input.phone ?? null) : null,
        hsaId: input.kind === 'newUser' ? (input.hsaId ?? null) : null,
        profession: input.kind === 'newUser' ? (input.profession ?? null) : (changes?.profession ?? null),
        roles: appliedRoles ? [...new Set(appliedRoles)] : null,
        managerName: manager.name,
        managerEmail: manager.email,
        managerPhone: manager.phone,
        note: input.note || null,
        receivedAt: now,
        targetDays,
        dueAt,
      })
      .returning({ id: accessApplication.id });
    await audit(tx, ctx, {
      action: 'access-application.submit',
      entityType: 'accessApplication',
      entityId: row!.id,
      careProviderId,
      details: { kind: input.kind, userId, customerId, roles: appliedRoles ?? null },
    });
    return (await loadApplication(ctx, tx, row!.id))!;
  });
}
