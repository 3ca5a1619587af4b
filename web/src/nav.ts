import type { Role } from './api/types.ts';
import type { MessageKey } from './i18n/index.tsx';

export interface NavItem {
  href: string;
  label: MessageKey;
  /** Who may use the area; absent = every logged-in user. The API checks again: this only hides links. */
  roles?: readonly Role[];
  group: 'main' | 'admin';
}

export const NEWS_EDITORS: readonly Role[] = ['systemAdmin', 'functionCoordinator', 'customerService'];
export const USER_READERS: readonly Role[] = ['systemAdmin', 'localSupport'];
export const ADMIN: readonly Role[] = ['systemAdmin'];
/** The centre's roles: they see unpublished articles, agreed prices and the change history. */
export const CENTRE: readonly Role[] = [
  'customerService',
  'technician',
  'warehouse',
  'consultant',
  'finance',
  'assortment',
  'functionCoordinator',
  'systemAdmin',
];
/** Who edits the article register and imports catalogue files (the API refuses everyone else). */
export const ARTICLE_EDITORS: readonly Role[] = ['assortment'];
/** Who looks up patients and opens the patient page (the ordering side; the API checks again). */
export const PATIENT_USERS: readonly Role[] = ['prescriber', 'orderer'];

/** The centre's staff who handle orders (work queues, the order page). */
export const CENTRE_HANDLERS: readonly Role[] = ['customerService', 'warehouse', 'technician', 'consultant'];
/** Goods receipt, picking and stock at the centre. */
export const WAREHOUSE_STAFF: readonly Role[] = ['warehouse'];

/** The quality dashboard and the centre's quarterly follow-up (the API checks again). */
export const QUALITY_READERS: readonly Role[] = ['systemAdmin', 'functionCoordinator'];

/** Fault reports, deviations and lost-device reports (ärenden). */
export const CASE_HANDLERS: readonly Role[] = ['customerService', 'consultant'];

/** Who handles support tickets: local support (level 1), the centre's support (2), system management (3 and the vendor contact). */
export const SUPPORT_STAFF: readonly Role[] = ['localSupport', 'customerService', 'systemAdmin'];
/** Who plans upgrade test rounds and signs them off. */
export const TEST_COORDINATORS: readonly Role[] = ['functionCoordinator'];
/** Access applications: local support applies for its workplaces, system administration registers. */
export const APPLICANTS: readonly Role[] = ['localSupport', 'systemAdmin'];
/** The care provider's PDL log review and the patient's extract of accesses. */
export const LOG_REVIEWERS: readonly Role[] = ['logReviewer'];

/** Finance: the month's run, the close and the IT cost split. */
export const FINANCE: readonly Role[] = ['finance'];
/** The service price list and the cost-responsibility rules (the API checks again). */
export const PRICE_EDITORS: readonly Role[] = ['finance', 'assortment'];
/** A customer's own users, who download their customer numbers' bases (finance has the month's page instead). */
export const CUSTOMER_BASIS_READERS: readonly Role[] = ['prescriber', 'orderer', 'localSupport'];
/** The bases and the cost statistics: finance and a customer's own users. */
export const BASIS_READERS: readonly Role[] = ['finance', ...CUSTOMER_BASIS_READERS];

export const NAV_ITEMS: readonly NavItem[] = [
  { href: '/', label: 'nav.start', group: 'main' },
  { href: '/patienter', label: 'nav.patients', roles: PATIENT_USERS, group: 'main' },
  { href: '/bestallningar', label: 'nav.orders', roles: PATIENT_USERS, group: 'main' },
  { href: '/artiklar', label: 'nav.articles', group: 'main' },
  { href: '/artiklar/import', label: 'nav.articleImport', roles: ARTICLE_EDITORS, group: 'main' },
  { href: '/hmc', label: 'nav.centreQueue', roles: CENTRE_HANDLERS, group: 'main' },
  { href: '/hmc/inleverans', label: 'nav.goodsReceipt', roles: WAREHOUSE_STAFF, group: 'main' },
  { href: '/hmc/individer', label: 'nav.units', roles: CENTRE, group: 'main' },
  { href: '/hmc/lager', label: 'nav.stock', roles: CENTRE, group: 'main' },
  { href: '/hmc/rekonditionering', label: 'nav.reconditioning', roles: CENTRE, group: 'main' },
  { href: '/hmc/utredningar', label: 'nav.investigations', roles: CENTRE_HANDLERS, group: 'main' },
  { href: '/hmc/arenden', label: 'nav.cases', roles: CASE_HANDLERS, group: 'main' },
  { href: '/hmc/buffertforrad', label: 'nav.buffers', roles: CENTRE, group: 'main' },
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
  { href: '/admin/anvandare', label: 'nav.users', roles: USER_READERS, group: 'admin' },
  { href: '/admin/ansokningar', label: 'access.nav.applications', roles: APPLICANTS, group: 'admin' },
  { href: '/admin/vardgivare', label: 'nav.careProviders', roles: ADMIN, group: 'admin' },
  { href: '/admin/kunder', label: 'nav.customers', roles: ADMIN, group: 'admin' },
  { href: '/admin/leveransomraden', label: 'nav.deliveryAreas', roles: ADMIN, group: 'admin' },
  { href: '/admin/logg', label: 'nav.audit', roles: ADMIN, group: 'admin' },
  { href: '/admin/systemklienter', label: 'nav.systemClients', roles: ADMIN, group: 'admin' },
  { href: '/admin/utgaende-epost', label: 'access.nav.outgoingMail', roles: ADMIN, group: 'admin' },
  { href: '/admin/installningar', label: 'access.nav.settings', roles: ADMIN, group: 'admin' },
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
