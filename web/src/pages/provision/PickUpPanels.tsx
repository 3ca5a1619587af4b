import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { Form, Link } from 'react-aria-components';
import { $api, dataOf, fetchClient } from '../../api/client.ts';
import { issuesByField } from '../../api/errors.ts';
import { TextAreaInput, TextInput } from '../../components/fields.tsx';
import { FormDialog } from '../../components/form-dialog.tsx';
import { Badge, Btn, ErrorAlert, Loading, Section } from '../../components/ui.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { useSession } from '../../session.tsx';
import { BUFFER_STAFF, PICK_UP_STAFF, type PickUpLine } from './pickup-api.ts';
import type { CentreOrder, OrderLine } from './provision-api.ts';
import { codeLabel, refusalText } from './provision-format.ts';

/**
 * The pick-up order's visit on the centre's order page: per unit, when the rent stops and the limits, and
 * the technician's steps: picked up (and deregistered in the same visit), deregistered, or missing.
 */
/** `onDone` settles once the order page has reloaded: until then the lines' versions here are the old ones. */
export function PickUpSection({ orderId, onDone }: { orderId: string; onDone: (msg: string) => Promise<void> }) {
  const i18n = useI18n();
  const { t, formatDate } = i18n;
  const { hasRole } = useSession();
  const data = $api.useQuery('get', '/api/provision/orders/{id}/pick-ups', { params: { path: { id: orderId } } });
  const [missing, setMissing] = useState<PickUpLine | null>(null);
  const [confirming, setConfirming] = useState<{ line: PickUpLine; deregister: boolean } | null>(null);
  const mayAct = PICK_UP_STAFF.some((r) => hasRole(r));
  const step = useMutation({
    mutationFn: (v: { key: string; path: '/api/provision/lines/{id}/deregister' | '/api/provision/lines/{id}/undo-pick-up'; line: PickUpLine; msg: string }) =>
      fetchClient.POST(v.path, { params: { path: { id: v.line.lineId } }, body: { version: v.line.version } }),
    // Pending until the page has reloaded, so a second press never sends the old version.
    onSuccess: (_, v) => onDone(v.msg),
    onError: () => data.refetch(),
  });
  const pending = step.isPending ? step.variables.key : null;
  const error = step.error;
  // While the visit loads again after a step, its lines' versions may be the old ones.
  const busy = step.isPending || data.isFetching;

  return (
    <Section title={t('pickup.sectionTitle')} id="pick-ups">
      {data.isPending ? <Loading /> : null}
      <ErrorAlert error={error ?? data.error} message={refusalText(i18n, error ?? data.error)} />
      {data.data?.lines.map((l) => {
        const headingId = `pick-up-${l.lineId}`;
        const unit = l.unitNumber ?? '?';
        return (
          <article key={l.lineId} className="line-card" aria-labelledby={headingId}>
            <div className="line-head">
              <h3 className="line-title" id={headingId}>
                {t('pickup.lineTitle', { n: l.lineNumber, unit })}
              </h3>
              <span>
                {codeLabel(i18n, 'lineState', l.state)} {l.unitOnPatient ? null : <Badge tone="warn">{t('pickup.notOnPatient')}</Badge>}
              </span>
            </div>
            <dl className="details">
              <dt>{t('pickup.unit')}</dt>
              <dd>
                {l.unitId ? (
                  <Link className="link" href={`/hmc/individer/${l.unitId}`}>
                    {unit}
                  </Link>
                ) : (
                  unit
                )}
                {l.articleName ? ` · ${l.articleName}` : ''}
                {l.unitStatus ? ` · ${codeLabel(i18n, 'unitStatus', l.unitStatus)}` : ''}
              </dd>
              <dt>{t('pickup.registeredOn')}</dt>
              <dd>{formatDate(l.registeredOn)}</dd>
              <dt>{t('pickup.rentStopsOn')}</dt>
              <dd>{l.rentStopsOn ? formatDate(l.rentStopsOn) : t('pickup.rentRuns')}</dd>
              <dt>{t('pickup.pickUpBy')}</dt>
              <dd>{l.pickedUpOn ? t('pickup.pickedUpOn', { date: formatDate(l.pickedUpOn) }) : formatDate(l.pickUpBy)}</dd>
              <dt>{t('pickup.deregisterBy')}</dt>
              <dd>{l.deregisteredOn ? t('pickup.deregisteredOn', { date: formatDate(l.deregisteredOn) }) : formatDate(l.deregisterBy)}</dd>
              {l.investigation ? (
                <>
                  <dt>{t('pickup.investigation')}</dt>
                  <dd>
                    <Link className="link" href="/hmc/utredningar">
                      {t(`investigation.state.${l.investigation.state}`)}
                    </Link>
                  </dd>
                </>
              ) : null}
            </dl>
            {l.mayUndo ? <p className="help-text">{t('pickup.undoHelp')}</p> : null}
            {mayAct && l.unitOnPatient ? (
              <div className="button-row">
                {l.state === 'received' ? (
                  <>
                    <Btn variant="primary" isDisabled={busy} onPress={() => (step.reset(), setConfirming({ line: l, deregister: true }))}>
                      {t('pickup.pickUpAndDeregister', { unit })}
                    </Btn>
                    <Btn isDisabled={busy} onPress={() => (step.reset(), setConfirming({ line: l, deregister: false }))}>
                      {t('pickup.pickUp', { unit })}
                    </Btn>
                    <Btn variant="danger" isDisabled={busy} onPress={() => (step.reset(), setMissing(l))}>
                      {t('pickup.reportMissing', { unit })}
                    </Btn>
                  </>
                ) : null}
                {l.state === 'pickedUp' ? (
                  <Btn
                    variant="primary"
                    isPending={pending === `dereg-${l.lineId}`}
                    isDisabled={busy && pending !== `dereg-${l.lineId}`}
                    onPress={() =>
                      step.mutate({
                        key: `dereg-${l.lineId}`,
                        path: '/api/provision/lines/{id}/deregister',
                        line: l,
                        msg: t('pickup.doneDeregistered', { unit }),
                      })
                    }
                  >
                    {t('pickup.deregister', { unit })}
                  </Btn>
                ) : null}
                {l.mayUndo ? (
                  <Btn
                    isPending={pending === `undo-${l.lineId}`}
                    isDisabled={busy && pending !== `undo-${l.lineId}`}
                    onPress={() =>
                      step.mutate({
                        key: `undo-${l.lineId}`,
                        path: '/api/provision/lines/{id}/undo-pick-up',
                        line: l,
                        msg: t('pickup.doneUndone', { unit }),
                      })
                    }
                  >
                    {t('pickup.undo', { unit })}
                  </Btn>
                ) : null}
              </div>
            ) : null}
          </article>
        );
      })}
      {missing ? <MissingDialog line={missing} onClose={() => setMissing(null)} onDone={(m) => (setMissing(null), void onDone(m))} /> : null}
      {confirming ? (
        <ConfirmPickUpDialog
          line={confirming.line}
          deregister={confirming.deregister}
          onClose={() => setConfirming(null)}
          onDone={(m) => (setConfirming(null), void onDone(m))}
        />
      ) : null}
    </Section>
  );
}

/** Pick-up confirmation, as delivery's: the unit or serial number read off the device must be the order's unit. */
function ConfirmPickUpDialog({
  line,
  deregister,
  onClose,
  onDone,
}: {
  line: PickUpLine;
  deregister: boolean;
  onClose: () => void;
  onDone: (msg: string) => void;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const [identifiedAs, setIdentifiedAs] = useState('');
  const unit = line.unitNumber ?? '?';

  return (
    <FormDialog
      title={t(deregister ? 'pickup.confirmTitleBoth' : 'pickup.confirmTitle', { unit })}
      onClose={onClose}
      send={() =>
        identifiedAs.trim()
          ? fetchClient.POST('/api/provision/lines/{id}/picked-up', {
              params: { path: { id: line.lineId } },
              body: { version: line.version, identifiedAs: identifiedAs.trim(), ...(deregister ? { deregister: true } : {}) },
            })
          : null
      }
      onDone={() => onDone(t(deregister ? 'pickup.doneBoth' : 'pickup.donePickedUp', { unit }))}
      submitLabel={t('pickup.confirmSubmit')}
      shownFields={['identifiedAs']}
      errorText={(e) => refusalText(i18n, e)}
      intro={
        <p className="help-text">
          {t('pickup.confirmHelp', { unit })}
          {deregister ? ` ${t('pickup.confirmHelpBoth')}` : ''}
        </p>
      }
    >
      <TextInput
        label={t('pickup.identifiedAs')}
        name="identifiedAs"
        value={identifiedAs}
        onChange={setIdentifiedAs}
        isRequired
        maxLength={80}
        spellCheck={false}
        autoFocus
      />
    </FormDialog>
  );
}

function MissingDialog({ line, onClose, onDone }: { line: PickUpLine; onClose: () => void; onDone: (msg: string) => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [comment, setComment] = useState('');
  const unit = line.unitNumber ?? '?';

  return (
    <FormDialog
      title={t('pickup.missingTitle', { unit })}
      onClose={onClose}
      send={() =>
        fetchClient.POST('/api/provision/lines/{id}/unit-missing', {
          params: { path: { id: line.lineId } },
          body: { version: line.version, comment: comment.trim() || null },
        })
      }
      onDone={() => onDone(t('pickup.doneMissing', { unit }))}
      submitLabel={t('pickup.confirmMissing')}
      submitVariant="danger"
      shownFields={['comment']}
      errorText={(e) => refusalText(i18n, e)}
      intro={<p className="help-text">{t('pickup.missingHelp')}</p>}
    >
      <TextAreaInput label={t('pickup.missingComment')} name="comment" value={comment} onChange={setComment} maxLength={1000} rows={3} />
    </FormDialog>
  );
}

/** A buffer withdrawal's open lines: register the unit taken from the customer's buffer store on the patient. */
export function WithdrawalSection({ order, onDone }: { order: CentreOrder; onDone: (msg: string) => void }) {
  const { t } = useI18n();
  const { hasRole } = useSession();
  const open = order.lines.filter((l) => l.articleId && !['done', 'cancelled', 'delivered'].includes(l.state));
  if (!open.length || !BUFFER_STAFF.some((r) => hasRole(r))) return null;
  return (
    <Section title={t('withdrawal.sectionTitle')} id="withdrawal">
      <p className="help-text">{t('withdrawal.help')}</p>
      {open.map((l) => (
        <WithdrawalForm key={l.id} line={l} onDone={onDone} />
      ))}
    </Section>
  );
}

function WithdrawalForm({ line, onDone }: { line: OrderLine; onDone: (msg: string) => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const units = $api.useQuery('get', '/api/provision/lines/{id}/buffer-units', { params: { path: { id: line.id } } });
  const [unitNumber, setUnitNumber] = useState(line.unitNumber ?? '');
  const remaining = line.quantity - line.deliveredQuantity;
  const [quantity, setQuantity] = useState(String(remaining));
  const available = units.data?.units ?? [];
  const balance = units.data?.balance ?? null;
  const register = useMutation({
    mutationFn: () =>
      fetchClient
        .POST('/api/provision/lines/{id}/register-withdrawal', {
          params: { path: { id: line.id } },
          body: line.unitTracked
            ? { version: line.version, units: [{ unitNumber: unitNumber.trim() }] }
            : { version: line.version, quantity: Number(quantity.trim()) },
        })
        .then(dataOf),
    onSuccess: (r) =>
      onDone(
        line.unitTracked
          ? t('withdrawal.done', { units: r.units.map((u) => u.unitNumber).join(', '), n: line.lineNumber })
          : t('withdrawal.doneQuantity', { quantity: r.quantity, article: line.articleName ?? line.articleNumber ?? '', n: line.lineNumber }),
      ),
  });
  const error = register.error;
  // After success the button stays pending: the page loads the order again and this form goes.
  const pending = register.isPending || register.isSuccess;

  return (
    <Form
      className="form line-card"
      aria-label={t('withdrawal.formLabel', { n: line.lineNumber })}
      validationErrors={issuesByField(error)}
      onSubmit={(e) => {
        e.preventDefault();
        if (!pending) register.mutate();
      }}
    >
      <h3 className="line-title">{t('withdrawal.lineTitle', { n: line.lineNumber, article: `${line.articleName ?? ''} (${line.articleNumber ?? ''})` })}</h3>
      <ErrorAlert error={error ?? units.error} message={refusalText(i18n, error ?? units.error)} shownFields={['units.0.unitNumber', 'quantity']} />
      {line.unitTracked ? (
        <TextInput
          label={t('withdrawal.unitNumber')}
          name="unitNumber"
          value={unitNumber}
          onChange={setUnitNumber}
          isRequired
          maxLength={40}
          spellCheck={false}
          description={available.length ? t('withdrawal.available', { units: available.map((u) => u.unitNumber).join(', ') }) : t('withdrawal.noneAvailable')}
        />
      ) : (
        <TextInput
          label={t('withdrawal.quantity')}
          name="quantity"
          value={quantity}
          onChange={setQuantity}
          inputMode="numeric"
          isRequired
          validate={(v) =>
            /^\d{1,4}$/.test(v.trim()) && Number(v) >= 1 && Number(v) <= remaining ? null : t('withdrawal.quantityInvalid', { max: remaining })
          }
          description={t('withdrawal.balance', { remaining, balance: balance ?? '–' })}
        />
      )}
      <div className="button-row">
        <Btn type="submit" variant="primary" isPending={pending}>
          {t('withdrawal.register')}
        </Btn>
      </div>
    </Form>
  );
}
