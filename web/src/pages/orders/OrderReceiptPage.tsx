import { $api, isApiError } from '../../api/client.ts';
import { ButtonLink, Loading, Page, SuccessMessage } from '../../components/ui.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { NotFoundPage } from '../NotFoundPage.tsx';
import { Detail, OrderErrorAlert, RelatedOrders, StatusBadge } from './OrderBits.tsx';
import { newOrderHref, orderHref, orderTypeLabel, patientPageHref } from './order-format.ts';

/** /bestallningar/:id/kvitto — the order is sent: its number, what was sent, and where to go next. */
export function OrderReceiptPage({ id }: { id: string }) {
  const { t, locale, formatDateTime } = useI18n();
  const order = $api.useQuery('get', '/api/orders/{id}', { params: { path: { id } } });
  if (isApiError(order.error) && order.error.code === 'NOT_FOUND') return <NotFoundPage message={t('order.notFound')} />;
  const o = order.data;
  const split = o?.relatedOrders.filter((r) => r.relation === 'splitInto') ?? [];
  return (
    <Page title={t('receipt.title')} breadcrumbs={[{ href: '/bestallningar', label: t('orders.title') }, { label: t('receipt.title') }]}>
      <OrderErrorAlert error={order.error} />
      {!o ? (
        order.isPending ? (
          <Loading />
        ) : null
      ) : (
        <>
          <SuccessMessage>
            {t('receipt.sent', { type: orderTypeLabel(locale, o.orderType) })}
            {split.length ? ` ${t('receipt.splitSent', { numbers: split.map((r) => r.orderNumber ?? '').join(', '), count: split.length })}` : ''}
          </SuccessMessage>
          <section className="card receipt" aria-labelledby="receipt-number">
            <h2 className="card-title" id="receipt-number">
              {t('receipt.numberHeading')}
            </h2>
            <p className="receipt-number mono">{o.orderNumber}</p>
            <p className="help-text">{t('receipt.numberHelp')}</p>
            <dl className="details">
              <Detail term={t('order.type')}>{orderTypeLabel(locale, o.orderType)}</Detail>
              <Detail term={t('common.status')}>
                <StatusBadge status={o.status} />
              </Detail>
              <Detail term={t('order.customer')}>
                {o.customer.customerNumber} {o.customer.name}
              </Detail>
              {o.patient ? <Detail term={t('order.patient')}>{o.patient.name}</Detail> : null}
              <Detail term={t('order.submittedAt')}>{formatDateTime(o.submittedAt)}</Detail>
              {o.lines.length ? <Detail term={t('order.lines')}>{t('receipt.lineCount', { count: o.lines.length })}</Detail> : null}
              {o.relatedOrders.length ? (
                <Detail term={t('order.related')}>
                  <RelatedOrders order={o} />
                </Detail>
              ) : null}
            </dl>
            <div className="button-row">
              <ButtonLink href={orderHref(o.id)} variant="primary">
                {t('receipt.showOrder')}
              </ButtonLink>
              {o.patient ? <ButtonLink href={patientPageHref(o.patient.id)}>{t('receipt.backToPatient')}</ButtonLink> : null}
              <ButtonLink href="/bestallningar">{t('receipt.myOrders')}</ButtonLink>
              <ButtonLink href={newOrderHref({ patientId: o.patient?.id ?? null })}>{t('orders.new')}</ButtonLink>
            </div>
          </section>
        </>
      )}
    </Page>
  );
}
