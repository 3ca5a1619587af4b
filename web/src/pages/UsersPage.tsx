import { useState } from 'react';
import { Cell, Column, Link, Row, Table, TableBody, TableHeader } from 'react-aria-components';
import { $api } from '../api/client.ts';
import { cursorPages, pagedList } from '../api/query.ts';
import { ROLES, type Role } from '../api/types.ts';
import { SearchInput, SelectInput } from '../components/fields.tsx';
import { Badge, ButtonLink, ErrorAlert, LiveStatus, Loading, Page, ShowMore, TableScroll, useDebounced } from '../components/ui.tsx';
import { useI18n } from '../i18n/index.tsx';
import { useSession } from '../session.tsx';
import { formatRoles, professionLabel } from '../format.ts';

type ActiveFilter = 'all' | 'true' | 'false';

export function UsersPage() {
  const { t, tMaybe, formatDateTime } = useI18n();
  const { hasRole } = useSession();
  const isAdmin = hasRole('systemAdmin');
  const [q, setQ] = useState('');
  const [role, setRole] = useState<Role | 'all'>('all');
  const [active, setActive] = useState<ActiveFilter>('all');
  const debouncedQ = useDebounced(q.trim(), 300);

  const query = { q: debouncedQ, role: role === 'all' ? undefined : role, active: active === 'all' ? undefined : active, limit: 50 };
  const list = pagedList($api.useInfiniteQuery('get', '/api/users', { params: { query } }, cursorPages));
  const { items, nextCursor, loading, error } = list;

  const roleOptions = [{ id: 'all' as const, label: t('users.allRoles') }, ...ROLES.map((r) => ({ id: r, label: t(`role.${r}`) }))];
  const activeOptions: { id: ActiveFilter; label: string }[] = [
    { id: 'all', label: t('common.all') },
    { id: 'true', label: t('users.activeOnly') },
    { id: 'false', label: t('users.inactiveOnly') },
  ];

  return (
    <Page
      title={t('users.title')}
      intro={isAdmin ? undefined : t('users.readOnly')}
      actions={
        isAdmin ? (
          <ButtonLink href="/admin/anvandare/ny" variant="primary">
            {t('users.new')}
          </ButtonLink>
        ) : undefined
      }
    >
      <div className="filters" role="search" aria-label={t('users.filters')}>
        <SearchInput label={t('common.search')} name="q" value={q} onChange={setQ} description={t('users.searchHelp')} />
        <SelectInput label={t('users.role')} name="role" value={role} onChange={(v) => setRole(v ?? 'all')} options={roleOptions} />
        <SelectInput label={t('common.status')} name="active" value={active} onChange={(v) => setActive(v ?? 'all')} options={activeOptions} />
      </div>
      <ErrorAlert error={error} />
      <LiveStatus>{loading ? t('common.loading') : t(nextCursor ? 'users.countMore' : 'users.count', { count: items.length })}</LiveStatus>
      <TableScroll>
        <Table aria-label={t('users.title')} className="table">
          <TableHeader>
            <Column isRowHeader className="col">
              {t('users.colName')}
            </Column>
            <Column className="col">{t('users.colUsername')}</Column>
            <Column className="col">{t('users.colProfession')}</Column>
            <Column className="col">{t('users.colRoles')}</Column>
            <Column className="col">{t('common.status')}</Column>
            <Column className="col">{t('users.colLastLogin')}</Column>
          </TableHeader>
          <TableBody items={items} renderEmptyState={() => (loading ? <Loading /> : <p className="empty">{t('users.empty')}</p>)}>
            {(u) => (
              <Row id={u.id} className="row">
                <Cell className="cell">
                  <Link className="link" href={`/admin/anvandare/${u.id}`}>
                    {u.lastName}, {u.firstName}
                  </Link>
                </Cell>
                <Cell className="cell mono">{u.username}</Cell>
                <Cell className="cell">{professionLabel({ tMaybe }, u.profession)}</Cell>
                <Cell className="cell">{formatRoles(t, u.roles)}</Cell>
                <Cell className="cell">{u.active ? <Badge tone="ok">{t('common.active')}</Badge> : <Badge tone="muted">{t('common.inactive')}</Badge>}</Cell>
                <Cell className="cell nowrap">{u.lastLoginAt ? formatDateTime(u.lastLoginAt) : t('common.never')}</Cell>
              </Row>
            )}
          </TableBody>
        </Table>
      </TableScroll>
      <ShowMore list={list} />
    </Page>
  );
}
