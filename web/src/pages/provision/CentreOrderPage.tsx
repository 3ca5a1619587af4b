import { useMutation } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { Form, Link } from 'react-aria-components';
import { $api, dataOf, fetchClient } from '../../api/client.ts';
import { issuesByField } from '../../api/errors.ts';
import { useInvalidate } from '../../api/query.ts';
import type { CancelReason } from '../../api/types.ts';
import { SelectInput, TextAreaInput, TextInput } from '../../components/fields.tsx';
import { FormDialog } from '../../components/form-dialog.tsx';
import { AppModal, Badge, Btn, ButtonLink, ErrorAlert, Loading, Page, Section, SuccessMessage, setFlash } from '../../components/ui.tsx';
import { formatPersonalNumber, professionLabel } from '../../format.ts';
import { useI18n, type Translate } from '../../i18n/index.tsx';
import { weekdayLabel } from '../../format.ts';
import { useSession } from '../../session.tsx';
import {
  cancelReasonLabel,
  cancelReasonOptions,
  codeLabel,
  deliveryOf,
  lineStateLabel,
  orderedByOf,
  orderTypeLabel,
  refusalText,
  todayIso,
  unitStatusLabel,
} from './provision-format.ts';
import { CENTRE_CANCEL_REASONS, type CentreOrder, type OrderLine, type Suggestions, type UnitSummary } from './provision-api.ts';
import { workOrderHref } from './work-order-api.ts';
import { PickUpSection, WithdrawalSection } from './PickUpPanels.tsx';
import { CentreAttachments } from './CentreAttachments.tsx';
import { formatKronor, purchaseOrderHref, purchaseStatusLabel, type OrderPurchases } from './purchasing-api.ts';
import { navigate } from '../../router.ts';

type LinePurchases = OrderPurchases['lines'][number];
import { PrescriptionSummary } from '../orders/Prescription.tsx';

/** The prescription details the order was sent with (contract: order.prescription, kept in the order's details). */
interface SentPrescription {
  aim?: string | null;
  followUp?: { date: string; by: string } | null;
  measurements?: { lineId: string; label: string; unit: string; value: number }[];
}

const OPEN = (s: string) => !['delivered', 'cancelled', 'done'].includes(s);
/** What the order page shows: the order, and the panels a step changes. */
const ORDER_VIEWS = [
  '/api/provision/orders/{id}',
  '/api/provision/orders/{id}/pick-ups',
  '/api/provision/orders/{id}/purchases',
  '/api/provision/lines/{id}/suggestions',
  '/api/provision/lines/{id}/buffer-units',
] as const;

/** The order page at the centre: lines with deadlines, picking by the replacement chain, delivery, planned date, cancellation. */
export function CentreOrderPage({ id }: { id: string }) {
  const i18n = useI18n();
  const { t, formatDateTime, formatDate } = i18n;
  const { hasRole } = useSession();
  const order = $api.useQuery('get', '/api/provision/orders/{id}', { params: { path: { id } } });
  // What each line still needs bought from a supplier, and the purchase orders made for it (src/provision/purchasing).
  const purchases = $api.useQuery(
    'get',
    '/api/provision/orders/{id}/purchases',
    { params: { path: { id } } },
    { enabled: order.data?.orderType === 'customerOrder' },
  );
  const invalidate = useInvalidate();
  const [message, setMessage] = useState<string | null>(null);
  const [cancelOpen, setCancelOpen] = useState(false);
  const o = order.data;

  /** Loads the order and its panels again; settles (and says what was done) once the page shows the change. */
  const reloaded = async (msg: string) => {
    await invalidate(...ORDER_VIEWS);
    setMessage(msg);
  };
  const done = (msg: string) => void reloaded(msg);

  const acknowledge = useMutation({
    mutationFn: () => fetchClient.POST('/api/provision/orders/{id}/acknowledge', { params: { path: { id } }, body: {} }),
    // Pending until the page shows the acknowledgement (the button goes away with it).
    onSuccess: () => reloaded(t('hmc.acknowledged')),
  });

  if (!o) {
    return (
      <Page title={t('hmc.orderTitle')} breadcrumbs={[{ href: '/hmc', label: t('hmc.queueTitle') }, { label: t('hmc.orderTitle') }]}>
        {order.isPending ? <Loading /> : <ErrorAlert error={order.error} />}
      </Page>
    );
  }
  const anyOpen = o.lines.some((l) => OPEN(l.state)) || (o.lines.length === 0 && o.status === 'open');
  return (
    <Page
      title={t('hmc.orderNamed', { number: o.centreOrderNumber })}
      breadcrumbs={[{ href: '/hmc', label: t('hmc.queueTitle') }, { label: o.centreOrderNumber }]}
      actions={
        <>
          {o.orderType === 'workOrder' ? <ButtonLink href={workOrderHref(o.id)}>{t('wo.openWorkOrder')}</ButtonLink> : null}
          {o.lines.some((l) => l.deliveredQuantity > 0) ? (
            <a className="button button--secondary" href={`/api/provision/orders/${o.id}/handover-receipt.pdf`} download>
              {t('hmc.handoverReceipt')}
            </a>
          ) : null}
          {o.urgent && !o.acknowledgedAt && hasRole('customerService') ? (
            <Btn variant="primary" onPress={() => acknowledge.mutate()} isPending={acknowledge.isPending}>
              {t('hmc.acknowledge')}
            </Btn>
          ) : null}
          {anyOpen && hasRole('customerService') ? (
            <Btn variant="danger" onPress={() => (setMessage(null), setCancelOpen(true))}>
              {t('hmc.cancelOrder')}
            </Btn>
          ) : null}
        </>
      }
    >
      {message ? <SuccessMessage>{message}</SuccessMessage> : null}
      <ErrorAlert error={acknowledge.error} message={refusalText(i18n, acknowledge.error)} />
      <Section title={t('hmc.orderDetails')} id="order-details">
        <dl className="details">
          <dt>{t('hmc.colType')}</dt>
          <dd>
            {orderTypeLabel(t, o.orderType)} {o.urgent ? <Badge tone="warn">{t('hmc.urgent')}</Badge> : null}
          </dd>
          <dt>{t('hmc.orderingNumber')}</dt>
          <dd className="mono">{o.orderNumber}</dd>
          <dt>{t('hmc.colCustomer')}</dt>
          <dd>
            {o.customerName} ({o.customerNumber}) · {o.deliveryAreaName}, {weekdayLabel(t, o.deliveryWeekday)}
          </dd>
          <dt>{t('hmc.orderedBy')}</dt>
          <dd>
            {orderedByOf(o).name ?? ''}
            {orderedByOf(o).profession ? `, ${professionLabel(i18n, orderedByOf(o).profession).toLocaleLowerCase(i18n.locale)}` : ''}
            {o.contact ? ` · ${t('hmc.contact')}: ${o.contact.name}, ${o.contact.phone}` : ''}
          </dd>
          <dt>{t('hmc.received')}</dt>
          <dd>{formatDateTime(o.receivedAt)}</dd>
          <dt>{t('hmc.orderDue')}</dt>
          <dd>{o.dueDate ? formatDate(o.dueDate) : t('hmc.noDeadline')}</dd>
          {o.urgent ? (
            <>
              <dt>{t('hmc.acknowledgeBy')}</dt>
              <dd>{o.acknowledgedAt ? t('hmc.acknowledgedAt', { at: formatDateTime(o.acknowledgedAt) }) : formatDateTime(o.acknowledgeBy)}</dd>
            </>
          ) : null}
          <dt>{t('common.status')}</dt>
          <dd>{codeLabel(i18n, 'hmc.orderStatus', o.status)}</dd>
          {o.messageToCentre ? (
            <>
              <dt>{t('hmc.messageToCentre')}</dt>
              <dd>{o.messageToCentre}</dd>
            </>
          ) : null}
        </dl>
      </Section>
      <Section title={t('hmc.patientAndDelivery')} id="patient">
        {o.patient ? (
          <dl className="details">
            <dt>{t('hmc.patient')}</dt>
            <dd>
              {o.patient.firstName} {o.patient.lastName} <span className="mono">{formatPersonalNumber(o.patient.identifier)}</span>
              {o.patient.protectedIdentity ? (
                <>
                  {' '}
                  <Badge tone="warn">{t('hmc.protectedIdentity')}</Badge>
                </>
              ) : null}
            </dd>
            <dt>{t('hmc.deliverTo')}</dt>
            <dd>{deliveryText(t, o)}</dd>
          </dl>
        ) : (
          <p>{t('hmc.noPatient')}</p>
        )}
      </Section>
      {o.details.prescription ? <CentrePrescription order={o} /> : null}
      {o.attachments.length ? <CentreAttachments orderId={o.id} attachments={o.attachments} /> : null}
      <Section title={t('hmc.lines')} id="lines">
        {o.lines.length === 0 ? <p className="empty">{t('hmc.noLines')}</p> : null}
        {o.lines.map((l) => (
          <LineCard
            key={l.id}
            order={o}
            line={l}
            onDone={done}
            busy={order.isFetching}
            purchases={purchases.data?.lines.find((p) => p.lineId === l.id) ?? null}
          />
        ))}
      </Section>
      {o.orderType === 'pickUp' ? <PickUpSection key={`${o.version}-${o.events.length}`} orderId={o.id} onDone={reloaded} /> : null}
      {o.orderType === 'bufferWithdrawal' ? <WithdrawalSection key={`${o.version}-${o.events.length}`} order={o} onDone={done} /> : null}
      <Section title={t('hmc.events')} id="events">
        <ul className="event-list">
          {o.events.map((e) => {
            // The due-date job stores one 'delayed' row per order for several lines (data.lineIds), sent as
            // one contract event per line, numbered up to the row's sequence.
            const lineIds = e.lineId ? [e.lineId] : Array.isArray(e.data?.lineIds) ? (e.data.lineIds as string[]) : [];
            const numbers = lineIds.map((id) => o.lines.find((l) => l.id === id)?.lineNumber ?? '?').join(', ');
            const seq = e.sequence && lineIds.length > 1 ? `${e.sequence - lineIds.length + 1}–${e.sequence}` : e.sequence;
            return (
              <li key={e.id}>
                <span className="nowrap">{formatDateTime(e.at)}</span>
                <span>
                  {i18n.tMaybe(`hmc.event.${e.type}`) ?? e.type}
                  {numbers ? ` · ${t('hmc.lineShort', { n: numbers })}` : ''}
                </span>
                <span className="muted">{e.actorLabel}</span>
                {seq ? <span className="muted">{e.sentAt ? t('hmc.sent', { n: seq }) : t('hmc.notYetSent', { n: seq })}</span> : null}
              </li>
            );
          })}
        </ul>
      </Section>
      {cancelOpen ? <CancelDialog order={o} onClose={() => setCancelOpen(false)} onDone={(m) => (setCancelOpen(false), done(m))} /> : null}
    </Page>
  );
}

function deliveryText(t: Translate, o: CentreOrder): string {
  const d = deliveryOf(o);
  if (d.kind === 'patientAddress') {
    if (!o.patient) return t('hmc.delivery.none');
    if (o.patient.protectedIdentity || !o.patient.address) return t('hmc.delivery.protected');
    const a = o.patient.address;
    return `${a.careOf ? `c/o ${a.careOf}, ` : ''}${a.street}, ${a.postalCode} ${a.city}`;
  }
  if (d.kind === 'otherAddress' && d.address) return `${d.address.street}, ${d.address.postalCode} ${d.address.city}`;
  if (d.label) return d.label;
  return t('hmc.delivery.none');
}

/** A pick-up line's states once the unit is fetched (done: also deregistered); a pick-up line "delivers" nothing. */
const PICKED_UP: readonly string[] = ['pickedUp', 'done'];

/** `busy`: the order is reloading after a change, so `line` (and its version) may be the old one. */
function LineCard({
  order,
  line,
  onDone,
  busy,
  purchases,
}: {
  order: CentreOrder;
  line: OrderLine;
  onDone: (msg: string) => void;
  busy: boolean;
  purchases: LinePurchases | null;
}) {
  const i18n = useI18n();
  const { t, formatDate, formatDateTime } = i18n;
  const { hasRole } = useSession();
  const [picking, setPicking] = useState(false);
  const [planning, setPlanning] = useState(false);
  const open = OPEN(line.state);
  const fillable = open && order.orderType === 'customerOrder' && !!line.articleId;
  const headingId = `line-${line.id}`;
  return (
    <article className="line-card" aria-labelledby={headingId}>
      <div className="line-head">
        <h3 className="line-title" id={headingId}>
          {t('hmc.lineNamed', { n: line.lineNumber })}: {line.articleName ? `${line.articleName} (${line.articleNumber})` : (line.unitNumber ?? '')}
        </h3>
        <span>
          {lineStateLabel(t, line.state)} {line.overdue ? <Badge tone="warn">{t('hmc.overdue')}</Badge> : null}{' '}
          {line.needsPlannedDate ? <Badge tone="info">{t('hmc.needsPlannedDate')}</Badge> : null}
        </span>
      </div>
      <dl className="details">
        <dt>{t('hmc.quantity')}</dt>
        <dd>
          {order.orderType === 'pickUp'
            ? t('hmc.quantityPickedUp', { pickedUp: PICKED_UP.includes(line.state) ? line.quantity : 0, quantity: line.quantity })
            : t('hmc.quantityDelivered', { delivered: line.deliveredQuantity, quantity: line.quantity })}
        </dd>
        {line.stockForm ? (
          <>
            <dt>{t('hmc.stockForm')}</dt>
            <dd>{codeLabel(i18n, 'hmc.stockForm', line.stockForm)}</dd>
          </>
        ) : null}
        <dt>{t('hmc.dueDate')}</dt>
        <dd className={line.overdue ? 'deadline--overdue' : ''}>
          {line.dueAt ? formatDateTime(line.dueAt) : line.dueDate ? formatDate(line.dueDate) : t('hmc.noDeadline')}
          {line.expectedDate && line.expectedDate !== line.dueDate ? ` · ${t('hmc.expected', { date: formatDate(line.expectedDate) })}` : ''}
          {line.plannedDate ? ` · ${t('hmc.planned', { date: formatDate(line.plannedDate) })}` : ''}
        </dd>
        {line.note ? (
          <>
            <dt>{t('hmc.note')}</dt>
            <dd>{line.note}</dd>
          </>
        ) : null}
        {line.reservedUnits.length ? (
          <>
            <dt>{t('hmc.reserved')}</dt>
            <dd>{line.reservedUnits.map((u) => u.unitNumber).join(', ')}</dd>
          </>
        ) : null}
        {line.deliveredUnits.length ? (
          <>
            <dt>{t('hmc.deliveredUnits')}</dt>
            <dd>
              {line.deliveredUnits.map((u, i) => (
                <span key={u.unitId}>
                  {i ? ', ' : ''}
                  <Link className="link" href={`/hmc/individer/${u.unitId}`}>
                    {u.unitNumber}
                  </Link>
                  {u.serialNumber ? ` (${u.serialNumber})` : ''}
                </span>
              ))}
            </dd>
          </>
        ) : null}
        {line.cancelReason ? (
          <>
            <dt>{t('hmc.cancelReason')}</dt>
            <dd>{cancelReasonLabel(t, line.cancelReason)}</dd>
          </>
        ) : null}
      </dl>
      {purchases && (purchases.purchaseOrders.length || (open && purchases.need > 0)) ? (
        <PurchaseInfo line={line} purchases={purchases} open={open} busy={busy} />
      ) : null}
      {open ? (
        <div className="button-row">
          {fillable && hasRole('warehouse') ? (
            <Btn variant={picking ? 'secondary' : 'primary'} onPress={() => setPicking((p) => !p)} aria-expanded={picking} isDisabled={busy && !picking}>
              {picking ? t('hmc.closePicking') : t('hmc.pickAndDeliver', { n: line.lineNumber })}
            </Btn>
          ) : null}
          {order.orderType === 'customerOrder' && (hasRole('customerService') || hasRole('warehouse')) ? (
            <Btn onPress={() => setPlanning(true)} isDisabled={busy}>
              {t('hmc.setPlannedDateFor', { n: line.lineNumber })}
            </Btn>
          ) : null}
        </div>
      ) : null}
      {picking && fillable ? <PickPanel line={line} onDone={(m) => (setPicking(false), onDone(m))} /> : null}
      {planning ? <PlannedDateDialog line={line} onClose={() => setPlanning(false)} onDone={(m) => (setPlanning(false), onDone(m))} /> : null}
    </article>
  );
}

/**
 * Purchasing for one line (issue 17): the purchase orders made for it, and — while the line still needs goods the
 * stock does not have (an order item) — a button that buys what it needs under the article's agreement.
 */
function PurchaseInfo({ line, purchases, open, busy }: { line: OrderLine; purchases: LinePurchases; open: boolean; busy: boolean }) {
  const i18n = useI18n();
  const { t, formatDate } = i18n;
  const { hasRole } = useSession();
  const mayRead = hasRole('warehouse', 'customerService', 'finance', 'assortment');
  const buy = useMutation({
    mutationFn: () => fetchClient.POST('/api/provision/purchasing/order-lines/{id}/buy', { params: { path: { id: line.id } }, body: {} }).then(dataOf),
    onSuccess: (po) => {
      setFlash(t('purchasing.created', { number: po.number }));
      navigate(purchaseOrderHref(po.id));
    },
  });
  return (
    <div className="purchase-info">
      {purchases.purchaseOrders.length ? (
        <p>
          {t('purchasing.boughtOn')}{' '}
          {purchases.purchaseOrders.map((p, i) => (
            <span key={p.id}>
              {i ? '; ' : ''}
              {mayRead ? (
                <Link className="link mono" href={purchaseOrderHref(p.id)}>
                  {p.number}
                </Link>
              ) : (
                <span className="mono">{p.number}</span>
              )}{' '}
              ({purchaseStatusLabel(t, p.status)}, {p.supplierName}
              {p.confirmedDate
                ? `, ${t('purchasing.confirmedOn', { date: formatDate(p.confirmedDate) })}`
                : p.expectedDate
                  ? `, ${t('purchasing.expectedOn', { date: formatDate(p.expectedDate) })}`
                  : ''}
              {p.receivedQuantity ? `, ${t('purchasing.receivedOf', { received: p.receivedQuantity, quantity: p.quantity })}` : ''})
            </span>
          ))}
        </p>
      ) : null}
      {open && purchases.need > 0 ? (
        <>
          <p className="help-text">
            {purchases.buyUnder
              ? t('purchasing.lineNeeds', {
                  count: purchases.need,
                  supplier: purchases.buyUnder.supplierName,
                  agreement: purchases.buyUnder.agreementNumber,
                  price: formatKronor(purchases.buyUnder.unitPrice),
                })
              : (purchases.cannotBuy ?? '')}
          </p>
          <ErrorAlert error={buy.error} message={refusalText(i18n, buy.error)} />
          {purchases.buyUnder && hasRole('warehouse') ? (
            <div className="button-row">
              <Btn onPress={() => buy.mutate()} isPending={buy.isPending || buy.isSuccess} isDisabled={busy}>
                {t('purchasing.buyLine', { n: line.lineNumber })}
              </Btn>
            </div>
          ) : null}
        </>
      ) : null}
    </div>
  );
}

/** Picking for one line: the replacement chain's suggestions, reservation, then delivery. */
function PickPanel({ line, onDone }: { line: OrderLine; onDone: (msg: string) => void }) {
  const i18n = useI18n();
  const { t, formatDate } = i18n;
  const s = $api.useQuery('get', '/api/provision/lines/{id}/suggestions', { params: { path: { id: line.id } } });
  const invalidate = useInvalidate();
  const [delivering, setDelivering] = useState(false);
  const data = s.data;
  const step = useMutation({
    mutationFn: (v: { key: string; send: () => Promise<unknown> }) => v.send(),
    // Pending until the panel is fresh: every action sends the line's version, and the next press must
    // send the one this action made.
    onSettled: () => invalidate('/api/provision/lines/{id}/suggestions'),
  });
  const pending = step.isPending ? step.variables.key : null;
  const error = step.error;
  // While an action runs, or the panel reloads, the line's version on the page may be the old one.
  const busy = step.isPending || s.isFetching;

  function act(key: string, fn: (d: Suggestions) => Promise<unknown>) {
    if (!data || busy) return;
    step.mutate({ key, send: () => fn(data) });
  }
  const lineStep = (path: '/api/provision/lines/{id}/reserve' | '/api/provision/lines/{id}/release', body: { version: number; unitIds?: string[] }) =>
    fetchClient.POST(path, { params: { path: { id: line.id } }, body });

  const unitText = (u: UnitSummary) =>
    t('hmc.unitLine', {
      unit: u.unitNumber,
      article: u.articleName,
      date: formatDate(u.purchaseDate),
      status: unitStatusLabel(t, u.status),
      warehouse: u.warehouseName ?? '',
    });

  return (
    <div className="pick-panel" role="region" aria-label={t('hmc.pickingFor', { n: line.lineNumber })}>
      {!data ? <Loading /> : null}
      <ErrorAlert error={error ?? s.error} message={refusalText(i18n, error ?? s.error)} />
      {data && data.unitTracked ? (
        <>
          <h4>{t('hmc.reservedHeading', { count: data.reserved.length, remaining: data.remaining })}</h4>
          {data.reserved.length ? (
            <ul className="unit-choice-list">
              {data.reserved.map((u) => (
                <li key={u.id}>
                  <span>{unitText(u)}</span>
                  <Btn
                    className="button--small"
                    isPending={pending === `rel-${u.id}`}
                    isDisabled={busy && pending !== `rel-${u.id}`}
                    onPress={() => act(`rel-${u.id}`, (d) => lineStep('/api/provision/lines/{id}/release', { version: d.lineVersion, unitIds: [u.id] }))}
                  >
                    {t('hmc.releaseNamed', { unit: u.unitNumber })}
                  </Btn>
                </li>
              ))}
            </ul>
          ) : (
            <p className="help-text">{t('hmc.noneReserved')}</p>
          )}
          <h4>{t('hmc.chainHeading')}</h4>
          <p className="help-text">{t('hmc.chainHelp')}</p>
          {data.suggestions.length ? (
            <ol className="unit-choice-list">
              {data.suggestions.map((u, i) => (
                <li key={u.id}>
                  <span>
                    {i === 0 ? <Badge tone="ok">{t('hmc.suggested')}</Badge> : null} {unitText(u)}
                  </span>
                  {data.reserved.length < data.remaining ? (
                    <Btn
                      className="button--small"
                      isPending={pending === `res-${u.id}`}
                      isDisabled={busy && pending !== `res-${u.id}`}
                      onPress={() => act(`res-${u.id}`, (d) => lineStep('/api/provision/lines/{id}/reserve', { version: d.lineVersion, unitIds: [u.id] }))}
                    >
                      {t('hmc.reserveNamed', { unit: u.unitNumber })}
                    </Btn>
                  ) : null}
                </li>
              ))}
            </ol>
          ) : (
            <p className="empty">{t('hmc.noUnits')}</p>
          )}
          <div className="button-row">
            {data.reserved.length < data.remaining && data.suggestions.length ? (
              <Btn
                isPending={pending === 'chain'}
                isDisabled={busy && pending !== 'chain'}
                onPress={() => act('chain', (d) => lineStep('/api/provision/lines/{id}/reserve', { version: d.lineVersion }))}
              >
                {t('hmc.reserveByChain')}
              </Btn>
            ) : null}
            {data.reserved.length ? (
              <Btn variant="primary" isDisabled={busy} onPress={() => setDelivering(true)}>
                {t('hmc.deliverReserved')}
              </Btn>
            ) : null}
          </div>
          {delivering ? <DeliverDialog line={line} data={data} onClose={() => setDelivering(false)} onDone={(m) => (setDelivering(false), onDone(m))} /> : null}
        </>
      ) : null}
      {data && !data.unitTracked ? <StockDelivery line={line} data={data} onDone={onDone} /> : null}
    </div>
  );
}

/** Delivery confirmation of reserved units: each unit's serial number is read off the device and confirmed. */
function DeliverDialog({ line, data, onClose, onDone }: { line: OrderLine; data: Suggestions; onClose: () => void; onDone: (msg: string) => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [serials, setSerials] = useState<Record<string, string>>({});
  const [deliveredOn, setDeliveredOn] = useState(todayIso());
  const deliver = useMutation({
    mutationFn: () =>
      fetchClient
        .POST('/api/provision/lines/{id}/deliver', {
          params: { path: { id: line.id } },
          body: { version: data.lineVersion, deliveredOn, units: data.reserved.map((u) => ({ unitId: u.id, serialNumber: serials[u.id]?.trim() || null })) },
        })
        .then(dataOf),
    onSuccess: (r) =>
      onDone(
        t(r.state === 'delivered' ? 'hmc.deliveredDone' : 'hmc.deliveredPartly', { units: r.units.map((u) => u.unitNumber).join(', '), n: line.lineNumber }),
      ),
  });
  const error = deliver.error;
  // After success the button stays pending: the caller closes the dialog.
  const pending = deliver.isPending || deliver.isSuccess;
  // One object per error (see issuesByField): a new one on every keystroke would keep the error on the field.
  const fieldErrors = useMemo(
    () =>
      Object.fromEntries(
        Object.entries(issuesByField(error)).map(([k, v]) => {
          const m = /^units\.(\d+)\.serialNumber$/.exec(k);
          return [m ? `serial-${data.reserved[Number(m[1])]?.id}` : k, v];
        }),
      ),
    [error, data.reserved],
  );

  return (
    <AppModal isOpen onOpenChange={(o) => (o ? undefined : onClose())} title={t('hmc.deliverTitle', { n: line.lineNumber })}>
      <Form
        className="form"
        validationErrors={fieldErrors}
        onSubmit={(e) => {
          e.preventDefault();
          if (!pending) deliver.mutate();
        }}
      >
        <p className="help-text">{t('hmc.deliverHelp')}</p>
        <ErrorAlert error={error} message={refusalText(i18n, error)} shownFields={data.reserved.map((_, i) => `units.${i}.serialNumber`)} />
        {data.reserved.map((u) => (
          <TextInput
            key={u.id}
            label={t('hmc.serialFor', { unit: u.unitNumber })}
            name={`serial-${u.id}`}
            value={serials[u.id] ?? ''}
            onChange={(v) => setSerials((s) => ({ ...s, [u.id]: v }))}
            isRequired={!!u.serialNumber}
            description={u.serialNumber ? t('hmc.serialConfirmHelp') : t('hmc.serialOptionalHelp')}
            maxLength={80}
            spellCheck={false}
          />
        ))}
        <TextInput
          label={t('hmc.deliveredOn')}
          name="deliveredOn"
          type="date"
          value={deliveredOn}
          onChange={setDeliveredOn}
          isRequired
          description={t('hmc.deliveredOnHelp')}
        />
        <div className="button-row">
          <Btn type="submit" variant="primary" isPending={pending}>
            {t('hmc.confirmDelivery')}
          </Btn>
          <Btn onPress={onClose}>{t('common.cancel')}</Btn>
        </div>
      </Form>
    </AppModal>
  );
}

/** Articles that are not unit-tracked: a quantity from a warehouse's stock ledger. */
function StockDelivery({ line, data, onDone }: { line: OrderLine; data: Suggestions; onDone: (msg: string) => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [warehouseId, setWarehouseId] = useState<string | null>(data.stock[0]?.warehouseId ?? null);
  const [quantity, setQuantity] = useState(String(data.remaining));
  const deliver = useMutation({
    mutationFn: (warehouseId: string) =>
      fetchClient
        .POST('/api/provision/lines/{id}/deliver', {
          params: { path: { id: line.id } },
          body: { version: data.lineVersion, quantity: Number(quantity), warehouseId },
        })
        .then(dataOf),
    onSuccess: (r) =>
      onDone(t(r.state === 'delivered' ? 'hmc.deliveredQuantityDone' : 'hmc.deliveredQuantityPartly', { count: Number(quantity), n: line.lineNumber })),
  });
  const error = deliver.error;
  // After success the button stays pending: the caller closes the panel.
  const pending = deliver.isPending || deliver.isSuccess;

  return (
    <Form
      className="form"
      validationErrors={issuesByField(error)}
      onSubmit={(e) => {
        e.preventDefault();
        if (warehouseId && !pending) deliver.mutate(warehouseId);
      }}
    >
      <ErrorAlert error={error} message={refusalText(i18n, error)} shownFields={['quantity', 'warehouseId']} />
      {data.stock.length === 0 ? <p className="empty">{t('hmc.noStock')}</p> : null}
      <SelectInput
        label={t('hmc.fromWarehouse')}
        name="warehouseId"
        value={warehouseId}
        onChange={setWarehouseId}
        isRequired
        options={data.stock.map((w) => ({ id: w.warehouseId, label: t('hmc.warehouseBalance', { name: w.warehouseName, balance: w.balance }) }))}
      />
      <TextInput
        label={t('hmc.quantity')}
        name="quantity"
        value={quantity}
        onChange={setQuantity}
        inputMode="numeric"
        isRequired
        validate={(v) => (/^[1-9]\d{0,3}$/.test(v) && Number(v) <= data.remaining ? null : t('hmc.quantityInvalid', { max: data.remaining }))}
      />
      <div className="button-row">
        <Btn type="submit" variant="primary" isPending={pending} isDisabled={!warehouseId}>
          {t('hmc.confirmDelivery')}
        </Btn>
      </div>
    </Form>
  );
}

function PlannedDateDialog({ line, onClose, onDone }: { line: OrderLine; onClose: () => void; onDone: (msg: string) => void }) {
  const i18n = useI18n();
  const { t, formatDate } = i18n;
  const [date, setDate] = useState(line.plannedDate ?? line.dueDate ?? todayIso());
  return (
    <FormDialog
      title={t('hmc.plannedDateTitle', { n: line.lineNumber })}
      onClose={onClose}
      send={() =>
        fetchClient
          .POST('/api/provision/lines/{id}/planned-date', { params: { path: { id: line.id } }, body: { version: line.version, plannedDate: date } })
          .then(dataOf)
      }
      onDone={(r) => onDone(t('hmc.plannedDateSet', { date: formatDate(r.plannedDate), n: line.lineNumber }))}
      submitLabel={t('hmc.savePlannedDate')}
      shownFields={['plannedDate']}
      errorText={(e) => refusalText(i18n, e)}
      intro={<p className="help-text">{t('hmc.plannedDateHelp')}</p>}
    >
      <TextInput label={t('hmc.plannedDate')} name="plannedDate" type="date" value={date} onChange={setDate} isRequired autoFocus />
    </FormDialog>
  );
}

function CancelDialog({ order, onClose, onDone }: { order: CentreOrder; onClose: () => void; onDone: (msg: string) => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [reason, setReason] = useState<CancelReason | null>(null);
  const [comment, setComment] = useState('');
  function send() {
    if (!reason) return null;
    const versions = Object.fromEntries(order.lines.filter((l) => OPEN(l.state)).map((l) => [l.id, l.version]));
    return fetchClient.POST('/api/provision/orders/{id}/cancel', {
      params: { path: { id: order.id } },
      body: { reason, comment: comment.trim() || null, versions },
    });
  }
  return (
    <FormDialog
      title={t('hmc.cancelTitle', { number: order.centreOrderNumber })}
      onClose={onClose}
      send={send}
      onDone={() => onDone(t('hmc.cancelled', { number: order.centreOrderNumber }))}
      submitLabel={t('hmc.confirmCancel')}
      submitVariant="danger"
      shownFields={['reason', 'comment']}
      errorText={(e) => refusalText(i18n, e)}
      intro={<p className="help-text">{t('hmc.cancelHelp')}</p>}
    >
      <SelectInput
        label={t('hmc.cancelReason')}
        name="reason"
        value={reason}
        onChange={setReason}
        isRequired
        options={cancelReasonOptions(i18n.locale, CENTRE_CANCEL_REASONS, order.cancelReasons)}
      />
      <TextAreaInput label={t('hmc.cancelComment')} name="comment" value={comment} onChange={setComment} maxLength={1000} rows={3} />
    </FormDialog>
  );
}

function CentrePrescription({ order }: { order: CentreOrder }) {
  const p = order.details.prescription as SentPrescription;
  return (
    <PrescriptionSummary
      p={{
        aim: p.aim ?? null,
        followUp: p.followUp ? { date: p.followUp.date, by: p.followUp.by } : null,
        lines: order.lines.map((l) => ({
          lineNumber: l.lineNumber,
          articleName: l.articleName,
          measurements: (p.measurements ?? []).filter((m) => m.lineId === l.id),
        })),
      }}
    />
  );
}
