import { useMutation } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { Form } from 'react-aria-components';
import { $api, dataOf, fetchClient, isApiError } from '../../api/client.ts';
import { issuesByField } from '../../api/errors.ts';
import type { Order, OrderAttachment, OrderTypeInfo, WorkOrderTypeInfo } from '../../api/types.ts';
import { CheckboxInput, TextAreaInput, TextInput } from '../../components/fields.tsx';
import { Btn, ConfirmModal, ErrorAlert, Loading, Page, Section, SuccessMessage, useFlash } from '../../components/ui.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { useSession } from '../../session.tsx';
import { navigate, useLocation } from '../../router.ts';
import { ArticlePicker, type PickedArticle } from './ArticlePicker.tsx';
import { AttachmentsEditor } from './Attachments.tsx';
import { Cart } from './Cart.tsx';
import { ContactFields, DeliveryFields } from './DeliveryFields.tsx';
import { formFromOrder, newKey, normalizeLines, type CartLine, type DraftForm } from './draft-form.ts';
import { OrderErrorAlert, useOrderTypes } from './OrderBits.tsx';
import { orderTypeLabel, patientPageHref, receiptHref } from './order-format.ts';
import { DeviationFields, FaultReportFields, LostDeviceFields, WorkOrderFields } from './TypeDetails.tsx';
import { PickUpUnits, UnitSelect } from './UnitChoice.tsx';
import { PrescriptionFields } from './Prescription.tsx';
import { useCartEstimate } from './useCartEstimate.ts';
import { useDraftSaver, type SaveState } from './useDraftSaver.ts';

/** "Sparat 14:32" / "Sparar…": the draft is on the server as the user works. */
function SaveIndicator({ state, onRetry }: { state: SaveState; onRetry: () => void }) {
  const { t } = useI18n();
  const time = state.savedAt ? state.savedAt.toLocaleTimeString('sv-SE', { hour: '2-digit', minute: '2-digit' }) : null;
  let text: string;
  if (state.status === 'saving') text = t('draft.saving');
  else if (state.status === 'dirty') text = t('draft.unsaved');
  else if (state.status === 'error') text = t('draft.saveFailed');
  else text = time ? t('draft.savedAt', { time }) : t('draft.saved');
  const partial = state.status === 'saved' && state.incomplete.length > 0;
  return (
    <div className={`save-indicator save-indicator--${state.status}`}>
      <p role="status" className="save-indicator-text">
        <span aria-hidden="true" className="save-indicator-icon">
          {state.status === 'saved' ? '✓' : state.status === 'error' ? '!' : '…'}
        </span>{' '}
        {text}
        {partial ? <span className="block small">{t('draft.incomplete')}</span> : null}
      </p>
      {state.status === 'error' ? (
        <Btn className="button--small" onPress={onRetry}>
          {t('draft.retry')}
        </Btn>
      ) : null}
    </div>
  );
}

/**
 * A report started from a unit on the patient's device list (issue 16 item 6) names it: a deviation the unit
 * (?enhet=U-…), a fault report the order that delivered it (?order=B…). Only into empty fields; the draft is
 * saved with them once the report is whole.
 */
function prefilled(f: DraftForm, order: Order, search: URLSearchParams): DraftForm {
  const unit = search.get('enhet')?.trim().slice(0, 40);
  const related = search.get('order')?.trim().slice(0, 40);
  if (order.orderType === 'deviation' && unit && !f.deviation.unitNumber) return { ...f, deviation: { ...f.deviation, unitNumber: unit } };
  if (order.orderType === 'faultReport' && related && !f.faultReport.relatedOrderNumber)
    return { ...f, faultReport: { ...f.faultReport, relatedOrderNumber: related } };
  return f;
}

/** The draft's form, once the order types are known. */
export function OrderEditor({ order }: { order: Order }) {
  const types = useOrderTypes();
  const row = types.data?.orderTypes.find((x) => x.type === order.orderType);
  if (types.error) return <ErrorAlert error={types.error} />;
  if (!types.data || !row) return <Loading />;
  return <DraftEditor order={order} row={row} workOrderTypes={types.data.workOrderTypes} />;
}

function DraftEditor({ order, row, workOrderTypes }: { order: Order; row: OrderTypeInfo; workOrderTypes: WorkOrderTypeInfo[] }) {
  const i18n = useI18n();
  const { t, locale } = i18n;
  // Only a prescriber marks an order urgent (issue 15 item 5); the server refuses it from anyone else.
  const mayMarkUrgent = useSession().hasRole('prescriber');
  const { search } = useLocation();
  const [flash] = useFlash();
  const [form, setForm] = useState<DraftForm>(() => {
    const f = prefilled(formFromOrder(order), order, search);
    // A pick-up is fetched from the patient unless the prescriber says otherwise.
    return order.orderType === 'pickUp' && order.patient && f.deliveryKind === 'none' ? { ...f, deliveryKind: 'patientAddress' } : f;
  });
  const [attachments, setAttachments] = useState<OrderAttachment[]>(order.attachments);
  const saver = useDraftSaver(order, row);
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    saver.schedule(form);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- a save per change of the form; the saver is the same for the order
  }, [form]);
  const patch = (p: Partial<DraftForm>) => setForm((f) => ({ ...f, ...p }));
  const setLines = (lines: CartLine[]) => patch({ lines: normalizeLines(lines) });

  const facts = useCartEstimate(order.id, form.lines, form.urgent, row.lines === 'article');
  const customer = $api.useQuery('get', '/api/customers/{id}', { params: { path: { id: order.customer.id } } });
  const needsDevices = !!order.patient && row.lines === 'unit';
  const overview = $api.useQuery(
    'get',
    '/api/patients/{id}/overview',
    { params: { path: { id: order.patient?.id ?? '' } } },
    { enabled: needsDevices && !!order.patient },
  );
  const devices = overview.data?.currentDevices ?? [];

  const [localError, setLocalError] = useState<string | null>(null);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const sending = useMutation({
    mutationFn: async () => {
      // Whatever the form holds now is saved first (the saver sends nothing if it is already on the server).
      saver.schedule(form);
      await saver.flush();
      const sent = await fetchClient.POST('/api/orders/{id}/submit', { params: { path: { id: order.id } }, body: {} }).then(dataOf);
      saver.stop();
      return sent;
    },
    onSuccess: (sent) => navigate(receiptHref(sent.id)),
  });
  const deletion = useMutation({
    mutationFn: () => {
      saver.stop();
      return fetchClient.DELETE('/api/orders/{id}', { params: { path: { id: order.id } } });
    },
    onSuccess: () => navigate(back),
  });
  // After success the buttons stay pending: the next page opens.
  const submitting = sending.isPending || sending.isSuccess;
  const submitError = sending.error;
  const deleting = deletion.isPending || deletion.isSuccess;

  const wo = workOrderTypes.find((x) => x.code === form.workOrder.typeCode);
  const requiredKinds = order.orderType === 'workOrder' ? (wo?.requiredAttachments ?? []) : [];
  const missingKinds = requiredKinds.filter((k) => !attachments.some((a) => a.kind === k));
  const back = order.patient ? patientPageHref(order.patient.id) : '/bestallningar';

  function addArticle(a: PickedArticle) {
    const same = form.lines.find((l) => l.articleId === a.id && !l.accessoryFor);
    if (same) setLines(form.lines.map((l) => (l === same ? { ...l, quantity: Math.min(999, l.quantity + 1) } : l)));
    else
      setLines([
        ...form.lines,
        { key: newKey(), articleId: a.id, articleNumber: a.articleNumber, articleName: a.name, quantity: 1, unitNumber: '', accessoryFor: null },
      ]);
    setLocalError(null);
  }

  function submit() {
    if (submitting) return;
    sending.reset();
    setLocalError(null);
    if (row.lines === 'article' && !form.lines.some((l) => l.articleId)) {
      setLocalError(t('cart.emptyError'));
      return;
    }
    if (missingKinds.length) return;
    sending.mutate();
  }

  const unitLine = form.lines[0]?.unitNumber ?? '';
  const setUnit = (u: string) =>
    setLines(
      u || form.lines.length
        ? [{ key: form.lines[0]?.key ?? newKey(), articleId: null, articleNumber: null, articleName: null, quantity: 1, unitNumber: u, accessoryFor: null }]
        : [],
    );
  const typeName = orderTypeLabel(locale, order.orderType);
  const withDelivery = row.lines === 'article' || order.orderType === 'pickUp';
  const conflict = isApiError(saver.state.error) && saver.state.error.code === 'CONFLICT';

  return (
    <Page
      title={t('draft.title', { type: typeName })}
      breadcrumbs={
        order.patient
          ? [
              { href: '/patienter', label: t('patient.breadcrumb') },
              { href: patientPageHref(order.patient.id), label: order.patient.name },
              { label: t('draft.title', { type: typeName }) },
            ]
          : [{ href: '/bestallningar', label: t('orders.title') }, { label: t('draft.title', { type: typeName }) }]
      }
      intro={
        order.patient
          ? t('draft.introPatient', { customer: `${order.customer.customerNumber} ${order.customer.name}`, patient: order.patient.name })
          : t('draft.intro', { customer: `${order.customer.customerNumber} ${order.customer.name}` })
      }
      actions={<SaveIndicator state={saver.state} onRetry={() => void saver.flush().catch(() => undefined)} />}
    >
      {flash ? <SuccessMessage>{flash}</SuccessMessage> : null}
      {saver.state.status === 'error' ? (
        <div className="stack">
          <OrderErrorAlert error={saver.state.error} />
          {conflict ? (
            <div className="button-row">
              <Btn onPress={() => window.location.reload()}>{t('draft.reload')}</Btn>
            </div>
          ) : null}
        </div>
      ) : null}
      {/* Enter in a field (the article search, the phone number) must not send the order: only the button does. */}
      <div
        className="order-form-wrap"
        onKeyDown={(e) => {
          if (e.key === 'Enter' && e.target instanceof HTMLInputElement) e.preventDefault();
        }}
      >
        <Form
          className="form order-form"
          validationErrors={issuesByField(submitError)}
          onSubmit={(e) => {
            e.preventDefault();
            submit();
          }}
        >
          <p className="help-text">{t('common.requiredNote')}</p>

          {row.lines === 'article' ? (
            <Section title={order.orderType === 'bufferWithdrawal' ? t('draft.withdrawnArticles') : t('draft.articles')} id="cart">
              <ArticlePicker onAdd={addArticle} inCart={(id) => form.lines.filter((l) => l.articleId === id).reduce((n, l) => n + l.quantity, 0)} />
              <h3 className="subheading">{t('cart.title')}</h3>
              <Cart lines={form.lines} onChange={setLines} withUnit={order.orderType === 'bufferWithdrawal'} facts={facts} />
              {order.orderType === 'bufferWithdrawal' ? (
                <TextInput
                  label={t('matrix.withdrawal.takenAt')}
                  name="takenAt"
                  type="datetime-local"
                  value={form.bufferWithdrawal.takenAt}
                  onChange={(x) => patch({ bufferWithdrawal: { takenAt: x } })}
                  description={t('matrix.withdrawal.takenAtHelp')}
                />
              ) : null}
              {localError ? (
                <div className="alert alert--error" role="alert">
                  <span className="alert-icon" aria-hidden="true">
                    !
                  </span>
                  <div className="alert-body">
                    <p className="alert-title">{localError}</p>
                  </div>
                </div>
              ) : null}
            </Section>
          ) : null}

          {order.orderType === 'customerOrder' ? <PrescriptionFields form={form} patch={patch} /> : null}

          {order.orderType === 'pickUp' ? (
            <Section title={t('pickUp.title')} id="units">
              {overview.isLoading ? (
                <Loading />
              ) : (
                <PickUpUnits
                  devices={devices}
                  orderId={order.id}
                  value={form.lines.map((l) => l.unitNumber)}
                  onChange={(units) =>
                    setLines(
                      units.map((u) => ({
                        key: form.lines.find((l) => l.unitNumber === u)?.key ?? newKey(),
                        articleId: null,
                        articleNumber: null,
                        articleName: null,
                        quantity: 1,
                        unitNumber: u,
                        accessoryFor: null,
                      })),
                    )
                  }
                />
              )}
            </Section>
          ) : null}

          {order.orderType === 'workOrder' || order.orderType === 'lostDevice' ? (
            <Section title={order.orderType === 'workOrder' ? t('workOrder.title') : t('lostDevice.title')} id="details">
              {overview.isLoading ? <Loading /> : <UnitSelect devices={devices} value={unitLine} onChange={setUnit} required />}
              {order.orderType === 'workOrder' ? (
                <WorkOrderFields form={form} patch={patch} types={workOrderTypes} />
              ) : (
                <LostDeviceFields form={form} patch={patch} />
              )}
            </Section>
          ) : null}

          {order.orderType === 'faultReport' ? (
            <Section title={t('faultReport.title')} id="details">
              <FaultReportFields form={form} patch={patch} />
            </Section>
          ) : null}
          {order.orderType === 'deviation' ? (
            <Section title={t('deviation.title')} id="details">
              <DeviationFields form={form} patch={patch} />
            </Section>
          ) : null}

          <Section
            title={order.orderType === 'pickUp' ? t('draft.pickUpAndContact') : withDelivery ? t('draft.deliveryAndContact') : t('draft.contact')}
            id="delivery"
          >
            {withDelivery ? <DeliveryFields form={form} patch={patch} customer={customer.data} order={order} /> : null}
            <ContactFields form={form} patch={patch} required={row.lines === 'article'} />
            {row.urgentAllowed ? (
              <div>
                <CheckboxInput
                  isSelected={form.urgent || !!wo?.urgent}
                  isDisabled={!!wo?.urgent || !mayMarkUrgent}
                  onChange={(v) => patch({ urgent: v })}
                  name="urgent"
                >
                  {t('order.urgentChoice')}
                </CheckboxInput>
                <p className="help-text">
                  {!mayMarkUrgent && !wo?.urgent
                    ? t('matrix.urgent.prescriberOnly')
                    : order.orderType === 'customerOrder'
                      ? t('order.urgentHelp')
                      : t('order.urgentWorkHelp')}
                </p>
              </div>
            ) : null}
            <TextAreaInput
              label={t('order.messageToCentre')}
              name="messageToCentre"
              value={form.messageToCentre}
              onChange={(x) => patch({ messageToCentre: x })}
              maxLength={2000}
              rows={3}
              description={t('order.messageToCentreHelp')}
            />
          </Section>

          <Section title={t('attachments.title')} id="attachments">
            <AttachmentsEditor orderId={order.id} attachments={attachments} onChange={setAttachments} required={requiredKinds} />
          </Section>

          <div className="card order-submit">
            <OrderErrorAlert error={submitError} />
            {saver.state.warnings.map((w) => (
              <p key={w.lineNumber} className="help-text" role="note" data-testid="prescribing-warning">
                {t('matrix.warning.prescribingRight', {
                  line: w.lineNumber,
                  article: w.articleNumber,
                  professions: w.professions.map((p) => (i18n.tMaybe(`profession.${p}`) ?? p).toLowerCase()).join(', '),
                })}
              </p>
            ))}
            {missingKinds.length ? (
              <p className="help-text" id="submit-blocked">
                {t('draft.missingAttachments', { type: wo?.[locale] ?? '' })}
              </p>
            ) : null}
            <div className="button-row">
              <Btn
                type="submit"
                variant="primary"
                isPending={submitting}
                isDisabled={missingKinds.length > 0}
                {...(missingKinds.length ? { 'aria-describedby': 'submit-blocked' } : {})}
              >
                {t('draft.submit')}
              </Btn>
              <Btn variant="danger" onPress={() => (deletion.reset(), setConfirmDelete(true))}>
                {t('draft.delete')}
              </Btn>
            </div>
          </div>
        </Form>
      </div>
      <ConfirmModal
        isOpen={confirmDelete}
        onOpenChange={setConfirmDelete}
        title={t('draft.deleteTitle')}
        text={t('draft.deleteText')}
        confirmLabel={t('draft.delete')}
        onConfirm={() => deletion.mutate()}
        error={deletion.error}
        pending={deleting}
      />
    </Page>
  );
}
