import type { ReactNode } from 'react';
import { Link } from 'react-aria-components';
import { $api, isApiError } from '../../api/client.ts';
import type { Order, OrderStatus, OrderTypes, TimelineEntry } from '../../api/types.ts';
import { Badge, ErrorAlert, errorMessage } from '../../components/ui.tsx';
import { serverDetail } from '../../api/errors.ts';
import { useI18n } from '../../i18n/index.tsx';
import { describeEvent, orderHref, statusLabel, statusTone } from './order-format.ts';
import './orders.css';

// Small pieces the ordering pages share: status badge, timeline, errors with the server's reason, and the
// order types (fetched once per page load: they are the matrix and the centre's work-order types).

export function StatusBadge({ status }: { status: OrderStatus }) {
  const { t } = useI18n();
  return <Badge tone={statusTone(status)}>{statusLabel(t, status)}</Badge>;
}

export function Detail({ term, children }: { term: string; children: ReactNode }) {
  return (
    <>
      <dt>{term}</dt>
      <dd>{children}</dd>
    </>
  );
}

/** The confirmations of an order, oldest first, as an ordered list: when, what, and the details. */
export function Timeline({ entries, label }: { entries: readonly TimelineEntry[]; label: string }) {
  const i18n = useI18n();
  if (!entries.length) return <p className="empty">{i18n.t('order.noEvents')}</p>;
  return (
    <ol className="timeline" aria-label={label}>
      {entries.map((e, i) => {
        const text = describeEvent(i18n, e.type, e.data, e.lineNumber);
        return (
          <li key={`${e.type}-${e.at}-${i}`} className={`timeline-item timeline-item--${e.type}`}>
            <span className="timeline-dot" aria-hidden="true" />
            <div className="timeline-body">
              <p className="timeline-title">
                <time dateTime={e.at} className="timeline-time">
                  {i18n.formatDateTime(e.at)}
                </time>{' '}
                <strong>{text.title}</strong>
              </p>
              {text.details.length ? (
                <ul className="timeline-details">
                  {text.details.map((d, j) => (
                    <li key={j}>{d}</li>
                  ))}
                </ul>
              ) : null}
            </div>
          </li>
        );
      })}
    </ol>
  );
}

/**
 * A failure of the order flow: the translated meaning of the code, then the server's own reason, which names
 * the line or field ("Rad 2: artikel 100234 är inte beställningsbar"). Server faults keep the generic text.
 */
export function OrderErrorAlert({ error, shownFields }: { error: unknown; shownFields?: readonly string[] }) {
  const i18n = useI18n();
  if (!error) return null;
  let message: string | undefined;
  // The server's reason is Swedish prose: shown on a Swedish page only.
  const detail = isApiError(error) && error.status > 0 && error.status < 500 ? serverDetail(i18n, error) : null;
  if (detail) {
    message = `${errorMessage(i18n, error)} ${detail.endsWith('.') ? detail : `${detail}.`}`;
  } else if (isApiError(error) && error.code === 'PATIENT_DIRECTORY_UNAVAILABLE') {
    message = `${errorMessage(i18n, error)} ${i18n.t('order.draftKept')}`;
  }
  return <ErrorAlert error={error} {...(shownFields ? { shownFields } : {})} {...(message ? { message } : {})} />;
}

/** The order types the matrix has and the centre's work-order types; one request per page load (kept, never stale). */
export function useOrderTypes(): { data: OrderTypes | undefined; error: unknown } {
  const types = $api.useQuery('get', '/api/ordering/order-types', {}, { staleTime: Infinity, gcTime: Infinity, throwOnError: false });
  return { data: types.data, error: types.error };
}

/** "Skickad tillsammans med B2026-000013 (rader som skickades som egen beställning)": the orders a split made. */
export function RelatedOrders({ order }: { order: Order }) {
  const { t } = useI18n();
  return (
    <ul className="plain-list">
      {order.relatedOrders.map((r) => (
        <li key={r.id}>
          <Link className="link mono" href={orderHref(r.id)}>
            {r.orderNumber ?? t('orders.draftNumber')}
          </Link>{' '}
          <span className="muted">{r.relation === 'splitInto' ? t('order.splitInto') : t('order.splitFrom')}</span>
        </li>
      ))}
    </ul>
  );
}
