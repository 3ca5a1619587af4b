import { useMutation } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Form } from 'react-aria-components';
import { $api } from '../api/client.ts';
import { Btn, ErrorAlert } from '../components/ui.tsx';
import { TextInput } from '../components/fields.tsx';
import { PublicShell } from '../components/shell.tsx';
import { useI18n, type PlainMessageKey } from '../i18n/index.tsx';
import { navigate, safeNext, useLocation } from '../router.ts';
import { useSession } from '../session.tsx';
import { formatPersonalNumber } from '../format.ts';

/** The reasons a SITHS login is refused that have their own text (src/platform/auth/oidc.ts); others get a general one. */
const DEMO_USES = {
  ordinary: 'login.demoUse.ordinary',
  protectedIdentity: 'login.demoUse.protectedIdentity',
  coordinationNumber: 'login.demoUse.coordinationNumber',
  child: 'login.demoUse.child',
} as const satisfies Record<string, PlainMessageKey>;

const SSO_REASONS = new Map<string, PlainMessageKey>([
  ['unknown-user', 'login.sso.unknown-user'],
  ['inactive', 'login.sso.inactive'],
  ['expired', 'login.sso.expired'],
  ['idp-error', 'login.sso.idp-error'],
  ['not-configured', 'login.sso.not-configured'],
  ['unavailable', 'login.sso.unavailable'],
]);

export function LoginPage() {
  const { t } = useI18n();
  const { login, reason } = useSession();
  const { search } = useLocation();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  // Which ways in this installation offers (SITHS through the region's IdP, local passwords, or both).
  const config = $api.useQuery('get', '/api/auth/config', {}, { throwOnError: false });
  const methods = config.data ?? { passwords: true, siths: false, demo: null };
  // A demo installation (`bista serve --demo`) tells its logins and a few demo patients.
  const demo = methods.demo;
  const signIn = useMutation({
    mutationFn: () => login(username.trim(), password),
    onSuccess: () => navigate(safeNext(search.get('next')), { replace: true }),
    onError: () => setPassword(''),
  });
  // After success the button stays pending: the app opens.
  const pending = signIn.isPending || signIn.isSuccess;
  const error = signIn.error;
  // Back from the IdP: a refused SITHS login (the server's reason) or the IdP's logout.
  const sso = search.get('sso');
  const ssoMessage = sso ? t(SSO_REASONS.get(sso) ?? 'login.sso.failed') : null;
  const loggedOutAtIdp = search.get('utloggad') !== null;
  const sithsHref = `/api/auth/oidc/start?next=${encodeURIComponent(safeNext(search.get('next')))}`;

  useEffect(() => {
    document.title = `${t('login.title')} – ${t('app.name')}`;
  }, [t]);

  function submit() {
    if (!pending) signIn.mutate();
  }

  return (
    <PublicShell mainClassName="login-main">
      <div className="login-card card">
        <h1 className="page-title">{t('login.title')}</h1>
        <p className="page-intro">{t(methods.passwords ? 'login.intro' : 'login.sithsIntro')}</p>
        {(reason || loggedOutAtIdp) && !error && !ssoMessage ? (
          <div className="alert alert--info" role="status">
            <div className="alert-body">
              <p className="alert-title">{t(reason === 'expired' ? 'login.sessionEnded' : 'login.loggedOut')}</p>
            </div>
          </div>
        ) : null}
        {ssoMessage && !error ? <ErrorAlert error={sso} message={ssoMessage} /> : null}
        <ErrorAlert error={error} />
        {methods.siths ? (
          <p>
            <a className="button button--primary button--wide" href={sithsHref}>
              {t('login.siths')}
            </a>
          </p>
        ) : null}
        {methods.passwords && methods.siths ? <p className="help-text">{t('login.or')}</p> : null}
        {methods.passwords ? (
          <Form
            className="form"
            onSubmit={(e) => {
              e.preventDefault();
              submit();
            }}
          >
            <TextInput
              label={t('login.username')}
              name="username"
              value={username}
              onChange={setUsername}
              autoComplete="username"
              isRequired
              spellCheck={false}
            />
            <TextInput
              label={t('login.password')}
              name="password"
              type="password"
              value={password}
              onChange={setPassword}
              autoComplete="current-password"
              isRequired
            />
            <Btn type="submit" variant={methods.siths ? 'secondary' : 'primary'} className="button--wide" isPending={pending}>
              {pending ? t('login.submitting') : t('login.submit')}
            </Btn>
          </Form>
        ) : null}
        {demo && methods.passwords ? (
          <section className="help-text login-hint" aria-label={t('login.demoPatients')}>
            <p>{t('login.demoHint', { password: demo.password })}</p>
            <p>{t('login.demoPatients')}</p>
            <ul>
              {demo.patients.map((p) => (
                <li key={p.identifier}>
                  <span className="mono">{formatPersonalNumber(p.identifier)}</span> {p.name}: {t(DEMO_USES[p.use])}
                </li>
              ))}
            </ul>
            <p>{t('login.demoTestNumbers')}</p>
          </section>
        ) : null}
      </div>
    </PublicShell>
  );
}
