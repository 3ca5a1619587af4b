import { useState } from 'react';
import { Cell, Column, Row, Table, TableBody, TableHeader } from 'react-aria-components';
import { SearchInput, SelectInput, TextInput } from '../../components/fields.tsx';
import { FormDialog } from '../../components/form-dialog.tsx';
import { $api, dataOf, fetchClient } from '../../api/client.ts';
import { useInvalidate } from '../../api/query.ts';
import { Btn, ErrorAlert, LiveStatus, Loading, Page, SuccessMessage, TableScroll, useDebounced } from '../../components/ui.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { useSession } from '../../session.tsx';
import { refusalText } from './provision-format.ts';
import type { StockRow } from './provision-api.ts';

/** What each warehouse holds: ledger balances of articles that are not unit-tracked, and units in stock. */
export function StockPage() {
  const { t } = useI18n();
  const { hasRole } = useSession();
  const warehouses = $api.useQuery('get', '/api/provision/warehouses');
  const invalidate = useInvalidate();
  const [warehouseId, setWarehouseId] = useState<string>('all');
  const [q, setQ] = useState('');
  const debounced = useDebounced(q.trim(), 300);
  const stock = $api.useQuery('get', '/api/provision/stock', {
    params: { query: { warehouseId: warehouseId === 'all' ? undefined : warehouseId, q: debounced || undefined } },
  });
  const [adjusting, setAdjusting] = useState<StockRow | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const rows = stock.data ?? [];
  const mayPost = hasRole('warehouse');

  return (
    <Page title={t('hmc.stockTitle')} intro={t('hmc.stockIntro')}>
      {message ? <SuccessMessage>{message}</SuccessMessage> : null}
      <div className="filters" role="search" aria-label={t('hmc.stockFilters')}>
        <SelectInput
          label={t('hmc.warehouse')}
          name="warehouseId"
          value={warehouseId}
          onChange={(v) => setWarehouseId(v ?? 'all')}
          options={[{ id: 'all', label: t('hmc.allWarehouses') }, ...(warehouses.data ?? []).map((w) => ({ id: w.id, label: w.name }))]}
        />
        <SearchInput label={t('common.search')} name="q" value={q} onChange={setQ} description={t('hmc.stockSearchHelp')} />
      </div>
      <ErrorAlert error={stock.error} />
      <LiveStatus>{stock.isPending ? t('common.loading') : t('hmc.stockCount', { count: rows.length })}</LiveStatus>
      <TableScroll>
        <Table aria-label={t('hmc.stockTitle')} className="table table--dense">
          <TableHeader>
            <Column isRowHeader className="col">
              {t('hmc.article')}
            </Column>
            <Column className="col">{t('hmc.warehouse')}</Column>
            <Column className="col">{t('hmc.inStock')}</Column>
            <Column className="col">{t('hmc.ofWhichReconditioned')}</Column>
            <Column className="col">{t('hmc.reserved')}</Column>
            <Column className="col">
              <span className="visually-hidden">{t('common.actions')}</span>
            </Column>
          </TableHeader>
          <TableBody
            items={rows.map((r) => ({ ...r, id: `${r.warehouseId}:${r.articleId}` }))}
            renderEmptyState={() => (stock.isPending ? <Loading /> : <p className="empty">{t('hmc.stockEmpty')}</p>)}
          >
            {(r) => (
              <Row id={r.id} className="row">
                <Cell className="cell">
                  {r.articleName} ({r.articleNumber}){r.unitTracked ? ` · ${t('hmc.unitTracked')}` : ''}
                </Cell>
                <Cell className="cell">{r.warehouseName}</Cell>
                <Cell className="cell">{r.balance}</Cell>
                <Cell className="cell">{r.unitTracked ? r.reconditionedUnits : '–'}</Cell>
                <Cell className="cell">{r.unitTracked ? r.reservedUnits : '–'}</Cell>
                <Cell className="cell">
                  {!r.unitTracked && mayPost ? (
                    <Btn
                      className="button--small"
                      onPress={() => (setMessage(null), setAdjusting(r))}
                      aria-label={t('hmc.adjustNamed', { name: r.articleName, warehouse: r.warehouseName })}
                    >
                      {t('hmc.adjust')}
                    </Btn>
                  ) : null}
                </Cell>
              </Row>
            )}
          </TableBody>
        </Table>
      </TableScroll>
      {adjusting ? (
        <StockDialog
          row={adjusting}
          onClose={() => setAdjusting(null)}
          onDone={(balance) => {
            setAdjusting(null);
            const posted = t('hmc.stockPosted', { name: adjusting.articleName, balance });
            void invalidate('/api/provision/stock').then(() => setMessage(posted));
          }}
        />
      ) : null}
    </Page>
  );
}

function StockDialog({ row, onClose, onDone }: { row: StockRow; onClose: () => void; onDone: (balance: number) => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [kind, setKind] = useState<'receipt' | 'adjustment' | null>('receipt');
  const [quantity, setQuantity] = useState('');
  const [note, setNote] = useState('');
  return (
    <FormDialog
      title={t('hmc.stockDialogTitle', { name: row.articleName, warehouse: row.warehouseName })}
      onClose={onClose}
      send={() =>
        kind
          ? fetchClient
              .POST('/api/provision/stock/transactions', {
                body: { warehouseId: row.warehouseId, articleId: row.articleId, quantity: Number(quantity), kind, note: note.trim() || null },
              })
              .then(dataOf)
          : null
      }
      onDone={(r) => onDone(r.balance)}
      submitLabel={t('common.save')}
      shownFields={['quantity', 'kind', 'note']}
      errorText={(e) => refusalText(i18n, e)}
      intro={<p className="help-text">{t('hmc.stockDialogHelp', { balance: row.balance })}</p>}
    >
      <SelectInput
        label={t('hmc.stockKind')}
        name="kind"
        value={kind}
        onChange={setKind}
        isRequired
        options={[
          { id: 'receipt' as const, label: t('hmc.stockKind.receipt') },
          { id: 'adjustment' as const, label: t('hmc.stockKind.adjustment') },
        ]}
      />
      <TextInput
        label={t('hmc.quantity')}
        name="quantity"
        value={quantity}
        onChange={setQuantity}
        isRequired
        description={t('hmc.stockQuantityHelp')}
        validate={(v) => (/^-?[1-9]\d{0,4}$/.test(v.trim()) ? null : t('hmc.stockQuantityInvalid'))}
      />
      <TextInput label={t('hmc.note')} name="note" value={note} onChange={setNote} maxLength={500} />
    </FormDialog>
  );
}
