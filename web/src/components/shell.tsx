import { useMutation } from '@tanstack/react-query';
import { useEffect, useState, type MouseEvent, type ReactNode } from 'react';
import { Button, Link } from 'react-aria-components';
import { fetchClient } from '../api/client.ts';
import { useI18n } from '../i18n/index.tsx';
import { currentNavHref, mayUse, NAV_ITEMS } from '../nav.ts';
import { useLocation } from '../router.ts';
import { useSession } from '../session.tsx';
import { ErrorAlert } from './ui.tsx';
import { SupportContactButton } from '../pages/support/SupportContact.tsx';
import { helpFor, helpHref } from '../help.ts';

/** Switches between Swedish and English; when logged in the choice is also saved in the profile. */
export function LanguageSwitch() {
  const { t, locale, setLocale } = useI18n();
  const { status } = useSession();
  const next = locale === 'sv' ? 'en' : 'sv';
  return (
    <Button
      className="header-button lang-switch"
      lang={t('shell.otherLanguageCode')}
      aria-label={t('shell.otherLanguageLabel')}
      onPress={() => {
        setLocale(next);
        if (status === 'authenticated') fetchClient.PATCH('/api/me', { body: { locale: next } }).catch(() => undefined);
      }}
    >
      <span aria-hidden="true" className="lang-icon">
        ⇄
      </span>{' '}
      {t('shell.otherLanguage')}
    </Button>
  );
}

function focusMain(e: MouseEvent<HTMLAnchorElement>) {
  const main = document.getElementById('main');
  if (!main) return;
  e.preventDefault();
  main.focus();
  main.scrollIntoView();
}

export function SkipLink() {
  const { t } = useI18n();
  // A plain in-page anchor: it must not go through the router.
  return (
    <a className="skip-link" href="#main" onClick={focusMain}>
      {t('shell.skipLink')}
    </a>
  );
}

export function Brand() {
  const { t } = useI18n();
  return (
    <Link href="/" className="brand">
      <span className="brand-mark" aria-hidden="true">
        B
      </span>
      <span className="brand-text">
        <span className="brand-name">{t('app.name')}</span>
        <span className="brand-tagline">{t('app.tagline')}</span>
      </span>
    </Link>
  );
}

/** "Hjälp": the handbook's section about the page shown (web/src/help.ts), named after that section for screen readers. */
export function HelpLink() {
  const { t } = useI18n();
  const { pathname } = useLocation();
  const help = helpFor(pathname);
  if (!help) return null;
  return (
    <Link href={helpHref(help)} className="header-button help-link" aria-label={t('help.linkLabel', { section: help.section })}>
      <span aria-hidden="true" className="help-icon">
        ?
      </span>{' '}
      {t('help.link')}
    </Link>
  );
}

/**
 * The frame of a page open before logging in (the login page, the handbook): the brand, "Hjälp", the language and,
 * off the login page, a link to log in.
 */
export function PublicShell({ children, mainClassName }: { children: ReactNode; mainClassName: string }) {
  const { t } = useI18n();
  const { pathname, href } = useLocation();
  return (
    <div className="login-layout">
      <SkipLink />
      <header className="app-header">
        <div className="app-header-inner">
          <Brand />
          <div className="header-tools">
            <HelpLink />
            <LanguageSwitch />
            {pathname === '/logga-in' ? null : (
              <Link href={`/logga-in?next=${encodeURIComponent(href)}`} className="header-button help-link">
                {t('login.title')}
              </Link>
            )}
          </div>
        </div>
      </header>
      <main id="main" className={mainClassName} tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}

export function Shell({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  const { user, logout } = useSession();
  const { pathname } = useLocation();
  // A second press while logging out is ignored; after a failure the error shows and the button works again.
  const leaving = useMutation({ mutationFn: logout });
  const loggingOut = leaving.isPending || leaving.isSuccess;
  const logoutError = leaving.error;
  const roles = user?.roles ?? [];
  const items = NAV_ITEMS.filter((i) => mayUse(i.roles, roles));
  const current = currentNavHref(pathname);
  const main = items.filter((i) => i.group === 'main');
  const admin = items.filter((i) => i.group === 'admin');
  // On a narrow screen (a driver's phone) the menu and the header's tools fold behind one "Meny" button, so the
  // page itself starts on the first screen; CSS shows them always from 60rem. Going to another page folds it again.
  const [menuOpen, setMenuOpen] = useState(false);
  useEffect(() => setMenuOpen(false), [pathname]);

  const navLink = (i: (typeof items)[number]) => (
    <li key={i.href}>
      <Link href={i.href} className="nav-link" aria-current={current === i.href ? 'page' : undefined}>
        {t(i.label)}
      </Link>
    </li>
  );

  return (
    <div className="app" data-menu={menuOpen ? 'open' : 'closed'}>
      <SkipLink />
      <header className="app-header">
        <div className="app-header-inner">
          <Brand />
          <Button className="header-button menu-toggle" aria-expanded={menuOpen} aria-controls="app-menu" onPress={() => setMenuOpen((o) => !o)}>
            <span aria-hidden="true">{menuOpen ? '✕' : '☰'}</span> {t('shell.menu')}
          </Button>
          <div className="header-tools" id="app-menu">
            <p className="header-user">
              <span className="visually-hidden">{t('shell.loggedInAs')} </span>
              <span className="header-user-name">{user?.name}</span>
            </p>
            <HelpLink />
            <SupportContactButton />
            <LanguageSwitch />
            <Button
              className="header-button"
              onPress={() => {
                if (!loggingOut) leaving.mutate();
              }}
            >
              {t('shell.logout')}
            </Button>
          </div>
        </div>
      </header>
      <div className="app-body">
        <nav className="app-nav" aria-label={t('shell.mainNav')}>
          <ul className="nav-list">{main.map(navLink)}</ul>
          {admin.length ? (
            <>
              <p className="nav-group-title" id="nav-admin">
                {t('nav.groupAdmin')}
              </p>
              <ul className="nav-list" aria-labelledby="nav-admin">
                {admin.map(navLink)}
              </ul>
            </>
          ) : null}
        </nav>
        <main id="main" className="app-main" tabIndex={-1}>
          <ErrorAlert error={logoutError} />
          {children}
        </main>
      </div>
    </div>
  );
}
