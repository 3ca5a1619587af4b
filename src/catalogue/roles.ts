import type { Role } from '../platform/auth/identity-schema.ts';

/** Who does what in the catalogue. Routes declare these (config.access), the use cases check them, the web's menu reads them. */

/** Who edits the article register: fields, flags, prices and what fits what. */
export const ARTICLE_EDITORS = ['assortment'] as const satisfies readonly Role[];

/**
 * Who adds versions of the general price list (the customers' price: monthly rent, sale price): the
 * assortment role and finance (issue 12 item 1). Agreed (purchase) prices stay with the assortment role.
 */
export const GENERAL_PRICE_EDITORS = ['assortment', 'finance'] as const satisfies readonly Role[];

/** Who imports catalogue files in the national database's format and publishes them: the assortment role and system administration. */
export const IMPORTERS = ['assortment', 'systemAdmin'] as const satisfies readonly Role[];

/**
 * Who keeps an agreement's ordering terms (delivery time, minimum order, where orders go, the supplier's contact):
 * the assortment role, who owns the agreements, and the warehouse, who buys under them (issue 17).
 */
export const AGREEMENT_TERM_EDITORS = ['assortment', 'warehouse'] as const satisfies readonly Role[];
