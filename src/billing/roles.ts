import type { Role } from '../administration/schema.ts';

/** Who does what in billing (DOMAIN §6). The use cases check these. */
/** Finance runs, previews, closes and corrects months, and reads every customer's basis. */
export const FINANCE = ['finance'] as const satisfies readonly Role[];
/** The service price list and the cost-responsibility rules are kept by finance and the assortment role. */
export const PRICE_EDITORS = ['finance', 'assortment'] as const satisfies readonly Role[];
/** A customer's own users (the ordering side) download their customer numbers' bases. */
export const CUSTOMER_BASIS_READERS = ['prescriber', 'orderer', 'localSupport'] as const satisfies readonly Role[];
/** Who reads bases at all: finance every customer's, a customer's own users their customer numbers'. */
export const BASIS_READERS = [...FINANCE, ...CUSTOMER_BASIS_READERS] as const satisfies readonly Role[];
