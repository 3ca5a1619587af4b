import { useState } from 'react';
import { Cell, Column, Form, Row, Table, TableBody, TableHeader } from 'react-aria-components';
import { issuesByField } from '../api/errors.ts';
import { $api } from '../api/client.ts';
import type { AuditQuery } from '../api/types.ts';
import { TextInput } from '../components/fields.tsx';
import { Btn, ErrorAlert, LiveStatus, Loading, Page, TableScroll } from '../components/ui.tsx';
import { useI18n } from '../i18n/index.tsx';

interface Filters {
  action: string;
  entityType: string;
  entityId: string;
  actorUserId: string;
  from: string;
  to: string;
}

const emptyFilters: Filters = { action: '', entityType: '', entityId: '', actorUserId: '', from: '', to: '' };

/** A date picked as YYYY-MM-DD means the whole local day: from its first to its last millisecond. */
function dayBound(date: string, end: boolean): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return undefined;
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const at = end ? new Date(y, m - 1, d, 23, 59, 59, 999) : new Date(y, m - 1, d, 0, 0, 0, 0);
  return at.toISOString();
}

function toQuery(f: Filters): AuditQuery {
  const q: AuditQuery = {};
  if (f.action.trim()) q.action = f.action.trim();
  if (f.entityType.trim()) q.entityType = f.entityType.trim();
  if (f.entityId.trim()) q.entityId = f.entityId.trim();
  if (f.actorUserId.trim()) q.actorUserId = f.actorUserId.trim();
  const from = dayBound(f.from, false);
  const to = dayBound(f.to, true);
  if (from) q.from = from;
  if (to) q.to = to;
  return q;
}

// The log is read to the second.
const atFormat = new Intl.DateTimeFormat('sv-SE', { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });

function details(d: Record<string, unknown> | null): string {
  if (!d) return '';
  return Object.entries(d)
    .map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join('; ');
}

export function AuditPage() {
  const { t } = useI18n();
  const [draft, setDraft] = useState<Filters>(emptyFilters);
  const [applied, setApplied] = useState<AuditQuery>({});
  const set = (k: keyof Filters, v: string) => setDraft((f) => ({ ...f, [k]: v }));
  // Older pages by `before` (the last row's id); a new search starts over.
  const log = $api.useInfiniteQuery(
    'get',
    '/api/audit',
    { params: { query: { ...applied, limit: 100 } } },
    { pageParamName: 'before', initialPageParam: null, getNextPageParam: (last) => last.nextBefore },
  );
  const items = log.data?.pages.flatMap((p) => p.items) ?? [];
  const nextBefore = log.isPending ? null : (log.data?.pages.at(-1)?.nextBefore ?? null);
  const loading = log.isPending;
  const error = log.error;

  return (
    <Page title={t('audit.title')} intro={t('audit.intro')}>
      <section className="card" aria-labelledby="audit-filters">
        <h2 className="card-title" id="audit-filters">
          {t('audit.filters')}
        </h2>
        <Form
          className="form"
          role="search"
          aria-labelledby="audit-filters"
          validationErrors={issuesByField(error)}
          onSubmit={(e) => {
            e.preventDefault();
            setApplied(toQuery(draft));
          }}
        >
          <div className="filter-grid">
            <TextInput
              label={t('field.action')}
              name="action"
              value={draft.action}
              onChange={(v) => set('action', v)}
              description={t('audit.actionHelp')}
              spellCheck={false}
              maxLength={100}
            />
            <TextInput
              label={t('field.entityType')}
              name="entityType"
              value={draft.entityType}
              onChange={(v) => set('entityType', v)}
              spellCheck={false}
              maxLength={50}
            />
            <TextInput
              label={t('field.entityId')}
              name="entityId"
              value={draft.entityId}
              onChange={(v) => set('entityId', v)}
              spellCheck={false}
              maxLength={100}
            />
            <TextInput
              label={t('field.actorUserId')}
              name="actorUserId"
              value={draft.actorUserId}
              onChange={(v) => set('actorUserId', v)}
              spellCheck={false}
              maxLength={36}
            />
            <TextInput label={t('field.from')} name="from" type="date" value={draft.from} onChange={(v) => set('from', v)} />
            <TextInput label={t('field.to')} name="to" type="date" value={draft.to} onChange={(v) => set('to', v)} />
          </div>
          <div className="button-row">
            <Btn type="submit" variant="primary">
              {t('audit.search')}
            </Btn>
            <Btn
              onPress={() => {
                setDraft(emptyFilters);
                setApplied({});
              }}
            >
              {t('audit.reset')}
            </Btn>
          </div>
        </Form>
      </section>
      <ErrorAlert error={error} shownFields={['action', 'entityType', 'entityId', 'actorUserId', 'from', 'to']} />
      <LiveStatus>{loading ? t('common.loading') : t('audit.count', { count: items.length })}</LiveStatus>
      <TableScroll>
        <Table aria-label={t('audit.tableLabel')} className="table table--dense">
          <TableHeader>
            <Column className="col">{t('audit.colAt')}</Column>
            <Column className="col">{t('audit.colActor')}</Column>
            <Column isRowHeader className="col">
              {t('audit.colAction')}
            </Column>
            <Column className="col">{t('audit.colEntity')}</Column>
            <Column className="col">{t('audit.colDetails')}</Column>
            <Column className="col">{t('audit.colIp')}</Column>
            <Column className="col">{t('audit.colRequestId')}</Column>
          </TableHeader>
          <TableBody items={items} renderEmptyState={() => (loading ? <Loading /> : <p className="empty">{t('audit.empty')}</p>)}>
            {(e) => (
              <Row id={e.id} className="row">
                <Cell className="cell nowrap">{atFormat.format(new Date(e.at))}</Cell>
                <Cell className="cell">{e.actorLabel}</Cell>
                <Cell className="cell mono">{e.action}</Cell>
                <Cell className="cell">
                  {e.entityType}
                  {e.entityId ? <span className="mono small block">{e.entityId}</span> : null}
                </Cell>
                <Cell className="cell small details-cell">{details(e.details)}</Cell>
                <Cell className="cell mono small">{e.ip ?? ''}</Cell>
                <Cell className="cell mono small">{e.requestId ?? ''}</Cell>
              </Row>
            )}
          </TableBody>
        </Table>
      </TableScroll>
      {nextBefore != null ? (
        <div className="button-row">
          <Btn onPress={() => void log.fetchNextPage()} isPending={log.isFetchingNextPage}>
            {t('audit.showOlder')}
          </Btn>
        </div>
      ) : null}
    </Page>
  );
}
