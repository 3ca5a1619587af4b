import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { Link } from 'react-aria-components';
import { $api, fetchClient } from '../../api/client.ts';
import type { OrderMessage } from '../../api/types.ts';
import { Btn, ErrorAlert, LiveStatus, Loading, Section } from '../../components/ui.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { PATIENT_ROLES } from '../../nav.ts';
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
  if (!hasRole(...PATIENT_ROLES)) return null;
  return <Messages />;
}

function Messages() {
  const i18n = useI18n();
  const { t, locale, formatDateTime } = i18n;
  const unread = { params: { query: { unread: 'true' as const } } };
  const messages = $api.useQuery('get', '/api/messages', unread);
  const queryClient = useQueryClient();
  const [status, setStatus] = useState('');
  const heading = useRef<HTMLDivElement>(null);
  const marking = useMutation({
    mutationFn: (m: OrderMessage) => fetchClient.POST('/api/messages/{id}/read', { params: { path: { id: m.id } }, body: {} }),
    onSuccess: (_, m) => {
      // From the current list: another message may have been marked while this one was being sent.
      queryClient.setQueryData<OrderMessage[]>($api.queryOptions('get', '/api/messages', unread).queryKey, (current) =>
        (current ?? []).filter((x) => x.id !== m.id),
      );
      setStatus(t('messages.marked', { number: m.order.orderNumber ?? '' }));
      // The button is gone: keep focus in the panel.
      const h = heading.current?.querySelector<HTMLElement>('.card-title');
      h?.setAttribute('tabindex', '-1');
      h?.focus();
    },
  });
  const pending = marking.isPending ? marking.variables.id : null;
  const error = marking.error;

  const items = messages.data ?? [];
  return (
    <div ref={heading} className="messages-panel">
      <Section title={t('messages.title')} id="order-messages">
        <LiveStatus className="visually-hidden">{status}</LiveStatus>
        <ErrorAlert error={error ?? messages.error} />
        {messages.isPending ? (
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
                    {m.patient ? (
                      <span className="message-patient">
                        {m.patient.name !== null
                          ? t('messages.forPatient', { name: m.patient.name })
                          : t('messages.forProtectedPatient', { initials: m.patient.initials })}
                      </span>
                    ) : null}{' '}
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
                  <Btn
                    className="button--small"
                    isPending={pending === m.id}
                    onPress={() => marking.mutate(m)}
                    aria-label={t('messages.markReadNamed', { name })}
                  >
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
