import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Form, Link } from 'react-aria-components';
import { $api, fetchClient } from '../../api/client.ts';
import { SelectInput, TextInput } from '../../components/fields.tsx';
import { Badge, Btn, ErrorAlert, LiveStatus, Loading, Page, Section, SuccessMessage, TableScroll } from '../../components/ui.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { useSession } from '../../session.tsx';
import { TRANSPORT_PLANNERS } from '../../nav.ts';
import { runStateTone, stopStateTone, type Run, type Stop } from './transport-api.ts';
import './transport.css';

const todayInStockholm = () => new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Stockholm' });

/** /hmc/transporter: the day's runs per area with their progress; the warehouse plans them. */
export function TransportRunsPage() {
  const { t } = useI18n();
  const { hasRole } = useSession();
  const mayPlan = TRANSPORT_PLANNERS.some((r) => hasRole(r));
  const [day, setDay] = useState(() => new URLSearchParams(location.search).get('dag') ?? todayInStockholm());
  const [areaId, setAreaId] = useState<string>('none');
  const [message, setMessage] = useState<string | null>(null);
  const queryClient = useQueryClient();
  const runs = $api.useQuery(
    'get',
    '/api/provision/transport/runs',
    { params: { query: { day } } },
    { enabled: /^\d{4}-\d{2}-\d{2}$/.test(day), refetchInterval: 15_000 },
  );
  const areas = $api.useQuery('get', '/api/delivery-areas', {}, { enabled: mayPlan });
  const plan = useMutation({
    mutationFn: () => fetchClient.POST('/api/provision/transport/plan', { body: { day, ...(areaId !== 'none' ? { areaId } : {}) } }).then((r) => r.data!),
    onSuccess: async (r) => {
      await queryClient.invalidateQueries({ queryKey: ['get', '/api/provision/transport/runs'] });
      setMessage(t('transport.planned', { count: r.runs.reduce((n, x) => n + x.added, 0) }));
    },
  });
  const list = runs.data ?? [];

  return (
    <Page title={t('transport.title')} intro={t('transport.intro')}>
      <SuccessMessage>{message}</SuccessMessage>
      <Form
        className="filters"
        aria-label={t('transport.plan')}
        onSubmit={(e) => {
          e.preventDefault();
          setMessage(null);
          plan.mutate();
        }}
      >
        <TextInput label={t('transport.day')} name="day" type="date" value={day} onChange={(v) => (setMessage(null), setDay(v))} isRequired />
        {mayPlan ? (
          <>
            <SelectInput
              label={t('transport.planArea')}
              name="areaId"
              value={areaId}
              onChange={(v) => setAreaId(v ?? 'none')}
              options={[{ id: 'none', label: t('transport.planAreaNone') }, ...(areas.data ?? []).map((a) => ({ id: a.id, label: a.name }))]}
            />
            <Btn type="submit" variant="primary" isPending={plan.isPending}>
              {t('transport.plan')}
            </Btn>
          </>
        ) : null}
      </Form>
      <ErrorAlert error={plan.error ?? runs.error} />
      <LiveStatus>{runs.isPending ? t('common.loading') : t('transport.runCount', { count: list.length })}</LiveStatus>
      {runs.data && list.length === 0 ? <p className="empty">{t('transport.empty')}</p> : null}
      {list.length ? (
        <TableScroll>
          <table className="table table--dense">
            <caption className="visually-hidden">{t('transport.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('transport.area')}</th>
                <th scope="col">{t('transport.state')}</th>
                <th scope="col">{t('transport.driver')}</th>
                <th scope="col">{t('transport.progress')}</th>
              </tr>
            </thead>
            <tbody>
              {list.map((r) => (
                <tr key={r.id}>
                  <th scope="row">
                    <Link className="link" href={`/hmc/transporter/${r.id}`} aria-label={t('transport.open', { area: r.areaName })}>
                      {r.areaName}
                    </Link>
                  </th>
                  <td>
                    <Badge tone={runStateTone(r.state)}>{t(`transport.runState.${r.state}`)}</Badge>
                  </td>
                  <td>{r.driverName ?? t('transport.noDriver')}</td>
                  <td>
                    <progress max={Math.max(r.stops, 1)} value={r.confirmed} aria-label={t('transport.progressText', { done: r.confirmed, total: r.stops })} />{' '}
                    {t('transport.progressText', { done: r.confirmed, total: r.stops })}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      ) : null}
    </Page>
  );
}

/** /hmc/transporter/:id: the run's stops in order (editable while not confirmed), their outcome, and the loading list. */
export function TransportRunPage({ id }: { id: string }) {
  const { t, formatDate } = useI18n();
  const { hasRole } = useSession();
  const mayEdit = TRANSPORT_PLANNERS.some((r) => hasRole(r));
  const run = $api.useQuery('get', '/api/provision/transport/runs/{id}', { params: { path: { id } } }, { refetchInterval: 10_000 });
  const queryClient = useQueryClient();
  const [message, setMessage] = useState<string | null>(null);
  const [orderNumber, setOrderNumber] = useState('');
  const reload = () => queryClient.invalidateQueries({ queryKey: ['get', '/api/provision/transport/runs/{id}'] });
  const edit = useMutation({
    mutationFn: async (v: { kind: 'move'; stop: Stop; position: number } | { kind: 'remove'; stop: Stop } | { kind: 'add' }) => {
      if (v.kind === 'move')
        await fetchClient.POST('/api/provision/transport/runs/{id}/stops/{stopId}/move', {
          params: { path: { id, stopId: v.stop.id } },
          body: { position: v.position },
        });
      else if (v.kind === 'remove')
        await fetchClient.DELETE('/api/provision/transport/runs/{id}/stops/{stopId}', { params: { path: { id, stopId: v.stop.id } } });
      else
        await fetchClient.POST('/api/provision/transport/runs/{id}/stops', {
          params: { path: { id } },
          body: { centreOrderNumber: orderNumber.trim().toUpperCase() },
        });
      return v.kind;
    },
    onSuccess: async (kind) => {
      await reload();
      if (kind === 'add') setOrderNumber('');
      setMessage(kind === 'remove' ? t('transport.removed') : kind === 'add' ? t('transport.added') : null);
    },
  });
  const data = run.data;
  const title = data ? t('transport.runTitle', { area: data.areaName, day: formatDate(data.day) }) : t('transport.title');

  return (
    <Page
      title={title}
      breadcrumbs={[{ href: `/hmc/transporter${data ? `?dag=${data.day}` : ''}`, label: t('transport.title') }, { label: data?.areaName ?? '…' }]}
    >
      {data ? null : <ErrorAlert error={run.error} />}
      {run.isPending ? <Loading /> : null}
      {data ? (
        <div className="transport-run-page">
          <SuccessMessage>{message}</SuccessMessage>
          <ErrorAlert error={edit.error} />
          <p className="no-print">
            <Badge tone={runStateTone(data.state)}>{t(`transport.runState.${data.state}`)}</Badge> {data.driverName ?? t('transport.noDriver')} ·{' '}
            <span role="status">{t('transport.progressText', { done: data.confirmed, total: data.stopCount })}</span> · {t('transport.live')}
          </p>
          <div className="transport-stops-section">
            <Section title={t('transport.stops')} id="stops">
              <TableScroll>
                <table className="table table--dense">
                  <thead>
                    <tr>
                      <th scope="col">#</th>
                      <th scope="col">{t('transport.recipient')}</th>
                      <th scope="col">{t('transport.state')}</th>
                      <th scope="col">{t('transport.article')}</th>
                      {mayEdit ? (
                        <th scope="col">
                          <span className="visually-hidden">{t('common.actions')}</span>
                        </th>
                      ) : null}
                    </tr>
                  </thead>
                  <tbody>
                    {data.stops.map((s, i) => (
                      <StopRow
                        key={s.id}
                        stop={s}
                        index={i}
                        run={data}
                        mayEdit={mayEdit && data.state !== 'done'}
                        busy={edit.isPending}
                        onMove={(position) => (setMessage(null), edit.mutate({ kind: 'move', stop: s, position }))}
                        onRemove={() => (setMessage(null), edit.mutate({ kind: 'remove', stop: s }))}
                      />
                    ))}
                  </tbody>
                </table>
              </TableScroll>
              {mayEdit && data.state !== 'done' ? (
                <Form
                  className="transport-add"
                  aria-label={t('transport.addStop')}
                  onSubmit={(e) => {
                    e.preventDefault();
                    setMessage(null);
                    edit.mutate({ kind: 'add' });
                  }}
                >
                  <TextInput
                    label={t('transport.addStopLabel')}
                    name="centreOrderNumber"
                    value={orderNumber}
                    onChange={setOrderNumber}
                    isRequired
                    maxLength={20}
                  />
                  <Btn type="submit" isPending={edit.isPending}>
                    {t('transport.addStop')}
                  </Btn>
                </Form>
              ) : null}
            </Section>
          </div>
          <Section title={t('transport.loadingList')} id="loading">
            <p>{t('transport.loadingHelp')}</p>
            <p className="no-print">
              <Btn onPress={() => window.print()}>{t('transport.print')}</Btn>
            </p>
            {data.loadingList.length === 0 ? (
              <p className="empty">{t('transport.loadingEmpty')}</p>
            ) : (
              <TableScroll>
                <table className="table table--dense">
                  <thead>
                    <tr>
                      <th scope="col">#</th>
                      <th scope="col">{t('transport.recipient')}</th>
                      <th scope="col">{t('transport.article')}</th>
                      <th scope="col">{t('transport.quantity')}</th>
                      <th scope="col">{t('transport.units')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.loadingList.map((l, i) => (
                      <tr key={i}>
                        <td>{l.position}</td>
                        <td>{l.label}</td>
                        <td>
                          {l.articleName} ({l.articleNumber})
                        </td>
                        <td>{l.quantity}</td>
                        <td>{l.unitNumbers.join(', ') || '–'}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableScroll>
            )}
          </Section>
        </div>
      ) : null}
    </Page>
  );
}

function StopRow({
  stop: s,
  index,
  run,
  mayEdit,
  busy,
  onMove,
  onRemove,
}: {
  stop: Stop;
  index: number;
  run: Run;
  mayEdit: boolean;
  busy: boolean;
  onMove: (position: number) => void;
  onRemove: () => void;
}) {
  const { t, formatDate, formatDateTime } = useI18n();
  const pending = s.state === 'pending';
  const prev = run.stops.slice(0, index).findLast((x) => x.state === 'pending');
  const next = run.stops.slice(index + 1).find((x) => x.state === 'pending');
  return (
    <tr>
      <td>{s.position}</td>
      <td>
        <strong>{s.label ?? s.customerName}</strong> · {t(`transport.kind.${s.kind}`)} ·{' '}
        <Link className="link" href={`/hmc/order/${s.orderId}`}>
          {s.centreOrderNumber}
        </Link>
        <br />
        {s.protectedIdentity
          ? t('transport.protected')
          : s.address
            ? `${s.address.street}, ${s.address.postalCode} ${s.address.city}`
            : t('transport.noAddress')}
      </td>
      <td>
        <Badge tone={stopStateTone(s.state)}>{t(`transport.stopState.${s.state}`)}</Badge>
        {s.recipientName ? (
          <>
            <br />
            {t('transport.recipient')}: {s.recipientName}
          </>
        ) : null}
        {s.note ? (
          <>
            <br />
            {t('transport.note')}: {s.note}
          </>
        ) : null}
        {s.nextAttempt ? (
          <>
            <br />
            {t('transport.nextAttempt')}: {formatDate(s.nextAttempt)}
          </>
        ) : null}
        {s.noNewAttempt ? (
          <>
            <br />
            {t('transport.noNewAttempt')}
          </>
        ) : null}
        {s.confirmedAt ? (
          <>
            <br />
            {t('transport.confirmedBy', { time: formatDateTime(s.confirmedAt), name: s.confirmedByName ?? '' })}
          </>
        ) : null}
      </td>
      <td>
        {s.lines.map((l) => (
          <div key={l.lineId}>
            {l.quantity} × {l.articleName ?? l.articleNumber}
            {l.unitNumbers.length ? ` (${l.unitNumbers.join(', ')})` : ''}
          </div>
        ))}
      </td>
      {mayEdit ? (
        <td>
          {pending ? (
            <div className="transport-stop-actions">
              <Btn
                className="button--small"
                isDisabled={!prev || busy}
                onPress={() => prev && onMove(prev.position)}
                aria-label={t('transport.moveUp', { n: s.position })}
              >
                ↑
              </Btn>
              <Btn
                className="button--small"
                isDisabled={!next || busy}
                onPress={() => next && onMove(next.position)}
                aria-label={t('transport.moveDown', { n: s.position })}
              >
                ↓
              </Btn>
              <Btn className="button--small" variant="danger" isDisabled={busy} onPress={onRemove} aria-label={t('transport.remove', { n: s.position })}>
                ✕
              </Btn>
            </div>
          ) : null}
        </td>
      ) : null}
    </tr>
  );
}
