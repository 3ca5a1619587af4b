import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { Form, Link } from 'react-aria-components';
import { $api, fetchClient } from '../../api/client.ts';
import { issuesByField } from '../../api/errors.ts';
import { useInvalidate } from '../../api/query.ts';
import { SelectInput, TextAreaInput, TextInput } from '../../components/fields.tsx';
import { FormDialog } from '../../components/form-dialog.tsx';
import { Badge, Btn, ErrorAlert, Loading, Page, Section, SuccessMessage } from '../../components/ui.tsx';
import { formatMoney, formatPersonalNumber, professionLabel } from '../../format.ts';
import { useI18n, type Translate } from '../../i18n/index.tsx';
import { cancelReasonLabel, cancelReasonOptions, refusalText } from './provision-format.ts';
import { WORK_ORDER_CANCEL_REASONS, type WorkOrder, type WorkOrderCancelReason, type WorkOrderState } from './work-order-api.ts';
import './work-orders.css';

export const workOrderStateLabel = (t: Translate, s: WorkOrderState) => t(`wo.state.${s}`);
const stateTone = (s: WorkOrderState) =>
  s === 'cancelled' || s === 'stopped' ? 'muted' : s === 'done' || s === 'closed' ? 'ok' : s === 'awaitingApproval' ? 'warn' : 'info';

type Dialog = 'book' | 'done' | 'cancel' | null;

/** /hmc/arbetsorder/:id — the technician's work order: book, start, done with time and material, cancel, and the special-adaptation steps. */
export function WorkOrderPage({ id }: { id: string }) {
  const i18n = useI18n();
  const { t, locale, formatDate, formatDateTime } = i18n;
  const wo = $api.useQuery('get', '/api/provision/work-orders/{id}', { params: { path: { id } } });
  const invalidate = useInvalidate();
  const [message, setMessage] = useState<string | null>(null);
  const [dialog, setDialog] = useState<Dialog>(null);
  const w = wo.data;

  const reloaded = async (msg: string) => {
    setDialog(null);
    await invalidate('/api/provision/work-orders/{id}');
    setMessage(msg);
  };
  const step = useMutation({
    mutationFn: (v: { key: 'start' | 'close'; w: WorkOrder; msg: string }) =>
      fetchClient.POST(v.key === 'start' ? '/api/provision/work-orders/{id}/start' : '/api/provision/work-orders/{id}/close', {
        params: { path: { id: v.w.orderId } },
        body: { version: v.w.version },
      }),
    onMutate: () => setMessage(null),
    onSuccess: (_, v) => reloaded(v.msg),
  });
  const done = (msg: string) => (step.reset(), void reloaded(msg));
  const pending = step.isPending ? step.variables.key : null;
  const stepError = step.error;
  // Every step sends the work order's version: while a step runs or the page reloads after one, the
  // version on the page may be the old one, so the steps wait.
  const busy = step.isPending || wo.isFetching;

  if (!w) {
    return (
      <Page title={t('wo.title')} breadcrumbs={[{ href: '/hmc', label: t('hmc.queueTitle') }, { label: t('wo.title') }]}>
        {wo.isPending ? <Loading /> : <ErrorAlert error={wo.error} />}
      </Page>
    );
  }
  const typeName = locale === 'sv' ? w.typeSv : w.typeEn;
  return (
    <Page
      title={t('wo.named', { number: w.centreOrderNumber })}
      breadcrumbs={[{ href: '/hmc', label: t('hmc.queueTitle') }, { label: w.centreOrderNumber }]}
      actions={
        <>
          {w.allowed.book ? (
            <Btn isDisabled={busy} onPress={() => (setMessage(null), setDialog('book'))}>
              {w.bookedFor ? t('wo.rebook') : t('wo.book')}
            </Btn>
          ) : null}
          {w.allowed.start ? (
            <Btn
              variant="primary"
              isPending={pending === 'start'}
              isDisabled={busy && pending !== 'start'}
              onPress={() => busy || step.mutate({ key: 'start', w, msg: t(w.specialAdaptation ? 'wo.manufactureStarted' : 'wo.started') })}
            >
              {w.specialAdaptation ? t('wo.startManufacture') : t('wo.start')}
            </Btn>
          ) : null}
          {w.allowed.done ? (
            <Btn variant="primary" isDisabled={busy} onPress={() => (setMessage(null), setDialog('done'))}>
              {t('wo.reportDone')}
            </Btn>
          ) : null}
          {w.allowed.close ? (
            <Btn
              isPending={pending === 'close'}
              isDisabled={busy && pending !== 'close'}
              onPress={() => busy || step.mutate({ key: 'close', w, msg: t('wo.closed') })}
            >
              {t('wo.close')}
            </Btn>
          ) : null}
          {w.allowed.cancel ? (
            <Btn variant="danger" isDisabled={busy} onPress={() => (setMessage(null), setDialog('cancel'))}>
              {t('wo.cancel')}
            </Btn>
          ) : null}
        </>
      }
    >
      {message ? <SuccessMessage>{message}</SuccessMessage> : null}
      <ErrorAlert error={stepError} message={refusalText(i18n, stepError)} />
      <Section title={t('wo.assignment')} id="wo-assignment">
        <dl className="details">
          <dt>{t('wo.type')}</dt>
          <dd>
            {typeName} {w.urgent ? <Badge tone="warn">{t('hmc.urgent')}</Badge> : null}{' '}
            {w.specialAdaptation ? <Badge tone="info">{t('wo.specialAdaptation')}</Badge> : null}
          </dd>
          <dt>{t('common.status')}</dt>
          <dd>
            <Badge tone={stateTone(w.state)}>{workOrderStateLabel(t, w.state)}</Badge>
            {w.cancelReason ? ` ${cancelReasonLabel(t, w.cancelReason)}` : ''}
          </dd>
          {w.cancelComment ? (
            <>
              <dt>{t('hmc.cancelComment')}</dt>
              <dd>{w.cancelComment}</dd>
            </>
          ) : null}
          <dt>{t('wo.description')}</dt>
          <dd className="pre-wrap">{w.description}</dd>
          {w.preferredDate ? (
            <>
              <dt>{t('wo.preferredDate')}</dt>
              <dd>{formatDate(w.preferredDate)}</dd>
            </>
          ) : null}
          <dt>{t('hmc.colCustomer')}</dt>
          <dd>
            {w.customerName} ({w.customerNumber})
          </dd>
          <dt>{t('hmc.orderedBy')}</dt>
          <dd>
            {w.orderedBy.name}
            {w.orderedBy.profession ? `, ${professionLabel(i18n, w.orderedBy.profession).toLocaleLowerCase(i18n.locale)}` : ''}
            {w.orderedBy.phone ? `, ${w.orderedBy.phone}` : ''}
            {w.contact ? ` · ${t('hmc.contact')}: ${w.contact.name}, ${w.contact.phone}` : ''}
          </dd>
          {w.messageToCentre ? (
            <>
              <dt>{t('hmc.messageToCentre')}</dt>
              <dd>{w.messageToCentre}</dd>
            </>
          ) : null}
          <dt>{t('hmc.received')}</dt>
          <dd>{formatDateTime(w.receivedAt)}</dd>
          <dt>{t('wo.limits')}</dt>
          <dd>
            {w.dueAt ? <span className={w.doneOverdue ? 'deadline--overdue' : ''}>{t('wo.doneByTime', { at: formatDateTime(w.dueAt) })}</span> : null}
            {w.startBy ? (
              <span className={`block ${w.startOverdue ? 'deadline--overdue' : ''}`}>
                {w.startLimitMetBy === 'booking'
                  ? t('matrix.wo.offerBy', { date: formatDate(w.startBy) }) +
                    (w.offeredOn ? ` · ${t('matrix.wo.offeredOn', { date: formatDate(w.offeredOn) })}` : '')
                  : t('wo.startBy', { date: formatDate(w.startBy) })}
              </span>
            ) : null}
            {w.doneBy ? <span className={`block ${w.doneOverdue ? 'deadline--overdue' : ''}`}>{t('wo.doneBy', { date: formatDate(w.doneBy) })}</span> : null}
            {w.twoTrades ? <span className="block">{t('matrix.wo.twoTrades')}</span> : null}
            {!w.dueAt && !w.startBy && !w.doneBy ? t('wo.caseByCase') : null}
            {w.startOverdue || w.doneOverdue ? (
              <>
                {' '}
                <Badge tone="warn">{t('hmc.overdue')}</Badge>
              </>
            ) : null}
          </dd>
          <dt>{t('wo.booking')}</dt>
          <dd>{w.bookedFor ? t('wo.bookedWith', { at: formatDateTime(w.bookedFor), technician: w.technician ?? '' }) : t('wo.notBooked')}</dd>
          {w.attachments.length ? (
            <>
              <dt>{t('wo.attachments')}</dt>
              <dd>{w.attachments.map((a) => `${a.fileName} (${i18n.tMaybe(`attachmentKind.${a.kind}`) ?? a.kind})`).join(', ')}</dd>
            </>
          ) : null}
          <dt>{t('wo.centreOrder')}</dt>
          <dd>
            <Link className="link" href={`/hmc/order/${w.orderId}`}>
              {t('wo.openOrder', { number: w.centreOrderNumber })}
            </Link>
          </dd>
        </dl>
      </Section>

      <Section title={t('wo.patientAndUnits')} id="wo-units">
        {w.patient ? (
          <p>
            {w.patient.firstName} {w.patient.lastName} <span className="mono">{formatPersonalNumber(w.patient.identifier)}</span>
            {w.patient.protectedIdentity ? (
              <>
                {' '}
                <Badge tone="warn">{t('hmc.protectedIdentity')}</Badge>
              </>
            ) : w.patient.address ? (
              <span className="block">
                {w.patient.address.careOf ? `c/o ${w.patient.address.careOf}, ` : ''}
                {w.patient.address.street}, {w.patient.address.postalCode} {w.patient.address.city}
              </span>
            ) : null}
          </p>
        ) : (
          <p>{t('hmc.noPatient')}</p>
        )}
        <ul className="event-list">
          {w.units.map((u) => (
            <li key={u.lineId}>
              {u.unitId ? (
                <Link className="link" href={`/hmc/individer/${u.unitId}`}>
                  {u.unitNumber}
                </Link>
              ) : (
                <span className="mono">{u.unitNumber}</span>
              )}
              <span>{u.articleName ?? ''}</span>
              {u.note ? <span className="muted">{u.note}</span> : null}
            </li>
          ))}
        </ul>
      </Section>

      {w.specialAdaptation ? <SpecialAdaptation w={w} onDone={done} busy={wo.isFetching} /> : null}

      {w.doneAt ? (
        <Section title={t('wo.doneSection')} id="wo-done">
          <dl className="details">
            <dt>{t('wo.doneAt')}</dt>
            <dd>{formatDateTime(w.doneAt)}</dd>
            <dt>{t('wo.notes')}</dt>
            <dd className="pre-wrap">{w.notes}</dd>
            <dt>{t('wo.minutesSpent')}</dt>
            <dd>{t('wo.minutes', { count: w.minutesSpent ?? 0 })}</dd>
            <dt>{t('wo.material')}</dt>
            <dd>
              {w.material.length ? (
                <ul className="plain-list">
                  {w.material.map((m, i) => (
                    <li key={i}>
                      {m.quantity} × {m.articleName} <span className="mono">({m.articleNumber})</span>
                      {m.warehouseName ? ` – ${m.warehouseName}` : ''}
                    </li>
                  ))}
                </ul>
              ) : (
                t('wo.noMaterial')
              )}
            </dd>
          </dl>
        </Section>
      ) : null}

      <Section title={t('hmc.events')} id="wo-history">
        <ul className="event-list">
          {w.history.map((h, i) => (
            <li key={i}>
              <span className="nowrap">{formatDateTime(h.at)}</span>
              <span>{i18n.tMaybe(`hmc.event.${h.type}`) ?? h.type}</span>
              <span className="muted">{h.actorLabel}</span>
              {h.sent !== null ? <span className="muted">{h.sent ? t('wo.sentToPrescriber') : t('wo.notYetSentToPrescriber')}</span> : null}
            </li>
          ))}
        </ul>
      </Section>

      {dialog === 'book' ? <BookDialog w={w} onClose={() => setDialog(null)} onDone={done} /> : null}
      {dialog === 'done' ? <DoneDialog w={w} onClose={() => setDialog(null)} onDone={done} /> : null}
      {dialog === 'cancel' ? <CancelDialog w={w} onClose={() => setDialog(null)} onDone={done} /> : null}
    </Page>
  );
}

/** A datetime-local value (local time of the browser) for an instant. */
function localInput(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

/** One of the special-adaptation forms: its request, then the page loads again and says `msg`. */
function useSubmit(onDone: (m: string) => void) {
  return useMutation({ mutationFn: (v: { send: () => Promise<unknown>; msg: string }) => v.send(), onSuccess: (_, v) => onDone(v.msg) });
}

function BookDialog({ w, onClose, onDone }: { w: WorkOrder; onClose: () => void; onDone: (m: string) => void }) {
  const i18n = useI18n();
  const { t, formatDateTime } = i18n;
  const tomorrow = new Date(Date.now() + 24 * 3600_000);
  tomorrow.setHours(9, 0, 0, 0);
  const [at, setAt] = useState(w.bookedFor ? localInput(new Date(w.bookedFor)) : localInput(tomorrow));
  const [technician, setTechnician] = useState(w.technician ?? '');
  const send = () => {
    const d = new Date(at);
    if (Number.isNaN(d.getTime())) return null;
    return fetchClient
      .POST('/api/provision/work-orders/{id}/book', {
        params: { path: { id: w.orderId } },
        body: { version: w.version, bookedFor: d.toISOString(), technician: technician.trim() || null },
      })
      .then(() => t('wo.booked', { at: formatDateTime(d) }));
  };
  return (
    <FormDialog
      title={t('wo.bookTitle', { number: w.centreOrderNumber })}
      onClose={onClose}
      send={send}
      onDone={onDone}
      submitLabel={t('wo.saveBooking')}
      shownFields={['bookedFor', 'technician']}
      errorText={(e) => refusalText(i18n, e)}
    >
      <TextInput label={t('wo.bookedFor')} name="bookedFor" type="datetime-local" value={at} onChange={setAt} isRequired autoFocus />
      <TextInput
        label={t('wo.technician')}
        name="technician"
        value={technician}
        onChange={setTechnician}
        maxLength={200}
        description={t('wo.technicianHelp')}
      />
    </FormDialog>
  );
}

interface MaterialRow {
  key: number;
  articleNumber: string;
  quantity: string;
  warehouseId: string | null;
}

function DoneDialog({ w, onClose, onDone }: { w: WorkOrder; onClose: () => void; onDone: (m: string) => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const warehouses = $api.useQuery('get', '/api/provision/warehouses');
  const [notes, setNotes] = useState('');
  const [minutes, setMinutes] = useState('');
  const [rows, setRows] = useState<MaterialRow[]>([]);
  const [next, setNext] = useState(1);
  const setRow = (key: number, patch: Partial<MaterialRow>) => setRows((rs) => rs.map((r) => (r.key === key ? { ...r, ...patch } : r)));
  const send = () =>
    fetchClient.POST('/api/provision/work-orders/{id}/done', {
      params: { path: { id: w.orderId } },
      body: {
        version: w.version,
        notes: notes.trim(),
        minutesSpent: Number(minutes),
        material: rows
          .filter((r) => r.articleNumber.trim())
          .map((r) => ({ articleNumber: r.articleNumber.trim(), quantity: Number(r.quantity), warehouseId: r.warehouseId })),
      },
    });
  const warehouseOptions = [{ id: 'none', label: t('wo.noWarehouse') }, ...(warehouses.data ?? []).map((x) => ({ id: x.id, label: x.name }))];
  return (
    <FormDialog
      title={t('wo.doneTitle', { number: w.centreOrderNumber })}
      onClose={onClose}
      send={send}
      onDone={() => onDone(t('wo.doneMessage'))}
      submitLabel={t('wo.confirmDone')}
      shownFields={['notes', 'minutesSpent']}
      errorText={(e) => refusalText(i18n, e)}
    >
      <TextAreaInput
        label={t('wo.notes')}
        name="notes"
        value={notes}
        onChange={setNotes}
        isRequired
        maxLength={4000}
        rows={4}
        description={t('wo.notesHelp')}
        autoFocus
      />
      <TextInput
        label={t('wo.minutesSpent')}
        name="minutesSpent"
        value={minutes}
        onChange={setMinutes}
        inputMode="numeric"
        isRequired
        validate={(v) => (/^\d{1,6}$/.test(v.trim()) ? null : t('wo.minutesInvalid'))}
      />
      <fieldset className="wo-material">
        <legend>{t('wo.material')}</legend>
        <p className="field-help">{t('wo.materialHelp')}</p>
        {rows.map((r, i) => (
          <div key={r.key} className="wo-material-row" role="group" aria-label={t('wo.materialRow', { n: i + 1 })}>
            <TextInput
              label={t('wo.articleNumber')}
              name={`material.${i}.articleNumber`}
              value={r.articleNumber}
              onChange={(v) => setRow(r.key, { articleNumber: v })}
              isRequired
              maxLength={40}
            />
            <TextInput
              label={t('hmc.quantity')}
              name={`material.${i}.quantity`}
              value={r.quantity}
              onChange={(v) => setRow(r.key, { quantity: v })}
              inputMode="numeric"
              isRequired
              validate={(v) => (/^[1-9]\d{0,3}$/.test(v.trim()) ? null : t('wo.quantityInvalid'))}
            />
            <SelectInput
              label={t('wo.warehouse')}
              name={`material.${i}.warehouseId`}
              value={r.warehouseId ?? 'none'}
              onChange={(v) => setRow(r.key, { warehouseId: v === 'none' ? null : v })}
              options={warehouseOptions}
            />
            <Btn className="button--small" onPress={() => setRows((rs) => rs.filter((x) => x.key !== r.key))}>
              {t('wo.removeMaterial', { n: i + 1 })}
            </Btn>
          </div>
        ))}
        {warehouses.error ? <ErrorAlert error={warehouses.error} /> : null}
        <Btn
          // A new row takes the first warehouse, so rows are added once the warehouses are known.
          isDisabled={!warehouses.data}
          onPress={() => {
            setRows((rs) => [...rs, { key: next, articleNumber: '', quantity: '1', warehouseId: warehouses.data?.[0]?.id ?? null }]);
            setNext((n) => n + 1);
          }}
        >
          {t('wo.addMaterial')}
        </Btn>
      </fieldset>
    </FormDialog>
  );
}

function CancelDialog({ w, onClose, onDone }: { w: WorkOrder; onClose: () => void; onDone: (m: string) => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [reason, setReason] = useState<WorkOrderCancelReason | null>(null);
  const [comment, setComment] = useState('');
  return (
    <FormDialog
      title={t('wo.cancelTitle', { number: w.centreOrderNumber })}
      onClose={onClose}
      send={() =>
        reason
          ? fetchClient.POST('/api/provision/work-orders/{id}/cancel', {
              params: { path: { id: w.orderId } },
              body: { version: w.version, reason, comment: comment.trim() || null },
            })
          : null
      }
      onDone={() => onDone(t('wo.cancelled', { number: w.centreOrderNumber }))}
      submitLabel={t('wo.confirmCancel')}
      submitVariant="danger"
      shownFields={['reason', 'comment']}
      errorText={(e) => refusalText(i18n, e)}
      intro={<p className="help-text">{t('wo.cancelHelp')}</p>}
    >
      <SelectInput
        label={t('hmc.cancelReason')}
        name="reason"
        value={reason}
        onChange={setReason}
        isRequired
        options={cancelReasonOptions(i18n.locale, WORK_ORDER_CANCEL_REASONS, w.cancelReasons)}
      />
      {reason === 'wrongWorkOrderType' ? <p className="help-text">{t('wo.wrongTypeHelp')}</p> : null}
      <TextAreaInput label={t('hmc.cancelComment')} name="comment" value={comment} onChange={setComment} maxLength={1000} rows={3} />
    </FormDialog>
  );
}

/**
 * The special-adaptation steps: risk analysis → quote → approval by the cost-responsible → manufacture; and the CE question.
 * `busy`: the work order is reloading after a step, so `w.version` may be the old one.
 */
function SpecialAdaptation({ w, onDone, busy }: { w: WorkOrder; onDone: (m: string) => void; busy: boolean }) {
  const i18n = useI18n();
  const { t, formatDateTime } = i18n;
  const [risk, setRisk] = useState(w.riskAnalysis ?? '');
  const [amount, setAmount] = useState('');
  const [quoteText, setQuoteText] = useState('');
  const [question, setQuestion] = useState(w.ceQuestion ?? '');
  const [answer, setAnswer] = useState(w.ceAnswer ?? '');
  const riskSubmit = useSubmit(onDone);
  const quoteSubmit = useSubmit(onDone);
  const ceSubmit = useSubmit(onDone);
  const path = { params: { path: { id: w.orderId } } };
  const order = ['riskAnalysed', 'awaitingApproval', 'approved', 'manufacturing', 'done', 'closed'];
  const reached = (s: string) => order.indexOf(w.state) >= order.indexOf(s);
  const steps: { key: string; label: string; done: boolean }[] = [
    { key: 'risk', label: t('wo.sa.riskAnalysis'), done: !!w.riskAnalysis },
    { key: 'quote', label: t('wo.sa.quote'), done: !!w.quote },
    { key: 'approval', label: t('wo.sa.approval'), done: !!w.quoteAnswer },
    { key: 'manufacture', label: t('wo.sa.manufacture'), done: reached('manufacturing') },
    { key: 'done', label: t('wo.sa.done'), done: reached('done') },
  ];
  const amountValid = /^\d{1,9}([.,]\d{1,2})?$/.test(amount.trim());
  return (
    <Section title={t('wo.specialAdaptation')} id="wo-special">
      <ol className="wo-steps" aria-label={t('wo.sa.steps')}>
        {steps.map((s) => (
          <li key={s.key} className={s.done ? 'wo-step wo-step--done' : 'wo-step'}>
            {s.label}: {s.done ? t('wo.sa.stepDone') : t('wo.sa.stepOpen')}
          </li>
        ))}
      </ol>
      <h3 className="wo-subtitle">{t('wo.sa.riskAnalysis')}</h3>
      {w.riskAnalysis && !w.allowed.riskAnalysis ? (
        <p className="pre-wrap">
          {w.riskAnalysis} <span className="muted block">{t('wo.sa.by', { name: w.riskAnalysedBy ?? '', at: formatDateTime(w.riskAnalysedAt) })}</span>
        </p>
      ) : null}
      {w.allowed.riskAnalysis ? (
        <Form
          className="form"
          validationErrors={issuesByField(riskSubmit.error)}
          onSubmit={(e) => (
            e.preventDefault(),
            riskSubmit.mutate({
              send: () =>
                fetchClient.POST('/api/provision/work-orders/{id}/risk-analysis', { ...path, body: { version: w.version, riskAnalysis: risk.trim() } }),
              msg: t('wo.sa.riskSaved'),
            })
          )}
        >
          <ErrorAlert error={riskSubmit.error} message={refusalText(i18n, riskSubmit.error)} shownFields={['riskAnalysis']} />
          <TextAreaInput label={t('wo.sa.riskAnalysisText')} name="riskAnalysis" value={risk} onChange={setRisk} isRequired maxLength={8000} rows={4} />
          <div className="button-row">
            <Btn type="submit" isPending={riskSubmit.isPending} isDisabled={busy}>
              {t('wo.sa.saveRisk')}
            </Btn>
          </div>
        </Form>
      ) : null}
      {!w.riskAnalysis && !w.allowed.riskAnalysis ? <p className="empty">{t('wo.sa.noRisk')}</p> : null}

      <h3 className="wo-subtitle">{t('wo.sa.quote')}</h3>
      {w.quote ? (
        <p>
          {t('wo.sa.quoteLine', { amount: formatMoney(w.quote.amount), at: formatDateTime(w.quote.sentAt) })}
          <span className="block pre-wrap">{w.quote.text}</span>
        </p>
      ) : null}
      {w.quoteAnswer ? (
        <p>
          <Badge tone={w.quoteAnswer.approved ? 'ok' : 'warn'}>{w.quoteAnswer.approved ? t('wo.sa.approved') : t('wo.sa.declined')}</Badge>{' '}
          {t('wo.sa.answeredBy', { name: w.quoteAnswer.by, at: formatDateTime(w.quoteAnswer.at) })}
          {w.quoteAnswer.comment ? <span className="block">{w.quoteAnswer.comment}</span> : null}
        </p>
      ) : w.state === 'awaitingApproval' ? (
        <p>
          <Badge tone="warn">{t('wo.state.awaitingApproval')}</Badge>
        </p>
      ) : null}
      {w.allowed.quote ? (
        <Form
          className="form"
          validationErrors={issuesByField(quoteSubmit.error)}
          onSubmit={(e) => {
            e.preventDefault();
            if (!amountValid) return;
            quoteSubmit.mutate({
              send: () =>
                fetchClient.POST('/api/provision/work-orders/{id}/quote', {
                  ...path,
                  body: { version: w.version, amount: Number(amount.trim().replace(',', '.')), text: quoteText.trim() },
                }),
              msg: t('wo.sa.quoteSent'),
            });
          }}
        >
          <p className="help-text">{t('wo.sa.quoteHelp')}</p>
          <ErrorAlert error={quoteSubmit.error} message={refusalText(i18n, quoteSubmit.error)} shownFields={['amount', 'text']} />
          <TextInput
            label={t('wo.sa.amount')}
            name="amount"
            value={amount}
            onChange={setAmount}
            inputMode="numeric"
            isRequired
            validate={(v) => (/^\d{1,9}([.,]\d{1,2})?$/.test(v.trim()) ? null : t('wo.sa.amountInvalid'))}
          />
          <TextAreaInput label={t('wo.sa.quoteText')} name="text" value={quoteText} onChange={setQuoteText} isRequired maxLength={4000} rows={3} />
          <div className="button-row">
            <Btn type="submit" isPending={quoteSubmit.isPending} isDisabled={busy}>
              {t('wo.sa.sendQuote')}
            </Btn>
          </div>
        </Form>
      ) : null}
      {!w.quote && !w.allowed.quote ? <p className="empty">{t('wo.sa.noQuote')}</p> : null}

      <h3 className="wo-subtitle">{t('wo.sa.ce')}</h3>
      {w.allowed.ceQuestion ? (
        <Form
          className="form"
          validationErrors={issuesByField(ceSubmit.error)}
          onSubmit={(e) => (
            e.preventDefault(),
            ceSubmit.mutate({
              send: () =>
                fetchClient.POST('/api/provision/work-orders/{id}/ce-question', {
                  ...path,
                  body: { version: w.version, question: question.trim(), answer: answer.trim() || null },
                }),
              msg: t('wo.sa.ceSaved'),
            })
          )}
        >
          <ErrorAlert error={ceSubmit.error} message={refusalText(i18n, ceSubmit.error)} shownFields={['question', 'answer']} />
          <TextAreaInput label={t('wo.sa.ceQuestion')} name="question" value={question} onChange={setQuestion} isRequired maxLength={2000} rows={2} />
          <TextAreaInput label={t('wo.sa.ceAnswer')} name="answer" value={answer} onChange={setAnswer} maxLength={2000} rows={2} />
          <div className="button-row">
            <Btn type="submit" isPending={ceSubmit.isPending} isDisabled={busy}>
              {t('wo.sa.saveCe')}
            </Btn>
          </div>
        </Form>
      ) : w.ceQuestion ? (
        <p className="pre-wrap">
          {w.ceQuestion}
          {w.ceAnswer ? <span className="block">{t('wo.sa.ceAnswerLine', { answer: w.ceAnswer })}</span> : null}
        </p>
      ) : (
        <p className="empty">{t('wo.sa.noCe')}</p>
      )}
    </Section>
  );
}
