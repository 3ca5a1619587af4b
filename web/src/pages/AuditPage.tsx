import { useMemo, useState } from 'react';
import { Cell, Column, Form, Row, Table, TableBody, TableHeader } from 'react-aria-components';
import { issuesByField } from '../api/errors.ts';
import { $api } from '../api/client.ts';
import type { AuditSearch, AuditSearchEntry } from '../api/types.ts';
import { SelectInput, TextInput } from '../components/fields.tsx';
import { Badge, Btn, ErrorAlert, LiveStatus, Loading, Page, TableScroll } from '../components/ui.tsx';
import { useI18n } from '../i18n/index.tsx';
import { checkPersonalNumber } from './patients/personal-number.ts';
import { formatPersonalNumber } from '../format.ts';

interface Filters {
  patient: string;
  action: string;
  entityType: string;
  entityId: string;
  actorUserId: string;
  from: string;
  to: string;
}

const emptyFilters: Filters = { patient: '', action: '', entityType: '', entityId: '', actorUserId: '', from: '', to: '' };
const ALL_ACTIONS = '*';

/** A date picked as YYYY-MM-DD means the whole local day: from its first to its last millisecond. */
function dayBound(date: string, end: boolean): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return undefined;
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const at = end ? new Date(y, m - 1, d, 23, 59, 59, 999) : new Date(y, m - 1, d, 0, 0, 0, 0);
  return at.toISOString();
}

function toSearch(f: Filters): AuditSearch {
  const q: AuditSearch = {};
  if (f.patient.trim()) q.patient = f.patient.trim();
  if (f.action && f.action !== ALL_ACTIONS) q.action = f.action;
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

/**
 * /admin/logg: system administration searches the audit log, also for a patient by personnummer (any usual
 * form) or name. The patient goes in a POST body, never in the address, and the search on a patient is itself
 * logged. Actions and purposes show by their names in the page's language, the code beside them.
 */
export function AuditPage() {
  const { t, locale, collator } = useI18n();
  const [draft, setDraft] = useState<Filters>(emptyFilters);
  const [applied, setApplied] = useState<AuditSearch>({});
  const set = (k: keyof Filters, v: string) => setDraft((f) => ({ ...f, [k]: v }));
  const names = $api.useQuery('get', '/api/audit/actions');
  const actionOptions = useMemo(
    () => [
      { id: ALL_ACTIONS, label: t('audit.allActions') },
      ...(names.data?.actions ?? []).map((a) => ({ id: a.name, label: locale === 'en' ? a.en : a.sv })).sort((a, b) => collator.compare(a.label, b.label)),
    ],
    [names.data, locale, collator, t],
  );
  // Older pages by `before` (the last row's id); a new search starts over.
  const log = $api.useInfiniteQuery(
    'post',
    '/api/audit/search',
    { params: { query: { limit: 100 } }, body: applied },
    { pageParamName: 'before', initialPageParam: null, getNextPageParam: (last) => last.nextBefore },
  );
  const items = log.data?.pages.flatMap((p) => p.items) ?? [];
  const first = log.data?.pages[0];
  const patients = first?.patients ?? null;
  const nextBefore = log.isPending ? null : (log.data?.pages.at(-1)?.nextBefore ?? null);
  const loading = log.isPending;
  const error = log.error;

  // A number is checked as it is typed (the server checks again); letters are a name.
  const validatePatient = (v: string) => {
    if (!/\d/.test(v)) return null;
    const r = checkPersonalNumber(v);
    return r.ok ? null : t(`personalNumber.${r.code}`, r.vars);
  };

  const actionText = (e: AuditSearchEntry) => (locale === 'en' ? e.actionLabelEn : e.actionLabel);
  const purposeText = (e: AuditSearchEntry) => (locale === 'en' ? e.purposeLabelEn : e.purposeLabel);

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
            setApplied(toSearch(draft));
          }}
        >
          <div className="filter-grid">
            <TextInput
              label={t('audit.patient')}
              name="patient"
              value={draft.patient}
              onChange={(v) => set('patient', v)}
              description={t('audit.patientHelp')}
              validate={validatePatient}
              autoComplete="off"
              spellCheck={false}
              maxLength={100}
            />
            <SelectInput
              label={t('field.action')}
              name="action"
              value={draft.action || ALL_ACTIONS}
              onChange={(v) => set('action', v ?? '')}
              options={actionOptions}
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
      <ErrorAlert error={error} shownFields={['patient', 'action', 'entityType', 'entityId', 'actorUserId', 'from', 'to']} />
      {patients ? (
        <div className="alert alert--info" role="status" aria-live="polite">
          {patients.length === 0 ? (
            <p>{t('audit.noPatient')}</p>
          ) : (
            <>
              <p>{t('audit.patientsFound', { count: patients.length })}</p>
              <ul className="plain-list">
                {patients.map((p) => (
                  <li key={p.identifier}>
                    {p.name} <span className="mono">{formatPersonalNumber(p.identifier)}</span>
                    {p.protectedIdentity ? (
                      <>
                        {' '}
                        <Badge tone="warn">{t('patient.protectedIdentity')}</Badge>
                      </>
                    ) : null}
                  </li>
                ))}
              </ul>
              {first?.morePatients ? <p>{t('audit.morePatients', { count: patients.length })}</p> : null}
              <p className="small">{t('audit.patientSearchLogged')}</p>
            </>
          )}
        </div>
      ) : null}
      <LiveStatus>{loading ? t('common.loading') : t('audit.count', { count: items.length })}</LiveStatus>
      <TableScroll>
        <Table aria-label={t('audit.tableLabel')} className="table table--dense">
          <TableHeader>
            <Column className="col">{t('audit.colAt')}</Column>
            <Column className="col">{t('audit.colActor')}</Column>
            <Column isRowHeader className="col">
              {t('audit.colAction')}
            </Column>
            <Column className="col">{t('audit.colPatient')}</Column>
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
                <Cell className="cell" textValue={actionText(e)}>
                  {actionText(e)}
                  {e.purpose ? <span className="small block">{t('audit.purpose', { purpose: purposeText(e) ?? e.purpose })}</span> : null}
                  <span className="mono small block muted">{e.action}</span>
                </Cell>
                <Cell className="cell">
                  {e.patient ? (
                    <>
                      {e.patient.name}
                      <span className="mono small block">{formatPersonalNumber(e.patient.identifier)}</span>
                    </>
                  ) : (
                    ''
                  )}
                </Cell>
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
