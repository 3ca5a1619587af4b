import { useState } from 'react';
import { Cell, Column, Link, Row, Table, TableBody, TableHeader } from 'react-aria-components';
import { $api } from '../../api/client.ts';
import { cursorPages, pagedList } from '../../api/query.ts';
import { CheckboxInput, SelectInput, TextInput } from '../../components/fields.tsx';
import { Badge, ErrorAlert, LiveStatus, Loading, Page, ShowMore, TableScroll } from '../../components/ui.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { useSession } from '../../session.tsx';
import { codeLabel, orderTypeLabel, queueLabel } from './provision-format.ts';
import { queuesFor, type ProvisionQueue } from './provision-api.ts';
import { workOrderHref } from './work-order-api.ts';
import type { OrderType } from '../../api/types.ts';

const ORDER_TYPES: OrderType[] = ['customerOrder', 'pickUp', 'workOrder', 'bufferWithdrawal', 'lostDevice', 'faultReport', 'deviation'];

/** The centre's work queue: open lines, shortest deadline first, overdue ones marked. */
export function QueuePage() {
  const i18n = useI18n();
  const { t, formatDateTime, formatDate } = i18n;
  const { user } = useSession();
  const queues = queuesFor(user?.roles ?? []);
  const [queue, setQueue] = useState<ProvisionQueue>(queues[0] ?? 'warehouse');
  const [orderType, setOrderType] = useState<OrderType | 'all'>('all');
  const [areaId, setAreaId] = useState<string>('all');
  const [dueBefore, setDueBefore] = useState('');
  const [urgent, setUrgent] = useState(false);
  const [overdue, setOverdue] = useState(false);
  const [lacksPlan, setLacksPlan] = useState(false);
  const areas = $api.useQuery('get', '/api/delivery-areas');

  const query = {
    orderType: orderType === 'all' ? undefined : orderType,
    deliveryAreaId: areaId === 'all' ? undefined : areaId,
    dueBefore: /^\d{4}-\d{2}-\d{2}$/.test(dueBefore) ? dueBefore : undefined,
    urgent: urgent ? ('true' as const) : undefined,
    overdue: overdue ? ('true' as const) : undefined,
    needsPlannedDate: lacksPlan ? ('true' as const) : undefined,
    limit: 50,
  };
  const list = pagedList($api.useInfiniteQuery('get', '/api/provision/queues/{queue}', { params: { path: { queue }, query } }, cursorPages));
  const { items, nextCursor, loading, error } = list;

  const overdueCount = items.filter((i) => i.overdue).length;
  return (
    <Page title={t('hmc.queueTitle')} intro={t('hmc.queueIntro')}>
      <div className="filters" role="search" aria-label={t('hmc.filters')}>
        {queues.length > 1 ? (
          <SelectInput
            label={t('hmc.queue')}
            name="queue"
            value={queue}
            onChange={(v) => v && setQueue(v)}
            options={queues.map((q) => ({ id: q, label: queueLabel(t, q) }))}
          />
        ) : null}
        <SelectInput
          label={t('hmc.orderTypeFilter')}
          name="orderType"
          value={orderType}
          onChange={(v) => setOrderType(v ?? 'all')}
          options={[{ id: 'all' as const, label: t('hmc.allTypes') }, ...ORDER_TYPES.map((o) => ({ id: o, label: orderTypeLabel(t, o) }))]}
        />
        <SelectInput
          label={t('hmc.area')}
          name="deliveryAreaId"
          value={areaId}
          onChange={(v) => setAreaId(v ?? 'all')}
          options={[{ id: 'all', label: t('hmc.allAreas') }, ...(areas.data ?? []).map((a) => ({ id: a.id, label: a.name }))]}
        />
        <TextInput label={t('hmc.dueBefore')} name="dueBefore" type="date" value={dueBefore} onChange={setDueBefore} />
        <div className="stack">
          <CheckboxInput isSelected={urgent} onChange={setUrgent}>
            {t('hmc.urgentOnly')}
          </CheckboxInput>
          <CheckboxInput isSelected={overdue} onChange={setOverdue}>
            {t('hmc.overdueOnly')}
          </CheckboxInput>
          <CheckboxInput isSelected={lacksPlan} onChange={setLacksPlan}>
            {t('matrix.queue.needsPlannedDateOnly')}
          </CheckboxInput>
        </div>
      </div>
      <ErrorAlert error={error} />
      <LiveStatus>
        {loading ? t('common.loading') : t(nextCursor ? 'hmc.countMore' : 'hmc.count', { count: items.length })}
        {!loading && overdueCount ? ` ${t('hmc.overdueCount', { count: overdueCount })}` : ''}
      </LiveStatus>
      <TableScroll>
        <Table aria-label={t('hmc.queueTable', { queue: queueLabel(t, queue) })} className="table table--dense">
          <TableHeader>
            <Column className="col">{t('hmc.colDeadline')}</Column>
            <Column isRowHeader className="col">
              {t('hmc.colOrder')}
            </Column>
            <Column className="col">{t('hmc.colType')}</Column>
            <Column className="col">{t('hmc.colWhat')}</Column>
            <Column className="col">{t('hmc.colCustomer')}</Column>
            <Column className="col">{t('hmc.area')}</Column>
            <Column className="col">{t('common.status')}</Column>
          </TableHeader>
          <TableBody items={items} renderEmptyState={() => (loading ? <Loading /> : <p className="empty">{t('hmc.queueEmpty')}</p>)}>
            {(i) => (
              <Row id={i.id} className={`row ${i.overdue ? 'row--overdue' : ''}`}>
                <Cell className="cell">
                  <span className={`deadline ${i.overdue ? 'deadline--overdue' : ''}`}>
                    {i.urgent && i.dueAt ? formatDateTime(i.dueAt) : i.expectedDate ? formatDate(i.expectedDate) : t('hmc.noDeadline')}
                  </span>
                  {i.overdue ? (
                    <>
                      {' '}
                      <Badge tone="warn">{t('hmc.overdue')}</Badge>
                    </>
                  ) : null}
                  {i.urgent ? (
                    <>
                      {' '}
                      <Badge tone="warn">{t('hmc.urgent')}</Badge>
                    </>
                  ) : null}
                </Cell>
                <Cell className="cell nowrap">
                  <Link className="link" href={i.orderType === 'workOrder' ? workOrderHref(i.orderId) : `/hmc/order/${i.orderId}`}>
                    {i.centreOrderNumber}
                    {i.lineNumber ? ` ${t('hmc.lineShort', { n: i.lineNumber })}` : ''}
                  </Link>
                </Cell>
                <Cell className="cell">{orderTypeLabel(t, i.orderType)}</Cell>
                <Cell className="cell">
                  {i.articleName ? `${i.articleName} (${i.articleNumber})` : (i.unitNumber ?? '')}
                  {i.quantity && i.quantity > 1 ? ` × ${i.quantity}` : ''}
                  {i.needsPlannedDate ? (
                    <>
                      {' '}
                      <Badge tone="info">{t('hmc.needsPlannedDate')}</Badge>
                    </>
                  ) : null}
                </Cell>
                <Cell className="cell">
                  {i.customerName} ({i.customerNumber})
                </Cell>
                <Cell className="cell">{i.deliveryAreaName}</Cell>
                <Cell className="cell">
                  {codeLabel(i18n, 'lineState', i.state)}
                  {i.urgent && !i.acknowledged ? ` · ${t('hmc.notAcknowledged')}` : ''}
                </Cell>
              </Row>
            )}
          </TableBody>
        </Table>
      </TableScroll>
      <ShowMore list={list} />
    </Page>
  );
}
