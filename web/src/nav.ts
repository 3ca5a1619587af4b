import type { Role } from './api/types.ts';
import type { PlainMessageKey } from './i18n/index.tsx';

export interface NavItem {
  href: string;
  label: PlainMessageKey;
  /** Who may use the area; absent = every logged-in user. The API checks again: this only hides links. */
  roles?: readonly Role[];
  group: 'main' | 'admin';
}

// Who may use what: the server's named role lists, the same ones its routes declare as their access (src/**/roles.ts,
// src/platform/auth/access.ts; those files import types only, so nothing of the server comes into the bundle).
export { CENTRE, SYSTEM_ADMIN } from '../../src/platform/auth/access.ts';
export { LOG_REVIEWERS, QUALITY_READERS, USER_ADMINS } from '../../src/administration/roles.ts';
export { ARTICLE_EDITORS } from '../../src/catalogue/roles.ts';
export { NEWS_EDITORS, TEST_COORDINATORS } from '../../src/governance/roles.ts';
export { PATIENT_ROLES } from '../../src/ordering/roles.ts';
export {
  CASE_HANDLERS,
  DRIVERS,
  INSPECTION_READERS,
  ORDER_HANDLERS,
  PURCHASE_READERS,
  RULE_EDITORS,
  STOCK_VALUE_READERS,
  TRANSPORT_PLANNERS,
  TRANSPORT_READERS,
  WAREHOUSE,
} from '../../src/provision/roles.ts';
export { SUPPORT_STAFF } from '../../src/support/roles.ts';
export { BASIS_READERS, CUSTOMER_BASIS_READERS, FINANCE, PRICE_EDITORS } from '../../src/billing/roles.ts';
import { CENTRE, SYSTEM_ADMIN } from '../../src/platform/auth/access.ts';
import { LOG_REVIEWERS, QUALITY_READERS, USER_ADMINS } from '../../src/administration/roles.ts';
import { ARTICLE_EDITORS } from '../../src/catalogue/roles.ts';
import { NEWS_EDITORS } from '../../src/governance/roles.ts';
import { PATIENT_ROLES } from '../../src/ordering/roles.ts';
import {
  CASE_HANDLERS,
  DRIVERS,
  INSPECTION_READERS,
  ORDER_HANDLERS,
  PURCHASE_READERS,
  RULE_EDITORS,
  STOCK_VALUE_READERS,
  TRANSPORT_READERS,
  WAREHOUSE,
} from '../../src/provision/roles.ts';
import { SUPPORT_STAFF } from '../../src/support/roles.ts';
import { BASIS_READERS, CUSTOMER_BASIS_READERS, FINANCE, PRICE_EDITORS } from '../../src/billing/roles.ts';

export const NAV_ITEMS: readonly NavItem[] = [
  { href: '/', label: 'nav.start', group: 'main' },
  { href: '/patienter', label: 'nav.patients', roles: PATIENT_ROLES, group: 'main' },
  { href: '/bestallningar', label: 'nav.orders', roles: PATIENT_ROLES, group: 'main' },
  { href: '/uppfoljningar', label: 'followUps.nav', roles: PATIENT_ROLES, group: 'main' },
  { href: '/artiklar', label: 'nav.articles', group: 'main' },
  { href: '/artiklar/import', label: 'nav.articleImport', roles: ARTICLE_EDITORS, group: 'main' },
  { href: '/hmc', label: 'nav.centreQueue', roles: ORDER_HANDLERS, group: 'main' },
  { href: '/hmc/inleverans', label: 'nav.goodsReceipt', roles: WAREHOUSE, group: 'main' },
  { href: '/hmc/individer', label: 'nav.units', roles: CENTRE, group: 'main' },
  { href: '/hmc/lager', label: 'nav.stock', roles: CENTRE, group: 'main' },
  { href: '/hmc/rekonditionering', label: 'nav.reconditioning', roles: CENTRE, group: 'main' },
  { href: '/hmc/utredningar', label: 'nav.investigations', roles: ORDER_HANDLERS, group: 'main' },
  { href: '/hmc/besiktningar', label: 'inspection.nav', roles: INSPECTION_READERS, group: 'main' },
  { href: '/hmc/arenden', label: 'nav.cases', roles: CASE_HANDLERS, group: 'main' },
  { href: '/hmc/buffertforrad', label: 'nav.buffers', roles: CENTRE, group: 'main' },
  { href: '/hmc/inkop', label: 'purchasing.nav.purchasing', roles: PURCHASE_READERS, group: 'main' },
  { href: '/hmc/leverantorer', label: 'purchasing.nav.suppliers', roles: PURCHASE_READERS, group: 'main' },
  { href: '/hmc/lagervarde', label: 'purchasing.nav.valuation', roles: STOCK_VALUE_READERS, group: 'main' },
  { href: '/hmc/transporter', label: 'transport.nav.runs', roles: TRANSPORT_READERS, group: 'main' },
  { href: '/chauffor', label: 'transport.nav.driver', roles: DRIVERS, group: 'main' },
  { href: '/support', label: 'support.nav.mine', group: 'main' },
  { href: '/support/ko', label: 'support.nav.queue', roles: SUPPORT_STAFF, group: 'main' },
  { href: '/forslag', label: 'governance.nav.proposals', group: 'main' },
  { href: '/uppgraderingstest', label: 'governance.nav.testRounds', group: 'main' },
  { href: '/ekonomi/fakturering', label: 'billing.nav.month', roles: FINANCE, group: 'main' },
  { href: '/ekonomi/priser', label: 'billing.nav.prices', roles: PRICE_EDITORS, group: 'main' },
  { href: '/ekonomi/it-kostnad', label: 'billing.nav.itCost', roles: FINANCE, group: 'main' },
  { href: '/fakturaunderlag', label: 'billing.nav.bases', roles: CUSTOMER_BASIS_READERS, group: 'main' },
  { href: '/kostnadsstatistik', label: 'billing.nav.statistics', roles: BASIS_READERS, group: 'main' },
  { href: '/profil', label: 'nav.profile', group: 'main' },
  { href: '/driftinformation', label: 'nav.news', roles: NEWS_EDITORS, group: 'main' },
  { href: '/logggranskning', label: 'access.nav.logReview', roles: LOG_REVIEWERS, group: 'main' },
  { href: '/kvalitet', label: 'quality.nav.dashboard', roles: QUALITY_READERS, group: 'main' },
  { href: '/kvalitet/kvartal', label: 'quality.nav.quarterly', roles: QUALITY_READERS, group: 'main' },
  { href: '/admin/anvandare', label: 'nav.users', roles: USER_ADMINS, group: 'admin' },
  { href: '/admin/ansokningar', label: 'access.nav.applications', roles: USER_ADMINS, group: 'admin' },
  { href: '/admin/vardgivare', label: 'nav.careProviders', roles: SYSTEM_ADMIN, group: 'admin' },
  { href: '/admin/kunder', label: 'nav.customers', roles: SYSTEM_ADMIN, group: 'admin' },
  { href: '/admin/leveransomraden', label: 'nav.deliveryAreas', roles: SYSTEM_ADMIN, group: 'admin' },
  { href: '/admin/logg', label: 'nav.audit', roles: SYSTEM_ADMIN, group: 'admin' },
  { href: '/admin/systemklienter', label: 'nav.systemClients', roles: SYSTEM_ADMIN, group: 'admin' },
  { href: '/admin/utgaende-epost', label: 'access.nav.outgoingMail', roles: SYSTEM_ADMIN, group: 'admin' },
  { href: '/admin/installningar', label: 'access.nav.settings', roles: SYSTEM_ADMIN, group: 'admin' },
  { href: '/admin/regler', label: 'rules.nav', roles: RULE_EDITORS, group: 'admin' },
  { href: '/admin/forskrivningsklasser', label: 'prescriptionClasses.nav', roles: SYSTEM_ADMIN, group: 'admin' },
];

export const mayUse = (roles: readonly Role[] | undefined, userRoles: readonly Role[]) => !roles || roles.some((r) => userRoles.includes(r));

/** The nav item a path belongs to (the longest matching prefix), for aria-current. */
export function currentNavHref(pathname: string): string | null {
  let best: string | null = null;
  for (const item of NAV_ITEMS) {
    const match = item.href === '/' ? pathname === '/' : pathname === item.href || pathname.startsWith(`${item.href}/`);
    if (match && (!best || item.href.length > best.length)) best = item.href;
  }
  return best;
}
