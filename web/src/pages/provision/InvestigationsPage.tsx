import { useState } from 'react';
import { Form, Link } from 'react-aria-components';
import { issuesByField } from '../../api.ts';
import { SelectInput, TextAreaInput } from '../../components/fields.tsx';
import { AppModal, Badge, Btn, ErrorAlert, LiveStatus, Loading, Page, SuccessMessage, useLoad } from '../../components/ui.tsx';
import { useI18n, type MessageKey } from '../../i18n/index.tsx';
import { useSession } from '../../session.tsx';
import { INVESTIGATION_STATES, INVESTIGATORS, pickUpApi, type Investigation, type InvestigationState } from './pickup-api.ts';
import { refusalText } from './provision-format.ts';
import './pickups.css';

/** Utredningar: units missing at pick-up. Open ones first; each ends found (picked up later) or written off. */
export function InvestigationsPage() {
  const i18n = useI18n();
  const { t, formatDateTime } = i18n;
  const { hasRole } = useSession();
  const [state, setState] = useState<InvestigationState | 'all'>('open');
  const list = useLoad((s) => pickUpApi.investigations(state === 'all' ? null : state, s), [state]);
  const [message, setMessage] = useState<string | null>(null);
  const [acting, setActing] = useState<{ inv: Investigation; kind: 'found' | 'writeOff' } | null>(null);
  const mayAct = INVESTIGATORS.some((r) => hasRole(r));
  const items = list.data ?? [];
  const stateLabel = (s: string) => t(`investigation.state.${s}` as MessageKey);

  return (
    <Page title={t('investigation.title')} intro={<p>{t('investigation.intro')}</p>}>
      {message ? <SuccessMessage>{message}</SuccessMessage> : null}
      <div className="filters" role="search" aria-label={t('investigation.filters')}>
        <SelectInput
          label={t('common.status')}
          name="state"
          value={state}
          onChange={(v) => setState(v ?? 'open')}
          options={[{ id: 'all' as const, label: t('common.all') }, ...INVESTIGATION_STATES.map((s) => ({ id: s, label: stateLabel(s) }))]}
        />
      </div>
      <ErrorAlert error={list.error} />
      <LiveStatus>{list.loading ? t('common.loading') : t('investigation.count', { count: items.length })}</LiveStatus>
      {list.loading && !list.data ? <Loading /> : null}
      {list.data && items.length === 0 ? <p className="empty">{t('investigation.empty')}</p> : null}
      <ul className="card-list" aria-label={t('investigation.title')}>
        {items.map((inv) => (
          <li key={inv.id} className="line-card">
            <div className="line-head">
              <h2 className="line-title">
                <Link className="link" href={`/hmc/individer/${inv.unitId}`}>
                  {inv.unitNumber}
                </Link>{' '}
                {inv.articleName} ({inv.articleNumber})
              </h2>
              <Badge tone={inv.state === 'open' ? 'warn' : 'muted'}>{stateLabel(inv.state)}</Badge>
            </div>
            <dl className="details">
              <dt>{t('investigation.pickUpOrder')}</dt>
              <dd>
                <Link className="link" href={`/hmc/order/${inv.orderId}`}>
                  {inv.centreOrderNumber}
                </Link>{' '}
                {t('hmc.lineShort', { n: inv.lineNumber })} · {inv.customerName} ({inv.customerNumber})
              </dd>
              <dt>{t('investigation.openedAt')}</dt>
              <dd>{formatDateTime(inv.openedAt)}</dd>
              {inv.openingNote ? (
                <>
                  <dt>{t('investigation.openingNote')}</dt>
                  <dd>{inv.openingNote}</dd>
                </>
              ) : null}
              {inv.closedAt ? (
                <>
                  <dt>{t('investigation.closedAt')}</dt>
                  <dd>
                    {formatDateTime(inv.closedAt)}
                    {inv.outcomeNote ? ` · ${inv.outcomeNote}` : ''}
                  </dd>
                </>
              ) : null}
            </dl>
            {mayAct && inv.state === 'open' ? (
              <div className="button-row">
                <Btn variant="primary" onPress={() => (setMessage(null), setActing({ inv, kind: 'found' }))}>
                  {t('investigation.found', { unit: inv.unitNumber })}
                </Btn>
                <Btn variant="danger" onPress={() => (setMessage(null), setActing({ inv, kind: 'writeOff' }))}>
                  {t('investigation.writeOff', { unit: inv.unitNumber })}
                </Btn>
              </div>
            ) : null}
          </li>
        ))}
      </ul>
      {acting ? (
        <CloseDialog
          inv={acting.inv}
          kind={acting.kind}
          onClose={() => setActing(null)}
          onDone={(m) => {
            setActing(null);
            void list.reload().then(() => setMessage(m));
          }}
        />
      ) : null}
    </Page>
  );
}

function CloseDialog({ inv, kind, onClose, onDone }: { inv: Investigation; kind: 'found' | 'writeOff'; onClose: () => void; onDone: (msg: string) => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [note, setNote] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [pending, setPending] = useState(false);
  const unit = inv.unitNumber;

  async function submit() {
    setPending(true);
    setError(null);
    try {
      if (kind === 'found') {
        await pickUpApi.found(inv.id, { version: inv.version, note: note.trim() || null });
        onDone(t('investigation.foundDone', { unit }));
      } else {
        await pickUpApi.writeOff(inv.id, { version: inv.version, note: note.trim() || null });
        onDone(t('investigation.writeOffDone', { unit }));
      }
    } catch (e) {
      setError(e);
      setPending(false);
    }
  }

  return (
    <AppModal
      isOpen
      onOpenChange={(o) => (o ? undefined : onClose())}
      title={kind === 'found' ? t('investigation.foundTitle', { unit }) : t('investigation.writeOffTitle', { unit })}
      {...(kind === 'writeOff' ? { role: 'alertdialog' as const } : {})}
    >
      <Form
        className="form"
        validationErrors={issuesByField(error)}
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <p>{kind === 'found' ? t('investigation.foundHelp') : t('investigation.writeOffHelp')}</p>
        <ErrorAlert error={error} message={refusalText(i18n, error)} shownFields={['note']} />
        <TextAreaInput label={t('investigation.note')} name="note" value={note} onChange={setNote} maxLength={1000} rows={3} />
        <div className="button-row">
          <Btn type="submit" variant={kind === 'found' ? 'primary' : 'danger'} isPending={pending}>
            {kind === 'found' ? t('investigation.confirmFound') : t('investigation.confirmWriteOff')}
          </Btn>
          <Btn onPress={onClose}>{t('common.cancel')}</Btn>
        </div>
      </Form>
    </AppModal>
  );
}
