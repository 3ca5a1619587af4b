import { useState } from 'react';
import { Cell, Column, FileTrigger, Link, Row, Table, TableBody, TableHeader } from 'react-aria-components';
import { $api, dataOf, fetchClient, isApiError, upload } from '../../api/client.ts';
import { useInvalidate } from '../../api/query.ts';
import { SelectInput, TextAreaInput, TextInput } from '../../components/fields.tsx';
import { FormDialog } from '../../components/form-dialog.tsx';
import { Btn, ErrorAlert, LiveStatus, Loading, Page, Section, SuccessMessage, TableScroll } from '../../components/ui.tsx';
import { useI18n, type I18n } from '../../i18n/index.tsx';
import { useSession } from '../../session.tsx';
import { validators } from '../../validation.ts';
import { formatBytes } from '../catalogue/catalogue-format.ts';
import { ActionForm, refusalText } from './action-form.tsx';
import {
  channelLabel,
  ClockBadge,
  clockText,
  LEVELS,
  levelLabel,
  NEXT_STATUSES,
  StatusBadge,
  statusLabel,
  SUPPORT_STAFF,
  TICKET_STATUSES,
  type Ticket,
  type TicketEvent,
  type TicketStatus,
  type TicketSummary,
} from './support-common.tsx';
import { SupportContactButton } from './SupportContact.tsx';
import '../../support-governance.css';

const ticketRefusals = { NOT_FOUND: 'support.notFound', INVALID_TRANSITION: 'support.invalidTransition', FORBIDDEN: 'support.forbidden' } as const;

function TicketTable({
  rows,
  loading,
  label,
  empty,
  showRequester,
}: {
  rows: readonly TicketSummary[];
  loading: boolean;
  label: string;
  empty: string;
  showRequester: boolean;
}) {
  const i18n = useI18n();
  const { t, formatDateTime } = i18n;
  return (
    <TableScroll>
      <Table aria-label={label} className="table table--dense">
        <TableHeader>
          <Column isRowHeader className="col">
            {t('support.ticket')}
          </Column>
          <Column className="col">{t('common.status')}</Column>
          <Column className="col">{t('support.level')}</Column>
          {showRequester ? <Column className="col">{t('support.requester')}</Column> : <Column className="col">{t('support.channel')}</Column>}
          <Column className="col">{t('support.created')}</Column>
          <Column className="col">{t('support.clock')}</Column>
        </TableHeader>
        <TableBody items={rows} renderEmptyState={() => (loading ? <Loading /> : <p className="empty">{empty}</p>)}>
          {(r) => (
            <Row id={r.id} className="row">
              <Cell className="cell">
                <Link className="link" href={`/support/arenden/${r.id}`}>
                  {r.subject}
                </Link>
              </Cell>
              <Cell className="cell">
                <StatusBadge status={r.status} />
              </Cell>
              <Cell className="cell">{levelLabel(t, r.level)}</Cell>
              <Cell className="cell">{showRequester ? r.requesterName : channelLabel(t, r.channel)}</Cell>
              <Cell className="cell">{formatDateTime(r.createdAt)}</Cell>
              <Cell className="cell">
                <ClockBadge clock={r.clock} />
              </Cell>
            </Row>
          )}
        </TableBody>
      </Table>
    </TableScroll>
  );
}

/** "Mina supportärenden": the requester follows their tickets and the replies. */
export function MyTicketsPage() {
  const { t } = useI18n();
  const list = $api.useQuery('get', '/api/support/tickets', { params: { query: { mine: 'true' } } });
  const rows = list.data ?? [];
  return (
    <Page title={t('support.mine.title')} intro={t('support.mine.intro')} actions={<SupportContactButton inPage />}>
      <ErrorAlert error={list.error} />
      <LiveStatus>{list.isPending ? t('common.loading') : t('support.mine.count', { count: rows.length })}</LiveStatus>
      <TicketTable rows={rows} loading={list.isPending} label={t('support.mine.title')} empty={t('support.mine.empty')} showRequester={false} />
    </Page>
  );
}

/** The support queue per level, for local support, the centre's support and system management. */
export function SupportQueuePage() {
  const { t } = useI18n();
  const { hasRole } = useSession();
  // Each support opens on its own level: system management 3, the centre's support 2, local support 1.
  const [level, setLevel] = useState<number | 'all'>(() => (hasRole('systemAdmin') ? 3 : hasRole('customerService') ? 2 : 1));
  const [status, setStatus] = useState<TicketStatus | 'all'>('all');
  const [registering, setRegistering] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const invalidate = useInvalidate();
  const list = $api.useQuery('get', '/api/support/tickets', {
    params: { query: { ...(level === 'all' ? {} : { level }), ...(status === 'all' ? {} : { status }) } },
  });
  const rows = list.data ?? [];
  return (
    <Page
      title={t('support.queue.title')}
      intro={t('support.queue.intro')}
      actions={
        <Btn variant="primary" onPress={() => (setMessage(null), setRegistering(true))}>
          {t('support.register')}
        </Btn>
      }
    >
      {message ? <SuccessMessage>{message}</SuccessMessage> : null}
      <div className="filters" role="search" aria-label={t('support.queue.filters')}>
        <SelectInput
          label={t('support.level')}
          name="level"
          value={level}
          onChange={(v) => setLevel(v ?? 'all')}
          options={[{ id: 'all' as const, label: t('support.allLevels') }, ...LEVELS.map((l) => ({ id: l, label: levelLabel(t, l) }))]}
        />
        <SelectInput
          label={t('common.status')}
          name="status"
          value={status}
          onChange={(v) => setStatus(v ?? 'all')}
          options={[{ id: 'all' as const, label: t('support.allStatuses') }, ...TICKET_STATUSES.map((s) => ({ id: s, label: statusLabel(t, s) }))]}
        />
      </div>
      <ErrorAlert error={list.error} />
      <LiveStatus>{list.isPending ? t('common.loading') : t('support.queue.count', { count: rows.length })}</LiveStatus>
      <TicketTable rows={rows} loading={list.isPending} label={t('support.queue.title')} empty={t('support.queue.empty')} showRequester />
      {registering ? (
        <RegisterTicketDialog
          onClose={() => setRegistering(false)}
          onDone={(ticket) => {
            setRegistering(false);
            setMessage(t('support.registered', { subject: ticket.subject }));
            void invalidate('/api/support/tickets');
          }}
        />
      ) : null}
    </Page>
  );
}

type Channel = 'phone' | 'email' | 'workOrder';

function RegisterTicketDialog({ onClose, onDone }: { onClose: () => void; onDone: (t: Ticket) => void }) {
  const { t } = useI18n();
  const v = validators(t);
  const [channel, setChannel] = useState<Channel | null>('phone');
  const [requesterName, setRequesterName] = useState('');
  const [requesterEmail, setRequesterEmail] = useState('');
  const [workOrderReference, setWorkOrderReference] = useState('');
  const [subject, setSubject] = useState('');
  const [description, setDescription] = useState('');
  return (
    <FormDialog
      title={t('support.register')}
      onClose={onClose}
      send={() => {
        if (!channel) return null;
        return fetchClient
          .POST('/api/support/tickets/register', {
            body: {
              channel,
              requesterName: requesterName.trim(),
              ...(requesterEmail.trim() ? { requesterEmail: requesterEmail.trim() } : {}),
              ...(workOrderReference.trim() ? { workOrderReference: workOrderReference.trim() } : {}),
              subject: subject.trim(),
              description: description.trim(),
            },
          })
          .then(dataOf);
      }}
      onDone={onDone}
      submitLabel={t('support.register')}
      shownFields={['channel', 'requesterName', 'requesterEmail', 'workOrderReference', 'subject', 'description']}
      intro={<p className="help-text">{t('support.registerIntro')}</p>}
    >
      <SelectInput
        label={t('support.channel')}
        name="channel"
        value={channel}
        onChange={setChannel}
        isRequired
        options={(['phone', 'email', 'workOrder'] as const).map((c) => ({ id: c, label: channelLabel(t, c) }))}
      />
      <TextInput
        label={t('support.requesterName')}
        name="requesterName"
        value={requesterName}
        onChange={setRequesterName}
        isRequired
        validate={v.required}
        maxLength={200}
        autoFocus
      />
      <TextInput
        label={t('support.requesterEmail')}
        name="requesterEmail"
        type="email"
        value={requesterEmail}
        onChange={setRequesterEmail}
        validate={v.email}
        maxLength={254}
      />
      {channel === 'workOrder' ? (
        <TextInput
          label={t('support.workOrderReference')}
          name="workOrderReference"
          value={workOrderReference}
          onChange={setWorkOrderReference}
          isRequired
          validate={v.required}
          maxLength={100}
          description={t('support.workOrderReferenceHelp')}
        />
      ) : null}
      <TextInput label={t('support.subject')} name="subject" value={subject} onChange={setSubject} isRequired validate={v.required} maxLength={200} />
      <TextAreaInput
        label={t('support.description')}
        name="description"
        value={description}
        onChange={setDescription}
        isRequired
        validate={v.required}
        maxLength={10_000}
      />
    </FormDialog>
  );
}

function eventTitle(t: I18n['t'], e: TicketEvent): string {
  switch (e.kind) {
    case 'escalated':
      return t('support.event.escalated', { from: e.fromLevel ?? '', to: e.toLevel ?? '' });
    case 'returned':
      return t('support.event.returned', { from: e.fromLevel ?? '', to: e.toLevel ?? '' });
    case 'status':
      return t('support.event.status', { status: e.toStatus ? statusLabel(t, e.toStatus).toLocaleLowerCase() : '' });
    default:
      return t(`support.event.${e.kind}`);
  }
}

/** One ticket: the details and clock, the history, attachments, replies and (for its handlers) the handling. */
export function TicketPage({ id }: { id: string }) {
  const i18n = useI18n();
  const { t, formatDateTime } = i18n;
  const { user, hasRole } = useSession();
  const view = $api.useQuery('get', '/api/support/tickets/{id}', { params: { path: { id } } });
  const staff = hasRole(...SUPPORT_STAFF);
  const crumbs = [
    staff ? { href: '/support/ko', label: t('support.queue.title') } : { href: '/support', label: t('support.mine.title') },
    { label: view.data?.subject ?? t('support.ticket') },
  ];
  const tk = view.data;
  if (!tk) {
    return (
      <Page title={t('support.ticket')} breadcrumbs={crumbs}>
        {view.isPending ? <Loading /> : <ErrorAlert error={view.error} message={refusalText(i18n, view.error, ticketRefusals)} />}
      </Page>
    );
  }
  // The handlers' tools show for support staff on a ticket that is not their own; the server decides again.
  const handling = staff && tk.requesterUserId !== user?.id;
  const closed = tk.status === 'closed';
  return (
    <Page title={tk.subject} breadcrumbs={crumbs}>
      <Section title={t('support.ticket')} id="ticket">
        <dl className="details">
          <dt>{t('common.status')}</dt>
          <dd>
            <StatusBadge status={tk.status} />
          </dd>
          <dt>{t('support.level')}</dt>
          <dd>{levelLabel(t, tk.level)}</dd>
          <dt>{t('support.channel')}</dt>
          <dd>{channelLabel(t, tk.channel)}</dd>
          <dt>{t('support.requester')}</dt>
          <dd>
            {tk.requesterName}
            {tk.requesterEmail ? <span className="small block">{tk.requesterEmail}</span> : null}
          </dd>
          <dt>{t('support.created')}</dt>
          <dd>{formatDateTime(tk.createdAt)}</dd>
          <dt>{t('support.firstResponse')}</dt>
          <dd>{tk.firstResponseAt ? formatDateTime(tk.firstResponseAt) : '–'}</dd>
          <dt>{t('support.clock')}</dt>
          <dd>
            {clockText(i18n, tk.clock)}
            {tk.clock.answered ? ` (${t(tk.clock.withinTargetCalendar ? 'support.clock.within' : 'support.clock.late')})` : null}
          </dd>
          {tk.workOrderReference ? (
            <>
              <dt>{t('support.workOrderReference')}</dt>
              <dd>{tk.workOrderReference}</dd>
            </>
          ) : null}
          {tk.pageUrl ? (
            <>
              <dt>{t('support.pageUrl')}</dt>
              <dd className="support-wrap">{tk.pageUrl}</dd>
            </>
          ) : null}
          {tk.userAgent ? (
            <>
              <dt>{t('support.userAgent')}</dt>
              <dd className="support-wrap small">{tk.userAgent}</dd>
            </>
          ) : null}
        </dl>
        <h3 className="card-subtitle">{t('support.description')}</h3>
        <p className="support-text">{tk.description}</p>
      </Section>
      <Section title={t('support.history')} id="history">
        {tk.events.length ? (
          <ol className="support-events">
            {tk.events.map((e) => (
              <li key={e.id} className={`support-event ${e.visibleToRequester ? '' : 'support-event--internal'}`}>
                <p className="support-event-head">
                  <strong>{eventTitle(t, e)}</strong>
                  {e.visibleToRequester ? null : <span className="small"> ({t('support.event.internal')})</span>}
                  <span className="small block">
                    {e.authorName}, {formatDateTime(e.at)}
                  </span>
                </p>
                {e.body ? <p className="support-text">{e.body}</p> : null}
              </li>
            ))}
          </ol>
        ) : (
          <p className="empty">{t('support.history.empty')}</p>
        )}
      </Section>
      <AttachmentsSection ticket={tk} />
      {closed ? <p className="help-text">{t('support.closedNote')}</p> : <ReplySection ticket={tk} handling={handling} />}
      {handling ? <HandlingSection ticket={tk} /> : null}
    </Page>
  );
}

function useTicketInvalidate() {
  const invalidate = useInvalidate();
  return () => invalidate('/api/support/tickets/{id}', '/api/support/tickets');
}

function ReplySection({ ticket, handling }: { ticket: Ticket; handling: boolean }) {
  const i18n = useI18n();
  const { t } = i18n;
  const v = validators(t);
  const refresh = useTicketInvalidate();
  const [body, setBody] = useState('');
  const options = (['waitingForRequester', 'open', 'resolved'] as const).filter((s) => s === ticket.status || NEXT_STATUSES[ticket.status].includes(s));
  const [status, setStatus] = useState<'waitingForRequester' | 'open' | 'resolved' | null>(options[0] ?? null);
  return (
    <Section title={t('support.reply')} id="reply">
      <ActionForm
        send={() =>
          fetchClient
            .POST('/api/support/tickets/{id}/replies', {
              params: { path: { id: ticket.id } },
              body: { body: body.trim(), ...(handling && status ? { status } : {}) },
            })
            .then(dataOf)
            .then(async (r) => (await refresh(), r))
        }
        onDone={() => setBody('')}
        doneMessage={() => t('support.replied')}
        submitLabel={t('support.sendReply')}
        shownFields={['body', 'status']}
        errorText={(e) => refusalText(i18n, e, ticketRefusals)}
      >
        <TextAreaInput
          label={handling ? t('support.replyLabel') : t('support.requesterReplyLabel')}
          name="body"
          value={body}
          onChange={setBody}
          isRequired
          validate={v.required}
          maxLength={10_000}
          {...(handling ? { description: t('support.replyHelp') } : {})}
        />
        {handling && options.length ? (
          <SelectInput
            label={t('support.replyStatus')}
            name="status"
            value={status}
            onChange={setStatus}
            options={options.map((s) => ({ id: s, label: statusLabel(t, s) }))}
          />
        ) : null}
      </ActionForm>
    </Section>
  );
}

function HandlingSection({ ticket }: { ticket: Ticket }) {
  const i18n = useI18n();
  const { t } = i18n;
  const v = validators(t);
  const refresh = useTicketInvalidate();
  const [levelNote, setLevelNote] = useState('');
  const [note, setNote] = useState('');
  const next = NEXT_STATUSES[ticket.status];
  const [newStatus, setNewStatus] = useState<TicketStatus | null>(next[0] ?? null);
  const [statusNote, setStatusNote] = useState('');
  const movable = ticket.status !== 'resolved' && ticket.status !== 'closed';
  const send = (_dir: 'escalate') => {
    return fetchClient
      .POST('/api/support/tickets/{id}/escalate', { params: { path: { id: ticket.id } }, body: { note: levelNote.trim() } })
      .then(dataOf)
      .then(async (r) => (await refresh(), r));
  };
  return (
    <Section title={t('support.handle')} id="handling">
      {movable ? (
        <div className="support-level-forms">
          {ticket.level < 4 ? (
            <ActionForm
              send={() => send('escalate')}
              onDone={() => setLevelNote('')}
              doneMessage={(r) => t('support.escalated', { level: levelLabel(t, r.level) })}
              submitLabel={t('support.escalate', { level: ticket.level + 1 })}
              shownFields={['note']}
              errorText={(e) => refusalText(i18n, e, ticketRefusals)}
            >
              <TextAreaInput
                label={t('support.escalateNote')}
                name="note"
                value={levelNote}
                onChange={setLevelNote}
                isRequired
                validate={v.required}
                maxLength={5000}
                rows={3}
                description={t('support.levelNoteHelp')}
              />
            </ActionForm>
          ) : null}
          {ticket.level > 1 ? <ReturnForm ticket={ticket} /> : null}
        </div>
      ) : null}
      <h3 className="card-subtitle">{t('support.noteLabel')}</h3>
      <ActionForm
        send={() =>
          fetchClient
            .POST('/api/support/tickets/{id}/notes', { params: { path: { id: ticket.id } }, body: { body: note.trim() } })
            .then(dataOf)
            .then(async (r) => (await refresh(), r))
        }
        onDone={() => setNote('')}
        doneMessage={() => t('support.noteAdded')}
        submitLabel={t('support.addNote')}
        submitVariant="secondary"
        shownFields={['body']}
        errorText={(e) => refusalText(i18n, e, ticketRefusals)}
      >
        <TextAreaInput
          label={t('support.noteLabel')}
          name="body"
          value={note}
          onChange={setNote}
          isRequired
          validate={v.required}
          maxLength={10_000}
          rows={3}
          description={t('support.noteHelp')}
        />
      </ActionForm>
      {next.length ? (
        <>
          <h3 className="card-subtitle">{t('support.changeStatus')}</h3>
          <ActionForm
            send={() =>
              newStatus
                ? fetchClient
                    .POST('/api/support/tickets/{id}/status', {
                      params: { path: { id: ticket.id } },
                      body: { status: newStatus, ...(statusNote.trim() ? { note: statusNote.trim() } : {}) },
                    })
                    .then(dataOf)
                    .then(async (r) => (await refresh(), r))
                : null
            }
            onDone={(r) => (setStatusNote(''), setNewStatus(NEXT_STATUSES[r.status][0] ?? null))}
            doneMessage={(r) => t('support.statusChanged', { status: statusLabel(t, r.status).toLocaleLowerCase() })}
            submitLabel={t('support.changeStatus')}
            submitVariant="secondary"
            shownFields={['status', 'note']}
            errorText={(e) => refusalText(i18n, e, ticketRefusals)}
          >
            <SelectInput
              label={t('support.newStatus')}
              name="status"
              value={newStatus}
              onChange={setNewStatus}
              isRequired
              options={next.map((s) => ({ id: s, label: statusLabel(t, s) }))}
            />
            <TextInput label={t('support.statusNote')} name="note" value={statusNote} onChange={setStatusNote} maxLength={5000} />
          </ActionForm>
        </>
      ) : null}
    </Section>
  );
}

function ReturnForm({ ticket }: { ticket: Ticket }) {
  const i18n = useI18n();
  const { t } = i18n;
  const v = validators(t);
  const refresh = useTicketInvalidate();
  const [note, setNote] = useState('');
  return (
    <ActionForm
      send={() =>
        fetchClient
          .POST('/api/support/tickets/{id}/return', { params: { path: { id: ticket.id } }, body: { note: note.trim() } })
          .then(dataOf)
          .then(async (r) => (await refresh(), r))
      }
      onDone={() => setNote('')}
      doneMessage={(r) => t('support.returned', { level: levelLabel(t, r.level) })}
      submitLabel={t('support.return', { level: ticket.level - 1 })}
      submitVariant="secondary"
      shownFields={['note']}
      errorText={(e) => refusalText(i18n, e, ticketRefusals)}
    >
      <TextAreaInput
        label={t('support.returnNote')}
        name="note"
        value={note}
        onChange={setNote}
        isRequired
        validate={v.required}
        maxLength={5000}
        rows={3}
        description={t('support.levelNoteHelp')}
      />
    </ActionForm>
  );
}

const ACCEPT = ['application/pdf', 'image/jpeg', 'image/png', 'image/webp', 'image/gif'];

function attachmentError(i18n: Pick<I18n, 't' | 'locale'>, err: unknown): string | undefined {
  if (!isApiError(err)) return undefined;
  if (err.status === 413 || err.code === 'PAYLOAD_TOO_LARGE') return i18n.t('support.attachments.tooLarge');
  if (err.status === 415 || err.code === 'UNSUPPORTED_MEDIA_TYPE') return i18n.t('support.attachments.wrongType');
  if (err.code === 'VALIDATION') return i18n.t('support.attachments.empty');
  return refusalText(i18n, err, ticketRefusals);
}

function AttachmentsSection({ ticket }: { ticket: Ticket }) {
  const i18n = useI18n();
  const { t, formatDateTime } = i18n;
  const refresh = useTicketInvalidate();
  const [file, setFile] = useState<File | null>(null);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [status, setStatus] = useState('');

  async function send() {
    if (!file || pending) return;
    setPending(true);
    setError(null);
    setStatus('');
    try {
      const form = new FormData();
      form.append('file', file, file.name);
      const a = await upload('/api/support/tickets/{id}/attachments', { id: ticket.id }, form);
      await refresh();
      setFile(null);
      setStatus(t('support.attachments.uploaded', { name: a.fileName }));
    } catch (e) {
      setError(e);
    } finally {
      setPending(false);
    }
  }

  return (
    <Section title={t('support.attachments')} id="attachments">
      {ticket.attachments.length ? (
        <ul className="plain-list">
          {ticket.attachments.map((a) => (
            <li key={a.id}>
              {/* A plain link: the browser downloads, the app's router stays out of it. */}
              <a className="link" href={`/api/support/tickets/${ticket.id}/attachments/${a.id}`} download={a.fileName}>
                {a.fileName}
              </a>{' '}
              <span className="small">
                ({formatBytes(a.size)}, {formatDateTime(a.at)})
              </span>
            </li>
          ))}
        </ul>
      ) : (
        <p className="empty">{t('support.attachments.none')}</p>
      )}
      {ticket.status === 'closed' ? null : (
        <>
          {status ? <SuccessMessage>{status}</SuccessMessage> : null}
          <p className="help-text">{t('support.attachments.help')}</p>
          <ErrorAlert error={error} message={attachmentError(i18n, error)} />
          <div className="file-row">
            <FileTrigger acceptedFileTypes={ACCEPT} onSelect={(files) => (setFile(files?.[0] ?? null), setError(null), setStatus(''))}>
              <Btn>{t('media.chooseFile')}</Btn>
            </FileTrigger>
            <p className="file-name" role="status">
              {file ? t('media.chosen', { name: file.name, size: formatBytes(file.size) }) : t('media.noFile')}
            </p>
            <Btn onPress={() => void send()} isDisabled={!file} isPending={pending}>
              {t('support.attachments.upload')}
            </Btn>
          </div>
        </>
      )}
    </Section>
  );
}
