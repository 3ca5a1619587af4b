import { centreRoles } from '../../administration/schema.ts';
import { hasRole, requireActor, type Ctx } from '../../platform/context.ts';
export { ARTICLE_EDITORS, GENERAL_PRICE_EDITORS, IMPORTERS } from '../roles.ts';

/** The centre's roles see every article, published or not (and, in the article API, agreed prices). */
export const CENTRE_ROLES = centreRoles;

/**
 * What the caller may see. The ordering side (prescriber, orderer, localSupport) sees only published articles
 * that are not removed, and only the customer's price; the centre sees everything.
 */
export interface Visibility {
  centre: boolean;
}

export function visibilityOf(ctx: Ctx): Visibility {
  requireActor(ctx);
  return { centre: hasRole(ctx, ...CENTRE_ROLES) };
}

/** SQL condition on an `article` alias for what the ordering side may see. */
export const ORDERING_SIDE_FILTER = (alias: string) => `${alias}.published AND ${alias}.removed_at IS NULL`;
