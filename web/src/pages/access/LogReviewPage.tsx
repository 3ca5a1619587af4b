import { useMutation } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { Cell, Column, Form, Row, Table, TableBody, TableHeader } from 'react-aria-components';
import { $api, dataOf, fetchClient, isApiError, type ApiData } from '../../api/client.ts';
import { issuesByField } from '../../api/errors.ts';
import { useInvalidate } from '../../api/query.ts';
import { CheckboxInput, TextAreaInput, TextInput } from '../../components/fields.tsx';
import { Badge, Btn, ErrorAlert, LiveStatus, Loading, Page, Section, SuccessMessage, TableScroll } from '../../components/ui.tsx';
import { useI18n } from '../../i18n/index.tsx';

type Report = ApiData<'/api/log-review/report'>;
type Outlier = Report['reads'][number]['outliers'][number];
interface Period {
  from: string;
  to: string;
}

/** At most this many reads are drawn; the downloads hold them all. */
const SHOWN = 500;

const stockholmDay = (d: Date) =>
  new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
/** The month so far: the first of this month to today. */
function thisMonth(): Period {
  const today = stockholmDay(new Date());
  return { from: `${today.slice(0, 8)}01`, to: today };
}
const periodQuery = (p: Period) => new URLSearchParams({ from: p.from, to: p.to }).toString();

/**
 * Logggranskning (PDL, issue 13 items 4 and 5): the care provider's log reviewer picks a period, reads the
 * report with its outliers, downloads it, and signs the review off; and makes a patient's extract of accesses.
 */
export function LogReviewPage() {
  const { t } = useI18n();
  const [draft, setDraft] = useState<Period>(thisMonth);
  const [period, setPeriod] = useState<Period | null>(null);
  const report = $api.useQuery('get', '/api/log-review/report', { params: { query: period ?? draft } }, { enabled: !!period });
  const toValid = (v: string) => (v && draft.from && v < draft.from ? t('access.review.toBeforeFrom') : null);

  return (
    <Page title={t('access.review.title')} intro={t('access.review.intro')}>
      <Section title={t('access.review.period')} id="review-period">
        <Form
          className="form"
          validationErrors={issuesByField(report.error)}
          onSubmit={(e) => {
            e.preventDefault();
            setPeriod({ ...draft });
          }}
        >
          <div className="field-row">
            <TextInput
              label={t('access.review.from')}
              name="from"
              type="date"
              value={draft.from}
              onChange={(from) => setDraft((d) => ({ ...d, from }))}
              isRequired
            />
            <TextInput
              label={t('access.review.to')}
              name="to"
              type="date"
              value={draft.to}
              onChange={(to) => setDraft((d) => ({ ...d, to }))}
              isRequired
              validate={toValid}
            />
          </div>
          <ErrorAlert error={report.error} shownFields={['from', 'to']} />
          <div className="button-row">
            <Btn type="submit" variant="primary" isPending={report.isFetching}>
              {t('access.review.show')}
            </Btn>
          </div>
        </Form>
      </Section>
      {report.data ? <ReportView report={report.data} /> : period && report.isPending ? <Loading /> : null}
      <SignOffs />
      <AccessExtract />
    </Page>
  );
}

function ReportView({ report }: { report: Report }) {
  const { t, formatDateTime, locale } = useI18n();
  const invalidate = useInvalidate();
  const [onlyOutliers, setOnlyOutliers] = useState(report.outliers > 0);
  const [comment, setComment] = useState('');
  const [signed, setSigned] = useState<string | null>(null);
  const p = { from: report.from, to: report.to };
  const reads = onlyOutliers ? report.reads.filter((r) => r.outliers.length) : report.reads;
  const shown = reads.slice(0, SHOWN);
  const outlierLabel = (o: Outlier) => t(`access.outlier.${o}`);

  const signOff = useMutation({
    mutationFn: () =>
      fetchClient
        .POST('/api/log-review/sign-offs', { body: { careProviderId: report.careProviderId, ...p, comment: comment.trim() || undefined } })
        .then(dataOf),
    onSuccess: (s) => {
      setSigned(t('access.review.signed', { from: s.periodFrom, to: s.periodTo }));
      void invalidate('/api/log-review/sign-offs');
    },
  });

  return (
    <>
      <Section title={t('access.review.report', { from: report.from, to: report.to, careProvider: report.careProviderName })} id="review-report">
        <p>{t('access.review.summary', { reads: report.reads.length, outliers: report.outliers })}</p>
        <p className="help-text">
          {t('access.review.thresholds', {
            count: report.thresholds.manyPatientsCount,
            minutes: report.thresholds.manyPatientsWindowMinutes,
            start: report.thresholds.officeStartHour,
            end: report.thresholds.officeEndHour,
          })}
        </p>
        <div className="button-row">
          <a className="button button--secondary" href={`/api/log-review/report.xlsx?${periodQuery(p)}`} download>
            {t('access.review.excel')}
          </a>
          <a className="button button--secondary" href={`/api/log-review/report.pdf?${periodQuery(p)}`} download>
            {t('access.review.pdf')}
          </a>
        </div>

        <h3>{t('access.review.readers')}</h3>
        <TableScroll>
          <Table aria-label={t('access.review.readers')} className="table">
            <TableHeader>
              <Column isRowHeader className="col">
                {t('access.review.colReader')}
              </Column>
              <Column className="col">{t('access.review.colReads')}</Column>
              <Column className="col">{t('access.review.colPatients')}</Column>
              <Column className="col">{t('access.review.colOutliers')}</Column>
            </TableHeader>
            <TableBody
              items={report.readers.map((r) => ({ ...r, id: r.readerName }))}
              renderEmptyState={() => <p className="empty">{t('access.review.noReads')}</p>}
            >
              {(r) => (
                <Row id={r.id} className="row">
                  <Cell className="cell">{r.readerName}</Cell>
                  <Cell className="cell">{r.reads}</Cell>
                  <Cell className="cell">{r.patients}</Cell>
                  <Cell className="cell">{r.outliers ? <Badge tone="warn">{r.outliers}</Badge> : 0}</Cell>
                </Row>
              )}
            </TableBody>
          </Table>
        </TableScroll>

        <h3>{t('access.review.reads')}</h3>
        <CheckboxInput isSelected={onlyOutliers} onChange={setOnlyOutliers} name="onlyOutliers">
          {t('access.review.onlyOutliers')}
        </CheckboxInput>
        <LiveStatus>{t('access.review.shownOf', { shown: shown.length, total: reads.length })}</LiveStatus>
        <TableScroll>
          <Table aria-label={t('access.review.reads')} className="table">
            <TableHeader>
              <Column className="col">{t('access.review.colAt')}</Column>
              <Column isRowHeader className="col">
                {t('access.review.colReader')}
              </Column>
              <Column className="col">{t('access.review.colPatient')}</Column>
              <Column className="col">{t('access.review.colUnit')}</Column>
              <Column className="col">{t('access.review.colAction')}</Column>
              <Column className="col">{t('access.review.colOutliers')}</Column>
            </TableHeader>
            <TableBody
              items={shown.map((r) => ({ ...r, id: r.auditId }))}
              renderEmptyState={() => <p className="empty">{t(onlyOutliers ? 'access.review.noOutliers' : 'access.review.noReads')}</p>}
            >
              {(r) => (
                <Row id={r.id} className="row">
                  <Cell className="cell nowrap">{formatDateTime(r.at)}</Cell>
                  <Cell className="cell">{r.readerName}</Cell>
                  <Cell className="cell">{r.patientName}</Cell>
                  <Cell className="cell">{r.unit}</Cell>
                  <Cell className="cell">
                    {locale === 'en' ? r.actionLabelEn : r.actionLabel}
                    {r.purposeLabel ? <span className="small block">{locale === 'en' ? r.purposeLabelEn : r.purposeLabel}</span> : null}
                  </Cell>
                  <Cell className="cell">
                    {r.outliers.map((o) => (
                      <span key={o} className="block">
                        <Badge tone="warn">{outlierLabel(o)}</Badge>
                      </span>
                    ))}
                  </Cell>
                </Row>
              )}
            </TableBody>
          </Table>
        </TableScroll>
      </Section>

      <Section title={t('access.review.signOff')} id="review-sign-off">
        <p className="help-text">{t('access.review.signOffIntro')}</p>
        {signed ? <SuccessMessage>{signed}</SuccessMessage> : null}
        <Form
          className="form"
          onSubmit={(e) => {
            e.preventDefault();
            setSigned(null);
            signOff.mutate();
          }}
        >
          <ErrorAlert
            error={signOff.error}
            message={isApiError(signOff.error) && signOff.error.code === 'CONFLICT' ? t('access.review.alreadySigned') : undefined}
          />
          <TextAreaInput label={t('access.review.comment')} name="comment" value={comment} onChange={setComment} maxLength={2000} rows={3} />
          <div className="button-row">
            <Btn type="submit" variant="primary" isPending={signOff.isPending}>
              {t('access.review.signOff')}
            </Btn>
          </div>
        </Form>
      </Section>
    </>
  );
}

function SignOffs() {
  const { t, formatDateTime } = useI18n();
  const list = $api.useQuery('get', '/api/log-review/sign-offs', { params: { query: {} } });
  return (
    <Section title={t('access.review.signOffs')} id="review-sign-offs">
      <ErrorAlert error={list.error} />
      <TableScroll>
        <Table aria-label={t('access.review.signOffs')} className="table">
          <TableHeader>
            <Column isRowHeader className="col">
              {t('access.review.colPeriod')}
            </Column>
            <Column className="col">{t('access.review.colReads')}</Column>
            <Column className="col">{t('access.review.colOutliers')}</Column>
            <Column className="col">{t('access.review.colSignedBy')}</Column>
            <Column className="col">{t('access.review.colSignedAt')}</Column>
            <Column className="col">{t('access.review.colComment')}</Column>
          </TableHeader>
          <TableBody items={list.data ?? []} renderEmptyState={() => (list.isPending ? <Loading /> : <p className="empty">{t('access.review.noSignOffs')}</p>)}>
            {(s) => (
              <Row id={s.id} className="row">
                <Cell className="cell nowrap">
                  {s.periodFrom} – {s.periodTo}
                </Cell>
                <Cell className="cell">{s.reads}</Cell>
                <Cell className="cell">{s.outliers}</Cell>
                <Cell className="cell">{s.signedByName}</Cell>
                <Cell className="cell nowrap">{formatDateTime(s.signedAt)}</Cell>
                <Cell className="cell">{s.comment ?? ''}</Cell>
              </Row>
            )}
          </TableBody>
        </Table>
      </TableScroll>
    </Section>
  );
}

/** Saves a file the API answered with, as the browser's download of that name. */
function saveFile(blob: Blob, name: string) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

function AccessExtract() {
  const { t } = useI18n();
  const [form, setForm] = useState({ personnummer: '', ...thisMonth() });
  const [done, setDone] = useState(false);
  const extract = useMutation({
    mutationFn: async () => {
      const r = await fetchClient.POST('/api/log-review/access-extract', {
        body: { personnummer: form.personnummer.trim(), from: form.from, to: form.to },
        parseAs: 'blob',
      });
      return r.data as unknown as Blob;
    },
    onSuccess: (blob) => {
      saveFile(blob, 'registerutdrag.pdf');
      setDone(true);
    },
  });
  const error = extract.error;
  const fieldErrors = useMemo(() => {
    const byField: Record<string, string> = { ...issuesByField(error) };
    if (isApiError(error) && error.code === 'PATIENT_NOT_FOUND') byField.personnummer = t('access.extract.notFound');
    if (isApiError(error) && error.code === 'INVALID') byField.personnummer = t('access.extract.invalid');
    return byField;
  }, [error, t]);
  const alertText =
    isApiError(error) && error.code === 'PATIENT_NOT_FOUND'
      ? t('access.extract.notFound')
      : isApiError(error) && error.code === 'INVALID'
        ? t('access.extract.invalid')
        : undefined;

  return (
    <Section title={t('access.extract.title')} id="access-extract">
      <p className="help-text">{t('access.extract.intro')}</p>
      {done ? <SuccessMessage>{t('access.extract.done')}</SuccessMessage> : null}
      <Form
        className="form"
        validationErrors={fieldErrors}
        onSubmit={(e) => {
          e.preventDefault();
          setDone(false);
          extract.mutate();
        }}
      >
        <ErrorAlert error={error} message={alertText} shownFields={['personnummer', 'from', 'to']} />
        <TextInput
          label={t('access.extract.personnummer')}
          name="personnummer"
          value={form.personnummer}
          onChange={(personnummer) => setForm((f) => ({ ...f, personnummer }))}
          isRequired
          description={t('access.extract.personnummerHelp')}
          autoComplete="off"
          spellCheck={false}
          maxLength={20}
        />
        <div className="field-row">
          <TextInput
            label={t('access.review.from')}
            name="from"
            type="date"
            value={form.from}
            onChange={(from) => setForm((f) => ({ ...f, from }))}
            isRequired
          />
          <TextInput
            label={t('access.review.to')}
            name="to"
            type="date"
            value={form.to}
            onChange={(to) => setForm((f) => ({ ...f, to }))}
            isRequired
            validate={(v) => (v && form.from && v < form.from ? t('access.review.toBeforeFrom') : null)}
          />
        </div>
        <div className="button-row">
          <Btn type="submit" variant="primary" isPending={extract.isPending}>
            {t('access.extract.download')}
          </Btn>
        </div>
      </Form>
    </Section>
  );
}
