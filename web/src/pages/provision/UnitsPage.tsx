import { useState } from 'react';
import { Cell, Column, Link, Row, Table, TableBody, TableHeader } from 'react-aria-components';
import { SearchInput, SelectInput, TextAreaInput } from '../../components/fields.tsx';
import { FormDialog } from '../../components/form-dialog.tsx';
import {
  Badge,
  Btn,
  ButtonLink,
  ErrorAlert,
  LiveStatus,
  Loading,
  Page,
  Section,
  ShowMore,
  SuccessMessage,
  TableScroll,
  useDebounced,
} from '../../components/ui.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { useSession } from '../../session.tsx';
import { refusalText, unitStatusLabel, writeOffLabel } from './provision-format.ts';
import { UnitWorkOrders } from './UnitWorkOrders.tsx';
import { UnitInspections } from './UnitInspections.tsx';
import { UNIT_STATUSES, WRITE_OFF_CODES, type UnitCard, type UnitStatus, type WriteOffCode } from './provision-api.ts';
import { $api, fetchClient } from '../../api/client.ts';
import { cursorPages, pagedList, useInvalidate } from '../../api/query.ts';
import { formatMoney, formatPersonalNumber } from '../../format.ts';

/** All units: search by unit number, serial number or article number. */
export function UnitsPage() {
  const { t, formatDate } = useI18n();
  const { hasRole } = useSession();
  const [q, setQ] = useState('');
  const [status, setStatus] = useState<UnitStatus | 'all'>('all');
  const debounced = useDebounced(q.trim(), 300);
  const query = { q: debounced || undefined, status: status === 'all' ? undefined : status, limit: 50 };
  const list = pagedList($api.useInfiniteQuery('get', '/api/provision/units', { params: { query } }, cursorPages));
  const { items, nextCursor, loading, error } = list;

  return (
    <Page
      title={t('hmc.unitsTitle')}
      actions={
        hasRole('warehouse') ? (
          <ButtonLink href="/hmc/inleverans" variant="primary">
            {t('hmc.receiptTitle')}
          </ButtonLink>
        ) : undefined
      }
    >
      <div className="filters" role="search" aria-label={t('hmc.unitFilters')}>
        <SearchInput label={t('common.search')} name="q" value={q} onChange={setQ} description={t('hmc.unitSearchHelp')} />
        <SelectInput
          label={t('common.status')}
          name="status"
          value={status}
          onChange={(v) => setStatus(v ?? 'all')}
          options={[{ id: 'all' as const, label: t('common.all') }, ...UNIT_STATUSES.map((s) => ({ id: s, label: unitStatusLabel(t, s) }))]}
        />
      </div>
      <ErrorAlert error={error} />
      <LiveStatus>{loading ? t('common.loading') : t(nextCursor ? 'hmc.unitCountMore' : 'hmc.unitCount', { count: items.length })}</LiveStatus>
      <TableScroll>
        <Table aria-label={t('hmc.unitsTitle')} className="table table--dense">
          <TableHeader>
            <Column isRowHeader className="col">
              {t('hmc.unitNumber')}
            </Column>
            <Column className="col">{t('hmc.article')}</Column>
            <Column className="col">{t('hmc.serialNumber')}</Column>
            <Column className="col">{t('hmc.purchaseDate')}</Column>
            <Column className="col">{t('common.status')}</Column>
            <Column className="col">{t('hmc.warehouse')}</Column>
          </TableHeader>
          <TableBody items={items} renderEmptyState={() => (loading ? <Loading /> : <p className="empty">{t('hmc.unitsEmpty')}</p>)}>
            {(u) => (
              <Row id={u.id} className="row">
                <Cell className="cell nowrap">
                  <Link className="link" href={`/hmc/individer/${u.id}`}>
                    {u.unitNumber}
                  </Link>
                </Cell>
                <Cell className="cell">
                  {u.articleName} ({u.articleNumber})
                </Cell>
                <Cell className="cell mono">{u.serialNumber ?? ''}</Cell>
                <Cell className="cell nowrap">{formatDate(u.purchaseDate)}</Cell>
                <Cell className="cell">{unitStatusLabel(t, u.status)}</Cell>
                <Cell className="cell">{u.warehouseName ?? ''}</Cell>
              </Row>
            )}
          </TableBody>
        </Table>
      </TableScroll>
      <ShowMore list={list} />
    </Page>
  );
}

/** The unit card (individkort): where the unit is, who has had it, its whole history. */
export function UnitPage({ id }: { id: string }) {
  const { t, formatDate, formatDateTime, tMaybe } = useI18n();
  const { hasRole } = useSession();
  const card = $api.useQuery('get', '/api/provision/units/{id}', { params: { path: { id } } });
  const invalidate = useInvalidate();
  const [writingOff, setWritingOff] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const c = card.data;
  const crumbs = [{ href: '/hmc/individer', label: t('hmc.unitsTitle') }, { label: c?.unit.unitNumber ?? t('hmc.unitCard') }];
  if (!c) {
    return (
      <Page title={t('hmc.unitCard')} breadcrumbs={crumbs}>
        {card.isPending ? <Loading /> : <ErrorAlert error={card.error} />}
      </Page>
    );
  }
  const u = c.unit;
  const atCentre = ['newInStock', 'reconditionedInStock', 'returned', 'inReconditioning'].includes(u.status);
  return (
    <Page
      title={t('hmc.unitNamed', { unit: u.unitNumber })}
      breadcrumbs={crumbs}
      actions={
        atCentre && hasRole('warehouse') ? (
          // While the card reloads after a change, its version may be the old one.
          <Btn variant="danger" isDisabled={card.isFetching} onPress={() => (setMessage(null), setWritingOff(true))}>
            {t('hmc.writeOffUnit')}
          </Btn>
        ) : undefined
      }
    >
      {message ? <SuccessMessage>{message}</SuccessMessage> : null}
      <Section title={t('hmc.unitDetails')} id="unit-details">
        <dl className="details">
          <dt>{t('hmc.article')}</dt>
          <dd>
            {u.articleName} ({u.articleNumber}){c.article.isoCode ? ` · ISO ${c.article.isoCode}` : ''}
          </dd>
          <dt>{t('hmc.serialNumber')}</dt>
          <dd className="mono">{u.serialNumber ?? t('common.notSet')}</dd>
          <dt>{t('common.status')}</dt>
          <dd>
            {unitStatusLabel(t, u.status)}
            {u.writeOffCode ? ` · ${writeOffLabel(t, u.writeOffCode)}` : ''}
            {u.reconditionCount ? (
              <>
                {' '}
                <Badge tone="info">{t('hmc.reconditionedTimes', { count: u.reconditionCount })}</Badge>
              </>
            ) : null}
          </dd>
          <dt>{t('hmc.warehouse')}</dt>
          <dd>{u.warehouseName ?? '–'}</dd>
          <dt>{t('inspection.nextOnCard')}</dt>
          <dd>
            {u.outOfUseSince ? (
              <Badge tone="warn">{t('inspection.outOfUseBadge', { date: formatDate(u.outOfUseSince) })}</Badge>
            ) : u.nextInspectionOn ? (
              formatDate(u.nextInspectionOn)
            ) : (
              t('inspection.notScheduled')
            )}
          </dd>
          <dt>{t('hmc.purchase')}</dt>
          <dd>
            {formatDate(u.purchaseDate)} · {formatMoney(u.purchaseCost)}
          </dd>
        </dl>
      </Section>
      <Section title={t('hmc.holdings')} id="holdings">
        {c.holdings.length === 0 ? <p className="empty">{t('hmc.noHoldings')}</p> : null}
        <ul className="event-list">
          {c.holdings.map((h) => (
            <li key={h.id}>
              <span className="nowrap">
                {formatDate(h.fromDate)} – {h.toDate ? formatDate(h.toDate) : t('hmc.ongoing')}
              </span>
              <span>
                {h.patient ? (
                  `${h.patient.firstName} ${h.patient.lastName} (${formatPersonalNumber(h.patient.identifier)})`
                ) : h.patientWithheld ? (
                  <span className="muted">{t('hmc.patientWithheld')}</span>
                ) : (
                  t('hmc.noPatient')
                )}
              </span>
              <span>
                {h.customerName} ({h.customerNumber})
              </span>
              {h.orderId ? (
                <Link className="link" href={`/hmc/order/${h.orderId}`}>
                  {h.centreOrderNumber}
                </Link>
              ) : null}
            </li>
          ))}
        </ul>
      </Section>
      <UnitWorkOrders workOrders={c.workOrders} />
      <Section title={t('hmc.reconditionings')} id="reconditionings">
        {c.reconditionings.length ? (
          <ul className="event-list">
            {c.reconditionings.map((r) => (
              <li key={r.at}>
                <span className="nowrap">{formatDateTime(r.at)}</span>
                <span>{r.note ?? ''}</span>
                <span>{r.warehouse ?? ''}</span>
                <span className="muted">{r.actorLabel}</span>
              </li>
            ))}
          </ul>
        ) : (
          <p className="empty">{t('hmc.noneYet')}</p>
        )}
      </Section>
      <UnitInspections
        card={c}
        isFetching={card.isFetching}
        onInspected={(m) => void invalidate('/api/provision/units/{id}', '/api/provision/inspections').then(() => setMessage(m))}
      />
      <Section title={t('hmc.history')} id="history">
        <ul className="event-list">
          {c.history.map((h) => (
            <li key={h.id}>
              <span className="nowrap">{formatDateTime(h.at)}</span>
              <span>{tMaybe(`hmc.unitEvent.${h.type}`) ?? h.type}</span>
              <span>
                {h.fromStatus ? `${unitStatusLabel(t, h.fromStatus)} → ` : ''}
                {unitStatusLabel(t, h.toStatus)}
              </span>
              <span className="muted">{h.actorLabel}</span>
            </li>
          ))}
        </ul>
      </Section>
      {writingOff ? (
        <WriteOffDialog
          card={c}
          onClose={() => setWritingOff(false)}
          onDone={() => {
            setWritingOff(false);
            void invalidate('/api/provision/units/{id}').then(() => setMessage(t('hmc.writtenOff', { unit: u.unitNumber })));
          }}
        />
      ) : null}
    </Page>
  );
}

function WriteOffDialog({ card, onClose, onDone }: { card: UnitCard; onClose: () => void; onDone: () => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [code, setCode] = useState<WriteOffCode | null>('wornOut');
  const [note, setNote] = useState('');
  return (
    <FormDialog
      title={t('hmc.writeOffTitle', { unit: card.unit.unitNumber })}
      onClose={onClose}
      send={() =>
        code
          ? fetchClient.POST('/api/provision/units/{id}/write-off', {
              params: { path: { id: card.unit.id } },
              body: { version: card.unit.version, code, note: note.trim() || null },
            })
          : null
      }
      onDone={() => onDone()}
      submitLabel={t('hmc.confirmWriteOff')}
      submitVariant="danger"
      shownFields={['code', 'note']}
      errorText={(e) => refusalText(i18n, e)}
    >
      <SelectInput
        label={t('hmc.writeOffCode')}
        name="code"
        value={code}
        onChange={setCode}
        isRequired
        options={WRITE_OFF_CODES.map((c) => ({ id: c, label: writeOffLabel(t, c) }))}
      />
      <TextAreaInput label={t('hmc.note')} name="note" value={note} onChange={setNote} maxLength={1000} rows={3} />
    </FormDialog>
  );
}
