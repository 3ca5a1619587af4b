import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Cell, Column, Link, Row, Table, TableBody, TableHeader } from 'react-aria-components';
import { $api, dataOf, fetchClient, isApiError } from '../../api/client.ts';
import type { Customer, Order, OrderDetails, OrderLine } from '../../api/types.ts';
import { TextAreaInput } from '../../components/fields.tsx';
import { AppModal, Badge, Btn, ButtonLink, Loading, Page, Section, setFlash, SuccessMessage, TableScroll } from '../../components/ui.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { useSession } from '../../session.tsx';
import { navigate } from '../../router.ts';
import { NotFoundPage } from '../NotFoundPage.tsx';
import { CareRelationshipDialog } from '../patients/CareRelationshipDialog.tsx';
import { formatPersonalNumber } from '../patients/personal-number.ts';
import { AttachmentList } from './Attachments.tsx';
import { Detail, OrderErrorAlert, RelatedOrders, StatusBadge, Timeline, useOrderTypes } from './OrderBits.tsx';
import { OrderEditor } from './OrderEditor.tsx';
import { QuoteAnswer } from './QuoteAnswer.tsx';
import { PrescriptionSummary } from './Prescription.tsx';
import {
  cancelReasonLabel,
  deviationKindLabel,
  faultCategoryLabel,
  listLabel,
  lineStatusLabel,
  newOrderHref,
  orderHref,
  orderTypeLabel,
  patientPageHref,
  workOrderTypeLabel,
} from './order-format.ts';

/** /bestallningar/:id — a draft opens in its form (for its author); a sent order shows its header, lines and timeline. */
export function OrderPage({ id }: { id: string }) {
  const { t } = useI18n();
  const { user } = useSession();
  const init = { params: { path: { id } } };
  const order = $api.useQuery('get', '/api/orders/{id}', init);
  const queryClient = useQueryClient();
  const setOrder = (o: Order) => queryClient.setQueryData($api.queryOptions('get', '/api/orders/{id}', init).queryKey, o);
  if (isApiError(order.error) && (order.error.code === 'NOT_FOUND' || order.error.code === 'VALIDATION')) return <NotFoundPage message={t('order.notFound')} />;
  if (order.error) {
    return (
      <Page title={t('order.title')}>
        <OrderErrorAlert error={order.error} />
      </Page>
    );
  }
  const o = order.data;
  if (!o) {
    return (
      <Page title={t('order.title')}>
        <Loading />
      </Page>
    );
  }
  if (o.status === 'draft' && o.createdBy.id === user?.id) return <OrderEditor key={o.id} order={o} />;
  return <OrderView order={o} onChanged={setOrder} />;
}

/** Where the order goes, in words. */
function deliveryText(t: ReturnType<typeof useI18n>['t'], d: Record<string, unknown>, customer: Customer | undefined): string {
  const kind = String(d.kind ?? 'none');
  if (kind === 'patientAddress') return t('delivery.patientAddress');
  if (kind === 'otherAddress') {
    const a = (d.address ?? {}) as Record<string, string | null>;
    return [a.careOf ? `c/o ${a.careOf}` : null, a.street, `${a.postalCode ?? ''} ${a.city ?? ''}`.trim()].filter(Boolean).join(', ');
  }
  if (kind === 'deliveryPoint') {
    const a = customer?.addresses.find((x) => x.id === d.deliveryAddressId);
    return a ? `${a.label} – ${a.street}, ${a.postalCode} ${a.city}` : t('delivery.deliveryPoint');
  }
  if (kind === 'bufferStore') return customer?.bufferStores.find((x) => x.id === d.bufferStoreId)?.name ?? t('delivery.bufferStore');
  return t('delivery.none');
}

function OrderView({ order: o, onChanged }: { order: Order; onChanged: (o: Order) => void }) {
  const i18n = useI18n();
  const { t, locale, formatDate, formatDateTime } = i18n;
  const types = useOrderTypes();
  const customer = $api.useQuery('get', '/api/customers/{id}', { params: { path: { id: o.customer.id } } });
  const [cancelOpen, setCancelOpen] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const typeName = orderTypeLabel(locale, o.orderType);
  const title = o.orderNumber ? `${typeName} ${o.orderNumber}` : typeName;
  // The answer describes details only as a record; they are what the draft sent (the server validated them).
  const d = (o.details ?? {}) as OrderDetails;
  const cancelRequested = o.timeline.some((e) => e.type === 'cancelRequested') && o.status !== 'cancelled';
  const reorder = useReorder(o);

  return (
    <Page
      title={title}
      breadcrumbs={[{ href: '/bestallningar', label: t('orders.title') }, { label: o.orderNumber ?? typeName }]}
      actions={
        <>
          {o.cancellable && !cancelRequested ? (
            <Btn variant="danger" onPress={() => setCancelOpen(true)}>
              {t('order.cancel')}
            </Btn>
          ) : null}
          {o.orderType === 'customerOrder' || o.orderType === 'workOrder' ? (
            <ButtonLink href={newOrderHref({ patientId: o.patient?.id ?? null, type: 'faultReport', relatedOrder: o.orderNumber })}>
              {t('order.reportFault')}
            </ButtonLink>
          ) : null}
          {o.orderType === 'customerOrder' ? (
            <Btn onPress={() => reorder.start()} isPending={reorder.pending}>
              {t('order.reorder')}
            </Btn>
          ) : null}
          {o.status !== 'draft' ? (
            <a className="button button--secondary" href={`/api/orders/${o.id}/confirmation.pdf`} download>
              {t('order.confirmationPdf')}
            </a>
          ) : null}
        </>
      }
    >
      {message ? <SuccessMessage>{message}</SuccessMessage> : null}
      <OrderErrorAlert error={reorder.error} />
      {o.patient && reorder.askCareRelationship ? (
        <CareRelationshipDialog
          patientId={o.patient.id}
          name={o.patient.name}
          isOpen
          onOpenChange={(open) => {
            if (!open) reorder.cancel();
          }}
          onConfirmed={() => reorder.start()}
        />
      ) : null}
      <section className="card" aria-labelledby="order-head">
        <h2 className="card-title" id="order-head">
          {t('order.details')}
        </h2>
        <dl className="details">
          <Detail term={t('order.number')}>
            <span className="mono">{o.orderNumber ?? t('orders.draftNumber')}</span>
          </Detail>
          <Detail term={t('order.type')}>
            {typeName} {o.urgent ? <Badge tone="warn">{t('order.urgent')}</Badge> : null}
          </Detail>
          <Detail term={t('common.status')}>
            <StatusBadge status={o.status} /> {cancelRequested ? <Badge tone="warn">{t('order.cancelRequested')}</Badge> : null}
          </Detail>
          <Detail term={t('order.customer')}>
            <span className="mono">{o.customer.customerNumber}</span> {o.customer.name}
          </Detail>
          {o.patient ? (
            <Detail term={t('order.patient')}>
              <Link className="link" href={patientPageHref(o.patient.id)}>
                {o.patient.name}
              </Link>{' '}
              <span className="mono muted">{formatPersonalNumber(o.patient.identifier)}</span>
              {o.patient.protectedIdentity ? (
                <>
                  {' '}
                  <Badge tone="warn">{t('patient.protectedIdentity')}</Badge>
                </>
              ) : null}
            </Detail>
          ) : null}
          <Detail term={t('order.createdBy')}>{o.createdBy.name}</Detail>
          <Detail term={t('order.submittedAt')}>{o.submittedAt ? formatDateTime(o.submittedAt) : t('common.notSet')}</Detail>
          <Detail term={t('order.centreNumber')}>
            {o.centreOrderNumber ? <span className="mono">{o.centreOrderNumber}</span> : <span className="muted">{t('order.notYet')}</span>}
          </Detail>
          <Detail term={t('order.expectedDate')}>{o.expectedDate ? formatDate(o.expectedDate) : <span className="muted">{t('order.notYet')}</span>}</Detail>
          {o.relatedOrders.length ? (
            <Detail term={t('order.related')}>
              <RelatedOrders order={o} />
            </Detail>
          ) : null}
          {o.lines.some((l) => l.articleId) ? <Detail term={t('order.delivery')}>{deliveryText(t, o.delivery, customer.data)}</Detail> : null}
          {o.contactName || o.contactPhone ? (
            <Detail term={t('order.contact')}>
              {o.contactName} {o.contactPhone ? <span className="nowrap">{o.contactPhone}</span> : null}
            </Detail>
          ) : null}
          {o.messageToCentre ? <Detail term={t('order.messageToCentre')}>{o.messageToCentre}</Detail> : null}
          {d.workOrder ? (
            <>
              <Detail term={t('workOrder.type')}>{workOrderTypeLabel(locale, types.data?.workOrderTypes, d.workOrder.typeCode)}</Detail>
              <Detail term={t('workOrder.description')}>{d.workOrder.description}</Detail>
              {d.workOrder.preferredDate ? <Detail term={t('workOrder.preferredDate')}>{formatDate(d.workOrder.preferredDate)}</Detail> : null}
            </>
          ) : null}
          {d.faultReport ? (
            <>
              <Detail term={t('faultReport.category')}>
                {listLabel(types.data?.faultCategories, locale, d.faultReport.category, faultCategoryLabel(locale, d.faultReport.category))}
              </Detail>
              <Detail term={t('faultReport.description')}>{d.faultReport.description}</Detail>
              {d.faultReport.relatedOrderNumber ? <Detail term={t('faultReport.relatedOrder')}>{d.faultReport.relatedOrderNumber}</Detail> : null}
            </>
          ) : null}
          {d.deviation ? (
            <>
              <Detail term={t('deviation.kind')}>
                {listLabel(types.data?.deviationKinds, locale, d.deviation.kind, deviationKindLabel(i18n, d.deviation.kind))}
              </Detail>
              <Detail term={t('deviation.description')}>{d.deviation.description}</Detail>
              {d.deviation.occurredOn ? <Detail term={t('deviation.occurredOn')}>{formatDate(d.deviation.occurredOn)}</Detail> : null}
              {d.deviation.unitNumber ? <Detail term={t('quality.deviation.unitNumber')}>{d.deviation.unitNumber}</Detail> : null}
              {d.deviation.articleNumber ? <Detail term={t('quality.deviation.articleNumber')}>{d.deviation.articleNumber}</Detail> : null}
            </>
          ) : null}
          {d.lostDevice ? (
            <>
              <Detail term={t('lostDevice.description')}>{d.lostDevice.description}</Detail>
              {d.lostDevice.lostOn ? <Detail term={t('lostDevice.lostOn')}>{formatDate(d.lostDevice.lostOn)}</Detail> : null}
            </>
          ) : null}
        </dl>
      </section>

      {o.lines.length ? (
        <Section title={t('order.lines')} id="lines">
          <LinesTable lines={o.lines} cancelReasons={types.data?.cancelReasons} pickUp={o.orderType === 'pickUp'} />
        </Section>
      ) : null}

      <PrescriptionSummary
        p={{
          aim: o.prescription?.aim ?? null,
          followUp: o.prescription?.followUpDate
            ? {
                date: o.prescription.followUpDate,
                by: o.prescription.followUpBy ?? o.createdBy.name,
                doneAt: o.prescription.followUp?.doneAt ?? null,
                doneNote: o.prescription.followUp?.doneNote ?? null,
              }
            : null,
          lines: o.lines.map((l) => ({
            lineNumber: l.lineNumber,
            articleName: l.articleName,
            measurements: l.measurements.map((m) => ({ label: locale === 'sv' ? m.labelSv : m.labelEn, unit: m.unit, value: m.value })),
          })),
        }}
      />

      <QuoteAnswer order={o} onChanged={onChanged} />

      <Section title={t('order.timeline')} id="timeline">
        <Timeline entries={o.timeline} label={t('order.timeline')} />
      </Section>

      <Section title={t('attachments.title')} id="attachments">
        <AttachmentList orderId={o.id} attachments={o.attachments} />
      </Section>

      <CancelDialog
        order={o}
        isOpen={cancelOpen}
        onOpenChange={setCancelOpen}
        onDone={(next) => {
          onChanged(next);
          setCancelOpen(false);
          setMessage(t('order.cancelSent'));
        }}
      />
    </Page>
  );
}

/**
 * "Beställ igen" (issue 16 item 6): a new draft with the order's lines; it opens in its form. A new order for
 * the patient takes a care relationship today: without one the dialog asks for it and the press is repeated.
 */
function useReorder(o: Order) {
  const { t } = useI18n();
  const [askCareRelationship, setAsk] = useState(false);
  const m = useMutation({
    mutationFn: () => fetchClient.POST('/api/orders/{id}/reorder', { params: { path: { id: o.id } }, body: {} }).then(dataOf),
    onSuccess: (r) => {
      setFlash(
        r.skipped.length
          ? t('reorder.doneSkipped', { count: r.skipped.length, names: r.skipped.map((s) => s.articleName ?? s.articleNumber ?? '').join(', ') })
          : t('reorder.done', { number: o.orderNumber ?? '' }),
      );
      navigate(orderHref(r.order.id));
    },
    onError: (e) => {
      if (isApiError(e) && e.code === 'CARE_RELATIONSHIP_REQUIRED') setAsk(true);
    },
  });
  const needsRelation = isApiError(m.error) && m.error.code === 'CARE_RELATIONSHIP_REQUIRED';
  return {
    start: () => {
      setAsk(false);
      m.mutate();
    },
    cancel: () => {
      setAsk(false);
      m.reset();
    },
    // After success the button stays pending: the new draft opens.
    pending: m.isPending || m.isSuccess,
    askCareRelationship,
    error: needsRelation ? null : m.error,
  };
}

/** A pick-up line is fetched, not delivered: its count is of units picked up (deregistered ones too). */
const PICKED_UP: readonly string[] = ['pickedUp', 'deregistered'];

function LinesTable({
  lines,
  cancelReasons,
  pickUp,
}: {
  lines: OrderLine[];
  cancelReasons: readonly { code: string; sv: string; en: string }[] | undefined;
  pickUp: boolean;
}) {
  const i18n = useI18n();
  const { t, formatDate } = i18n;
  return (
    <TableScroll>
      <Table aria-label={t('order.lines')} className="table">
        <TableHeader>
          <Column className="col num">{t('order.colLine')}</Column>
          <Column isRowHeader className="col">
            {t('order.colArticle')}
          </Column>
          <Column className="col num">{t('order.colQuantity')}</Column>
          <Column className="col num">{t(pickUp ? 'order.colPickedUp' : 'order.colDelivered')}</Column>
          <Column className="col">{t('common.status')}</Column>
          <Column className="col">{t('order.colPlanned')}</Column>
        </TableHeader>
        <TableBody items={lines}>
          {(l) => (
            <Row id={l.id} className="row">
              <Cell className="cell num">{l.lineNumber}</Cell>
              <Cell className="cell">
                {l.articleName ?? l.unitNumber}
                {l.articleNumber ? <span className="mono muted small"> {l.articleNumber}</span> : null}
                {l.articleName && l.unitNumber ? <span className="block small muted">{t('order.unit', { unit: l.unitNumber })}</span> : null}
                {l.accessoryForLine ? <span className="block small muted">{t('order.accessoryForLine', { n: l.accessoryForLine })}</span> : null}
                {l.note ? <span className="block small muted">{l.note}</span> : null}
              </Cell>
              <Cell className="cell num">{l.quantity}</Cell>
              <Cell className="cell num">{pickUp ? (PICKED_UP.includes(l.status) ? l.quantity : 0) : l.deliveredQuantity}</Cell>
              <Cell className="cell">
                {lineStatusLabel(i18n, l.status)}
                {l.cancelReason ? (
                  <span className="block small muted">{listLabel(cancelReasons, i18n.locale, l.cancelReason, cancelReasonLabel(i18n, l.cancelReason))}</span>
                ) : null}
              </Cell>
              <Cell className="cell nowrap">{l.plannedDate ? formatDate(l.plannedDate) : ''}</Cell>
            </Row>
          )}
        </TableBody>
      </Table>
    </TableScroll>
  );
}

/** Asks the centre to cancel: the order shows "Makulering begärd" until the centre confirms. */
function CancelDialog({
  order,
  isOpen,
  onOpenChange,
  onDone,
}: {
  order: Order;
  isOpen: boolean;
  onOpenChange: (o: boolean) => void;
  onDone: (o: Order) => void;
}) {
  const { t } = useI18n();
  const [comment, setComment] = useState('');
  const cancel = useMutation({
    mutationFn: () =>
      fetchClient.POST('/api/orders/{id}/cancel', { params: { path: { id: order.id } }, body: { comment: comment.trim() || null } }).then(dataOf),
    onSuccess: (o) => {
      onDone(o);
      setComment('');
    },
  });
  const { isPending: pending, error } = cancel;
  return (
    <AppModal isOpen={isOpen} onOpenChange={onOpenChange} title={t('order.cancelTitle', { number: order.orderNumber ?? '' })} role="alertdialog">
      <p>{t('order.cancelText')}</p>
      <TextAreaInput label={t('order.cancelComment')} name="cancelComment" value={comment} onChange={setComment} maxLength={1000} rows={3} />
      <OrderErrorAlert error={error} />
      <div className="button-row">
        <Btn variant="danger" onPress={() => cancel.mutate()} isPending={pending}>
          {t('order.cancelConfirm')}
        </Btn>
        <Btn onPress={() => onOpenChange(false)} autoFocus>
          {t('order.keep')}
        </Btn>
      </div>
    </AppModal>
  );
}
