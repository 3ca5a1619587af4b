import { ButtonLink, Page } from '../components/ui.tsx';
import { useI18n } from '../i18n/index.tsx';

export function NotFoundPage({ message }: { message?: string }) {
  const { t } = useI18n();
  return (
    <Page title={t('notFound.title')}>
      <div className="card">
        <p>{message ?? t('notFound.text')}</p>
        <div className="button-row">
          <ButtonLink href="/" variant="primary">
            {t('notFound.home')}
          </ButtonLink>
        </div>
      </div>
    </Page>
  );
}

export function ForbiddenPage() {
  const { t } = useI18n();
  return (
    <Page title={t('forbidden.title')}>
      <div className="card">
        <p>{t('forbidden.text')}</p>
        <div className="button-row">
          <ButtonLink href="/" variant="primary">
            {t('notFound.home')}
          </ButtonLink>
        </div>
      </div>
    </Page>
  );
}
