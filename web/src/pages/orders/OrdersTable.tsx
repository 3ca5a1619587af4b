import type { ReactNode } from 'react';
import { Cell, Column, Link, Row, Table, TableBody, TableHeader } from 'react-aria-components';
import type { OrderListItem } from '../../api/types.ts';
import { Badge, TableScroll } from '../../components/ui.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { StatusBadge, useOrderTypes } from './OrderBits.tsx';
import { describeEvent, orderHref, orderTypeLabel, workOrderTypeLabel } from './order-format.ts';

/** Orders as a table: number (a link), type, content, status, last event and dates. */
export function OrdersTable({
  items,
  label,
  showPatient,
  showCreatedBy,
  empty,
}: {
  items: readonly OrderListItem[];
  label: string;
  showPatient?: boolean;
  showCreatedBy?: boolean;
  empty: ReactNode;
}) {
  const i18n = useI18n();
  const { t, locale, formatDate, formatDateTime } = i18n;
  const types = useOrderTypes();
  const summary = (o: OrderListItem) =>
    o.orderType === 'workOrder' && o.lineCount === 0 ? workOrderTypeLabel(locale, types.data?.workOrderTypes, o.summary) : o.summary;
  type Col = 'number' | 'type' | 'patient' | 'content' | 'status' | 'last' | 'date' | 'createdBy';
  const cols: { id: Col; name: string }[] = [
    { id: 'number', name: t('orders.colNumber') },
    { id: 'type', name: t('orders.colType') },
    ...(showPatient ? [{ id: 'patient' as const, name: t('orders.colPatient') }] : []),
    { id: 'content', name: t('orders.colContent') },
    { id: 'status', name: t('common.status') },
    { id: 'last', name: t('orders.colLastEvent') },
    { id: 'date', name: t('orders.colDate') },
    ...(showCreatedBy ? [{ id: 'createdBy' as const, name: t('orders.colCreatedBy') }] : []),
  ];
  const cell = (c: Col, o: OrderListItem): ReactNode => {
    switch (c) {
      case 'number':
        return (
          <Link className="link mono" href={orderHref(o.id)}>
            {o.orderNumber ?? t('orders.draftNumber')}
          </Link>
        );
      case 'type':
        return (
          <>
            {orderTypeLabel(locale, o.orderType)}
            {o.urgent ? (
              <>
                {' '}
                <Badge tone="warn">{t('order.urgent')}</Badge>
              </>
            ) : null}
          </>
        );
      case 'patient':
        return o.patientName ?? '';
      case 'content':
        return summary(o);
      case 'status':
        return <StatusBadge status={o.status} />;
      case 'last':
        return o.lastEvent ? (
          <>
            {describeEvent(i18n, o.lastEvent.type, {}).title}
            <span className="block small muted">{formatDateTime(o.lastEvent.at)}</span>
          </>
        ) : (
          ''
        );
      case 'date':
        return (
          <>
            {formatDate(o.submittedAt ?? o.createdAt)}
            {o.expectedDate ? <span className="block small muted">{t('orders.expected', { date: formatDate(o.expectedDate) })}</span> : null}
          </>
        );
      case 'createdBy':
        return o.createdByName;
    }
  };
  return (
    <TableScroll>
      <Table aria-label={label} className="table">
        <TableHeader columns={cols}>
          {(c) => (
            <Column id={c.id} isRowHeader={c.id === 'number'} className="col">
              {c.name}
            </Column>
          )}
        </TableHeader>
        <TableBody items={items} dependencies={[locale, types.data, cols.length]} renderEmptyState={() => <p className="empty">{empty}</p>}>
          {(o) => (
            <Row id={o.id} className="row" columns={cols}>
              {(c) => <Cell className={`cell ${c.id === 'number' || c.id === 'date' ? 'nowrap' : ''}`}>{cell(c.id, o)}</Cell>}
            </Row>
          )}
        </TableBody>
      </Table>
    </TableScroll>
  );
}
