import { useMutation } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { Cell, Column, Form, Link, Row, Table, TableBody, TableHeader } from 'react-aria-components';
import { $api, dataOf, fetchClient, isApiError } from '../../api/client.ts';
import { issuesByField } from '../../api/errors.ts';
import { useInvalidate } from '../../api/query.ts';
import { CheckboxInput, RadioGroupInput, TextAreaInput, TextInput } from '../../components/fields.tsx';
import { FormDialog } from '../../components/form-dialog.tsx';
import { AppModal, Badge, Btn, ErrorAlert, Loading, Page, Section, SuccessMessage, TableScroll, useFlash } from '../../components/ui.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { useSession } from '../../session.tsx';
import { refusalText, todayIso } from './provision-format.ts';
import {
  agreementHref,
  deliveryTimeText,
  formatKronor,
  parseAmount,
  purchaseStatusLabel,
  purchaseStatusTone,
  type PurchaseLine,
  type PurchaseOrder,
} from './purchasing-api.ts';

const VIEW = '/api/provision/purchasing/purchase-orders/{id}' as const;

/** One purchase order: its lines, sending (e-mail with the PDF, or by hand), the supplier's date, goods received, short lines, cancelling. */
export function PurchaseOrderPage({ id }: { id: string }) {
  const i18n = useI18n();
  const { t, formatDate, formatDateTime } = i18n;
  const { hasRole } = useSession();
  const q = $api.useQuery('get', VIEW, { params: { path: { id } } });
  const invalidate = useInvalidate();
  const [flash] = useFlash();
  const [message, setMessage] = useState<string | null>(flash);
  const [dialog, setDialog] = useState<'send' | 'cancel' | { close: PurchaseLine } | null>(null);
  const po = q.data;
  const mayBuy = hasRole('warehouse');

  /** Loads the order again and then says what was done (the buttons follow the new state). */
  const done = (msg: string) => {
    setDialog(null);
    void invalidate(VIEW, '/api/provision/purchasing/purchase-orders', '/api/provision/purchasing/proposals').then(() => setMessage(msg));
  };

  if (!po) {
    return (
      <Page title={t('purchasing.orderTitle')} breadcrumbs={[{ href: '/hmc/inkop', label: t('purchasing.title') }, { label: t('purchasing.orderTitle') }]}>
        {q.isPending ? <Loading /> : <ErrorAlert error={q.error} />}
      </Page>
    );
  }
  const open = po.status === 'sent' || po.status === 'partlyReceived';
  const received = po.lines.some((l) => l.receivedQuantity > 0);
  const a = po.agreement;
  return (
    <Page
      title={t('purchasing.orderNamed', { number: po.number })}
      breadcrumbs={[{ href: '/hmc/inkop', label: t('purchasing.title') }, { label: po.number }]}
      actions={
        <>
          <a
            className="button button--secondary"
            href={`/api/provision/purchasing/purchase-orders/${po.id}/pdf`}
            download
            aria-label={t('purchasing.downloadPdfNamed', { number: po.number })}
          >
            {t('purchasing.downloadPdf')}
          </a>
          {mayBuy && po.status === 'draft' ? (
            <Btn variant="primary" onPress={() => (setMessage(null), setDialog('send'))} isDisabled={q.isFetching}>
              {t('purchasing.send')}
            </Btn>
          ) : null}
          {mayBuy && (po.status === 'draft' || po.status === 'sent') && !received ? (
            <Btn variant="danger" onPress={() => (setMessage(null), setDialog('cancel'))} isDisabled={q.isFetching}>
              {t('purchasing.cancel')}
            </Btn>
          ) : null}
        </>
      }
    >
      <SuccessMessage>{message}</SuccessMessage>
      {!a.validToday && (po.status === 'draft' || open) ? <Note>{t('purchasing.agreementNotValid', { number: a.agreementNumber })}</Note> : null}
      {po.needsPlannedDate ? <Note>{t('purchasing.needsPlannedDate')}</Note> : null}
      <Section title={t('purchasing.details')} id="details">
        <dl className="details">
          <dt>{t('common.status')}</dt>
          <dd>
            <Badge tone={purchaseStatusTone(po.status)}>{purchaseStatusLabel(t, po.status)}</Badge>
          </dd>
          <dt>{t('purchasing.supplier')}</dt>
          <dd>
            {a.supplierName} <span className="muted">GLN {a.supplierGln}</span>
          </dd>
          <dt>{t('purchasing.agreement')}</dt>
          <dd>
            <Link className="link" href={agreementHref(a.id)}>
              {a.agreementNumber} {a.name}
            </Link>{' '}
            {a.validToday ? null : <Badge tone="warn">{t('purchasing.notValid')}</Badge>}
          </dd>
          <dt>{t('purchasing.deliveryTime')}</dt>
          <dd>{deliveryTimeText(t, a.deliveryWorkingDays)}</dd>
          <dt>{t('purchasing.minimumOrder')}</dt>
          <dd>{a.minimumOrderAmount === null ? t('purchasing.notStated') : formatKronor(a.minimumOrderAmount)}</dd>
          <dt>{t('purchasing.orderEmail')}</dt>
          <dd>{a.orderEmail ?? a.orderAddress ?? t('purchasing.notStated')}</dd>
          <dt>{t('purchasing.warehouse')}</dt>
          <dd>{po.warehouseName}</dd>
          <dt>{t('purchasing.deliveryAddress')}</dt>
          <dd className="pre-line">{po.deliveryAddress ?? t('purchasing.noDeliveryAddress')}</dd>
          <dt>{t('purchasing.value')}</dt>
          <dd>
            {formatKronor(po.total)}{' '}
            {po.belowMinimum ? <Badge tone="warn">{t('purchasing.belowMinimum', { amount: formatKronor(a.minimumOrderAmount) })}</Badge> : null}
          </dd>
          <dt>{t('purchasing.createdAt')}</dt>
          <dd>
            {formatDateTime(po.createdAt)} · {po.createdByName}
          </dd>
          {po.sentAt ? (
            <>
              <dt>{t('purchasing.sent')}</dt>
              <dd>
                {formatDateTime(po.sentAt)} · {po.sentByName} ·{' '}
                {po.sentVia === 'email' ? t('purchasing.sentByEmail', { to: po.sentTo ?? '' }) : t('purchasing.sentManually')}
              </dd>
            </>
          ) : null}
          {po.expectedDate ? (
            <>
              <dt>{t('purchasing.expectedDate')}</dt>
              <dd>{formatDate(po.expectedDate)}</dd>
            </>
          ) : null}
          <dt>{t('purchasing.confirmedDate')}</dt>
          <dd>
            {po.confirmedDate ? formatDate(po.confirmedDate) : t('purchasing.notConfirmed')}
            {po.supplierReference ? ` · ${t('purchasing.supplierReferenceIs', { ref: po.supplierReference })}` : ''}
          </dd>
          {po.note ? (
            <>
              <dt>{t('purchasing.note')}</dt>
              <dd className="pre-line">{po.note}</dd>
            </>
          ) : null}
          {po.cancelReason ? (
            <>
              <dt>{t('purchasing.cancelReason')}</dt>
              <dd>{po.cancelReason}</dd>
            </>
          ) : null}
        </dl>
      </Section>

      <Section title={t('purchasing.lines')} id="lines">
        <TableScroll>
          <Table aria-label={t('purchasing.lines')} className="table table--dense">
            <TableHeader>
              <Column isRowHeader className="col">
                {t('purchasing.article')}
              </Column>
              <Column className="col">{t('purchasing.for')}</Column>
              <Column className="col">{t('purchasing.quantity')}</Column>
              <Column className="col">{t('purchasing.receivedQuantity')}</Column>
              <Column className="col">{t('purchasing.outstanding')}</Column>
              <Column className="col">{t('purchasing.unitPrice')}</Column>
              <Column className="col">{t('purchasing.amount')}</Column>
              <Column className="col">
                <span className="visually-hidden">{t('common.actions')}</span>
              </Column>
            </TableHeader>
            <TableBody items={po.lines}>
              {(l) => (
                <Row id={l.id} className="row">
                  <Cell className="cell">
                    {t('purchasing.lineN', { n: l.lineNumber })}: {l.articleName} ({l.articleNumber})
                    {l.supplierArticleNumber ? <span className="muted"> · {t('purchasing.supplierNumber', { number: l.supplierArticleNumber })}</span> : null}
                  </Cell>
                  <Cell className="cell">
                    {l.orderLine ? (
                      <>
                        <Link className="link" href={`/hmc/order/${l.orderLine.orderId}`}>
                          {t('purchasing.forOrderLine', { order: l.orderLine.centreOrderNumber, n: l.orderLine.lineNumber })}
                        </Link>
                        {l.orderLine.needsPlannedDate ? (
                          <>
                            {' '}
                            <Badge tone="warn">{t('hmc.needsPlannedDate')}</Badge>
                          </>
                        ) : null}
                      </>
                    ) : (
                      t('purchasing.forStock')
                    )}
                  </Cell>
                  <Cell className="cell">{l.quantity}</Cell>
                  <Cell className="cell">
                    {l.receivedQuantity}
                    {l.overQuantity ? ` (${t('purchasing.overBy', { count: l.overQuantity })})` : ''}
                  </Cell>
                  <Cell className="cell">
                    {l.outstanding}
                    {l.shortQuantity ? ` (${t('purchasing.shortBy', { count: l.shortQuantity, reason: l.shortReason ?? '' })})` : ''}
                  </Cell>
                  <Cell className="cell nowrap">{formatKronor(l.unitPrice)}</Cell>
                  <Cell className="cell nowrap">{formatKronor(l.amount)}</Cell>
                  <Cell className="cell">
                    {mayBuy && open && l.outstanding > 0 ? (
                      <Btn className="button--small" onPress={() => (setMessage(null), setDialog({ close: l }))}>
                        {t('purchasing.closeLineN', { n: l.lineNumber })}
                      </Btn>
                    ) : null}
                  </Cell>
                </Row>
              )}
            </TableBody>
          </Table>
        </TableScroll>
      </Section>

      {mayBuy && po.status === 'draft' ? <DraftForm key={po.version} po={po} onDone={done} /> : null}
      {mayBuy && open ? <ConfirmDateForm key={`c${po.version}`} po={po} onDone={done} /> : null}
      {mayBuy && open ? <ReceiveForm key={`r${po.version}`} po={po} onDone={done} /> : null}

      {po.receipts.length ? (
        <Section title={t('purchasing.receipts')} id="receipts">
          <ul className="event-list">
            {po.receipts.map((r) => (
              <li key={r.id}>
                <span className="nowrap">{formatDate(r.receivedOn)}</span>
                <span>
                  {t('purchasing.receiptLine', { n: r.lineNumber, name: r.articleName, count: r.quantity, cost: formatKronor(r.unitCost) })}
                  {r.overQuantity ? ` · ${t('purchasing.overBy', { count: r.overQuantity })}` : ''}
                  {r.unitNumbers.length ? ` · ${r.unitNumbers.join(', ')}` : ''}
                  {r.reservedCount ? ` · ${t('purchasing.reservedCount', { count: r.reservedCount })}` : ''}
                </span>
                <span className="muted">{r.actorLabel}</span>
              </li>
            ))}
          </ul>
        </Section>
      ) : null}

      {dialog === 'send' ? <SendDialog po={po} onClose={() => setDialog(null)} onDone={done} /> : null}
      {dialog === 'cancel' ? (
        <ReasonDialog
          title={t('purchasing.cancelTitle', { number: po.number })}
          help={po.status === 'sent' && po.sentVia === 'email' ? t('purchasing.cancelHelpEmail') : t('purchasing.cancelHelp')}
          submitLabel={t('purchasing.confirmCancel')}
          send={(reason) =>
            fetchClient.POST('/api/provision/purchasing/purchase-orders/{id}/cancel', {
              params: { path: { id: po.id } },
              body: { version: po.version, reason },
            })
          }
          onClose={() => setDialog(null)}
          onDone={() => done(t('purchasing.cancelled', { number: po.number }))}
        />
      ) : null}
      {dialog && typeof dialog === 'object' ? (
        <ReasonDialog
          title={t('purchasing.closeTitle', { n: dialog.close.lineNumber })}
          help={t('purchasing.closeHelp', { count: dialog.close.outstanding })}
          submitLabel={t('purchasing.confirmClose')}
          send={(reason) =>
            fetchClient.POST('/api/provision/purchasing/purchase-orders/{id}/lines/{lineId}/close', {
              params: { path: { id: po.id, lineId: dialog.close.id } },
              body: { version: po.version, reason },
            })
          }
          onClose={() => setDialog(null)}
          onDone={() => done(t('purchasing.lineClosed', { n: dialog.close.lineNumber }))}
        />
      ) : null}
    </Page>
  );
}

/** A notice about the order that asks for something to be done. */
function Note({ children }: { children: string }) {
  return (
    <div className="alert alert--info">
      <span className="alert-icon" aria-hidden="true">
        !
      </span>
      <div className="alert-body">
        <p className="alert-title">{children}</p>
      </div>
    </div>
  );
}

/** Sending: by e-mail with the PDF attached to the agreement's ordering address, or marked as sent by another way. */
function SendDialog({ po, onClose, onDone }: { po: PurchaseOrder; onClose: () => void; onDone: (msg: string) => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [via, setVia] = useState<'email' | 'manual'>(po.agreement.orderEmail ? 'email' : 'manual');
  const [acceptBelow, setAcceptBelow] = useState(false);
  return (
    <FormDialog
      title={t('purchasing.sendTitle', { number: po.number })}
      onClose={onClose}
      send={() =>
        fetchClient
          .POST('/api/provision/purchasing/purchase-orders/{id}/send', {
            params: { path: { id: po.id } },
            body: { version: po.version, via, ...(po.belowMinimum ? { acceptBelowMinimum: acceptBelow } : {}) },
          })
          .then(dataOf)
      }
      onDone={(r) =>
        onDone(r.sentVia === 'email' ? t('purchasing.sentDoneEmail', { number: r.number, to: r.sentTo ?? '' }) : t('purchasing.sentDone', { number: r.number }))
      }
      submitLabel={t('purchasing.send')}
      errorText={(e) => refusalText(i18n, e)}
      intro={<p className="help-text">{t('purchasing.sendHelp', { days: deliveryTimeText(t, po.agreement.deliveryWorkingDays) })}</p>}
    >
      <RadioGroupInput
        label={t('purchasing.sendVia')}
        name="via"
        value={via}
        onChange={setVia}
        options={[
          {
            id: 'email',
            label: po.agreement.orderEmail ? t('purchasing.viaEmail', { to: po.agreement.orderEmail }) : t('purchasing.viaEmailMissing'),
          },
          { id: 'manual', label: t('purchasing.viaManual') },
        ]}
      />
      {po.belowMinimum ? (
        <CheckboxInput name="acceptBelowMinimum" isSelected={acceptBelow} onChange={setAcceptBelow}>
          {t('purchasing.acceptBelowMinimum', { total: formatKronor(po.total), minimum: formatKronor(po.agreement.minimumOrderAmount) })}
        </CheckboxInput>
      ) : null}
    </FormDialog>
  );
}

function ReasonDialog({
  title,
  help,
  submitLabel,
  send,
  onClose,
  onDone,
}: {
  title: string;
  help: string;
  submitLabel: string;
  send: (reason: string) => Promise<unknown>;
  onClose: () => void;
  onDone: () => void;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const [reason, setReason] = useState('');
  return (
    <FormDialog
      title={title}
      onClose={onClose}
      send={() => send(reason.trim())}
      onDone={onDone}
      submitLabel={submitLabel}
      submitVariant="danger"
      shownFields={['reason']}
      errorText={(e) => refusalText(i18n, e)}
      intro={<p className="help-text">{help}</p>}
    >
      <TextAreaInput label={t('purchasing.reasonLabel')} name="reason" value={reason} onChange={setReason} isRequired maxLength={500} rows={3} autoFocus />
    </FormDialog>
  );
}

/** A draft's quantities (0 removes a line), delivery address and message to the supplier. */
function DraftForm({ po, onDone }: { po: PurchaseOrder; onDone: (msg: string) => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [address, setAddress] = useState(po.deliveryAddress ?? '');
  const [note, setNote] = useState(po.note ?? '');
  const [quantities, setQuantities] = useState<Record<string, string>>(() => Object.fromEntries(po.lines.map((l) => [l.id, String(l.quantity)])));
  const save = useMutation({
    mutationFn: () =>
      fetchClient
        .PUT('/api/provision/purchasing/purchase-orders/{id}', {
          params: { path: { id: po.id } },
          body: {
            version: po.version,
            deliveryAddress: address.trim(),
            note: note.trim() || null,
            lines: po.lines.map((l) => ({ id: l.id, quantity: Number(quantities[l.id]) })),
          },
        })
        .then(dataOf),
    onSuccess: () => onDone(t('purchasing.draftSaved', { number: po.number })),
  });
  const fieldErrors = useMemo(
    () =>
      Object.fromEntries(
        Object.entries(issuesByField(save.error)).map(([k, v]) => {
          const m = /^lines\.(\d+)\.quantity$/.exec(k);
          return [m ? `quantity-${po.lines[Number(m[1])]?.id}` : k, v];
        }),
      ),
    [save.error, po.lines],
  );
  return (
    <Section title={t('purchasing.editDraft')} id="draft">
      <Form
        className="form"
        validationErrors={fieldErrors}
        onSubmit={(e) => {
          e.preventDefault();
          if (!save.isPending) save.mutate();
        }}
      >
        <ErrorAlert
          error={save.error}
          message={refusalText(i18n, save.error)}
          shownFields={['deliveryAddress', 'note', ...po.lines.map((_, i) => `lines.${i}.quantity`)]}
        />
        {po.lines.map((l) => (
          <TextInput
            key={l.id}
            label={t('purchasing.quantityFor', { n: l.lineNumber, name: l.articleName })}
            name={`quantity-${l.id}`}
            value={quantities[l.id] ?? ''}
            onChange={(v) => setQuantities((q) => ({ ...q, [l.id]: v }))}
            inputMode="numeric"
            isRequired
            description={t('purchasing.quantityZeroRemoves')}
            validate={(v) => (/^\d{1,5}$/.test(v.trim()) && Number(v) <= 10000 ? null : t('purchasing.quantityInvalid'))}
          />
        ))}
        <TextAreaInput
          label={t('purchasing.deliveryAddress')}
          name="deliveryAddress"
          value={address}
          onChange={setAddress}
          isRequired
          maxLength={500}
          rows={3}
          description={t('purchasing.deliveryAddressHelp')}
        />
        <TextAreaInput
          label={t('purchasing.note')}
          name="note"
          value={note}
          onChange={setNote}
          maxLength={1000}
          rows={3}
          description={t('purchasing.noteHelp')}
        />
        <div className="button-row">
          <Btn type="submit" isPending={save.isPending || save.isSuccess}>
            {t('purchasing.saveDraft')}
          </Btn>
        </div>
      </Form>
    </Section>
  );
}

/** The supplier's confirmed delivery date: the waiting lines' planned date. */
function ConfirmDateForm({ po, onDone }: { po: PurchaseOrder; onDone: (msg: string) => void }) {
  const i18n = useI18n();
  const { t, formatDate } = i18n;
  const [date, setDate] = useState(po.confirmedDate ?? po.expectedDate ?? todayIso());
  const [reference, setReference] = useState(po.supplierReference ?? '');
  const confirm = useMutation({
    mutationFn: () =>
      fetchClient
        .POST('/api/provision/purchasing/purchase-orders/{id}/confirmation', {
          params: { path: { id: po.id } },
          body: { version: po.version, confirmedDate: date, supplierReference: reference.trim() || null },
        })
        .then(dataOf),
    onSuccess: (r) => onDone(t('purchasing.confirmedDone', { date: formatDate(r.confirmedDate), number: r.number })),
  });
  return (
    <Section title={t('purchasing.confirmation')} id="confirmation">
      <Form
        className="form"
        validationErrors={issuesByField(confirm.error)}
        onSubmit={(e) => {
          e.preventDefault();
          if (!confirm.isPending) confirm.mutate();
        }}
      >
        <p className="help-text">{t('purchasing.confirmationHelp')}</p>
        <ErrorAlert error={confirm.error} message={refusalText(i18n, confirm.error)} shownFields={['confirmedDate', 'supplierReference']} />
        <div className="field-row">
          <TextInput label={t('purchasing.confirmedDate')} name="confirmedDate" type="date" value={date} onChange={setDate} isRequired />
          <TextInput label={t('purchasing.supplierReference')} name="supplierReference" value={reference} onChange={setReference} maxLength={100} />
        </div>
        <div className="button-row">
          <Btn type="submit" isPending={confirm.isPending || confirm.isSuccess}>
            {t('purchasing.saveConfirmation')}
          </Btn>
        </div>
      </Form>
    </Section>
  );
}

interface Receiving {
  quantity: string;
  cost: string;
  serials: string[];
}

/** Goods received against the order, in parts: per line the quantity, the cost and (unit-tracked) each unit's serial number. */
function ReceiveForm({ po, onDone }: { po: PurchaseOrder; onDone: (msg: string) => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [lines, setLines] = useState<Record<string, Receiving>>(() =>
    Object.fromEntries(po.lines.map((l) => [l.id, { quantity: '', cost: l.unitPrice.replace('.', ','), serials: [] }])),
  );
  const [receivedOn, setReceivedOn] = useState(todayIso());
  const [overDelivery, setOverDelivery] = useState<string | null>(null);
  const chosen = po.lines.filter((l) => Number(lines[l.id]?.quantity) > 0);
  const receive = useMutation({
    mutationFn: (confirmOverDelivery: boolean) =>
      fetchClient
        .POST('/api/provision/purchasing/purchase-orders/{id}/receipts', {
          params: { path: { id: po.id } },
          body: {
            version: po.version,
            receivedOn,
            ...(confirmOverDelivery ? { confirmOverDelivery: true } : {}),
            lines: chosen.map((l) => {
              const r = lines[l.id]!;
              return {
                lineId: l.id,
                quantity: Number(r.quantity),
                unitCost: parseAmount(r.cost),
                ...(l.unitTracked ? { units: r.serials.slice(0, Number(r.quantity)).map((s) => ({ serialNumber: s.trim() || null })) } : {}),
              };
            }),
          },
        })
        .then(dataOf),
    onMutate: () => setOverDelivery(null),
    onError: (e) => {
      if (isApiError(e) && e.code === 'OVER_DELIVERY') setOverDelivery(e.message);
    },
    onSuccess: (r) => {
      const reserved = r.units.filter((u) => u.reservedFor);
      onDone(
        [
          t('purchasing.receivedDone', { count: chosen.reduce((s, l) => s + Number(lines[l.id]!.quantity), 0), number: po.number }),
          ...(r.units.length ? [t('purchasing.unitsMade', { units: r.units.map((u) => u.unitNumber).join(', ') })] : []),
          ...reserved.map((u) => t('purchasing.unitReservedFor', { unit: u.unitNumber, line: u.reservedFor ?? '' })),
        ].join(' '),
      );
    },
  });
  const set = (id: string, patch: Partial<Receiving>) => setLines((ls) => ({ ...ls, [id]: { ...ls[id]!, ...patch } }));
  // Issues name the lines as sent (only the chosen ones): map them back to the fields.
  const fieldErrors = useMemo(
    () =>
      Object.fromEntries(
        Object.entries(issuesByField(receive.error)).map(([k, v]) => {
          const m = /^lines\.(\d+)\.(quantity|unitCost|units)(?:\.(\d+)\.serialNumber)?$/.exec(k);
          if (!m) return [k, v];
          const line = chosen[Number(m[1])];
          const field = m[2] === 'quantity' ? 'quantity' : m[2] === 'unitCost' ? 'cost' : m[3] !== undefined ? `serial-${m[3]}` : 'quantity';
          return [`${field}-${line?.id}`, v];
        }),
      ),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- one object per error: the lines as they were sent
    [receive.error],
  );
  return (
    <Section title={t('purchasing.receive')} id="receive">
      <Form
        className="form"
        validationErrors={fieldErrors}
        onSubmit={(e) => {
          e.preventDefault();
          if (!receive.isPending && chosen.length) receive.mutate(false);
        }}
      >
        <p className="help-text">{t('purchasing.receiveHelp')}</p>
        {receive.error && !(isApiError(receive.error) && receive.error.code === 'OVER_DELIVERY') ? (
          <ErrorAlert error={receive.error} message={refusalText(i18n, receive.error)} />
        ) : null}
        <TextInput label={t('purchasing.receivedOn')} name="receivedOn" type="date" value={receivedOn} onChange={setReceivedOn} isRequired />
        {po.lines.map((l) => {
          const r = lines[l.id]!;
          const n = Math.min(Math.max(Number(r.quantity) || 0, 0), 200);
          return (
            <fieldset key={l.id} className="fieldset">
              <legend className="fieldset-legend">{t('purchasing.receiveLine', { n: l.lineNumber, name: l.articleName, outstanding: l.outstanding })}</legend>
              <div className="field-row">
                <TextInput
                  label={t('purchasing.receiveQuantity')}
                  name={`quantity-${l.id}`}
                  value={r.quantity}
                  onChange={(v) => set(l.id, { quantity: v })}
                  inputMode="numeric"
                  description={t('purchasing.receiveQuantityHelp')}
                  validate={(v) => (v.trim() === '' || /^\d{1,4}$/.test(v.trim()) ? null : t('purchasing.quantityInvalid'))}
                />
                <TextInput
                  label={t('purchasing.unitCost')}
                  name={`cost-${l.id}`}
                  value={r.cost}
                  onChange={(v) => set(l.id, { cost: v })}
                  inputMode="numeric"
                  isRequired={n > 0}
                  validate={(v) => (n === 0 || !Number.isNaN(parseAmount(v)) ? null : t('hmc.costInvalid'))}
                />
              </div>
              {l.unitTracked && n > 0 ? (
                <div className="field-row">
                  {Array.from({ length: n }, (_, i) => (
                    <TextInput
                      key={i}
                      label={t('purchasing.serialN', { n: i + 1, name: l.articleName })}
                      name={`serial-${i}-${l.id}`}
                      value={r.serials[i] ?? ''}
                      onChange={(v) => set(l.id, { serials: Object.assign([...r.serials], { [i]: v }) })}
                      isRequired={l.serialRequired}
                      maxLength={80}
                      spellCheck={false}
                    />
                  ))}
                </div>
              ) : null}
            </fieldset>
          );
        })}
        <div className="button-row">
          <Btn type="submit" variant="primary" isPending={receive.isPending} isDisabled={!chosen.length}>
            {t('purchasing.receiveSubmit')}
          </Btn>
        </div>
      </Form>
      {overDelivery ? (
        <AppModal isOpen onOpenChange={(o) => (o ? undefined : setOverDelivery(null))} title={t('purchasing.overDeliveryTitle')} role="alertdialog">
          <p>{i18n.locale === 'sv' ? overDelivery : t('error.OVER_DELIVERY')}</p>
          <div className="button-row">
            <Btn variant="primary" onPress={() => receive.mutate(true)} isPending={receive.isPending}>
              {t('purchasing.receiveOverDelivery')}
            </Btn>
            <Btn onPress={() => setOverDelivery(null)} autoFocus>
              {t('common.cancel')}
            </Btn>
          </div>
        </AppModal>
      ) : null}
    </Section>
  );
}
