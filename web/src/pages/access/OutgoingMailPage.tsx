import { useState } from 'react';
import { $api } from '../../api/client.ts';
import { cursorPages, pagedList } from '../../api/query.ts';
import { SelectInput } from '../../components/fields.tsx';
import { Badge, ErrorAlert, LiveStatus, Loading, Page, ShowMore } from '../../components/ui.tsx';
import { useI18n } from '../../i18n/index.tsx';

const STATES = ['queued', 'sent', 'kept', 'failed'] as const;
type MailState = (typeof STATES)[number];

const tone = { queued: 'info', sent: 'ok', kept: 'muted', failed: 'warn' } as const;

/**
 * Utgående e-post (issue 13 item 2): every mail the system queued, newest first. With no SMTP server
 * configured (the embedded default) this is where system administration reads them.
 */
export function OutgoingMailPage() {
  const { t, formatDateTime } = useI18n();
  const [state, setState] = useState<MailState | 'all'>('all');
  const query = { state: state === 'all' ? undefined : state, limit: 50 };
  const list = pagedList($api.useInfiniteQuery('get', '/api/admin/outgoing-mail', { params: { query } }, cursorPages));
  const { items, nextCursor, loading } = list;

  return (
    <Page title={t('access.mail.title')} intro={t('access.mail.intro')}>
      <div className="filters">
        <SelectInput
          label={t('access.mail.state')}
          name="state"
          value={state}
          onChange={(v) => setState(v ?? 'all')}
          options={[{ id: 'all' as const, label: t('common.all') }, ...STATES.map((s) => ({ id: s, label: t(`access.mail.state.${s}`) }))]}
        />
      </div>
      <ErrorAlert error={list.error} />
      <LiveStatus>{loading ? t('common.loading') : t(nextCursor ? 'access.mail.countMore' : 'access.mail.count', { count: items.length })}</LiveStatus>
      {loading ? <Loading /> : null}
      {!loading && !items.length ? <p className="empty">{t('access.mail.empty')}</p> : null}
      <ul className="plain-list mail-list">
        {items.map((m) => (
          <li key={m.id} className="card">
            <h2 className="card-title">{m.subject}</h2>
            <p>
              <Badge tone={tone[m.state]}>{t(`access.mail.state.${m.state}`)}</Badge>{' '}
              <span className="small">
                {t('access.mail.created', { at: formatDateTime(m.createdAt) })}
                {m.sentAt ? `, ${t('access.mail.sent', { at: formatDateTime(m.sentAt) })}` : ''}
              </span>
            </p>
            <dl className="details">
              <dt>{t('access.mail.to')}</dt>
              <dd>{m.to}</dd>
            </dl>
            <details>
              <summary>{t('access.mail.showBody')}</summary>
              <pre className="mail-body">{m.body}</pre>
            </details>
          </li>
        ))}
      </ul>
      <ShowMore list={list} />
    </Page>
  );
}
