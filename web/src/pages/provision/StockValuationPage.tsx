import { useState } from 'react';
import { Cell, Column, Row, Table, TableBody, TableHeader } from 'react-aria-components';
import { $api } from '../../api/client.ts';
import { SelectInput } from '../../components/fields.tsx';
import { ErrorAlert, Loading, Page, Section, TableScroll } from '../../components/ui.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { formatKronor } from './purchasing-api.ts';

/** Lagervärde: per warehouse, quantity × purchase cost of what is in stock, with an Excel export. */
export function StockValuationPage() {
  const i18n = useI18n();
  const { t, formatDate } = i18n;
  const warehouses = $api.useQuery('get', '/api/provision/warehouses');
  const [warehouseId, setWarehouseId] = useState<string>('all');
  const query = warehouseId === 'all' ? {} : { warehouseId };
  const v = $api.useQuery('get', '/api/provision/purchasing/stock-valuation', { params: { query } });
  const xlsx = `/api/provision/purchasing/stock-valuation.xlsx${warehouseId === 'all' ? '' : `?warehouseId=${encodeURIComponent(warehouseId)}`}`;
  const data = v.data;
  return (
    <Page title={t('purchasing.valuationTitle')} intro={t('purchasing.valuationIntro')}>
      <div className="filters">
        <SelectInput
          label={t('purchasing.warehouse')}
          name="warehouseId"
          value={warehouseId}
          onChange={(x) => setWarehouseId(x ?? 'all')}
          options={[{ id: 'all', label: t('hmc.allWarehouses') }, ...(warehouses.data ?? []).map((w) => ({ id: w.id, label: w.name }))]}
        />
      </div>
      <div className="button-row">
        <a className="button" href={xlsx} download>
          {t('purchasing.downloadExcel')}
        </a>
      </div>
      <ErrorAlert error={v.error} />
      {v.isPending ? <Loading /> : null}
      {data ? (
        <>
          <p role="status">
            {t('purchasing.valuationTotal', { date: formatDate(data.date), amount: formatKronor(data.total) })}
            {data.withoutCost ? ` ${t('purchasing.withoutCost', { count: data.withoutCost })}` : ''}
          </p>
          {data.warehouses.length === 0 ? <p className="empty">{t('purchasing.valuationEmpty')}</p> : null}
          {data.warehouses.map((w) => (
            <Section key={w.warehouseId} title={t('purchasing.valuationOf', { warehouse: w.warehouseName, amount: formatKronor(w.value) })}>
              <TableScroll>
                <Table aria-label={t('purchasing.valuationTableOf', { warehouse: w.warehouseName })} className="table table--dense">
                  <TableHeader>
                    <Column isRowHeader className="col">
                      {t('purchasing.article')}
                    </Column>
                    <Column className="col">{t('purchasing.quantity')}</Column>
                    <Column className="col">{t('purchasing.averageCost')}</Column>
                    <Column className="col">{t('purchasing.value')}</Column>
                  </TableHeader>
                  <TableBody items={w.rows.map((r) => ({ ...r, id: r.articleId }))}>
                    {(r) => (
                      <Row id={r.id} className="row">
                        <Cell className="cell">
                          {r.articleName} ({r.articleNumber}){r.unitTracked ? ` · ${t('hmc.unitTracked')}` : ''}
                        </Cell>
                        <Cell className="cell">{r.quantity}</Cell>
                        <Cell className="cell nowrap">{r.unitCost === null ? t('purchasing.costMissing') : formatKronor(r.unitCost)}</Cell>
                        <Cell className="cell nowrap">{formatKronor(r.value)}</Cell>
                      </Row>
                    )}
                  </TableBody>
                </Table>
              </TableScroll>
            </Section>
          ))}
        </>
      ) : null}
    </Page>
  );
}
