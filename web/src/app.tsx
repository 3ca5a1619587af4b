import { QueryClientProvider } from '@tanstack/react-query';
import { lazy, Suspense, useEffect, useState, type ReactNode } from 'react';
import { createQueryClient } from './api/query.ts';
import { RouterProvider } from 'react-aria-components';
import type { Role } from './api/types.ts';
import { ErrorBoundary } from './components/ErrorBoundary.tsx';
import { Loading } from './components/ui.tsx';
import { PublicShell, Shell } from './components/shell.tsx';
import { LocaleProvider, useI18n } from './i18n/index.tsx';
import {
  SYSTEM_ADMIN,
  USER_ADMINS,
  ARTICLE_EDITORS,
  BASIS_READERS,
  CASE_HANDLERS,
  CENTRE,
  ORDER_HANDLERS,
  FINANCE,
  LOG_REVIEWERS,
  NEWS_EDITORS,
  PATIENT_ROLES,
  PRICE_EDITORS,
  QUALITY_READERS,
  RULE_EDITORS,
  SUPPORT_STAFF,
  TEST_COORDINATORS,
  WAREHOUSE,
  PURCHASE_READERS,
  STOCK_VALUE_READERS,
  TRANSPORT_READERS,
  DRIVERS,
  INSPECTION_READERS,
  mayUse,
} from './nav.ts';
import { ApplicationFormPage } from './pages/access/ApplicationFormPage.tsx';
import { ApplicationsPage } from './pages/access/ApplicationsPage.tsx';
import { LogReviewPage } from './pages/access/LogReviewPage.tsx';
import { OutgoingMailPage } from './pages/access/OutgoingMailPage.tsx';
import { SettingsPage } from './pages/access/SettingsPage.tsx';
import { AuditPage } from './pages/AuditPage.tsx';
import { BasesPage } from './pages/billing/BasesPage.tsx';
import { BillingMonthPage } from './pages/billing/BillingMonthPage.tsx';
import { BillingPricesPage } from './pages/billing/BillingPricesPage.tsx';
import { RulesPage } from './pages/rules/RulesPage.tsx';
import { SystemClientsPage } from './pages/SystemClientsPage.tsx';
import { ArticleEditPage } from './pages/catalogue/ArticleEditPage.tsx';
import { ArticleHistoryPage } from './pages/catalogue/ArticleHistoryPage.tsx';
import { ArticlePage } from './pages/catalogue/ArticlePage.tsx';
import { ArticleSearchPage } from './pages/catalogue/ArticleSearchPage.tsx';
import { ImportPage } from './pages/catalogue/ImportPage.tsx';
import { IsoNodePage, IsoRootPage } from './pages/catalogue/IsoBrowsePage.tsx';
import { CareProvidersPage } from './pages/CareProvidersPage.tsx';
import { CustomerPage } from './pages/CustomerPage.tsx';
import { CustomersPage } from './pages/CustomersPage.tsx';
import { DeliveryAreasPage } from './pages/DeliveryAreasPage.tsx';
import { LoginPage } from './pages/LoginPage.tsx';
import { NewsAdminPage } from './pages/NewsAdminPage.tsx';
import { FollowUpsRoute, PrescriptionClassesRoute, NewOrderRoute, OrderReceiptRoute, OrderRoute, OrdersRoute } from './pages/orders/routes.tsx';
import { PatientPage } from './pages/patients/PatientPage.tsx';
import { PatientSearchPage } from './pages/patients/PatientSearchPage.tsx';
import { ForbiddenPage, NotFoundPage } from './pages/NotFoundPage.tsx';
import { ProfilePage } from './pages/ProfilePage.tsx';
import { CentreOrderPage } from './pages/provision/CentreOrderPage.tsx';
import { GoodsReceiptPage } from './pages/provision/GoodsReceiptPage.tsx';
import { QueuePage } from './pages/provision/QueuePage.tsx';
import { StockPage } from './pages/provision/StockPage.tsx';
import { UnitPage, UnitsPage } from './pages/provision/UnitsPage.tsx';
import { WorkOrderPage } from './pages/provision/WorkOrderPage.tsx';
import { InvestigationsPage } from './pages/provision/InvestigationsPage.tsx';
import { InspectionsPage } from './pages/provision/InspectionsPage.tsx';
import { ReconditioningPage } from './pages/provision/ReconditioningPage.tsx';
import { CasePage, CasesPage } from './pages/provision/CasesPage.tsx';
import { BufferStorePage, BufferStoresPage } from './pages/provision/BufferStoresPage.tsx';
import { PurchasingPage } from './pages/provision/PurchasingPage.tsx';
import { PurchaseOrderPage } from './pages/provision/PurchaseOrderPage.tsx';
import { AgreementPage, SuppliersPage } from './pages/provision/SuppliersPage.tsx';
import { ReorderPointsPage } from './pages/provision/ReorderPointsPage.tsx';
import { StockValuationPage } from './pages/provision/StockValuationPage.tsx';
import { DriverRunPage, DriverRunsPage } from './pages/transport/DriverPages.tsx';
import { TransportRunPage, TransportRunsPage } from './pages/transport/TransportPages.tsx';
import { StartPage } from './pages/StartPage.tsx';
import { HandbookPage } from './pages/HandbookPage.tsx';
import { MyTicketsPage, SupportQueuePage, TicketPage } from './pages/support/SupportPages.tsx';
import { ProposalPage, ProposalsPage } from './pages/governance/ProposalsPages.tsx';
import { PlanRoundPage, TestRoundPage, TestRoundsPage } from './pages/governance/TestRoundsPages.tsx';
import { QualityDashboardPage } from './pages/quality/QualityDashboardPage.tsx';
import { QuarterlyReportPage } from './pages/quality/QuarterlyReportPage.tsx';
import { NewUserPage, UserPage } from './pages/UserPage.tsx';
import { UsersPage } from './pages/UsersPage.tsx';
import { matchPath, navigate, safeNext, useLocation } from './router.ts';
import { SessionProvider, useSession } from './session.tsx';

// The pages with charts load the chart library only when opened.
const ItCostPage = lazy(() => import('./pages/billing/ItCostPage.tsx').then((m) => ({ default: m.ItCostPage })));
const CostStatisticsPage = lazy(() => import('./pages/billing/CostStatisticsPage.tsx').then((m) => ({ default: m.CostStatisticsPage })));
const charts = (page: ReactNode) => <Suspense fallback={<Loading />}>{page}</Suspense>;

interface RouteDef {
  path: string;
  roles?: readonly Role[];
  render: (params: Record<string, string>) => ReactNode;
}

// Order matters: '/admin/anvandare/ny' must come before '/admin/anvandare/:id'.
const ROUTES: RouteDef[] = [
  { path: '/', render: () => <StartPage /> },
  { path: '/profil', render: () => <ProfilePage /> },
  { path: '/handbok/:doc', render: (p) => <HandbookPage doc={p.doc!} /> },
  { path: '/patienter', roles: PATIENT_ROLES, render: () => <PatientSearchPage /> },
  { path: '/patienter/:id', roles: PATIENT_ROLES, render: (p) => <PatientPage id={p.id!} /> },
  { path: '/bestallningar', roles: PATIENT_ROLES, render: () => <OrdersRoute /> },
  { path: '/uppfoljningar', roles: PATIENT_ROLES, render: () => <FollowUpsRoute /> },
  { path: '/admin/forskrivningsklasser', roles: SYSTEM_ADMIN, render: () => <PrescriptionClassesRoute /> },
  { path: '/bestallningar/ny', roles: PATIENT_ROLES, render: () => <NewOrderRoute /> },
  { path: '/bestallningar/:id', roles: PATIENT_ROLES, render: (p) => <OrderRoute id={p.id!} /> },
  { path: '/bestallningar/:id/kvitto', roles: PATIENT_ROLES, render: (p) => <OrderReceiptRoute id={p.id!} /> },
  { path: '/artiklar', render: () => <ArticleSearchPage /> },
  { path: '/artiklar/ny', roles: ARTICLE_EDITORS, render: () => <ArticleEditPage id={null} /> },
  { path: '/artiklar/import', roles: ARTICLE_EDITORS, render: () => <ImportPage /> },
  { path: '/artiklar/iso', render: () => <IsoRootPage /> },
  { path: '/artiklar/iso/:code', render: (p) => <IsoNodePage code={p.code!} /> },
  { path: '/artiklar/:id', render: (p) => <ArticlePage id={p.id!} /> },
  { path: '/artiklar/:id/redigera', roles: ARTICLE_EDITORS, render: (p) => <ArticleEditPage id={p.id!} /> },
  { path: '/artiklar/:id/historik', roles: CENTRE, render: (p) => <ArticleHistoryPage id={p.id!} /> },
  { path: '/hmc', roles: ORDER_HANDLERS, render: () => <QueuePage /> },
  { path: '/hmc/order/:id', roles: ORDER_HANDLERS, render: (p) => <CentreOrderPage id={p.id!} /> },
  { path: '/hmc/arbetsorder/:id', roles: ORDER_HANDLERS, render: (p) => <WorkOrderPage id={p.id!} /> },
  { path: '/hmc/inleverans', roles: WAREHOUSE, render: () => <GoodsReceiptPage /> },
  { path: '/hmc/individer', roles: CENTRE, render: () => <UnitsPage /> },
  { path: '/hmc/individer/:id', roles: CENTRE, render: (p) => <UnitPage id={p.id!} /> },
  { path: '/hmc/lager', roles: CENTRE, render: () => <StockPage /> },
  { path: '/hmc/rekonditionering', roles: CENTRE, render: () => <ReconditioningPage /> },
  { path: '/hmc/utredningar', roles: ORDER_HANDLERS, render: () => <InvestigationsPage /> },
  { path: '/hmc/besiktningar', roles: INSPECTION_READERS, render: () => <InspectionsPage /> },
  { path: '/hmc/arenden', roles: CASE_HANDLERS, render: () => <CasesPage /> },
  { path: '/hmc/arenden/:id', roles: CASE_HANDLERS, render: (p) => <CasePage id={p.id!} /> },
  { path: '/hmc/buffertforrad', roles: CENTRE, render: () => <BufferStoresPage /> },
  { path: '/hmc/buffertforrad/:id', roles: CENTRE, render: (p) => <BufferStorePage id={p.id!} /> },
  { path: '/hmc/inkop', roles: PURCHASE_READERS, render: () => <PurchasingPage /> },
  { path: '/hmc/inkop/bestallningspunkter', roles: PURCHASE_READERS, render: () => <ReorderPointsPage /> },
  { path: '/hmc/inkop/:id', roles: PURCHASE_READERS, render: (p) => <PurchaseOrderPage id={p.id!} /> },
  { path: '/hmc/transporter', roles: TRANSPORT_READERS, render: () => <TransportRunsPage /> },
  { path: '/hmc/transporter/:id', roles: TRANSPORT_READERS, render: (p) => <TransportRunPage id={p.id!} /> },
  { path: '/chauffor', roles: DRIVERS, render: () => <DriverRunsPage /> },
  { path: '/chauffor/:id', roles: DRIVERS, render: (p) => <DriverRunPage id={p.id!} /> },
  { path: '/hmc/leverantorer', roles: PURCHASE_READERS, render: () => <SuppliersPage /> },
  { path: '/hmc/leverantorer/avtal/:id', roles: PURCHASE_READERS, render: (p) => <AgreementPage id={p.id!} /> },
  { path: '/hmc/lagervarde', roles: STOCK_VALUE_READERS, render: () => <StockValuationPage /> },
  { path: '/support', render: () => <MyTicketsPage /> },
  { path: '/support/ko', roles: SUPPORT_STAFF, render: () => <SupportQueuePage /> },
  { path: '/support/arenden/:id', render: (p) => <TicketPage id={p.id!} /> },
  { path: '/forslag', render: () => <ProposalsPage /> },
  { path: '/forslag/:id', render: (p) => <ProposalPage id={p.id!} /> },
  { path: '/uppgraderingstest', render: () => <TestRoundsPage /> },
  { path: '/uppgraderingstest/ny', roles: TEST_COORDINATORS, render: () => <PlanRoundPage /> },
  { path: '/uppgraderingstest/:id', render: (p) => <TestRoundPage id={p.id!} /> },
  { path: '/ekonomi/fakturering', roles: FINANCE, render: () => <BillingMonthPage /> },
  { path: '/ekonomi/priser', roles: PRICE_EDITORS, render: () => <BillingPricesPage /> },
  { path: '/ekonomi/it-kostnad', roles: FINANCE, render: () => charts(<ItCostPage />) },
  { path: '/fakturaunderlag', roles: BASIS_READERS, render: () => <BasesPage /> },
  { path: '/kostnadsstatistik', roles: BASIS_READERS, render: () => charts(<CostStatisticsPage />) },
  { path: '/driftinformation', roles: NEWS_EDITORS, render: () => <NewsAdminPage /> },
  { path: '/kvalitet', roles: QUALITY_READERS, render: () => <QualityDashboardPage /> },
  { path: '/kvalitet/kvartal', roles: QUALITY_READERS, render: () => <QuarterlyReportPage /> },
  { path: '/admin/regler', roles: RULE_EDITORS, render: () => <RulesPage /> },
  { path: '/admin/anvandare', roles: USER_ADMINS, render: () => <UsersPage /> },
  { path: '/admin/anvandare/ny', roles: SYSTEM_ADMIN, render: () => <NewUserPage /> },
  { path: '/admin/anvandare/:id', roles: USER_ADMINS, render: (p) => <UserPage id={p.id!} /> },
  { path: '/admin/vardgivare', roles: SYSTEM_ADMIN, render: () => <CareProvidersPage /> },
  { path: '/admin/kunder', roles: SYSTEM_ADMIN, render: () => <CustomersPage /> },
  { path: '/admin/kunder/ny', roles: SYSTEM_ADMIN, render: () => <CustomerPage id={null} /> },
  { path: '/admin/kunder/:id', roles: SYSTEM_ADMIN, render: (p) => <CustomerPage id={p.id!} /> },
  { path: '/admin/leveransomraden', roles: SYSTEM_ADMIN, render: () => <DeliveryAreasPage /> },
  { path: '/admin/logg', roles: SYSTEM_ADMIN, render: () => <AuditPage /> },
  { path: '/admin/systemklienter', roles: SYSTEM_ADMIN, render: () => <SystemClientsPage /> },
  { path: '/admin/ansokningar', roles: USER_ADMINS, render: () => <ApplicationsPage /> },
  { path: '/admin/ansokningar/ny', roles: USER_ADMINS, render: () => <ApplicationFormPage /> },
  { path: '/admin/utgaende-epost', roles: SYSTEM_ADMIN, render: () => <OutgoingMailPage /> },
  { path: '/admin/installningar', roles: SYSTEM_ADMIN, render: () => <SettingsPage /> },
  { path: '/logggranskning', roles: LOG_REVIEWERS, render: () => <LogReviewPage /> },
];

function Redirect({ to }: { to: string }) {
  useEffect(() => navigate(to, { replace: true }), [to]);
  return null;
}

function Routes() {
  const { status, user } = useSession();
  const { pathname, href, search } = useLocation();
  const { t } = useI18n();

  if (status === 'loading') {
    return (
      <p className="app-loading" role="status">
        {t('app.loading')}
      </p>
    );
  }
  // Logged in on the login page: where the login page itself goes too (?next=), whichever runs first.
  if (pathname === '/logga-in') return status === 'authenticated' ? <Redirect to={safeNext(search.get('next'))} /> : <LoginPage />;
  if (status !== 'authenticated' || !user) {
    // The handbook is open before logging in (its section on logging in is linked from the login page).
    const handbook = matchPath('/handbok/:doc', pathname);
    if (handbook)
      return (
        <PublicShell mainClassName="app-main public-main">
          <ErrorBoundary key={pathname}>
            <HandbookPage doc={handbook.doc!} />
          </ErrorBoundary>
        </PublicShell>
      );
    return <Redirect to={`/logga-in?next=${encodeURIComponent(href)}`} />;
  }

  let page: ReactNode = <NotFoundPage />;
  for (const r of ROUTES) {
    const params = matchPath(r.path, pathname);
    if (!params) continue;
    page = mayUse(r.roles, user.roles) ? r.render(params) : <ForbiddenPage />;
    break;
  }
  return (
    <Shell>
      {/* A new page gets a fresh error boundary, so one failed page does not stick. */}
      <ErrorBoundary key={pathname}>{page}</ErrorBoundary>
    </Shell>
  );
}

export function App() {
  const [queryClient] = useState(createQueryClient);
  return (
    <LocaleProvider>
      <ErrorBoundary>
        <QueryClientProvider client={queryClient}>
          <RouterProvider navigate={(to) => navigate(String(to))}>
            <SessionProvider>
              <Routes />
            </SessionProvider>
          </RouterProvider>
        </QueryClientProvider>
      </ErrorBoundary>
    </LocaleProvider>
  );
}
