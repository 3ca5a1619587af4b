import { useMemo, useState } from 'react';
import { Form, Link } from 'react-aria-components';
import { issuesByField } from '../../api.ts';
import { SelectInput, TextAreaInput, TextInput } from '../../components/fields.tsx';
import { FormDialog } from '../../components/form-dialog.tsx';
import { AppModal, Badge, Btn, ButtonLink, ErrorAlert, Loading, Page, Section, SuccessMessage, useLoad } from '../../components/ui.tsx';
import { useI18n, type MessageKey } from '../../i18n/index.tsx';
import { useSession } from '../../session.tsx';
import { cancelReasonLabel, lineStateLabel, orderTypeLabel, refusalText, todayIso, unitStatusLabel } from './provision-format.ts';
import { CENTRE_CANCEL_REASONS, provisionApi, type CentreOrder, type OrderLine, type Suggestions, type UnitSummary } from './provision-api.ts';
import type { CancelReason } from '../../../../src/contract/matrix.ts';
import { workOrderHref } from './work-order-api.ts';
import { PickUpSection, WithdrawalSection } from './PickUpPanels.tsx';

const OPEN = (s: string) => !['delivered', 'cancelled', 'done'].includes(s);

/** The order page at the centre: lines with deadlines, picking by the replacement chain, delivery, planned date, cancellation. */
export function CentreOrderPage({ id }: { id: string }) {
  const i18n = useI18n();
  const { t, formatDateTime, formatDate } = i18n;
  const { hasRole } = useSession();
  const order = useLoad((s) => provisionApi.order(id, s), [id]);
  const [message, setMessage] = useState<string | null>(null);
  const [cancelOpen, setCancelOpen] = useState(false);
  const [ackError, setAckError] = useState<unknown>(null);
  const [ackPending, setAckPending] = useState(false);
  const o = order.data;

  const reloaded = async (msg: string) => {
    await order.reload();
    setMessage(msg);
  };
  const done = (msg: string) => void reloaded(msg);

  async function acknowledge() {
    setAckPending(true);
    setAckError(null);
    try {
      await provisionApi.acknowledge(id);
      // Pending until the page shows the acknowledgement (the button goes away with it).
      await reloaded(t('hmc.acknowledged'));
    } catch (e) {
      setAckError(e);
    } finally {
      setAckPending(false);
    }
  }

  if (!o) {
    return (
      <Page title={t('hmc.orderTitle')} breadcrumbs={[{ href: '/hmc', label: t('hmc.queueTitle') }, { label: t('hmc.orderTitle') }]}>
        {order.loading ? <Loading /> : <ErrorAlert error={order.error} />}
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
          {o.urgent && !o.acknowledgedAt && hasRole('customerService') ? (
            <Btn variant="primary" onPress={() => void acknowledge()} isPending={ackPending}>
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
      <ErrorAlert error={ackError} message={refusalText(i18n, ackError)} />
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
            {o.customerName} ({o.customerNumber}) · {o.deliveryAreaName}, {t(`weekday.${o.deliveryWeekday}` as MessageKey)}
          </dd>
          <dt>{t('hmc.orderedBy')}</dt>
          <dd>
            {o.orderedBy.name ?? ''}
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
          <dd>{t(`hmc.orderStatus.${o.status}` as MessageKey)}</dd>
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
              {o.patient.firstName} {o.patient.lastName} <span className="mono">{o.patient.identifier}</span>
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
      <Section title={t('hmc.lines')} id="lines">
        {o.lines.length === 0 ? <p className="empty">{t('hmc.noLines')}</p> : null}
        {o.lines.map((l) => (
          <LineCard key={l.id} order={o} line={l} onDone={done} busy={order.loading} />
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

function deliveryText(t: (k: MessageKey, v?: Record<string, string | number>) => string, o: CentreOrder): string {
  const d = o.delivery;
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

/** `busy`: the order is reloading after a change, so `line` (and its version) may be the old one. */
function LineCard({ order, line, onDone, busy }: { order: CentreOrder; line: OrderLine; onDone: (msg: string) => void; busy: boolean }) {
  const { t, formatDate, formatDateTime } = useI18n();
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
        <dd>{t('hmc.quantityDelivered', { delivered: line.deliveredQuantity, quantity: line.quantity })}</dd>
        {line.stockForm ? (
          <>
            <dt>{t('hmc.stockForm')}</dt>
            <dd>{t(`hmc.stockForm.${line.stockForm}` as MessageKey)}</dd>
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

/** Picking for one line: the replacement chain's suggestions, reservation, then delivery. */
function PickPanel({ line, onDone }: { line: OrderLine; onDone: (msg: string) => void }) {
  const i18n = useI18n();
  const { t, formatDate } = i18n;
  const s = useLoad((signal) => provisionApi.suggestions(line.id, signal), [line.id]);
  const [error, setError] = useState<unknown>(null);
  const [pending, setPending] = useState<string | null>(null);
  const [delivering, setDelivering] = useState(false);
  const data = s.data;
  // While an action runs, or the panel reloads, the line's version on the page may be the old one.
  const busy = pending !== null || s.loading;

  async function act(key: string, fn: (d: Suggestions) => Promise<unknown>) {
    if (!data || busy) return;
    setPending(key);
    setError(null);
    try {
      await fn(data);
    } catch (e) {
      setError(e);
    }
    // Pending until the panel is fresh: every action sends the line's version, and the next press must
    // send the one this action made.
    await s.reload();
    setPending(null);
  }

  const unitText = (u: UnitSummary) =>
    t('hmc.unitLine', { unit: u.unitNumber, article: u.articleName, date: formatDate(u.purchaseDate), status: unitStatusLabel(t, u.status), warehouse: u.warehouseName ?? '' });

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
                  <Btn className="button--small" isPending={pending === `rel-${u.id}`} isDisabled={busy && pending !== `rel-${u.id}`} onPress={() => void act(`rel-${u.id}`, (d) => provisionApi.release(line.id, { version: d.lineVersion, unitIds: [u.id] }))}>
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
                    <Btn className="button--small" isPending={pending === `res-${u.id}`} isDisabled={busy && pending !== `res-${u.id}`} onPress={() => void act(`res-${u.id}`, (d) => provisionApi.reserve(line.id, { version: d.lineVersion, unitIds: [u.id] }))}>
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
              <Btn isPending={pending === 'chain'} isDisabled={busy && pending !== 'chain'} onPress={() => void act('chain', (d) => provisionApi.reserve(line.id, { version: d.lineVersion }))}>
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
  const [error, setError] = useState<unknown>(null);
  const [pending, setPending] = useState(false);
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

  async function submit() {
    setPending(true);
    setError(null);
    try {
      const r = await provisionApi.deliver(line.id, {
        version: data.lineVersion,
        deliveredOn,
        units: data.reserved.map((u) => ({ unitId: u.id, serialNumber: serials[u.id]?.trim() || null })),
      });
      onDone(t(r.state === 'delivered' ? 'hmc.deliveredDone' : 'hmc.deliveredPartly', { units: r.units.map((u) => u.unitNumber).join(', '), n: line.lineNumber }));
    } catch (e) {
      setError(e);
      setPending(false);
    }
  }

  return (
    <AppModal isOpen onOpenChange={(o) => (o ? undefined : onClose())} title={t('hmc.deliverTitle', { n: line.lineNumber })}>
      <Form
        className="form"
        validationErrors={fieldErrors}
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
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
        <TextInput label={t('hmc.deliveredOn')} name="deliveredOn" type="date" value={deliveredOn} onChange={setDeliveredOn} isRequired description={t('hmc.deliveredOnHelp')} />
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
  const [error, setError] = useState<unknown>(null);
  const [pending, setPending] = useState(false);

  async function submit() {
    if (!warehouseId) return;
    setPending(true);
    setError(null);
    try {
      const r = await provisionApi.deliver(line.id, { version: data.lineVersion, quantity: Number(quantity), warehouseId });
      onDone(t(r.state === 'delivered' ? 'hmc.deliveredQuantityDone' : 'hmc.deliveredQuantityPartly', { count: Number(quantity), n: line.lineNumber }));
    } catch (e) {
      setError(e);
      setPending(false);
    }
  }

  return (
    <Form
      className="form"
      validationErrors={issuesByField(error)}
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
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
      <TextInput label={t('hmc.quantity')} name="quantity" value={quantity} onChange={setQuantity} inputMode="numeric" isRequired validate={(v) => (/^[1-9]\d{0,3}$/.test(v) && Number(v) <= data.remaining ? null : t('hmc.quantityInvalid', { max: data.remaining }))} />
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
      send={() => provisionApi.plannedDate(line.id, { version: line.version, plannedDate: date })}
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
    return provisionApi.cancel(order.id, { reason, comment: comment.trim() || null, versions });
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
      <SelectInput label={t('hmc.cancelReason')} name="reason" value={reason} onChange={setReason} isRequired options={CENTRE_CANCEL_REASONS.map((r) => ({ id: r, label: cancelReasonLabel(t, r) }))} />
      <TextAreaInput label={t('hmc.cancelComment')} name="comment" value={comment} onChange={setComment} maxLength={1000} rows={3} />
    </FormDialog>
  );
}
