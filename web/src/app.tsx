import { useEffect, type ReactNode } from 'react';
import { RouterProvider } from 'react-aria-components';
import type { Role } from './api.ts';
import { ErrorBoundary } from './components/ErrorBoundary.tsx';
import { Shell } from './components/shell.tsx';
import { LocaleProvider, useI18n } from './i18n/index.tsx';
import { ADMIN, ARTICLE_EDITORS, CENTRE, NEWS_EDITORS, USER_READERS, mayUse } from './nav.ts';
import { AuditPage } from './pages/AuditPage.tsx';
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
import { ForbiddenPage, NotFoundPage } from './pages/NotFoundPage.tsx';
import { ProfilePage } from './pages/ProfilePage.tsx';
import { StartPage } from './pages/StartPage.tsx';
import { NewUserPage, UserPage } from './pages/UserPage.tsx';
import { UsersPage } from './pages/UsersPage.tsx';
import { matchPath, navigate, useLocation } from './router.ts';
import { SessionProvider, useSession } from './session.tsx';

interface RouteDef {
  path: string;
  roles?: readonly Role[];
  render: (params: Record<string, string>) => ReactNode;
}

// Order matters: '/admin/anvandare/ny' must come before '/admin/anvandare/:id'.
const ROUTES: RouteDef[] = [
  { path: '/', render: () => <StartPage /> },
  { path: '/profil', render: () => <ProfilePage /> },
  { path: '/artiklar', render: () => <ArticleSearchPage /> },
  { path: '/artiklar/ny', roles: ARTICLE_EDITORS, render: () => <ArticleEditPage id={null} /> },
  { path: '/artiklar/import', roles: ARTICLE_EDITORS, render: () => <ImportPage /> },
  { path: '/artiklar/iso', render: () => <IsoRootPage /> },
  { path: '/artiklar/iso/:code', render: (p) => <IsoNodePage code={p.code!} /> },
  { path: '/artiklar/:id', render: (p) => <ArticlePage id={p.id!} /> },
  { path: '/artiklar/:id/redigera', roles: ARTICLE_EDITORS, render: (p) => <ArticleEditPage id={p.id!} /> },
  { path: '/artiklar/:id/historik', roles: CENTRE, render: (p) => <ArticleHistoryPage id={p.id!} /> },
  { path: '/driftinformation', roles: NEWS_EDITORS, render: () => <NewsAdminPage /> },
  { path: '/admin/anvandare', roles: USER_READERS, render: () => <UsersPage /> },
  { path: '/admin/anvandare/ny', roles: ADMIN, render: () => <NewUserPage /> },
  { path: '/admin/anvandare/:id', roles: USER_READERS, render: (p) => <UserPage id={p.id!} /> },
  { path: '/admin/vardgivare', roles: ADMIN, render: () => <CareProvidersPage /> },
  { path: '/admin/kunder', roles: ADMIN, render: () => <CustomersPage /> },
  { path: '/admin/kunder/ny', roles: ADMIN, render: () => <CustomerPage id={null} /> },
  { path: '/admin/kunder/:id', roles: ADMIN, render: (p) => <CustomerPage id={p.id!} /> },
  { path: '/admin/leveransomraden', roles: ADMIN, render: () => <DeliveryAreasPage /> },
  { path: '/admin/logg', roles: ADMIN, render: () => <AuditPage /> },
];

function Redirect({ to }: { to: string }) {
  useEffect(() => navigate(to, { replace: true }), [to]);
  return null;
}

function Routes() {
  const { status, user } = useSession();
  const { pathname, href } = useLocation();
  const { t } = useI18n();

  if (status === 'loading') {
    return (
      <p className="app-loading" role="status">
        {t('app.loading')}
      </p>
    );
  }
  if (pathname === '/logga-in') return status === 'authenticated' ? <Redirect to="/" /> : <LoginPage />;
  if (status !== 'authenticated' || !user) return <Redirect to={`/logga-in?next=${encodeURIComponent(href)}`} />;

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
  return (
    <LocaleProvider>
      <ErrorBoundary>
        <RouterProvider navigate={(to) => navigate(String(to))}>
          <SessionProvider>
            <Routes />
          </SessionProvider>
        </RouterProvider>
      </ErrorBoundary>
    </LocaleProvider>
  );
}
