import { centreRoles, type Role } from '../../administration/schema.ts';
import { hasRole, requireActor, type Ctx } from '../../platform/context.ts';

/** The centre's roles see every article, published or not (and, in the article API, agreed prices). */
export const CENTRE_ROLES = centreRoles;

/** Who edits the article register: fields, flags, prices and what fits what. */
export const ARTICLE_EDITORS = ['assortment'] as const satisfies readonly Role[];

/**
 * Who adds versions of the general price list (the customers' price: monthly rent, sale price): the
 * assortment role and finance (issue 12 item 1). Agreed (purchase) prices stay with the assortment role.
 */
export const GENERAL_PRICE_EDITORS = ['assortment', 'finance'] as const satisfies readonly Role[];

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
