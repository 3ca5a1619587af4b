import { useEffect, useState } from 'react';
import { Form } from 'react-aria-components';
import { Btn, ErrorAlert } from '../components/ui.tsx';
import { TextInput } from '../components/fields.tsx';
import { Brand, LanguageSwitch, SkipLink } from '../components/shell.tsx';
import { useI18n } from '../i18n/index.tsx';
import { navigate, safeNext, useLocation } from '../router.ts';
import { useSession } from '../session.tsx';

export function LoginPage() {
  const { t } = useI18n();
  const { login, reason } = useSession();
  const { search } = useLocation();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [pending, setPending] = useState(false);

  useEffect(() => {
    document.title = `${t('login.title')} – ${t('app.name')}`;
  }, [t]);

  async function submit() {
    if (pending) return;
    setPending(true);
    setError(null);
    try {
      await login(username.trim(), password);
      navigate(safeNext(search.get('next')), { replace: true });
    } catch (e) {
      setError(e);
      setPassword('');
      setPending(false);
    }
  }

  return (
    <div className="login-layout">
      <SkipLink />
      <header className="app-header">
        <div className="app-header-inner">
          <Brand />
          <div className="header-tools">
            <LanguageSwitch />
          </div>
        </div>
      </header>
      <main id="main" className="login-main" tabIndex={-1}>
        <div className="login-card card">
          <h1 className="page-title">{t('login.title')}</h1>
          <p className="page-intro">{t('login.intro')}</p>
          {reason && !error ? (
            <div className="alert alert--info" role="status">
              <div className="alert-body">
                <p className="alert-title">{t(reason === 'loggedOut' ? 'login.loggedOut' : 'login.sessionEnded')}</p>
              </div>
            </div>
          ) : null}
          <ErrorAlert error={error} />
          <Form
            className="form"
            onSubmit={(e) => {
              e.preventDefault();
              void submit();
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
            <Btn type="submit" variant="primary" className="button--wide" isPending={pending}>
              {pending ? t('login.submitting') : t('login.submit')}
            </Btn>
          </Form>
          <p className="help-text login-hint">{t('login.demoHint')}</p>
        </div>
      </main>
    </div>
  );
}
