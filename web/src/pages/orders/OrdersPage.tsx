import { useState } from 'react';
import { Tab, TabList, TabPanel, Tabs, type Key } from 'react-aria-components';
import { ORDER_STATUSES, type OrderListQuery, type OrderStatus, type OrderType } from '../../api/types.ts';
import { SearchInput, SelectInput } from '../../components/fields.tsx';
import { ButtonLink, ErrorAlert, LiveStatus, Loading, Page, ShowMore, useDebounced } from '../../components/ui.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { navigate, useLocation } from '../../router.ts';
import { OrdersTable } from './OrdersTable.tsx';
import { newOrderHref, orderMatrix, orderTypeLabel, statusLabel } from './order-format.ts';
import { $api } from '../../api/client.ts';
import { cursorPages, pagedList } from '../../api/query.ts';

type Scope = OrderListQuery['scope'];
type StatusFilter = 'all' | 'open' | 'closed' | OrderStatus;

interface Filters {
  status: StatusFilter;
  orderType: OrderType | 'all';
  q: string;
  customerId: string;
}

/** One page of orders with "Visa fler" (keyset paging on the server); a new filter starts over. */
function OrderList({ scope, filters }: { scope: Scope; filters: Filters }) {
  const { t } = useI18n();
  const q = useDebounced(filters.q.trim(), 300);
  const query: OrderListQuery = {
    scope,
    ...(filters.status !== 'all' ? { status: filters.status } : {}),
    ...(filters.orderType !== 'all' ? { orderType: filters.orderType } : {}),
    ...(q ? { q } : {}),
    ...(scope === 'customer' && filters.customerId !== 'all' ? { customerId: filters.customerId } : {}),
  };
  const list = pagedList($api.useInfiniteQuery('get', '/api/orders', { params: { query: { ...query, limit: 50 } } }, cursorPages));
  const { items, nextCursor, loading, error } = list;

  const label = t(scope === 'mine' ? 'orders.tabMine' : 'orders.tabCustomer');
  return (
    <>
      <ErrorAlert error={error} />
      <LiveStatus>{loading ? t('common.loading') : t(nextCursor ? 'orders.countMore' : 'orders.count', { count: items.length })}</LiveStatus>
      {loading && !items.length ? (
        <Loading />
      ) : (
        <OrdersTable items={items} label={label} showPatient showCreatedBy={scope === 'customer'} empty={t('orders.empty')} />
      )}
      <ShowMore list={list} label={t('orders.loadMore')} />
    </>
  );
}

/** /bestallningar: "Mina beställningar" and "Min kunds beställningar" with filters. */
export function OrdersPage() {
  const { t, locale, collator } = useI18n();
  const { search } = useLocation();
  const scope: Scope = search.get('visa') === 'kund' ? 'customer' : 'mine';
  const me = $api.useQuery('get', '/api/me');
  const [filters, setFilters] = useState<Filters>({ status: 'open', orderType: 'all', q: '', customerId: 'all' });
  const set = <K extends keyof Filters>(k: K, v: Filters[K]) => setFilters((f) => ({ ...f, [k]: v }));

  const statusOptions: { id: StatusFilter; label: string }[] = [
    { id: 'open', label: t('orders.statusOpen') },
    { id: 'closed', label: t('orders.statusClosed') },
    { id: 'all', label: t('orders.statusAll') },
    ...ORDER_STATUSES.map((s) => ({ id: s, label: statusLabel(t, s) })),
  ];
  const typeOptions: { id: OrderType | 'all'; label: string }[] = [
    { id: 'all', label: t('orders.allTypes') },
    ...(Object.keys(orderMatrix) as OrderType[]).map((k) => ({ id: k, label: orderTypeLabel(locale, k) })),
  ];
  const memberships = [...(me.data?.memberships ?? [])].sort((a, b) => collator.compare(a.customerName, b.customerName));
  const customerOptions = [
    { id: 'all', label: t('orders.allCustomers') },
    ...memberships.map((m) => ({ id: m.customerId, label: `${m.customerNumber} ${m.customerName}` })),
  ];

  const onTab = (k: Key) => navigate(k === 'customer' ? '/bestallningar?visa=kund' : '/bestallningar', { replace: true });
  const panel = (s: Scope) => (
    <>
      <div className="filters" role="search" aria-label={t('orders.filters')}>
        <SearchInput label={t('orders.search')} name="q" value={filters.q} onChange={(v) => set('q', v)} description={t('orders.searchHelp')} />
        <SelectInput label={t('common.status')} name="status" value={filters.status} onChange={(v) => set('status', v ?? 'open')} options={statusOptions} />
        <SelectInput
          label={t('orders.orderType')}
          name="orderType"
          value={filters.orderType}
          onChange={(v) => set('orderType', v ?? 'all')}
          options={typeOptions}
        />
        {s === 'customer' && memberships.length > 1 ? (
          <SelectInput
            label={t('orders.customer')}
            name="customerId"
            value={filters.customerId}
            onChange={(v) => set('customerId', v ?? 'all')}
            options={customerOptions}
          />
        ) : null}
      </div>
      <OrderList scope={s} filters={filters} />
    </>
  );

  return (
    <Page
      title={t('orders.title')}
      intro={t('orders.intro')}
      actions={
        <ButtonLink href={newOrderHref()} variant="primary">
          {t('orders.new')}
        </ButtonLink>
      }
    >
      <Tabs selectedKey={scope} onSelectionChange={onTab} className="tabs">
        <TabList aria-label={t('orders.title')} className="tab-list">
          <Tab id="mine" className="tab">
            {t('orders.tabMine')}
          </Tab>
          <Tab id="customer" className="tab">
            {t('orders.tabCustomer')}
          </Tab>
        </TabList>
        <TabPanel id="mine" className="tab-panel">
          {panel('mine')}
        </TabPanel>
        <TabPanel id="customer" className="tab-panel">
          {panel('customer')}
        </TabPanel>
      </Tabs>
    </Page>
  );
}
