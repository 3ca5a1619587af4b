import { useRef, useState } from 'react';
import { Link } from 'react-aria-components';
import { orderingApi, type OrderMessage } from '../../api.ts';
import { Btn, ErrorAlert, LiveStatus, Loading, Section, useLoad } from '../../components/ui.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { PATIENT_USERS } from '../../nav.ts';
import { useSession } from '../../session.tsx';
import { describeEvent, orderHref, orderTypeLabel } from './order-format.ts';
import './orders.css';

/**
 * "Meddelanden om dina beställningar" on the start page: the unread news on the user's own orders (delayed with
 * the new date, delivered, cancelled with the reason, answered, refused), each linking to the order and
 * markable as read. Only for the ordering roles.
 */
export function OrderMessagesPanel() {
  const { hasRole } = useSession();
  if (!hasRole(...PATIENT_USERS)) return null;
  return <Messages />;
}

function Messages() {
  const i18n = useI18n();
  const { t, locale, formatDateTime } = i18n;
  const messages = useLoad((s) => orderingApi.messages(true, s), []);
  const [pending, setPending] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [status, setStatus] = useState('');
  const heading = useRef<HTMLDivElement>(null);

  async function markRead(m: OrderMessage) {
    setPending(m.id);
    setError(null);
    try {
      await orderingApi.markRead(m.id);
      // From the current list: another message may have been marked while this one was being sent.
      messages.setData((current) => (current ?? []).filter((x) => x.id !== m.id));
      setStatus(t('messages.marked', { number: m.order.orderNumber ?? '' }));
      // The button is gone: keep focus in the panel.
      const h = heading.current?.querySelector<HTMLElement>('.card-title');
      h?.setAttribute('tabindex', '-1');
      h?.focus();
    } catch (e) {
      setError(e);
    } finally {
      setPending(null);
    }
  }

  const items = messages.data ?? [];
  return (
    <div ref={heading} className="messages-panel">
      <Section title={t('messages.title')} id="order-messages">
        <LiveStatus className="visually-hidden">{status}</LiveStatus>
        <ErrorAlert error={error ?? messages.error} />
        {messages.loading ? (
          <Loading />
        ) : items.length ? (
          <ul className="message-list">
            {items.map((m) => {
              const text = describeEvent(i18n, m.kind, m.data);
              const name = `${orderTypeLabel(locale, m.order.orderType)} ${m.order.orderNumber ?? ''}`.trim();
              return (
                <li key={m.id} className={`message message--${m.kind}`}>
                  <p className="message-head">
                    <Link className="link" href={orderHref(m.order.id)}>
                      {name}
                    </Link>{' '}
                    <time className="muted small" dateTime={m.createdAt}>
                      {formatDateTime(m.createdAt)}
                    </time>
                  </p>
                  <p className="message-title">{text.title}</p>
                  {text.details.length ? (
                    <ul className="timeline-details">
                      {text.details.map((d, i) => (
                        <li key={i}>{d}</li>
                      ))}
                    </ul>
                  ) : null}
                  <Btn className="button--small" isPending={pending === m.id} onPress={() => void markRead(m)} aria-label={t('messages.markReadNamed', { name })}>
                    {t('messages.markRead')}
                  </Btn>
                </li>
              );
            })}
          </ul>
        ) : (
          <p className="empty">{t('messages.none')}</p>
        )}
      </Section>
    </div>
  );
}
