import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { Cell, Column, Form, Link, Row, Table, TableBody, TableHeader } from 'react-aria-components';
import { $api, dataOf, fetchClient, isApiError, type ApiData } from '../../api/client.ts';
import { issuesByField } from '../../api/errors.ts';
import { useInvalidate } from '../../api/query.ts';
import { CheckboxGroupInput, RadioGroupInput, SelectInput, TextAreaInput, TextInput } from '../../components/fields.tsx';
import {
  Badge,
  Btn,
  ButtonLink,
  ErrorAlert,
  LiveStatus,
  Loading,
  Page,
  Section,
  setFlash,
  SuccessMessage,
  TableScroll,
  useFlash,
} from '../../components/ui.tsx';
import { useI18n, type I18n } from '../../i18n/index.tsx';
import { navigate } from '../../router.ts';
import { useSession } from '../../session.tsx';
import { validators } from '../../validation.ts';
import { ActionForm, refusalText } from '../support/action-form.tsx';
import '../../support-governance.css';

type Round = ApiData<'/api/test-rounds/{id}'>;
type RoundCase = Round['cases'][number];
type Outcome = RoundCase['results'][number]['outcome'];

const refusals = {
  NOT_FOUND: 'governance.round.notFound',
  FORBIDDEN: 'governance.round.notAssigned',
  INVALID_TRANSITION: 'governance.round.alreadySignedOff',
} as const;

const roundStatusLabel = (t: I18n['t'], s: Round['status']) => t(`governance.rounds.status.${s}` as const);

/** The test rounds per release (the history); the coordinator sees every round, a tester the rounds they test. */
export function TestRoundsPage() {
  const { t, formatDate, collator } = useI18n();
  const { hasRole } = useSession();
  const coordinator = hasRole('functionCoordinator');
  const [flash] = useFlash();
  const [release, setRelease] = useState<string | null>(null);
  const all = $api.useQuery('get', '/api/test-rounds');
  const releases = [...new Set((all.data ?? []).map((r) => r.release))].sort((a, b) => collator.compare(b, a));
  const rows = (all.data ?? []).filter((r) => !release || r.release === release);
  return (
    <Page
      title={t('governance.rounds.title')}
      intro={coordinator ? t('governance.rounds.intro') : t('governance.rounds.introTester')}
      actions={
        coordinator ? (
          <ButtonLink variant="primary" href="/uppgraderingstest/ny">
            {t('governance.rounds.plan')}
          </ButtonLink>
        ) : undefined
      }
    >
      {flash ? <SuccessMessage>{flash}</SuccessMessage> : null}
      <div className="filters" role="search" aria-label={t('governance.rounds.releaseFilter')}>
        <SelectInput
          label={t('governance.rounds.releaseFilter')}
          name="release"
          value={release ?? ''}
          onChange={(v) => setRelease(v ? v : null)}
          options={[
            { id: '', label: t('governance.rounds.allReleases') },
            ...releases.map((r) => ({ id: r, label: t('governance.rounds.byRelease', { release: r }) })),
          ]}
        />
      </div>
      <ErrorAlert error={all.error} />
      <LiveStatus>{all.isPending ? t('common.loading') : t('governance.rounds.count', { count: rows.length })}</LiveStatus>
      <TableScroll>
        <Table aria-label={t('governance.rounds.title')} className="table table--dense">
          <TableHeader>
            <Column isRowHeader className="col">
              {t('governance.rounds.release')}
            </Column>
            <Column className="col">{t('governance.rounds.plannedDate')}</Column>
            <Column className="col">{t('governance.rounds.cases')}</Column>
            <Column className="col">{t('governance.rounds.status')}</Column>
          </TableHeader>
          <TableBody items={rows} renderEmptyState={() => (all.isPending ? <Loading /> : <p className="empty">{t('governance.rounds.empty')}</p>)}>
            {(r) => (
              <Row id={r.id} className="row">
                <Cell className="cell">
                  <Link className="link" href={`/uppgraderingstest/${r.id}`}>
                    {t('governance.round.title', { release: r.release })}
                  </Link>
                </Cell>
                <Cell className="cell">{formatDate(r.plannedDate)}</Cell>
                <Cell className="cell">
                  {t('governance.rounds.progress', { run: r.casesRun, total: r.cases })}
                  {r.failed ? (
                    <>
                      {' '}
                      <Badge tone="warn">{t('governance.rounds.failed', { count: r.failed })}</Badge>
                    </>
                  ) : null}
                </Cell>
                <Cell className="cell">
                  <Badge tone={r.status === 'signedOff' ? 'ok' : 'info'}>{roundStatusLabel(t, r.status)}</Badge>
                  {r.signedOffAt ? <span className="small block">{t('governance.round.signedOffAt', { at: formatDate(r.signedOffAt) })}</span> : null}
                </Cell>
              </Row>
            )}
          </TableBody>
        </Table>
      </TableScroll>
    </Page>
  );
}

interface CaseDraft {
  key: number;
  title: string;
  steps: string;
  expectedResult: string;
}

/** The function coordinator plans a round: release, date, test cases and testers (warned when they come from fewer than two care providers). */
export function PlanRoundPage() {
  const { t } = useI18n();
  const v = validators(t);
  const invalidate = useInvalidate();
  const candidates = $api.useQuery('get', '/api/test-rounds/tester-candidates');
  const [release, setRelease] = useState('');
  const [plannedDate, setPlannedDate] = useState('');
  const [cases, setCases] = useState<CaseDraft[]>([{ key: 1, title: '', steps: '', expectedResult: '' }]);
  const [testers, setTesters] = useState<string[]>([]);
  const [testersError, setTestersError] = useState<string | null>(null);
  const providers = new Set((candidates.data ?? []).filter((c) => testers.includes(c.userId)).flatMap((c) => c.careProviders.map((p) => p.id)));
  const mutation = useMutation({
    mutationFn: () =>
      fetchClient
        .POST('/api/test-rounds', {
          body: {
            release: release.trim(),
            plannedDate,
            cases: cases.map((c) => ({ title: c.title.trim(), steps: c.steps.trim(), expectedResult: c.expectedResult.trim() })),
            testerUserIds: testers,
          },
        })
        .then(dataOf),
    onSuccess: async (r) => {
      await invalidate('/api/test-rounds');
      setFlash(t(r.warnings.length ? 'governance.plan.savedWithWarning' : 'governance.plan.saved', { release: r.round.release }));
      navigate(`/uppgraderingstest/${r.round.id}`);
    },
  });
  const update = (key: number, patch: Partial<CaseDraft>) => setCases((cur) => cur.map((c) => (c.key === key ? { ...c, ...patch } : c)));
  return (
    <Page
      title={t('governance.plan.title')}
      intro={t('governance.plan.intro')}
      breadcrumbs={[{ href: '/uppgraderingstest', label: t('governance.rounds.title') }, { label: t('governance.plan.title') }]}
    >
      <ErrorAlert error={candidates.error} />
      <Form
        className="form"
        validationErrors={issuesByField(mutation.error)}
        onSubmit={(e) => {
          e.preventDefault();
          if (!testers.length) {
            setTestersError(t('governance.plan.noTesters'));
            return;
          }
          setTestersError(null);
          mutation.mutate();
        }}
      >
        <p className="help-text">{t('common.requiredNote')}</p>
        <ErrorAlert error={mutation.error} shownFields={['release', 'plannedDate']} />
        <div className="field-row">
          <TextInput
            label={t('governance.rounds.release')}
            name="release"
            value={release}
            onChange={setRelease}
            isRequired
            validate={v.required}
            maxLength={100}
          />
          <TextInput
            label={t('governance.rounds.plannedDate')}
            name="plannedDate"
            type="date"
            value={plannedDate}
            onChange={setPlannedDate}
            isRequired
            validate={v.required}
          />
        </div>
        <ol className="gov-cases">
          {cases.map((c, i) => (
            <li key={c.key}>
              <fieldset className="fieldset repeat">
                <legend className="fieldset-legend">{t('governance.plan.case', { n: i + 1 })}</legend>
                <TextInput
                  label={t('governance.plan.caseTitle')}
                  name={`case-${c.key}-title`}
                  value={c.title}
                  onChange={(x) => update(c.key, { title: x })}
                  isRequired
                  validate={v.required}
                  maxLength={200}
                />
                <TextAreaInput
                  label={t('governance.plan.steps')}
                  name={`case-${c.key}-steps`}
                  value={c.steps}
                  onChange={(x) => update(c.key, { steps: x })}
                  isRequired
                  validate={v.required}
                  maxLength={5000}
                  rows={3}
                />
                <TextAreaInput
                  label={t('governance.plan.expected')}
                  name={`case-${c.key}-expected`}
                  value={c.expectedResult}
                  onChange={(x) => update(c.key, { expectedResult: x })}
                  isRequired
                  validate={v.required}
                  maxLength={2000}
                  rows={2}
                />
                {cases.length > 1 ? (
                  <div className="button-row">
                    <Btn variant="quiet" onPress={() => setCases((cur) => cur.filter((x) => x.key !== c.key))}>
                      {t('governance.plan.removeCase', { n: i + 1 })}
                    </Btn>
                  </div>
                ) : null}
              </fieldset>
            </li>
          ))}
        </ol>
        <div className="button-row">
          <Btn onPress={() => setCases((cur) => [...cur, { key: Math.max(0, ...cur.map((x) => x.key)) + 1, title: '', steps: '', expectedResult: '' }])}>
            {t('governance.plan.addCase')}
          </Btn>
        </div>
        {candidates.isPending ? (
          <Loading />
        ) : (
          <CheckboxGroupInput
            label={t('governance.plan.testers')}
            name="testerUserIds"
            value={testers}
            onChange={(x) => (setTesters(x), setTestersError(null))}
            description={t('governance.plan.testersHelp')}
            options={(candidates.data ?? []).map((c) => ({ id: c.userId, label: `${c.name} (${c.careProviders.map((p) => p.name).join(', ')})` }))}
          />
        )}
        {testersError ? (
          <p className="field-error" role="alert">
            {testersError}
          </p>
        ) : null}
        <div role="status">
          {testers.length ? (
            providers.size < 2 ? (
              <div className="alert alert--info">
                <span className="alert-icon" aria-hidden="true">
                  !
                </span>
                <div className="alert-body">
                  <p className="alert-title">{t('governance.plan.fewProviders')}</p>
                </div>
              </div>
            ) : (
              <p className="help-text">{t('governance.plan.providers', { count: providers.size })}</p>
            )
          ) : null}
        </div>
        <div className="button-row">
          <Btn type="submit" variant="primary" isPending={mutation.isPending}>
            {t('governance.plan.save')}
          </Btn>
        </div>
      </Form>
    </Page>
  );
}

/** One round: its cases with steps and expected results; testers record results, the coordinator signs off. */
export function TestRoundPage({ id }: { id: string }) {
  const i18n = useI18n();
  const { t, formatDate, formatDateTime } = i18n;
  const { user, hasRole } = useSession();
  const [flash] = useFlash();
  const view = $api.useQuery('get', '/api/test-rounds/{id}', { params: { path: { id } } });
  const r = view.data;
  const crumbs = [
    { href: '/uppgraderingstest', label: t('governance.rounds.title') },
    { label: r ? t('governance.round.title', { release: r.release }) : t('governance.rounds.title') },
  ];
  if (!r) {
    return (
      <Page title={t('governance.rounds.title')} breadcrumbs={crumbs}>
        {view.isPending ? <Loading /> : <ErrorAlert error={view.error} message={refusalText(i18n, view.error, refusals)} />}
      </Page>
    );
  }
  const tester = r.testers.some((x) => x.userId === user?.id);
  const open = r.status === 'planned';
  const run = r.cases.filter((c) => c.run).length;
  return (
    <Page title={t('governance.round.title', { release: r.release })} breadcrumbs={crumbs}>
      {flash ? <SuccessMessage>{flash}</SuccessMessage> : null}
      <Section title={t('governance.rounds.title')} id="round">
        <dl className="details">
          <dt>{t('governance.rounds.status')}</dt>
          <dd>
            <Badge tone={open ? 'info' : 'ok'}>{roundStatusLabel(t, r.status)}</Badge>
            {r.signedOffAt ? <span className="small block">{t('governance.round.signedOffAt', { at: formatDateTime(r.signedOffAt) })}</span> : null}
            {r.signOffNote ? <span className="small block">{r.signOffNote}</span> : null}
          </dd>
          <dt>{t('governance.rounds.plannedDate')}</dt>
          <dd>{formatDate(r.plannedDate)}</dd>
          <dt>{t('governance.rounds.cases')}</dt>
          <dd>{t('governance.rounds.progress', { run, total: r.cases.length })}</dd>
          <dt>{t('governance.round.testers')}</dt>
          <dd>{r.testers.map((x) => x.name).join(', ')}</dd>
        </dl>
      </Section>
      <ol className="gov-cases" aria-label={t('governance.rounds.cases')}>
        {r.cases.map((c) => (
          <li key={c.id}>
            <CaseCard round={r} c={c} canRecord={tester && open} />
          </li>
        ))}
      </ol>
      {hasRole('functionCoordinator') ? <SignOffSection round={r} /> : null}
    </Page>
  );
}

function CaseCard({ round, c, canRecord }: { round: Round; c: RoundCase; canRecord: boolean }) {
  const i18n = useI18n();
  const { t, formatDateTime } = i18n;
  const invalidate = useInvalidate();
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [comment, setComment] = useState('');
  const verdict = c.verdict ? t(`governance.round.${c.verdict}`) : t('governance.round.notRun');
  const headingId = `case-${c.id}`;
  return (
    <section className="gov-case" aria-labelledby={headingId}>
      <h3 id={headingId}>
        {c.position}. {c.title}
      </h3>
      <dl className="details">
        <dt>{t('governance.round.steps')}</dt>
        <dd className="support-text">{c.steps}</dd>
        <dt>{t('governance.round.expected')}</dt>
        <dd className="support-text">{c.expectedResult}</dd>
        <dt>{t('governance.round.verdict')}</dt>
        <dd>
          <Badge tone={c.verdict === 'pass' ? 'ok' : c.verdict === 'fail' ? 'warn' : 'muted'}>{verdict}</Badge>
        </dd>
      </dl>
      {c.results.length ? (
        <>
          <h4 className="card-subtitle">{t('governance.round.results')}</h4>
          <ul className="plain-list">
            {c.results.map((x) => (
              <li key={x.id}>
                <strong>{t(`governance.round.${x.outcome}` as const)}</strong> – {x.testerName}, {formatDateTime(x.at)}
                {x.comment ? <span className="block support-text">{x.comment}</span> : null}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {canRecord ? (
        <ActionForm
          send={() => {
            if (!outcome) return null;
            return fetchClient
              .POST('/api/test-rounds/{id}/cases/{caseId}/results', {
                params: { path: { id: round.id, caseId: c.id } },
                body: { outcome, ...(comment.trim() ? { comment: comment.trim() } : {}) },
              })
              .then(dataOf)
              .then(async (x) => (await invalidate('/api/test-rounds/{id}', '/api/test-rounds'), x));
          }}
          onDone={() => (setOutcome(null), setComment(''))}
          doneMessage={() => t('governance.round.recorded', { n: c.position })}
          submitLabel={t('governance.round.save', { n: c.position })}
          submitVariant="secondary"
          shownFields={['outcome', 'comment']}
          errorText={(e) => refusalText(i18n, e, refusals)}
        >
          <RadioGroupInput
            label={t('governance.round.outcome')}
            name="outcome"
            value={outcome}
            onChange={setOutcome}
            isRequired
            orientation="horizontal"
            options={(['pass', 'fail', 'comment'] as const).map((o) => ({ id: o, label: t(`governance.round.${o}`) }))}
          />
          <TextAreaInput
            label={t('governance.round.commentLabel')}
            name="comment"
            value={comment}
            onChange={setComment}
            isRequired={outcome === 'fail' || outcome === 'comment'}
            validate={(x) => ((outcome === 'fail' || outcome === 'comment') && !x.trim() ? t('governance.round.commentRequired') : null)}
            maxLength={5000}
            rows={2}
            description={t('governance.round.commentHelp')}
          />
        </ActionForm>
      ) : null}
    </section>
  );
}

function SignOffSection({ round }: { round: Round }) {
  const i18n = useI18n();
  const { t } = i18n;
  const invalidate = useInvalidate();
  const [note, setNote] = useState('');
  const [done, setDone] = useState(false);
  if (round.status === 'signedOff') return done ? <SuccessMessage>{t('governance.round.signedOff')}</SuccessMessage> : null;
  // A refusal names the cases still open, as the page knows them after loading the round again.
  const refusal = (e: unknown) => {
    if (isApiError(e) && e.code === 'INVALID_TRANSITION') {
      const open = round.cases.filter((c) => !c.run);
      if (open.length)
        return t('governance.round.signOffRefused', {
          open: open.length,
          total: round.cases.length,
          cases: open.map((c) => `${c.position}. ${c.title}`).join(', '),
        });
    }
    return refusalText(i18n, e, refusals);
  };
  return (
    <Section title={t('governance.round.signOff')} id="sign-off">
      <ActionForm
        send={() =>
          fetchClient
            .POST('/api/test-rounds/{id}/sign-off', { params: { path: { id: round.id } }, body: note.trim() ? { note: note.trim() } : {} })
            .then(dataOf)
            .then(async (x) => (setDone(true), await invalidate('/api/test-rounds/{id}', '/api/test-rounds'), x))
            .catch(async (e: unknown) => {
              await invalidate('/api/test-rounds/{id}');
              throw e;
            })
        }
        doneMessage={() => t('governance.round.signedOff')}
        submitLabel={t('governance.round.signOff')}
        shownFields={['note']}
        errorText={refusal}
      >
        <TextAreaInput label={t('governance.round.signOffNote')} name="note" value={note} onChange={setNote} maxLength={5000} rows={2} />
      </ActionForm>
    </Section>
  );
}
