import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-aria-components';
import { $api, dataOf, fetchClient } from '../../api/client.ts';
import { useInvalidate } from '../../api/query.ts';
import { CheckboxInput, SelectInput, TextAreaInput } from '../../components/fields.tsx';
import { FormDialog } from '../../components/form-dialog.tsx';
import { Btn, ErrorAlert, LiveStatus, Loading, Page, SuccessMessage } from '../../components/ui.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { useSession } from '../../session.tsx';
import { RECONDITIONERS, type ReconditioningUnit } from './pickup-api.ts';
import { refusalText, unitStatusLabel } from './provision-format.ts';
import './pickups.css';

/** Rekonditionering: returned units waiting for the workshop and units being reconditioned, the longest waiting first. */
export function ReconditioningPage() {
  const i18n = useI18n();
  const { t, formatDate, formatDateTime } = i18n;
  const { hasRole } = useSession();
  const list = $api.useQuery('get', '/api/provision/reconditioning');
  const invalidate = useInvalidate();
  const [message, setMessage] = useState<string | null>(null);
  const [finishing, setFinishing] = useState<ReconditioningUnit | null>(null);
  const [scrapping, setScrapping] = useState<ReconditioningUnit | null>(null);
  const mayAct = RECONDITIONERS.some((r) => hasRole(r));
  const refreshList = () => invalidate('/api/provision/reconditioning');
  const start = useMutation({
    mutationFn: (u: ReconditioningUnit) =>
      fetchClient.POST('/api/provision/units/{id}/reconditioning/start', { params: { path: { id: u.id } }, body: { version: u.version } }),
    onMutate: () => setMessage(null),
    // The button stays pending until the list is fresh: pressed again on the old row it would send the old version.
    onSuccess: async (_, u) => {
      await refreshList();
      setMessage(t('recond.started', { unit: u.unitNumber }));
    },
    onError: refreshList,
  });
  const pending = start.isPending ? start.variables.id : null;
  const error = start.error;
  const done = (m: string) => {
    start.reset();
    void refreshList().then(() => setMessage(m));
  };

  const items = list.data ?? [];
  return (
    <Page title={t('recond.title')} intro={<p>{t('recond.intro')}</p>}>
      {message ? <SuccessMessage>{message}</SuccessMessage> : null}
      <ErrorAlert error={error ?? list.error} message={refusalText(i18n, error ?? list.error)} />
      <LiveStatus>{list.isFetching ? t('common.loading') : t('recond.count', { count: items.length })}</LiveStatus>
      {list.isPending ? <Loading /> : null}
      {list.data && items.length === 0 ? <p className="empty">{t('recond.empty')}</p> : null}
      <ul className="card-list" aria-label={t('recond.title')}>
        {items.map((u) => (
          <li key={u.id} className="line-card">
            <div className="line-head">
              <h2 className="line-title">
                <Link className="link" href={`/hmc/individer/${u.id}`}>
                  {u.unitNumber}
                </Link>{' '}
                {u.articleName} ({u.articleNumber})
              </h2>
              <span>{unitStatusLabel(t, u.status)}</span>
            </div>
            <dl className="details">
              <dt>{t('recond.since')}</dt>
              <dd>{formatDateTime(u.since)}</dd>
              <dt>{t('hmc.purchaseDate')}</dt>
              <dd>{formatDate(u.purchaseDate)}</dd>
              <dt>{t('recond.timesReconditioned')}</dt>
              <dd>{u.reconditionCount}</dd>
            </dl>
            {mayAct ? (
              <div className="button-row">
                {u.status === 'returned' ? (
                  <Btn variant="primary" isPending={pending === u.id} isDisabled={pending !== null && pending !== u.id} onPress={() => start.mutate(u)}>
                    {t('recond.start', { unit: u.unitNumber })}
                  </Btn>
                ) : (
                  <Btn variant="primary" onPress={() => (setMessage(null), setFinishing(u))}>
                    {t('recond.finish', { unit: u.unitNumber })}
                  </Btn>
                )}
                <Btn variant="danger" onPress={() => (setMessage(null), setScrapping(u))}>
                  {t('recond.scrap', { unit: u.unitNumber })}
                </Btn>
              </div>
            ) : null}
          </li>
        ))}
      </ul>
      {finishing ? <FinishDialog unit={finishing} onClose={() => setFinishing(null)} onDone={(m) => (setFinishing(null), done(m))} /> : null}
      {scrapping ? <ScrapDialog unit={scrapping} onClose={() => setScrapping(null)} onDone={(m) => (setScrapping(null), done(m))} /> : null}
    </Page>
  );
}

function FinishDialog({ unit, onClose, onDone }: { unit: ReconditioningUnit; onClose: () => void; onDone: (msg: string) => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const warehouses = $api.useQuery('get', '/api/provision/warehouses');
  const [warehouseId, setWarehouseId] = useState<string | null>(null);
  const [cleaned, setCleaned] = useState(false);
  const [checked, setChecked] = useState(false);
  const [note, setNote] = useState('');
  const [localError, setLocalError] = useState<string | null>(null);

  function send() {
    if (!cleaned || !checked) {
      setLocalError(t('recond.confirmBoth'));
      return null;
    }
    if (!warehouseId) return null;
    setLocalError(null);
    return fetchClient
      .POST('/api/provision/units/{id}/reconditioning/finish', {
        params: { path: { id: unit.id } },
        body: { version: unit.version, warehouseId, cleaned: true, checked: true, note: note.trim() },
      })
      .then(dataOf);
  }

  return (
    <FormDialog
      title={t('recond.finishTitle', { unit: unit.unitNumber })}
      onClose={onClose}
      send={send}
      onDone={(r) => onDone(t('recond.finished', { unit: unit.unitNumber, warehouse: r.unit.warehouseName ?? '' }))}
      submitLabel={t('recond.confirmFinish')}
      shownFields={['warehouseId', 'note']}
      errorText={(e) => refusalText(i18n, e)}
      // The warehouse is chosen from the list: until it is loaded there is nothing to send.
      isSubmitDisabled={!warehouses.data}
    >
      {localError ? (
        <p className="field-error" role="alert">
          {localError}
        </p>
      ) : null}
      <CheckboxInput name="cleaned" isSelected={cleaned} onChange={setCleaned}>
        {t('recond.cleaned')}
      </CheckboxInput>
      <CheckboxInput name="checked" isSelected={checked} onChange={setChecked}>
        {t('recond.checked')}
      </CheckboxInput>
      {warehouses.error ? <ErrorAlert error={warehouses.error} /> : null}
      <SelectInput
        label={t('recond.warehouse')}
        name="warehouseId"
        value={warehouseId}
        onChange={setWarehouseId}
        isRequired
        options={(warehouses.data ?? []).filter((w) => w.active).map((w) => ({ id: w.id, label: w.name }))}
      />
      <TextAreaInput
        label={t('recond.note')}
        name="note"
        value={note}
        onChange={setNote}
        isRequired
        maxLength={1000}
        rows={3}
        description={t('recond.noteHelp')}
      />
    </FormDialog>
  );
}

function ScrapDialog({ unit, onClose, onDone }: { unit: ReconditioningUnit; onClose: () => void; onDone: (msg: string) => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [note, setNote] = useState('');

  return (
    <FormDialog
      title={t('recond.scrapTitle', { unit: unit.unitNumber })}
      role="alertdialog"
      onClose={onClose}
      send={() =>
        fetchClient.POST('/api/provision/units/{id}/reconditioning/scrap', {
          params: { path: { id: unit.id } },
          body: { version: unit.version, note: note.trim() || null },
        })
      }
      onDone={() => onDone(t('recond.scrapped', { unit: unit.unitNumber }))}
      submitLabel={t('recond.confirmScrap')}
      submitVariant="danger"
      errorText={(e) => refusalText(i18n, e)}
      intro={<p>{t('recond.scrapHelp')}</p>}
    >
      <TextAreaInput label={t('recond.scrapNote')} name="note" value={note} onChange={setNote} maxLength={1000} rows={3} />
    </FormDialog>
  );
}
