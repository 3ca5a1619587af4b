import { useState } from 'react';
import { Cell, Column, Link, Row, Table, TableBody, TableHeader } from 'react-aria-components';
import { $api, dataOf, fetchClient, type ApiData } from '../../api/client.ts';
import { useInvalidate } from '../../api/query.ts';
import { allOf } from '../../api/types.ts';
import { CheckboxInput, RadioGroupInput, TextAreaInput, TextInput } from '../../components/fields.tsx';
import { FormDialog } from '../../components/form-dialog.tsx';
import { Badge, Btn, ErrorAlert, LiveStatus, Loading, Page, Section, SuccessMessage, TableScroll } from '../../components/ui.tsx';
import { useI18n, type I18n } from '../../i18n/index.tsx';
import { useSession } from '../../session.tsx';
import { validators } from '../../validation.ts';
import { ActionForm, refusalText } from '../support/action-form.tsx';
import '../../support-governance.css';
import { formatMoney } from '../../format.ts';

type Proposal = ApiData<'/api/proposals/{id}'>;
type ProposalKind = Proposal['kind'];
type ProposalStatus = Proposal['status'];
type Decision = Proposal['decisions'][number]['decision'];

const KINDS = allOf<ProposalKind>()(['development', 'feedback']);
const DECISIONS = allOf<Decision>()(['do', 'doNot', 'toCouncil', 'adopt']);
const FINAL: readonly ProposalStatus[] = ['decidedDo', 'decidedDoNot', 'adopted'];
const refusals = {
  NOT_FOUND: 'governance.proposal.notFound',
  FORBIDDEN: 'governance.proposal.onlyGroup',
  INVALID_TRANSITION: 'governance.proposal.alreadyDecided',
} as const;

const kindLabel = (t: I18n['t'], k: ProposalKind) => t(`governance.proposal.kind.${k}` as const);
const statusLabel = (t: I18n['t'], s: ProposalStatus) => t(`governance.proposal.status.${s}` as const);

function ProposalStatusBadge({ status }: { status: ProposalStatus }) {
  const { t } = useI18n();
  const tone = status === 'decidedDo' || status === 'adopted' ? 'ok' : status === 'decidedDoNot' ? 'muted' : status === 'sentToCouncil' ? 'info' : 'warn';
  return <Badge tone={tone}>{statusLabel(t, status)}</Badge>;
}

/** Feedback and development proposals: anyone sends one and follows their own; the preparation group sees all. */
export function ProposalsPage() {
  const { t, formatDate } = useI18n();
  const { hasRole } = useSession();
  const group = hasRole('preparationGroup');
  const list = $api.useQuery('get', '/api/proposals');
  const invalidate = useInvalidate();
  const [creating, setCreating] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const rows = list.data ?? [];
  const heading = group ? t('governance.proposals.all') : t('governance.proposals.mine');
  return (
    <Page
      title={t('governance.proposals.title')}
      intro={group ? t('governance.proposals.introGroup') : t('governance.proposals.intro')}
      actions={
        <Btn variant="primary" onPress={() => (setMessage(null), setCreating(true))}>
          {t('governance.proposals.new')}
        </Btn>
      }
    >
      {message ? <SuccessMessage>{message}</SuccessMessage> : null}
      <ErrorAlert error={list.error} />
      <h2 className="card-subtitle">{heading}</h2>
      <LiveStatus>{list.isPending ? t('common.loading') : t('governance.proposals.count', { count: rows.length })}</LiveStatus>
      <TableScroll>
        <Table aria-label={heading} className="table table--dense">
          <TableHeader>
            <Column isRowHeader className="col">
              {t('governance.proposal.title')}
            </Column>
            <Column className="col">{t('governance.proposal.kind')}</Column>
            <Column className="col">{t('governance.proposal.status')}</Column>
            {group ? <Column className="col">{t('governance.proposal.submittedBy')}</Column> : <Column className="col">{t('governance.proposal.cost')}</Column>}
            <Column className="col">{t('governance.proposal.submittedAt')}</Column>
          </TableHeader>
          <TableBody items={rows} renderEmptyState={() => (list.isPending ? <Loading /> : <p className="empty">{t('governance.proposals.empty')}</p>)}>
            {(p) => (
              <Row id={p.id} className="row">
                <Cell className="cell">
                  <Link className="link" href={`/forslag/${p.id}`}>
                    {p.title}
                  </Link>
                  {p.fundedByUserAssociation ? (
                    <span className="block">
                      <Badge tone="info">{t('governance.proposal.funded')}</Badge>
                    </span>
                  ) : null}
                </Cell>
                <Cell className="cell">{kindLabel(t, p.kind)}</Cell>
                <Cell className="cell">
                  <ProposalStatusBadge status={p.status} />
                </Cell>
                <Cell className="cell">{group ? p.submitterName : <CostText value={p.costEstimateKr} />}</Cell>
                <Cell className="cell">{formatDate(p.createdAt)}</Cell>
              </Row>
            )}
          </TableBody>
        </Table>
      </TableScroll>
      {creating ? (
        <NewProposalDialog
          onClose={() => setCreating(false)}
          onDone={(p) => {
            setCreating(false);
            setMessage(t('governance.proposals.sent', { title: p.title }));
            void invalidate('/api/proposals');
          }}
        />
      ) : null}
    </Page>
  );
}

function CostText({ value }: { value: number | null }) {
  const { t } = useI18n();
  return <>{value === null ? t('governance.proposal.noCost') : formatMoney(value)}</>;
}

function NewProposalDialog({ onClose, onDone }: { onClose: () => void; onDone: (p: Proposal) => void }) {
  const { t } = useI18n();
  const v = validators(t);
  const [kind, setKind] = useState<ProposalKind | null>('development');
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  return (
    <FormDialog
      title={t('governance.proposals.new')}
      onClose={onClose}
      send={() => (kind ? fetchClient.POST('/api/proposals', { body: { kind, title: title.trim(), description: description.trim() } }).then(dataOf) : null)}
      onDone={onDone}
      submitLabel={t('governance.proposals.new')}
      shownFields={['kind', 'title', 'description']}
      intro={<p className="help-text">{t('governance.proposals.newIntro')}</p>}
    >
      <RadioGroupInput
        label={t('governance.proposal.kind')}
        name="kind"
        value={kind}
        onChange={setKind}
        isRequired
        options={KINDS.map((k) => ({ id: k, label: kindLabel(t, k) }))}
      />
      <TextInput
        label={t('governance.proposal.title')}
        name="title"
        value={title}
        onChange={setTitle}
        isRequired
        validate={v.required}
        maxLength={200}
        autoFocus
      />
      <TextAreaInput
        label={t('governance.proposal.description')}
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

/** One proposal: what was proposed, its status and decisions; for the preparation group the preparation and decision forms. */
export function ProposalPage({ id }: { id: string }) {
  const i18n = useI18n();
  const { t, formatDate, formatDateTime } = i18n;
  const { hasRole } = useSession();
  const group = hasRole('preparationGroup');
  const view = $api.useQuery('get', '/api/proposals/{id}', { params: { path: { id } } });
  const p = view.data;
  const crumbs = [{ href: '/forslag', label: t('governance.proposals.title') }, { label: p?.title ?? t('governance.proposal') }];
  if (!p) {
    return (
      <Page title={t('governance.proposal')} breadcrumbs={crumbs}>
        {view.isPending ? <Loading /> : <ErrorAlert error={view.error} message={refusalText(i18n, view.error, refusals)} />}
      </Page>
    );
  }
  const decided = FINAL.includes(p.status);
  return (
    <Page title={p.title} breadcrumbs={crumbs}>
      <Section title={t('governance.proposal')} id="proposal">
        <dl className="details">
          <dt>{t('governance.proposal.kind')}</dt>
          <dd>{kindLabel(t, p.kind)}</dd>
          <dt>{t('governance.proposal.status')}</dt>
          <dd>
            <ProposalStatusBadge status={p.status} />
          </dd>
          <dt>{t('governance.proposal.submittedBy')}</dt>
          <dd>
            {p.submitterName}, {formatDateTime(p.createdAt)}
          </dd>
          <dt>{t('governance.proposal.cost')}</dt>
          <dd>
            <CostText value={p.costEstimateKr} />
          </dd>
          <dt>{t('governance.proposal.severalCustomers')}</dt>
          <dd>{p.usableBySeveralCustomers ? t('common.yes') : t('common.no')}</dd>
          <dt>{t('governance.proposal.funded')}</dt>
          <dd>{p.fundedByUserAssociation ? <Badge tone="info">{t('governance.proposal.funded')}</Badge> : t('governance.proposal.notFunded')}</dd>
          {p.adoptedFromRegion ? (
            <>
              <dt>{t('governance.proposal.adoptedFrom')}</dt>
              <dd>{p.adoptedFromRegion}</dd>
            </>
          ) : null}
          {p.preparationNote ? (
            <>
              <dt>{t('governance.proposal.preparationNote')}</dt>
              <dd className="support-text">{p.preparationNote}</dd>
            </>
          ) : null}
        </dl>
        <h3 className="card-subtitle">{t('governance.proposal.description')}</h3>
        <p className="support-text">{p.description}</p>
      </Section>
      <Section title={t('governance.decisions')} id="decisions">
        {p.decisions.length ? (
          <ol className="support-events">
            {p.decisions.map((d) => (
              <li key={d.id} className="support-event">
                <p className="support-event-head">
                  <strong>{t(`governance.decide.${d.decision}` as const)}</strong>
                  <span className="small block">{t('governance.decisions.by', { date: formatDate(d.decisionDate), name: d.decidedByName })}</span>
                </p>
                <p className="support-text">{d.minutes}</p>
              </li>
            ))}
          </ol>
        ) : (
          <p className="empty">{t('governance.decisions.none')}</p>
        )}
      </Section>
      {group && !decided ? (
        <>
          <PrepareSection proposal={p} />
          <DecideSection proposal={p} />
        </>
      ) : group ? (
        <p className="help-text">{t('governance.decide.final')}</p>
      ) : null}
    </Page>
  );
}

function useProposalInvalidate() {
  const invalidate = useInvalidate();
  return () => invalidate('/api/proposals/{id}', '/api/proposals');
}

function PrepareSection({ proposal }: { proposal: Proposal }) {
  const i18n = useI18n();
  const { t } = i18n;
  const refresh = useProposalInvalidate();
  const [cost, setCost] = useState(proposal.costEstimateKr === null ? '' : String(proposal.costEstimateKr));
  const [several, setSeveral] = useState(proposal.usableBySeveralCustomers);
  const [note, setNote] = useState(proposal.preparationNote ?? '');
  const costValid = (v: string) => (!v.trim() || /^\d{1,9}$/.test(v.replace(/\s/g, '')) ? null : t('governance.prepare.costInvalid'));
  return (
    <Section title={t('governance.prepare.title')} id="prepare">
      <p className="help-text">{t('governance.proposal.fundingHelp')}</p>
      <ActionForm
        send={() => {
          const c = cost.replace(/\s/g, '');
          return fetchClient
            .PUT('/api/proposals/{id}/preparation', {
              params: { path: { id: proposal.id } },
              body: { costEstimateKr: c ? Number(c) : null, usableBySeveralCustomers: several, ...(note.trim() ? { note: note.trim() } : {}) },
            })
            .then(dataOf)
            .then(async (r) => (await refresh(), r));
        }}
        doneMessage={(r) =>
          `${t('governance.prepare.saved')} ${r.fundedByUserAssociation ? t('governance.proposal.funded') : t('governance.proposal.notFunded')}.`
        }
        submitLabel={t('governance.prepare.save')}
        shownFields={['costEstimateKr', 'usableBySeveralCustomers', 'note']}
        errorText={(e) => refusalText(i18n, e, refusals)}
      >
        <TextInput
          label={t('governance.prepare.cost')}
          name="costEstimateKr"
          value={cost}
          onChange={setCost}
          inputMode="numeric"
          validate={costValid}
          maxLength={12}
          description={t('governance.prepare.costHelp')}
        />
        <CheckboxInput name="usableBySeveralCustomers" isSelected={several} onChange={setSeveral}>
          {t('governance.prepare.several')}
        </CheckboxInput>
        <TextAreaInput label={t('governance.prepare.note')} name="note" value={note} onChange={setNote} maxLength={5000} rows={3} />
      </ActionForm>
    </Section>
  );
}

const today = () => new Date().toLocaleDateString('sv-SE');

function DecideSection({ proposal }: { proposal: Proposal }) {
  const i18n = useI18n();
  const { t } = i18n;
  const v = validators(t);
  const refresh = useProposalInvalidate();
  const [decision, setDecision] = useState<Decision | null>(null);
  const [date, setDate] = useState(today);
  const [minutes, setMinutes] = useState('');
  const [region, setRegion] = useState('');
  return (
    <Section title={t('governance.decide.title')} id="decide">
      <ActionForm
        send={() =>
          decision
            ? fetchClient
                .POST('/api/proposals/{id}/decisions', {
                  params: { path: { id: proposal.id } },
                  body: {
                    decision,
                    decisionDate: date,
                    minutes: minutes.trim(),
                    ...(decision === 'adopt' && region.trim() ? { adoptedFromRegion: region.trim() } : {}),
                  },
                })
                .then(dataOf)
                .then(async (r) => (await refresh(), r))
            : null
        }
        onDone={() => (setMinutes(''), setRegion(''), setDecision(null))}
        doneMessage={() => t('governance.decide.saved')}
        submitLabel={t('governance.decide.save')}
        shownFields={['decision', 'decisionDate', 'minutes', 'adoptedFromRegion']}
        errorText={(e) => refusalText(i18n, e, refusals)}
      >
        <RadioGroupInput
          label={t('governance.decide.decision')}
          name="decision"
          value={decision}
          onChange={setDecision}
          isRequired
          options={DECISIONS.map((d) => ({ id: d, label: t(`governance.decide.${d}` as const) }))}
        />
        <TextInput label={t('governance.decide.date')} name="decisionDate" type="date" value={date} onChange={setDate} isRequired validate={v.required} />
        <TextAreaInput
          label={t('governance.decide.minutes')}
          name="minutes"
          value={minutes}
          onChange={setMinutes}
          isRequired
          validate={v.required}
          maxLength={10_000}
          description={t('governance.decide.minutesHelp')}
        />
        {decision === 'adopt' ? (
          <TextInput
            label={t('governance.decide.region')}
            name="adoptedFromRegion"
            value={region}
            onChange={setRegion}
            isRequired
            validate={v.required}
            maxLength={200}
          />
        ) : null}
      </ActionForm>
    </Section>
  );
}
