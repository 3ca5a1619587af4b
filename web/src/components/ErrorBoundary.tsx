import { Component, type ReactNode } from 'react';
import { Button } from 'react-aria-components';
import { isApiError } from '../api/client.ts';
import { I18nContext, translator, type I18n } from '../i18n/index.tsx';

interface State {
  error: unknown;
}

/**
 * Catches what a page could not handle (a bug, a server fault, a lost connection) and shows a calm
 * message instead of a blank page; for server faults with the request id that support can look up.
 */
export class ErrorBoundary extends Component<{ children: ReactNode }, State> {
  static override contextType = I18nContext;
  declare context: I18n | null;
  override state: State = { error: null };

  static getDerivedStateFromError(error: unknown): State {
    return { error };
  }

  override componentDidCatch(error: unknown) {
    if (!isApiError(error)) console.error(error);
  }

  override render() {
    const { error } = this.state;
    if (!error) return this.props.children;
    const t = this.context?.t ?? translator('sv');
    const api = isApiError(error) ? error : null;
    const text = api?.code === 'NETWORK' ? t('error.NETWORK') : api && api.status >= 500 ? t('error.INTERNAL') : t('error.boundaryText');
    return (
      <div className="page">
        <div className="alert alert--error" role="alert">
          <span className="alert-icon" aria-hidden="true">
            !
          </span>
          <div className="alert-body">
            <h1 className="alert-heading">{t('error.boundaryTitle')}</h1>
            <p>{text}</p>
            {api?.requestId ? <p className="alert-meta">{t('error.requestId', { id: api.requestId })}</p> : null}
            <div className="button-row">
              <Button className="button button--primary" onPress={() => window.location.reload()}>
                {t('error.reload')}
              </Button>
            </div>
          </div>
        </div>
      </div>
    );
  }
}
