import { and, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import { hasRole, requireRole, type Actor, type Ctx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { orderingOrder } from './schema.ts';

/** The ordering side's roles. The centre's staff work on their own side and never read these tables. */
export const ORDERING_ROLES = ['prescriber', 'orderer'] as const;

export function requireOrderingActor(ctx: Ctx): Actor {
  return requireRole(ctx, ...ORDERING_ROLES);
}

/**
 * A care provider's prescriptions are visible only to its own users (DOMAIN §7) unless the configured rule
 * says the whole collaboration shares them. Within the care provider, anyone with an ordering role sees
 * them (a colleague takes over an order), and each user sees what they wrote themselves.
 */
export function visibleOrders(ctx: Ctx): SQL {
  const actor = requireOrderingActor(ctx);
  if (ctx.config.ordering.visibility === 'collaboration') return sql`true`;
  const own = eq(orderingOrder.createdBy, actor.userId);
  return actor.careProviderIds.length ? or(own, inArray(orderingOrder.careProviderId, [...actor.careProviderIds]))! : own;
}

export function careProvidersVisible(ctx: Ctx): readonly string[] | 'all' {
  const actor = requireOrderingActor(ctx);
  return ctx.config.ordering.visibility === 'collaboration' ? 'all' : actor.careProviderIds;
}

/** The customer the actor orders for: one of their own, the default when none is named. */
export function orderingCustomer(ctx: Ctx, customerId: string | null | undefined): string {
  const actor = requireOrderingActor(ctx);
  const id = customerId ?? actor.defaultCustomerId ?? actor.customerIds[0];
  if (!id) throw new AppError('FORBIDDEN', 'Du är inte kopplad till någon kund och kan inte beställa');
  if (!actor.customerIds.includes(id)) throw new AppError('FORBIDDEN', 'Du kan bara beställa för kunder du är kopplad till');
  return id;
}

/** Only the author edits a draft; the same care provider's users may follow and cancel submitted orders. */
export function canEditDraft(ctx: Ctx, order: { createdBy: string; status: string }): boolean {
  return order.status === 'draft' && ctx.actor?.userId === order.createdBy;
}

export function isOrderer(ctx: Ctx) {
  return hasRole(ctx, 'orderer') && !hasRole(ctx, 'prescriber');
}

export { and };
