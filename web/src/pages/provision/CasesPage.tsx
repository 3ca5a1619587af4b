import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { Cell, Column, Form, Link, Row, Table, TableBody, TableHeader } from 'react-aria-components';
import { $api, fetchClient } from '../../api/client.ts';
import { issuesByField } from '../../api/errors.ts';
import { useInvalidate } from '../../api/query.ts';
import { CheckboxInput, SelectInput, TextAreaInput } from '../../components/fields.tsx';
import { Badge, Btn, ConfirmModal, ErrorAlert, LiveStatus, Loading, Page, Section, SuccessMessage, TableScroll } from '../../components/ui.tsx';
import { formatPersonalNumber, professionLabel } from '../../format.ts';
import { useI18n, type I18n } from '../../i18n/index.tsx';
import { useSession } from '../../session.tsx';
import { deviationKindLabel, faultCategoryLabel } from '../orders/order-format.ts';
import { orderTypeLabel, refusalText, unitStatusLabel, writeOffLabel } from './provision-format.ts';
import { REPORT_TYPES, type CaseStatus, type CaseSummary, type ReportType } from './reports-buffers-api.ts';
import { CentreAttachments } from './CentreAttachments.tsx';

function categoryText(i18n: I18n, c: Pick<CaseSummary, 'category' | 'deviationKind'>) {
  if (c.category) return faultCategoryLabel(i18n.locale, c.category);
  if (c.deviationKind) return deviationKindLabel(i18n, c.deviationKind);
  return '–';
}

/** Ärenden: fault reports, deviations and lost-device reports for customer service and consultants. */
export function CasesPage() {
  const i18n = useI18n();
  const { t, formatDateTime } = i18n;
  const [orderType, setOrderType] = useState<ReportType | 'all'>('all');
  const [status, setStatus] = useState<CaseStatus>('open');
  const [mine, setMine] = useState(false);
  const cases = $api.useQuery('get', '/api/provision/cases', {
    params: { query: { orderType: orderType === 'all' ? undefined : orderType, status, mine: mine ? 'true' : undefined } },
  });
  const rows = cases.data ?? [];
  return (
    <Page title={t('cases.title')} intro={t('cases.intro')}>
      <div className="filters" role="search" aria-label={t('cases.filters')}>
        <SelectInput
          label={t('cases.type')}
          name="orderType"
          value={orderType}
          onChange={(v) => setOrderType(v ?? 'all')}
          options={[{ id: 'all' as const, label: t('common.all') }, ...REPORT_TYPES.map((r) => ({ id: r, label: orderTypeLabel(t, r) }))]}
        />
        <SelectInput
          label={t('common.status')}
          name="status"
          value={status}
          onChange={(v) => setStatus(v ?? 'open')}
          options={[
            { id: 'open' as const, label: t('cases.status.open') },
            { id: 'closed' as const, label: t('cases.status.closed') },
          ]}
        />
        <CheckboxInput name="mine" isSelected={mine} onChange={setMine}>
          {t('cases.onlyMine')}
        </CheckboxInput>
      </div>
      <ErrorAlert error={cases.error} />
      <LiveStatus>{cases.isPending ? t('common.loading') : t('cases.count', { count: rows.length })}</LiveStatus>
      <TableScroll>
        <Table aria-label={t('cases.title')} className="table table--dense">
          <TableHeader>
            <Column isRowHeader className="col">
              {t('cases.case')}
            </Column>
            <Column className="col">{t('cases.type')}</Column>
            <Column className="col">{t('cases.category')}</Column>
            <Column className="col">{t('cases.customer')}</Column>
            <Column className="col">{t('cases.reportedBy')}</Column>
            <Column className="col">{t('cases.receivedAt')}</Column>
            <Column className="col">{t('cases.handler')}</Column>
          </TableHeader>
          <TableBody
            items={rows.map((r) => ({ ...r, id: r.orderId }))}
            renderEmptyState={() => (cases.isPending ? <Loading /> : <p className="empty">{t('cases.empty')}</p>)}
          >
            {(r) => (
              <Row id={r.id} className="row">
                <Cell className="cell">
                  <Link className="link" href={`/hmc/arenden/${r.orderId}`}>
                    {r.centreOrderNumber}
                  </Link>
                </Cell>
                <Cell className="cell">{orderTypeLabel(t, r.orderType)}</Cell>
                <Cell className="cell">{categoryText(i18n, r)}</Cell>
                <Cell className="cell">
                  {r.customerNumber} {r.customerName}
                </Cell>
                <Cell className="cell">{r.reportedBy}</Cell>
                <Cell className="cell">{formatDateTime(r.receivedAt)}</Cell>
                <Cell className="cell">
                  {r.assignedToName ? r.assignedToMe ? t('cases.me') : r.assignedToName : <span className="muted">{t('cases.unassigned')}</span>}
                </Cell>
              </Row>
            )}
          </TableBody>
        </Table>
      </TableScroll>
    </Page>
  );
}

/** One case: the report, notes, the units of a lost-device report, and the answer that closes it. */
export function CasePage({ id }: { id: string }) {
  const i18n = useI18n();
  const { t, tMaybe, formatDate, formatDateTime } = i18n;
  const { hasRole } = useSession();
  const view = $api.useQuery('get', '/api/provision/cases/{id}', { params: { path: { id } } });
  const invalidate = useInvalidate();
  const [message, setMessage] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const [answer, setAnswer] = useState('');
  const [writeOffOpen, setWriteOffOpen] = useState(false);
  const step = useMutation({
    mutationFn: (v: { key: string; send: () => Promise<unknown>; done: string; after?: () => void }) => v.send(),
    onMutate: () => setMessage(null),
    onSuccess: async (_, v) => {
      v.after?.();
      await invalidate('/api/provision/cases/{id}');
      setMessage(v.done);
    },
  });
  const pending = step.isPending ? step.variables.key : null;
  const error = step.error;
  const c = view.data;
  const crumbs = [{ href: '/hmc/arenden', label: t('cases.title') }, { label: c?.centreOrderNumber ?? t('cases.case') }];
  if (!c) {
    return (
      <Page title={t('cases.case')} breadcrumbs={crumbs}>
        {view.isPending ? <Loading /> : <ErrorAlert error={view.error} />}
      </Page>
    );
  }
  const open = c.status === 'open';
  const lost = c.orderType === 'lostDevice';
  const mayHandleLost = hasRole('customerService');

  function act(key: string, send: () => Promise<unknown>, done: string, after?: () => void) {
    // One step at a time: the others wait for the page to show the first (their versions come with it). Their
    // buttons are disabled meanwhile, so a press is never dropped without a word.
    if (step.isPending) return;
    step.mutate({ key, send, done, ...(after ? { after } : {}) });
  }
  const path = { params: { path: { id: c.orderId } } };

  return (
    <Page
      title={t('cases.caseTitle', { number: c.centreOrderNumber, type: orderTypeLabel(t, c.orderType) })}
      breadcrumbs={crumbs}
      actions={
        open && !c.assignedToMe ? (
          <Btn
            isPending={pending === 'assign'}
            isDisabled={step.isPending}
            onPress={() => act('assign', () => fetchClient.POST('/api/provision/cases/{id}/assign', { ...path, body: {} }), t('cases.assigned'))}
          >
            {t('cases.assignToMe')}
          </Btn>
        ) : undefined
      }
    >
      {message ? <SuccessMessage>{message}</SuccessMessage> : null}
      {!writeOffOpen ? <ErrorAlert error={error} message={refusalText(i18n, error)} shownFields={['text', 'answer']} /> : null}
      <Section title={t('cases.report')} id="report">
        <dl className="details">
          <dt>{t('common.status')}</dt>
          <dd>
            <Badge tone={open ? 'warn' : 'ok'}>{t(`cases.status.${c.status}`)}</Badge>
          </dd>
          <dt>{t('cases.handler')}</dt>
          <dd>{c.assignedToName ?? t('cases.unassigned')}</dd>
          {c.category || c.deviationKind ? (
            <>
              <dt>{t('cases.category')}</dt>
              <dd>{c.categoryLabel ? c.categoryLabel[i18n.locale] : categoryText(i18n, c)}</dd>
            </>
          ) : null}
          <dt>{t('cases.description')}</dt>
          <dd style={{ whiteSpace: 'pre-wrap' }}>{c.description}</dd>
          {c.relatedOrderNumber ? (
            <>
              <dt>{t('cases.relatedOrder')}</dt>
              <dd>{c.relatedOrderNumber}</dd>
            </>
          ) : null}
          {c.occurredOn ? (
            <>
              <dt>{lost ? t('cases.lostOn') : t('cases.occurredOn')}</dt>
              <dd>{formatDate(c.occurredOn)}</dd>
            </>
          ) : null}
          {c.deviationUnitNumber ? (
            <>
              <dt>{t('quality.deviation.unitNumber')}</dt>
              <dd className="mono">{c.deviationUnitNumber}</dd>
            </>
          ) : null}
          {c.deviationArticleNumber ? (
            <>
              <dt>{t('quality.deviation.articleNumber')}</dt>
              <dd className="mono">{c.deviationArticleNumber}</dd>
            </>
          ) : null}
          <dt>{t('cases.reportedBy')}</dt>
          <dd>
            {c.reporter.name}
            {c.reporter.profession ? `, ${professionLabel(i18n, c.reporter.profession).toLocaleLowerCase(i18n.locale)}` : ''}
            {c.reporter.phone ? ` · ${c.reporter.phone}` : ''}
          </dd>
          <dt>{t('cases.customer')}</dt>
          <dd>
            {c.customerNumber} {c.customerName}
          </dd>
          <dt>{t('cases.orderNumbers')}</dt>
          <dd>
            {c.orderNumber} · {c.centreOrderNumber}
          </dd>
          <dt>{t('cases.receivedAt')}</dt>
          <dd>{formatDateTime(c.receivedAt)}</dd>
          {c.patient ? (
            <>
              <dt>{t('cases.patient')}</dt>
              <dd>
                {c.patient.firstName} {c.patient.lastName} ({formatPersonalNumber(c.patient.identifier)})
              </dd>
            </>
          ) : null}
          {c.messageToCentre ? (
            <>
              <dt>{t('cases.message')}</dt>
              <dd style={{ whiteSpace: 'pre-wrap' }}>{c.messageToCentre}</dd>
            </>
          ) : null}
        </dl>
      </Section>
      {c.attachments.length ? <CentreAttachments orderId={c.orderId} attachments={c.attachments} /> : null}

      {lost ? (
        <Section title={t('cases.units')} id="units">
          <ul className="event-list">
            {c.units.map((u) => (
              <li key={u.lineId}>
                <span className="mono">
                  {u.unitId ? (
                    <Link className="link" href={`/hmc/individer/${u.unitId}`}>
                      {u.unitNumber}
                    </Link>
                  ) : (
                    u.unitNumber
                  )}
                </span>
                <span>{u.articleName ?? '–'}</span>
                <span>
                  {u.unitStatus ? unitStatusLabel(t, u.unitStatus) : t('cases.unitUnknown')}
                  {u.writeOffCode ? ` · ${writeOffLabel(t, u.writeOffCode)}` : ''}
                </span>
                {u.reRegisterUntil ? <span>{t('cases.reRegisterUntil', { date: formatDate(u.reRegisterUntil) })}</span> : null}
                {u.mayReRegister && mayHandleLost ? (
                  <Btn
                    className="button--small"
                    isPending={pending === u.lineId}
                    isDisabled={step.isPending}
                    aria-label={t('cases.reRegisterNamed', { unit: u.unitNumber ?? '' })}
                    onPress={() =>
                      act(
                        u.lineId,
                        () =>
                          fetchClient.POST('/api/provision/lines/{id}/re-register', { params: { path: { id: u.lineId } }, body: { version: u.lineVersion } }),
                        t('cases.reRegistered', { unit: u.unitNumber ?? '' }),
                      )
                    }
                  >
                    {t('cases.reRegister')}
                  </Btn>
                ) : null}
              </li>
            ))}
          </ul>
          {open && mayHandleLost ? (
            <div className="button-row">
              <Btn variant="danger" onPress={() => (step.reset(), setWriteOffOpen(true))}>
                {t('cases.writeOffLost')}
              </Btn>
            </div>
          ) : null}
        </Section>
      ) : null}

      <Section title={t('cases.notes')} id="notes">
        {c.notes.length === 0 ? <p className="empty">{t('cases.noNotes')}</p> : null}
        <ul className="event-list">
          {c.notes.map((n) => (
            <li key={n.id}>
              <span className="nowrap">{formatDateTime(n.at)}</span>
              <span style={{ whiteSpace: 'pre-wrap' }}>{n.text}</span>
              <span className="muted">{n.actorLabel}</span>
            </li>
          ))}
        </ul>
        {open ? (
          <Form
            className="form"
            validationErrors={issuesByField(error)}
            onSubmit={(e) => {
              e.preventDefault();
              act(
                'note',
                () => fetchClient.POST('/api/provision/cases/{id}/notes', { ...path, body: { text: note.trim() } }),
                t('cases.noteAdded'),
                () => setNote(''),
              );
            }}
          >
            <TextAreaInput label={t('cases.newNote')} name="text" value={note} onChange={setNote} isRequired maxLength={4000} rows={3} />
            <div className="button-row">
              <Btn type="submit" isPending={pending === 'note'} isDisabled={step.isPending}>
                {t('cases.addNote')}
              </Btn>
            </div>
          </Form>
        ) : null}
      </Section>

      {/* A lost-device report is closed by its write-off; answered only when it is closed without one. */}
      {!lost || c.answer || (open && mayHandleLost) ? (
        <Section title={lost && !c.answer ? t('cases.closeLost') : t('cases.answer')} id="answer">
          {c.answer ? (
            <>
              <p style={{ whiteSpace: 'pre-wrap' }}>{c.answer}</p>
              <p className="muted">{t('cases.answeredBy', { name: c.closedByName ?? '', at: formatDateTime(c.closedAt) })}</p>
            </>
          ) : (
            <Form
              className="form"
              validationErrors={issuesByField(error)}
              onSubmit={(e) => {
                e.preventDefault();
                act(
                  'answer',
                  () => fetchClient.POST('/api/provision/cases/{id}/answer', { ...path, body: { answer: answer.trim() } }),
                  t('cases.answerSent'),
                  () => setAnswer(''),
                );
              }}
            >
              <TextAreaInput
                label={t('cases.answerToReporter')}
                name="answer"
                value={answer}
                onChange={setAnswer}
                isRequired
                maxLength={4000}
                rows={4}
                description={lost ? t('cases.closeLostHelp') : t('cases.answerHelp')}
              />
              <div className="button-row">
                <Btn type="submit" variant={lost ? 'secondary' : 'primary'} isPending={pending === 'answer'} isDisabled={step.isPending}>
                  {lost ? t('cases.sendAnswerCloseLost') : t('cases.sendAnswer')}
                </Btn>
              </div>
            </Form>
          )}
        </Section>
      ) : null}

      <Section title={t('cases.events')} id="events">
        <ul className="event-list">
          {c.events.map((e) => (
            <li key={e.id}>
              <span className="nowrap">{formatDateTime(e.at)}</span>
              <span>{tMaybe(`hmc.event.${e.type}`) ?? e.type}</span>
              <span className="muted">{e.actorLabel}</span>
            </li>
          ))}
        </ul>
      </Section>

      <ConfirmModal
        isOpen={writeOffOpen}
        onOpenChange={(o) => (o ? undefined : (setWriteOffOpen(false), step.isPending || step.reset()))}
        title={t('cases.writeOffTitle')}
        text={t('cases.writeOffText')}
        confirmLabel={t('cases.writeOffConfirm')}
        error={writeOffOpen ? error : null}
        pending={pending === 'writeOff'}
        onConfirm={() =>
          act(
            'writeOff',
            () => fetchClient.POST('/api/provision/cases/{id}/write-off', { ...path, body: { note: null } }),
            t('cases.writtenOff'),
            () => setWriteOffOpen(false),
          )
        }
      />
    </Page>
  );
}
