import { useState } from 'react';
import { Cell, Column, Link, Row, Table, TableBody, TableHeader } from 'react-aria-components';
import { $api } from '../api/client.ts';
import { SearchInput, SelectInput } from '../components/fields.tsx';
import { Badge, ButtonLink, ErrorAlert, LiveStatus, Loading, Page, SuccessMessage, TableScroll, useDebounced, useFlash } from '../components/ui.tsx';
import { weekdayLabel } from '../format.ts';
import { useI18n } from '../i18n/index.tsx';

export function CustomersPage() {
  const { t, collator } = useI18n();
  const [q, setQ] = useState('');
  const [careProviderId, setCareProviderId] = useState<string>('all');
  const debouncedQ = useDebounced(q.trim(), 300);
  const [flash] = useFlash();
  const providers = $api.useQuery('get', '/api/care-providers');
  const list = $api.useQuery('get', '/api/customers', {
    params: { query: { q: debouncedQ || undefined, careProviderId: careProviderId !== 'all' ? careProviderId : undefined } },
  });
  const rows = [...(list.data ?? [])].sort((a, b) => collator.compare(a.name, b.name));
  const providerOptions = [
    { id: 'all', label: t('customers.allCareProviders') },
    ...[...(providers.data ?? [])].sort((a, b) => collator.compare(a.name, b.name)).map((p) => ({ id: p.id, label: p.name })),
  ];

  return (
    <Page
      title={t('customers.title')}
      intro={t('customers.intro')}
      actions={
        <ButtonLink href="/admin/kunder/ny" variant="primary">
          {t('customers.new')}
        </ButtonLink>
      }
    >
      {flash ? <SuccessMessage>{flash}</SuccessMessage> : null}
      <div className="filters" role="search" aria-label={t('customers.filters')}>
        <SearchInput label={t('common.search')} name="q" value={q} onChange={setQ} description={t('customers.searchHelp')} />
        <SelectInput
          label={t('field.careProvider')}
          name="careProviderId"
          value={careProviderId}
          onChange={(v) => setCareProviderId(v ?? 'all')}
          options={providerOptions}
        />
      </div>
      <ErrorAlert error={list.error} />
      <LiveStatus>{list.isPending ? t('common.loading') : t('customers.count', { count: rows.length })}</LiveStatus>
      <TableScroll>
        <Table aria-label={t('customers.title')} className="table">
          <TableHeader>
            <Column className="col">{t('field.customerNumber')}</Column>
            <Column isRowHeader className="col">
              {t('field.name')}
            </Column>
            <Column className="col">{t('field.careProvider')}</Column>
            <Column className="col">{t('field.deliveryArea')}</Column>
            <Column className="col">{t('common.status')}</Column>
          </TableHeader>
          <TableBody items={rows} renderEmptyState={() => (list.isPending ? <Loading /> : <p className="empty">{t('customers.empty')}</p>)}>
            {(c) => (
              <Row id={c.id} className="row">
                <Cell className="cell mono">{c.customerNumber}</Cell>
                <Cell className="cell">
                  <Link className="link" href={`/admin/kunder/${c.id}`}>
                    {c.name}
                  </Link>
                </Cell>
                <Cell className="cell">{c.careProviderName}</Cell>
                <Cell className="cell">{t('customers.areaWithDay', { name: c.deliveryAreaName, weekday: weekdayLabel(t, c.deliveryWeekday) })}</Cell>
                <Cell className="cell">{c.active ? <Badge tone="ok">{t('common.active')}</Badge> : <Badge tone="muted">{t('common.inactive')}</Badge>}</Cell>
              </Row>
            )}
          </TableBody>
        </Table>
      </TableScroll>
    </Page>
  );
}
