import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { Cell, Column, Link, Row, Table, TableBody, TableHeader } from 'react-aria-components';
import { $api, dataOf, fetchClient } from '../../api/client.ts';
import { SelectInput } from '../../components/fields.tsx';
import { Badge, Btn, ButtonLink, ErrorAlert, LiveStatus, Loading, Page, Section, TableScroll, setFlash } from '../../components/ui.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { navigate } from '../../router.ts';
import { useSession } from '../../session.tsx';
import { refusalText } from './provision-format.ts';
import {
  agreementHref,
  formatKronor,
  PURCHASE_STATUSES,
  purchaseOrderHref,
  purchaseStatusLabel,
  purchaseStatusTone,
  type ProposalGroup,
  type PurchaseStatus,
} from './purchasing-api.ts';

/** Inköp: what to buy now (proposals per agreement) and the purchase orders. */
export function PurchasingPage() {
  const i18n = useI18n();
  const { t } = i18n;
  const { hasRole } = useSession();
  const proposals = $api.useQuery('get', '/api/provision/purchasing/proposals');
  const [status, setStatus] = useState<PurchaseStatus | 'open' | 'all'>('open');
  const orders = $api.useQuery('get', '/api/provision/purchasing/purchase-orders', {
    params: { query: status === 'open' ? { open: 'true' } : status === 'all' ? {} : { status } },
  });
  const mayBuy = hasRole('warehouse');
  const groups = proposals.data?.groups ?? [];
  const without = proposals.data?.withoutAgreement ?? [];
  const rows = orders.data ?? [];

  return (
    <Page
      title={t('purchasing.title')}
      intro={t('purchasing.intro')}
      actions={
        <>
          <ButtonLink href="/hmc/leverantorer">{t('purchasing.suppliersLink')}</ButtonLink>
          <ButtonLink href="/hmc/inkop/bestallningspunkter">{t('purchasing.reorderPointsLink')}</ButtonLink>
        </>
      }
    >
      <Section title={t('purchasing.proposals')} id="proposals">
        <p className="help-text">{t('purchasing.proposalsHelp')}</p>
        <ErrorAlert error={proposals.error} />
        {proposals.isPending ? <Loading /> : null}
        {proposals.data && groups.length === 0 ? <p className="empty">{t('purchasing.noProposals')}</p> : null}
        {groups.map((g) => (
          <ProposalTable key={`${g.agreement.id}-${g.warehouseId}`} group={g} mayBuy={mayBuy} />
        ))}
        {without.length ? (
          <>
            <h3 className="card-subtitle">{t('purchasing.withoutAgreement')}</h3>
            <ul className="event-list">
              {without.map((w, i) => (
                <li key={`${w.articleId}-${i}`}>
                  <span>
                    {w.articleName} ({w.articleNumber}) ·{' '}
                    {w.centreOrderNumber ? t('purchasing.forOrderLine', { order: w.centreOrderNumber, n: w.lineNumber ?? 0 }) : w.warehouseName} ·{' '}
                    {t('purchasing.pieces', { count: w.quantity })}
                  </span>
                  <span className="muted">{w.reason}</span>
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </Section>

      <Section title={t('purchasing.orders')} id="orders">
        <div className="filters">
          <SelectInput
            label={t('common.status')}
            name="status"
            value={status}
            onChange={(v) => setStatus(v ?? 'open')}
            options={[
              { id: 'open', label: t('purchasing.openOrders') },
              { id: 'all', label: t('purchasing.allOrders') },
              ...PURCHASE_STATUSES.map((s) => ({ id: s, label: purchaseStatusLabel(t, s) })),
            ]}
          />
        </div>
        <ErrorAlert error={orders.error} />
        <LiveStatus>{orders.isPending ? t('common.loading') : t('purchasing.orderCount', { count: rows.length })}</LiveStatus>
        <TableScroll>
          <Table aria-label={t('purchasing.orders')} className="table table--dense">
            <TableHeader>
              <Column isRowHeader className="col">
                {t('purchasing.number')}
              </Column>
              <Column className="col">{t('purchasing.supplier')}</Column>
              <Column className="col">{t('common.status')}</Column>
              <Column className="col">{t('purchasing.deliveryDate')}</Column>
              <Column className="col">{t('purchasing.forOrders')}</Column>
              <Column className="col">{t('purchasing.value')}</Column>
              <Column className="col">{t('purchasing.outstanding')}</Column>
            </TableHeader>
            <TableBody items={rows} renderEmptyState={() => (orders.isPending ? <Loading /> : <p className="empty">{t('purchasing.noOrders')}</p>)}>
              {(o) => (
                <Row id={o.id} className="row">
                  <Cell className="cell">
                    <Link className="link mono" href={purchaseOrderHref(o.id)}>
                      {o.number}
                    </Link>
                  </Cell>
                  <Cell className="cell">
                    {o.supplierName} <span className="muted">({o.agreementNumber})</span>
                  </Cell>
                  <Cell className="cell">
                    <Badge tone={purchaseStatusTone(o.status)}>{purchaseStatusLabel(t, o.status)}</Badge>
                  </Cell>
                  <Cell className="cell">
                    {o.confirmedDate
                      ? t('purchasing.confirmedOn', { date: i18n.formatDate(o.confirmedDate) })
                      : o.expectedDate
                        ? t('purchasing.expectedOn', { date: i18n.formatDate(o.expectedDate) })
                        : '–'}
                  </Cell>
                  <Cell className="cell">{o.forOrders.length ? o.forOrders.join(', ') : t('purchasing.forStock')}</Cell>
                  <Cell className="cell nowrap">{formatKronor(o.total)}</Cell>
                  <Cell className="cell">{o.outstanding}</Cell>
                </Row>
              )}
            </TableBody>
          </Table>
        </TableScroll>
      </Section>
    </Page>
  );
}

/** One agreement's proposal: the lines, the total against the minimum order, and a button that makes the purchase order. */
function ProposalTable({ group, mayBuy }: { group: ProposalGroup; mayBuy: boolean }) {
  const i18n = useI18n();
  const { t, formatDate } = i18n;
  const title = t('purchasing.proposalFor', {
    supplier: group.agreement.supplierName,
    agreement: group.agreement.agreementNumber,
    warehouse: group.warehouseName,
  });
  const create = useMutation({
    mutationFn: () =>
      fetchClient
        .POST('/api/provision/purchasing/purchase-orders', {
          body: {
            agreementId: group.agreement.id,
            warehouseId: group.warehouseId,
            lines: group.lines.map((l) => ({ articleId: l.articleId, quantity: l.quantity, orderLineId: l.orderLine?.lineId ?? null, source: l.kind })),
          },
        })
        .then(dataOf),
    onSuccess: (po) => {
      setFlash(t('purchasing.created', { number: po.number }));
      navigate(purchaseOrderHref(po.id));
    },
  });
  return (
    <div className="stack">
      <h3 className="card-subtitle">
        <Link className="link" href={agreementHref(group.agreement.id)}>
          {title}
        </Link>
      </h3>
      <TableScroll>
        <Table aria-label={title} className="table table--dense">
          <TableHeader>
            <Column isRowHeader className="col">
              {t('purchasing.article')}
            </Column>
            <Column className="col">{t('purchasing.reason')}</Column>
            <Column className="col">{t('purchasing.quantity')}</Column>
            <Column className="col">{t('purchasing.unitPrice')}</Column>
            <Column className="col">{t('purchasing.amount')}</Column>
          </TableHeader>
          <TableBody items={group.lines.map((l, i) => ({ ...l, id: `${l.articleId}-${l.orderLine?.lineId ?? 'stock'}-${i}` }))}>
            {(l) => (
              <Row id={l.id} className="row">
                <Cell className="cell">
                  {l.articleName} ({l.articleNumber})
                </Cell>
                <Cell className="cell">
                  {l.orderLine ? (
                    <>
                      <Link className="link" href={`/hmc/order/${l.orderLine.orderId}`}>
                        {t('purchasing.forOrderLine', { order: l.orderLine.centreOrderNumber, n: l.orderLine.lineNumber })}
                      </Link>{' '}
                      · {l.orderLine.customerName}
                      {l.orderLine.dueDate ? ` · ${t('purchasing.due', { date: formatDate(l.orderLine.plannedDate ?? l.orderLine.dueDate) })}` : ''}
                    </>
                  ) : l.reorder ? (
                    t('purchasing.belowReorderPoint', { inStock: l.reorder.inStock, onOrder: l.reorder.onOrder, point: l.reorder.reorderPoint })
                  ) : null}
                </Cell>
                <Cell className="cell">{l.quantity}</Cell>
                <Cell className="cell nowrap">{formatKronor(l.unitPrice)}</Cell>
                <Cell className="cell nowrap">{formatKronor(l.amount)}</Cell>
              </Row>
            )}
          </TableBody>
        </Table>
      </TableScroll>
      <p>
        {t('purchasing.total', { amount: formatKronor(group.total) })}{' '}
        {group.belowMinimum ? <Badge tone="warn">{t('purchasing.belowMinimum', { amount: formatKronor(group.agreement.minimumOrderAmount) })}</Badge> : null}
      </p>
      <ErrorAlert error={create.error} message={refusalText(i18n, create.error)} />
      {mayBuy ? (
        <div className="button-row">
          <Btn
            variant="primary"
            isPending={create.isPending || create.isSuccess}
            onPress={() => create.mutate()}
            aria-label={t('purchasing.createNamed', { name: title })}
          >
            {t('purchasing.create')}
          </Btn>
        </div>
      ) : null}
    </div>
  );
}
