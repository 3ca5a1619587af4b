import { useState } from 'react';
import { Cell, Column, Row, Table, TableBody, TableHeader } from 'react-aria-components';
import { $api, dataOf, fetchClient, type ApiData } from '../../api/client.ts';
import { useInvalidate } from '../../api/query.ts';
import { SelectInput, TextAreaInput, TextInput } from '../../components/fields.tsx';
import { FormDialog } from '../../components/form-dialog.tsx';
import { Badge, Btn, ButtonLink, ErrorAlert, LiveStatus, Loading, Page, SuccessMessage, TableScroll, useFlash } from '../../components/ui.tsx';
import { formatRoles, professionLabel } from '../../format.ts';
import { useI18n, type I18n } from '../../i18n/index.tsx';
import { useSession } from '../../session.tsx';
import { validators } from '../../validation.ts';

export type Application = ApiData<'/api/access-applications'>['items'][number];
type State = Application['state'];
const STATES: readonly State[] = ['received', 'approved', 'refused'];

/**
 * Behörighetsansökningar (issue 13): system administration's queue, oldest first, with each application's
 * clock against the target; approving registers the change, refusing needs a reason. Local support sees its
 * care provider's applications and applies for new ones.
 */
export function ApplicationsPage() {
  const i18n = useI18n();
  const { t, formatDateTime } = i18n;
  const { hasRole } = useSession();
  const isAdmin = hasRole('systemAdmin');
  const [state, setState] = useState<State>('received');
  const list = $api.useQuery('get', '/api/access-applications', { params: { query: { state, limit: 200 } } });
  const invalidate = useInvalidate();
  const [flash, setFlash] = useFlash();
  const [deciding, setDeciding] = useState<{ kind: 'approve' | 'refuse'; app: Application } | null>(null);
  const items = list.data?.items ?? [];
  // The target as set now (the setting); each application keeps the target it arrived under in its clock.
  const settings = $api.useQuery('get', '/api/admin/settings', {}, { enabled: isAdmin });
  const targetDays = settings.data?.find((x) => x.key === 'accessApplications.targetDays')?.value ?? items[0]?.clock.targetDays;

  const decided = (message: string) => {
    setDeciding(null);
    setFlash(message);
    void invalidate('/api/access-applications');
  };

  return (
    <Page
      title={t('access.apps.title')}
      intro={isAdmin ? (targetDays === undefined ? undefined : t('access.apps.introAdmin', { days: targetDays })) : t('access.apps.introSupport')}
      actions={
        <ButtonLink href="/admin/ansokningar/ny" variant="primary">
          {t('access.apps.new')}
        </ButtonLink>
      }
    >
      {flash ? <SuccessMessage>{flash}</SuccessMessage> : null}
      <div className="filters">
        <SelectInput
          label={t('access.apps.state')}
          name="state"
          value={state}
          onChange={(v) => (setFlash(null), setState(v ?? 'received'))}
          options={STATES.map((s) => ({ id: s, label: t(`access.apps.state.${s}`) }))}
        />
      </div>
      <ErrorAlert error={list.error} />
      <LiveStatus>{list.isPending ? t('common.loading') : t('access.apps.count', { count: list.data?.total ?? 0 })}</LiveStatus>
      <TableScroll>
        <Table aria-label={t('access.apps.title')} className="table">
          <TableHeader>
            <Column isRowHeader className="col">
              {t('access.apps.colPerson')}
            </Column>
            <Column className="col">{t('access.apps.colKind')}</Column>
            <Column className="col">{t('access.apps.colWorkplace')}</Column>
            <Column className="col">{t('access.apps.colManager')}</Column>
            <Column className="col">{t('access.apps.colClock')}</Column>
            <Column className="col">
              {state === 'received' ? <span className="visually-hidden">{t('common.actions')}</span> : t('access.apps.colDecision')}
            </Column>
          </TableHeader>
          <TableBody items={items} renderEmptyState={() => (list.isPending ? <Loading /> : <p className="empty">{t('access.apps.empty')}</p>)}>
            {(a) => (
              <Row id={a.id} className="row">
                <Cell className="cell">
                  {a.personName}
                  {a.email ? <span className="small block">{a.email}</span> : null}
                  <span className="small block">{t('access.apps.appliedBy', { name: a.applicant.name })}</span>
                </Cell>
                <Cell className="cell">
                  {t(`access.apps.kind.${a.kind}`)}
                  {a.roles ? <span className="small block">{formatRoles(t, a.roles)}</span> : null}
                  {a.kind === 'change' ? <span className="small block">{describeChange(i18n, a)}</span> : null}
                  {a.note ? <span className="small block">{a.note}</span> : null}
                </Cell>
                <Cell className="cell">{a.customer ? `${a.customer.customerNumber} ${a.customer.name}` : '–'}</Cell>
                <Cell className="cell">
                  {a.manager.name}
                  <span className="small block">{a.manager.email}</span>
                  <span className="small block">{a.manager.phone}</span>
                </Cell>
                <Cell className="cell">
                  <span className="block">{formatDateTime(a.clock.receivedAt)}</span>
                  <span className="small block">{t('access.apps.waited', { days: a.clock.workingDaysSinceReceived, hours: a.clock.hoursSinceReceived })}</span>
                  <Clock app={a} />
                </Cell>
                <Cell className="cell">
                  {a.state === 'received' ? (
                    isAdmin ? (
                      <div className="button-row">
                        <Btn
                          className="button--small"
                          variant="primary"
                          onPress={() => (setFlash(null), setDeciding({ kind: 'approve', app: a }))}
                          aria-label={t('access.apps.approveNamed', { name: a.personName })}
                        >
                          {t('access.apps.approve')}
                        </Btn>
                        <Btn
                          className="button--small"
                          variant="danger"
                          onPress={() => (setFlash(null), setDeciding({ kind: 'refuse', app: a }))}
                          aria-label={t('access.apps.refuseNamed', { name: a.personName })}
                        >
                          {t('access.apps.refuse')}
                        </Btn>
                      </div>
                    ) : null
                  ) : (
                    <>
                      <span className="block">{t('access.apps.decidedAt', { at: formatDateTime(a.decidedAt) })}</span>
                      {a.refusalReason ? <span className="small block">{t('access.apps.reason', { reason: a.refusalReason })}</span> : null}
                    </>
                  )}
                </Cell>
              </Row>
            )}
          </TableBody>
        </Table>
      </TableScroll>
      {deciding?.kind === 'approve' ? (
        <ApproveDialog
          app={deciding.app}
          onClose={() => setDeciding(null)}
          onDone={(r) =>
            decided(
              r.kind === 'newUser' && r.username
                ? t('access.apps.approvedUser', { name: r.personName, username: r.username })
                : t('access.apps.approved', { name: r.personName }),
            )
          }
        />
      ) : null}
      {deciding?.kind === 'refuse' ? (
        <RefuseDialog app={deciding.app} onClose={() => setDeciding(null)} onDone={(r) => decided(t('access.apps.refused', { name: r.personName }))} />
      ) : null}
    </Page>
  );
}

function describeChange({ t, tMaybe }: Pick<I18n, 't' | 'tMaybe'>, a: Application): string {
  const parts = [
    a.firstName || a.lastName ? `${t('field.firstName')}/${t('field.lastName')}: ${[a.firstName, a.lastName].filter(Boolean).join(' ')}` : null,
    a.customer ? `${t('access.apps.colWorkplace')}: ${a.customer.name}` : null,
    a.profession ? `${t('field.profession')}: ${professionLabel({ tMaybe }, a.profession)}` : null,
  ].filter(Boolean);
  return parts.length ? t('access.apps.changes', { list: parts.join('; ') }) : '';
}

/** The clock as words and a badge: due, overdue, or (once decided) within the target or not. */
function Clock({ app }: { app: Application }) {
  const { t, formatDateTime } = useI18n();
  const c = app.clock;
  if (c.withinTarget !== null)
    return c.withinTarget ? <Badge tone="ok">{t('access.apps.withinTarget')}</Badge> : <Badge tone="warn">{t('access.apps.notWithinTarget')}</Badge>;
  return c.overdue ? (
    <Badge tone="warn">{t('access.apps.overdue', { at: formatDateTime(c.dueAt) })}</Badge>
  ) : (
    <Badge tone="info">{t('access.apps.dueAt', { at: formatDateTime(c.dueAt) })}</Badge>
  );
}

type Decided = Application & { username?: string };

function ApproveDialog({ app, onClose, onDone }: { app: Application; onClose: () => void; onDone: (r: Decided) => void }) {
  const { t } = useI18n();
  const v = validators(t);
  const [username, setUsername] = useState('');
  return (
    <FormDialog
      title={t('access.apps.approveTitle', { name: app.personName })}
      onClose={onClose}
      send={async () => {
        const u = username.trim().toLowerCase();
        const r = await fetchClient
          .POST('/api/access-applications/{id}/approve', { params: { path: { id: app.id } }, body: u ? { username: u } : {} })
          .then(dataOf);
        return r.kind === 'newUser' ? { ...r, username: u || undefined } : r;
      }}
      onDone={onDone}
      submitLabel={t('access.apps.approve')}
      shownFields={['username']}
      intro={<p className="help-text">{t(`access.apps.approveIntro.${app.kind}`)}</p>}
    >
      {app.kind === 'newUser' ? (
        <TextInput
          label={t('access.apps.username')}
          name="username"
          value={username}
          onChange={setUsername}
          validate={(x) => (x.trim() ? v.username(x) : null)}
          description={t('access.apps.usernameHelp')}
          autoComplete="off"
          spellCheck={false}
          maxLength={64}
        />
      ) : null}
    </FormDialog>
  );
}

function RefuseDialog({ app, onClose, onDone }: { app: Application; onClose: () => void; onDone: (r: Application) => void }) {
  const { t } = useI18n();
  const [reason, setReason] = useState('');
  return (
    <FormDialog
      title={t('access.apps.refuseTitle', { name: app.personName })}
      onClose={onClose}
      send={() => fetchClient.POST('/api/access-applications/{id}/refuse', { params: { path: { id: app.id } }, body: { reason } }).then(dataOf)}
      onDone={onDone}
      submitLabel={t('access.apps.refuse')}
      submitVariant="danger"
      shownFields={['reason']}
      intro={<p className="help-text">{t('access.apps.refuseIntro')}</p>}
    >
      <TextAreaInput label={t('access.apps.refuseReason')} name="reason" value={reason} onChange={setReason} isRequired maxLength={2000} rows={3} />
    </FormDialog>
  );
}
