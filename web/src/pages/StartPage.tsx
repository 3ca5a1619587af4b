import type { ReactNode } from 'react';
import { Link } from 'react-aria-components';
import { $api } from '../api/client.ts';
import type { News } from '../api/types.ts';
import { Loading, Page, Section } from '../components/ui.tsx';
import { useI18n } from '../i18n/index.tsx';
import { mayUse, NAV_ITEMS } from '../nav.ts';
import { useSession } from '../session.tsx';
import { OrderMessagesPanel } from './orders/OrderMessagesPanel.tsx';

export function NewsItem({
  item,
  customerName,
  headingLevel = 3,
  actions,
}: {
  item: News;
  customerName?: string | undefined;
  headingLevel?: 2 | 3;
  actions?: ReactNode;
}) {
  const { t, formatDateTime } = useI18n();
  const H = headingLevel === 2 ? 'h2' : 'h3';
  const disruption = item.severity === 'disruption';
  return (
    <article className={`news news--${item.severity}`} aria-labelledby={`news-${item.id}`}>
      <p className="news-kind">
        <span className="news-icon" aria-hidden="true">
          {disruption ? '⚠' : 'i'}
        </span>
        {t(disruption ? 'news.disruption' : 'news.info')}
      </p>
      <H className="news-title" id={`news-${item.id}`}>
        {item.title}
      </H>
      <p className="news-body">{item.body}</p>
      <p className="news-meta">
        {t('news.published', { date: formatDateTime(item.publishedAt) })}
        {item.expiresAt ? <> · {t('news.expires', { date: formatDateTime(item.expiresAt) })}</> : null}
        {item.targetCustomerId ? <> · {customerName ? t('news.target', { name: customerName }) : t('news.targetUnknown')}</> : null}
        {item.targetIsoCodes.length ? <> · {t('quality.news.target', { codes: item.targetIsoCodes.join(', ') })}</> : null}
      </p>
      {actions ? <div className="news-actions">{actions}</div> : null}
    </article>
  );
}

export function StartPage() {
  const { t, collator } = useI18n();
  const { user } = useSession();
  const news = $api.useQuery('get', '/api/news');
  const me = $api.useQuery('get', '/api/me');
  const shortcuts = NAV_ITEMS.filter((i) => i.href !== '/' && mayUse(i.roles, user?.roles ?? []));
  const memberships = [...(me.data?.memberships ?? [])].sort(
    (a, b) => Number(b.isDefault) - Number(a.isDefault) || collator.compare(a.customerName, b.customerName),
  );

  return (
    <Page title={t('start.greeting', { name: user?.name ?? '' })} intro={t('start.intro')}>
      <OrderMessagesPanel />
      <div className="start-grid">
        <Section title={t('start.newsHeading')} id="news">
          {news.isPending ? (
            <Loading />
          ) : news.data?.length ? (
            <div className="news-list">
              {news.data.map((n) => (
                <NewsItem key={n.id} item={n} customerName={me.data?.memberships.find((m) => m.customerId === n.targetCustomerId)?.customerName} />
              ))}
            </div>
          ) : (
            <p className="empty">{t('start.noNews')}</p>
          )}
        </Section>
        <div className="start-side">
          <Section title={t('start.shortcuts')} id="shortcuts">
            <ul className="shortcut-list">
              {shortcuts.map((s) => (
                <li key={s.href}>
                  <Link className="link shortcut" href={s.href}>
                    {t(s.label)}
                  </Link>
                </li>
              ))}
            </ul>
          </Section>
          {user?.customerIds.length ? (
            <Section title={t('start.customersHeading')} id="customers">
              {me.isPending ? (
                <Loading />
              ) : (
                <ul className="plain-list">
                  {memberships.map((m) => (
                    <li key={m.customerId}>
                      <span className="mono">{m.customerNumber}</span> {m.customerName}
                      {m.isDefault ? <span className="muted"> ({t('start.default')})</span> : null}
                    </li>
                  ))}
                </ul>
              )}
            </Section>
          ) : null}
        </div>
      </div>
    </Page>
  );
}
