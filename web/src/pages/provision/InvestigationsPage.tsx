import { useState } from 'react';
import { Link } from 'react-aria-components';
import { SelectInput, TextAreaInput } from '../../components/fields.tsx';
import { FormDialog } from '../../components/form-dialog.tsx';
import { $api, fetchClient } from '../../api/client.ts';
import { useInvalidate } from '../../api/query.ts';
import { Badge, Btn, ErrorAlert, LiveStatus, Loading, Page, SuccessMessage } from '../../components/ui.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { useSession } from '../../session.tsx';
import { INVESTIGATION_STATES, INVESTIGATORS, type Investigation, type InvestigationState } from './pickup-api.ts';
import { refusalText } from './provision-format.ts';
import './pickups.css';

/** Utredningar: units missing at pick-up. Open ones first; each ends found (picked up later) or written off. */
export function InvestigationsPage() {
  const i18n = useI18n();
  const { t, formatDateTime } = i18n;
  const { hasRole } = useSession();
  const [state, setState] = useState<InvestigationState | 'all'>('open');
  const list = $api.useQuery('get', '/api/provision/investigations', { params: { query: { state: state === 'all' ? undefined : state } } });
  const invalidate = useInvalidate();
  const [message, setMessage] = useState<string | null>(null);
  const [acting, setActing] = useState<{ inv: Investigation; kind: 'found' | 'writeOff' } | null>(null);
  const mayAct = INVESTIGATORS.some((r) => hasRole(r));
  const items = list.data ?? [];
  const stateLabel = (s: InvestigationState) => t(`investigation.state.${s}`);

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
      <LiveStatus>{list.isFetching ? t('common.loading') : t('investigation.count', { count: items.length })}</LiveStatus>
      {list.isPending ? <Loading /> : null}
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
            void invalidate('/api/provision/investigations').then(() => setMessage(m));
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
  const unit = inv.unitNumber;

  return (
    <FormDialog
      title={kind === 'found' ? t('investigation.foundTitle', { unit }) : t('investigation.writeOffTitle', { unit })}
      role={kind === 'writeOff' ? 'alertdialog' : 'dialog'}
      onClose={onClose}
      send={() => {
        const body = { version: inv.version, note: note.trim() || null };
        return fetchClient.POST(kind === 'found' ? '/api/provision/investigations/{id}/found' : '/api/provision/investigations/{id}/write-off', {
          params: { path: { id: inv.id } },
          body,
        });
      }}
      onDone={() => onDone(kind === 'found' ? t('investigation.foundDone', { unit }) : t('investigation.writeOffDone', { unit }))}
      submitLabel={kind === 'found' ? t('investigation.confirmFound') : t('investigation.confirmWriteOff')}
      submitVariant={kind === 'found' ? 'primary' : 'danger'}
      shownFields={['note']}
      errorText={(e) => refusalText(i18n, e)}
      intro={<p>{kind === 'found' ? t('investigation.foundHelp') : t('investigation.writeOffHelp')}</p>}
    >
      <TextAreaInput label={t('investigation.note')} name="note" value={note} onChange={setNote} maxLength={1000} rows={3} />
    </FormDialog>
  );
}
