import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Form, Link } from 'react-aria-components';
import { type ApiData } from '../../api/client.ts';
import { CheckboxInput, TextAreaInput, TextInput } from '../../components/fields.tsx';
import { Badge, Btn, ErrorAlert, LiveStatus, Loading, Page } from '../../components/ui.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { useSession } from '../../session.tsx';
import { useDriverRun, useMyRuns } from './driver-cache.ts';
import { discard, enqueue, flush, useOutbox, type ConfirmBody, type OutboxEntry } from './driver-outbox.ts';
import { runStateTone, stopStateTone, type Run, type Stop } from './transport-api.ts';
import './transport.css';

/** /chauffor: today's runs of the driver (theirs, or nobody's yet). */
export function DriverRunsPage() {
  const { t } = useI18n();
  const { user } = useSession();
  const runs = useMyRuns(user?.id ?? '');
  const list = runs.data ?? [];
  useRefetchWhenOnline(runs.refetch);
  return (
    <Page title={t('transport.driver.title')} intro={t('transport.driver.intro')}>
      <div className="driver-page">
        <StaleNotice since={runs.staleSince} what="runs" />
        <ErrorAlert error={runs.error} />
        {runs.isPending ? <Loading /> : null}
        {runs.data && list.length === 0 ? <p className="empty">{t('transport.driver.empty')}</p> : null}
        <ul className="driver-runs" aria-label={t('transport.driver.title')}>
          {list.map((r) => (
            <li key={r.id}>
              <Link className="driver-run-link" href={`/chauffor/${r.id}`}>
                <span className="driver-run-area">{r.areaName}</span>
                <span>{t('transport.driver.progress', { done: r.confirmed, total: r.stops })}</span>
                <Badge tone={runStateTone(r.state)}>{t(`transport.runState.${r.state}`)}</Badge>
              </Link>
            </li>
          ))}
        </ul>
      </div>
    </Page>
  );
}

/**
 * /chauffor/:id: the run on a phone. Every stop with its address (a maps link), the contact's phone, what to
 * deliver or fetch, and three large buttons. A confirmation is kept on the phone until the server has it.
 */
export function DriverRunPage({ id }: { id: string }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const { user } = useSession();
  // Today's copy on the phone stands in when the server cannot be reached (driver-cache.ts).
  const run = useDriverRun(user?.id ?? '', id);
  const outbox = useOutbox(user?.id ?? '');
  const [online, setOnline] = useState(typeof navigator === 'undefined' ? true : navigator.onLine);
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['get', '/api/provision/transport/runs/{id}'] });

  useEffect(() => {
    const send = () => void flush(user?.id ?? '', refresh);
    const up = () => (setOnline(true), send(), void refresh());
    const down = () => setOnline(false);
    window.addEventListener('online', up);
    window.addEventListener('offline', down);
    const timer = window.setInterval(send, 15_000);
    send();
    return () => {
      window.removeEventListener('online', up);
      window.removeEventListener('offline', down);
      window.clearInterval(timer);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const data = run.data;
  const waiting = outbox.filter((e) => e.runId === id);
  return (
    <Page
      title={data ? t('transport.driver.runTitle', { area: data.areaName }) : t('transport.driver.title')}
      breadcrumbs={[{ href: '/chauffor', label: t('transport.driver.back') }, { label: data?.areaName ?? '…' }]}
    >
      <div className="driver-page">
        {run.staleSince !== null ? (
          <StaleNotice since={run.staleSince} what="run" />
        ) : !online ? (
          <p className="alert alert--info driver-offline">{t('transport.driver.offline')}</p>
        ) : null}
        {data ? null : <ErrorAlert error={run.error} />}
        {run.isPending ? <Loading /> : null}
        {data ? (
          <>
            <LiveStatus className="driver-progress">
              {data.state === 'done' && waiting.length === 0
                ? t('transport.driver.allDone')
                : t('transport.driver.progress', { done: data.confirmed, total: data.stopCount })}
            </LiveStatus>
            <ol className="driver-stops" aria-label={t('transport.stops')}>
              {data.stops.map((s) => (
                <DriverStop key={s.id} run={data} stop={s} entry={waiting.find((e) => e.stopId === s.id)} onSent={refresh} />
              ))}
            </ol>
          </>
        ) : null}
      </div>
    </Page>
  );
}

/** The page shows the copy kept on the phone: says so, and since when (the outbox line is part of it). */
function StaleNotice({ since, what }: { since: number | null; what: 'run' | 'runs' }) {
  const { t, locale } = useI18n();
  if (since === null) return null;
  const time = new Date(since).toLocaleTimeString(locale === 'sv' ? 'sv-SE' : 'en-GB', { hour: '2-digit', minute: '2-digit' });
  return (
    <p className="alert alert--info driver-offline driver-stale" role="status">
      {t(what === 'run' ? 'transport.driver.stale' : 'transport.driver.staleRuns', { time })}
    </p>
  );
}

/** The browser's 'online' event: fetch again at once rather than at the next poll. */
function useRefetchWhenOnline(refetch: () => Promise<unknown>) {
  useEffect(() => {
    const up = () => void refetch();
    window.addEventListener('online', up);
    return () => window.removeEventListener('online', up);
  }, [refetch]);
}

type Outcome = ConfirmBody['outcome'];

function DriverStop({ run, stop, entry, onSent }: { run: Run; stop: Stop; entry: OutboxEntry | undefined; onSent: () => Promise<unknown> }) {
  const { t, formatDate, formatDateTime } = useI18n();
  const [open, setOpen] = useState<Outcome | null>(null);
  const userId = useSession().user?.id ?? '';
  const pending = stop.state === 'pending';
  const headingId = `stop-${stop.id}`;
  const address = stop.address;
  const mapsUrl = address
    ? `https://www.google.com/maps/search/?api=1&query=${encodeURIComponent(`${address.street}, ${address.postalCode} ${address.city}`)}`
    : null;
  const shownState = entry?.status === 'waiting' ? 'waiting' : stop.state;

  return (
    <li className={`driver-stop driver-stop--${shownState}`} aria-labelledby={headingId}>
      <div className="driver-stop-head">
        <h2 id={headingId} className="driver-stop-title">
          {t('transport.driver.stop', { n: stop.position, total: run.stopCount })}: {t(`transport.kind.${stop.kind}`)}
        </h2>
        {entry?.status === 'waiting' ? (
          <Badge tone="warn">{t('transport.driver.waiting')}</Badge>
        ) : (
          <Badge tone={stopStateTone(stop.state)}>{t(`transport.stopState.${stop.state}`)}</Badge>
        )}
      </div>
      <p className="driver-label">{stop.label ?? stop.customerName}</p>
      {stop.protectedIdentity ? (
        <p className="driver-protected">{t('transport.protected')}</p>
      ) : address ? (
        <p className="driver-address">
          {address.careOf ? (
            <>
              c/o {address.careOf}
              <br />
            </>
          ) : null}
          {address.street}
          <br />
          {address.postalCode} {address.city}
        </p>
      ) : (
        <p>{t('transport.noAddress')}</p>
      )}
      <div className="driver-links">
        {mapsUrl ? (
          <a className="button button--secondary driver-big" href={mapsUrl} target="_blank" rel="noreferrer">
            {t('transport.driver.map')}
          </a>
        ) : null}
        {stop.contactPhone ? (
          <a className="button button--secondary driver-big" href={`tel:${stop.contactPhone.replace(/[^\d+]/g, '')}`}>
            {t('transport.driver.call', { name: stop.contactName ?? stop.contactPhone })}
          </a>
        ) : null}
      </div>
      <h3 className="driver-items-title">{stop.kind === 'delivery' ? t('transport.driver.items') : t('transport.driver.pickUpItems')}</h3>
      <ul className="driver-items">
        {stop.lines.map((l) => (
          <li key={l.lineId}>
            {l.quantity} × {l.articleName ?? l.articleNumber}
            {l.unitNumbers.length ? ` (${l.unitNumbers.join(', ')})` : ''}
          </li>
        ))}
      </ul>
      {!pending ? (
        <p className="driver-done">
          {stop.recipientName ? `${t('transport.recipient')}: ${stop.recipientName}. ` : ''}
          {stop.note ? `${t('transport.note')}: ${stop.note}. ` : ''}
          {stop.nextAttempt ? `${t('transport.nextAttempt')}: ${formatDate(stop.nextAttempt)}. ` : ''}
          {stop.noNewAttempt ? `${t('transport.noNewAttempt')}. ` : ''}
          {stop.confirmedAt ? t('transport.confirmedBy', { time: formatDateTime(stop.confirmedAt), name: stop.confirmedByName ?? '' }) : ''}
        </p>
      ) : null}
      {entry?.status === 'refused' ? (
        <div className="alert alert--error" role="alert">
          <p className="alert-title">{t('transport.driver.failed', { message: entry.error?.message ?? '' })}</p>
          <Btn onPress={() => discard(stop.id)}>{t('transport.driver.discard')}</Btn>
        </div>
      ) : null}
      {pending && entry?.status === 'waiting' ? (
        <Btn className="driver-big" onPress={() => void flush(userId, onSent)}>
          {t('transport.driver.retry')}
        </Btn>
      ) : null}
      {pending && entry?.status !== 'waiting' && !open ? (
        <div className="driver-actions">
          {stop.kind === 'delivery' ? (
            <Btn variant="primary" className="driver-big" onPress={() => setOpen('delivered')}>
              {t('transport.driver.deliver')}
            </Btn>
          ) : (
            <Btn variant="primary" className="driver-big" onPress={() => setOpen('pickedUp')}>
              {t('transport.driver.pickUp')}
            </Btn>
          )}
          <Btn className="driver-big" onPress={() => setOpen('nobodyHome')}>
            {t('transport.driver.nobodyHome')}
          </Btn>
        </div>
      ) : null}
      {pending && open ? (
        <ConfirmForm
          stop={stop}
          outcome={open}
          onCancel={() => setOpen(null)}
          onSave={(body) => {
            setOpen(null);
            enqueue({ userId, runId: run.id, stopId: stop.id, body }, onSent);
          }}
        />
      ) : null}
    </li>
  );
}

function ConfirmForm({ stop, outcome, onCancel, onSave }: { stop: Stop; outcome: Outcome; onCancel: () => void; onSave: (b: ConfirmBody) => void }) {
  const { t } = useI18n();
  const [recipient, setRecipient] = useState('');
  const [units, setUnits] = useState<Record<string, string>>({});
  const [note, setNote] = useState('');
  const [nextAttempt, setNextAttempt] = useState(stop.suggestedNextAttempt);
  const [noNew, setNoNew] = useState(false);
  const title =
    outcome === 'delivered' ? t('transport.driver.deliver') : outcome === 'pickedUp' ? t('transport.driver.pickUp') : t('transport.driver.nobodyHome');

  return (
    <Form
      className="driver-form"
      aria-label={title}
      onSubmit={(e) => {
        e.preventDefault();
        const confirmationId = crypto.randomUUID();
        if (outcome === 'delivered') onSave({ confirmationId, outcome, recipientName: recipient.trim() });
        else if (outcome === 'pickedUp')
          onSave({ confirmationId, outcome, units: stop.lines.map((l) => ({ lineId: l.lineId, identifiedAs: (units[l.lineId] ?? '').trim() })) });
        else onSave({ confirmationId, outcome, note: note.trim() || null, ...(noNew ? { noNewAttempt: true } : { nextAttempt }) });
      }}
    >
      {outcome === 'delivered' ? (
        <TextInput
          label={t('transport.driver.recipientName')}
          name="recipientName"
          value={recipient}
          onChange={setRecipient}
          isRequired
          autoFocus
          maxLength={200}
        />
      ) : null}
      {outcome === 'pickedUp'
        ? stop.lines.map((l, i) => (
            <TextInput
              key={l.lineId}
              label={t('transport.driver.unitRead', { unit: l.unitNumbers[0] ?? l.articleName ?? '' })}
              description={t('transport.driver.unitHelp')}
              name={`unit-${i}`}
              value={units[l.lineId] ?? ''}
              onChange={(v) => setUnits((u) => ({ ...u, [l.lineId]: v }))}
              isRequired
              autoFocus={i === 0}
              maxLength={80}
              spellCheck={false}
            />
          ))
        : null}
      {outcome === 'nobodyHome' ? (
        <>
          <TextAreaInput label={t('transport.driver.note')} name="note" value={note} onChange={setNote} maxLength={1000} />
          {!noNew ? (
            <TextInput label={t('transport.driver.nextAttempt')} name="nextAttempt" type="date" value={nextAttempt} onChange={setNextAttempt} isRequired />
          ) : null}
          {stop.kind === 'delivery' ? (
            <CheckboxInput name="noNewAttempt" isSelected={noNew} onChange={setNoNew}>
              {t('transport.driver.noNewAttempt')}
            </CheckboxInput>
          ) : null}
        </>
      ) : null}
      <div className="driver-actions">
        <Btn type="submit" variant="primary" className="driver-big">
          {t('transport.driver.send')}
        </Btn>
        <Btn className="driver-big" onPress={onCancel}>
          {t('transport.driver.cancel')}
        </Btn>
      </div>
    </Form>
  );
}

export type { ApiData };
