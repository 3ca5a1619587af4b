import { useState } from 'react';
import { Link } from 'react-aria-components';
import type { ApiData } from '../../api/client.ts';
import { $api, fetchClient } from '../../api/client.ts';
import { useInvalidate } from '../../api/query.ts';
import { RadioGroupInput, SelectInput, TextAreaInput, TextInput } from '../../components/fields.tsx';
import { FormDialog } from '../../components/form-dialog.tsx';
import { Badge, Btn, ErrorAlert, LiveStatus, Loading, Page, Section, SuccessMessage } from '../../components/ui.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { useSession } from '../../session.tsx';
import { INSPECTORS } from '../../../../src/provision/roles.ts';
import { refusalText, todayIso } from './provision-format.ts';
import './provision.css';

type Queue = ApiData<'/api/provision/inspections'>;
type QueueRow = Queue['overdue'][number];
type Checklist = Queue['checklists'][number];
type Result = 'approved' | 'approvedWithRemarks' | 'failed';
const RESULTS: readonly Result[] = ['approved', 'approvedWithRemarks', 'failed'];
const WEEKS = [1, 2, 4, 8, 12, 26] as const;

/**
 * Besiktningar (issue 19 item 1): the technician's list of units due for inspection in the coming weeks by
 * delivery area, with where each unit is (the patient's address, except for a protected identity), the overdue
 * ones (Försenade) and the failed ones out of use; from a row the technician records the inspection.
 */
export function InspectionsPage() {
  const { t, formatDate } = useI18n();
  const { hasRole } = useSession();
  const [weeks, setWeeks] = useState<number>(4);
  const queue = $api.useQuery('get', '/api/provision/inspections', { params: { query: { weeks } } });
  const invalidate = useInvalidate();
  const [message, setMessage] = useState<string | null>(null);
  const [inspecting, setInspecting] = useState<QueueRow | null>(null);
  const mayInspect = INSPECTORS.some((r) => hasRole(r));
  const q = queue.data;
  const dueCount = q ? q.areas.reduce((n, a) => n + a.rows.length, 0) : 0;

  const rowList = (rows: QueueRow[], label: string) => (
    <ul className="card-list" aria-label={label}>
      {rows.map((r) => (
        <InspectionRow
          key={r.unitId}
          row={r}
          onInspect={
            mayInspect && q
              ? () => {
                  setMessage(null);
                  setInspecting(r);
                }
              : null
          }
          isDisabled={queue.isFetching}
        />
      ))}
    </ul>
  );

  return (
    <Page title={t('inspection.title')} intro={<p>{t('inspection.intro')}</p>}>
      {message ? <SuccessMessage>{message}</SuccessMessage> : null}
      <div className="filters filters--one" role="search" aria-label={t('inspection.filters')}>
        <SelectInput
          label={t('inspection.weeks')}
          name="weeks"
          value={String(weeks)}
          onChange={(v) => setWeeks(Number(v ?? 4))}
          options={WEEKS.map((w) => ({ id: String(w), label: String(w) }))}
        />
      </div>
      <ErrorAlert error={queue.error} />
      <LiveStatus>
        {queue.isFetching || !q ? t('common.loading') : t('inspection.dueCount', { count: dueCount, date: formatDate(q.until), overdue: q.overdue.length })}
      </LiveStatus>
      {queue.isPending ? <Loading /> : null}
      {q ? (
        <>
          <Section title={t('inspection.dueSection', { date: formatDate(q.until) })} id="due">
            {q.areas.length === 0 ? <p className="empty">{t('inspection.noneDue')}</p> : null}
            {q.areas.map((a) => (
              <section key={a.areaId ?? 'centre'} aria-labelledby={`area-${a.areaId ?? 'centre'}`} className="inspection-area">
                <h3 id={`area-${a.areaId ?? 'centre'}`}>
                  {a.areaName} <span className="muted">({t('inspection.areaCount', { count: a.rows.length })})</span>
                </h3>
                {rowList(a.rows, a.areaName)}
              </section>
            ))}
          </Section>
          <Section title={t('inspection.overdueSection')} id="overdue">
            <p>{t('inspection.overdueHelp')}</p>
            {q.overdue.length ? rowList(q.overdue, t('inspection.overdueSection')) : <p className="empty">{t('inspection.noneOverdue')}</p>}
          </Section>
          <Section title={t('inspection.outOfUseSection')} id="out-of-use">
            <p>{t('inspection.outOfUseHelp')}</p>
            {q.outOfUse.length ? rowList(q.outOfUse, t('inspection.outOfUseSection')) : <p className="empty">{t('inspection.noneOutOfUse')}</p>}
          </Section>
        </>
      ) : null}
      {inspecting && q ? (
        <InspectionDialog
          row={inspecting}
          checklist={q.checklists.find((c) => c.isoPrefix === inspecting.checklistPrefix) ?? q.checklists.at(-1)!}
          onClose={() => setInspecting(null)}
          onDone={(m) => {
            setInspecting(null);
            void invalidate('/api/provision/inspections').then(() => setMessage(m));
          }}
        />
      ) : null}
    </Page>
  );
}

function InspectionRow({ row: r, onInspect, isDisabled }: { row: QueueRow; onInspect: (() => void) | null; isDisabled: boolean }) {
  const { t, formatDate } = useI18n();
  const address = r.patient?.address;
  return (
    <li className="line-card">
      <div className="line-head">
        <h4 className="line-title">
          <Link className="link" href={`/hmc/individer/${r.unitId}`}>
            {r.unitNumber}
          </Link>{' '}
          {r.articleName} ({r.articleNumber})
        </h4>
        {r.outOfUseSince ? (
          <Badge tone="warn">
            {r.failedInspectionNumber
              ? t('inspection.outOfUseBy', { date: formatDate(r.outOfUseSince), number: r.failedInspectionNumber })
              : t('inspection.outOfUseBadge', { date: formatDate(r.outOfUseSince) })}
          </Badge>
        ) : r.overdue ? (
          <Badge tone="warn">{t('inspection.overdueBadge')}</Badge>
        ) : null}
      </div>
      <dl className="details">
        {r.dueOn ? (
          <>
            <dt>{t('inspection.due')}</dt>
            <dd>{formatDate(r.dueOn)}</dd>
          </>
        ) : null}
        <dt>{t('inspection.where')}</dt>
        <dd>
          {r.patient ? (
            <>
              {r.patient.name}
              {address ? (
                <>
                  <br />
                  {[address.careOf ? `c/o ${address.careOf}` : null, address.street, [address.postalCode, address.city].filter(Boolean).join(' ')]
                    .filter(Boolean)
                    .join(', ')}
                </>
              ) : r.patient.protectedIdentity ? (
                <>
                  <br />
                  <span className="muted">{t('inspection.protectedIdentity')}</span>
                </>
              ) : null}
            </>
          ) : r.holdingId ? (
            t('inspection.atCustomer')
          ) : r.status === 'inBufferStore' ? (
            t('inspection.inBufferStore')
          ) : r.warehouseName ? (
            t('inspection.atCentre', { warehouse: r.warehouseName })
          ) : (
            t('inspection.atCentreNoWarehouse')
          )}
        </dd>
        {r.customerName ? (
          <>
            <dt>{t('inspection.customer')}</dt>
            <dd>
              {r.customerName} ({r.customerNumber})
            </dd>
          </>
        ) : null}
      </dl>
      {onInspect ? (
        <div className="button-row">
          <Btn variant="primary" isDisabled={isDisabled} onPress={onInspect}>
            {t('inspection.record', { unit: r.unitNumber })}
          </Btn>
        </div>
      ) : null}
    </li>
  );
}

/** What the dialog needs of the unit: a row of the list, or the unit card's facts. */
export type InspectedUnit = Pick<QueueRow, 'unitId' | 'unitNumber' | 'unitVersion' | 'holdingId' | 'articleName' | 'articleNumber' | 'defaultNextOn'>;

/** The inspection record (besiktningsprotokoll): every checklist item OK or not, the result, the remark and the next date. */
export function InspectionDialog({
  row,
  checklist,
  onClose,
  onDone,
}: {
  row: InspectedUnit;
  checklist: Checklist;
  onClose: () => void;
  onDone: (m: string) => void;
}) {
  const i18n = useI18n();
  const { t, locale, formatDate } = i18n;
  const [answers, setAnswers] = useState<Record<string, { ok: 'ok' | 'notOk' | null; comment: string }>>(() =>
    Object.fromEntries(checklist.items.map((i) => [i.code, { ok: null, comment: '' }])),
  );
  const [result, setResult] = useState<Result | null>(null);
  const [comment, setComment] = useState('');
  const [inspectedOn, setInspectedOn] = useState(todayIso());
  const [nextOn, setNextOn] = useState(row.defaultNextOn);
  const label = (i: { sv: string; en: string }) => (locale === 'en' ? i.en : i.sv);
  const unit = row.unitNumber;

  return (
    <FormDialog
      title={t('inspection.dialogTitle', { unit })}
      onClose={onClose}
      send={() => {
        if (!result) return null;
        return fetchClient.POST('/api/provision/units/{id}/inspections', {
          params: { path: { id: row.unitId } },
          body: {
            unitVersion: row.unitVersion,
            holdingId: row.holdingId,
            inspectedOn,
            checklist: checklist.items.map((i) => ({
              code: i.code,
              ok: answers[i.code]!.ok === 'ok',
              comment: answers[i.code]!.comment.trim() || null,
            })),
            result,
            comment: comment.trim() || null,
            ...(result === 'failed' ? {} : { nextInspectionOn: nextOn }),
          },
        });
      }}
      onDone={(r) =>
        onDone(t(`inspection.done.${result!}`, { number: r.data?.inspectionNumber ?? '', unit, date: formatDate(r.data?.nextInspectionOn ?? '') }))
      }
      submitLabel={t('inspection.submit')}
      submitVariant={result === 'failed' ? 'danger' : 'primary'}
      shownFields={['comment', 'inspectedOn', 'nextInspectionOn', 'result']}
      errorText={(e) => refusalText(i18n, e)}
      intro={<p>{t('inspection.dialogIntro', { article: `${row.articleName} (${row.articleNumber})`, checklist: label(checklist) })}</p>}
    >
      <fieldset className="fieldset">
        <legend>{t('inspection.checklist')}</legend>
        {checklist.items.map((i) => (
          <div key={i.code} className="inspection-item">
            <RadioGroupInput
              label={label(i)}
              name={`item-${i.code}`}
              orientation="horizontal"
              isRequired
              value={answers[i.code]!.ok}
              onChange={(v) => setAnswers((a) => ({ ...a, [i.code]: { ...a[i.code]!, ok: v } }))}
              options={[
                { id: 'ok', label: t('inspection.itemOk') },
                { id: 'notOk', label: t('inspection.itemNotOk') },
              ]}
            />
            {answers[i.code]!.ok === 'notOk' ? (
              <TextInput
                label={t('inspection.itemComment', { item: label(i) })}
                name={`comment-${i.code}`}
                isRequired
                maxLength={1000}
                value={answers[i.code]!.comment}
                onChange={(v) => setAnswers((a) => ({ ...a, [i.code]: { ...a[i.code]!, comment: v } }))}
              />
            ) : null}
          </div>
        ))}
      </fieldset>
      <RadioGroupInput
        label={t('inspection.result')}
        name="result"
        isRequired
        value={result}
        onChange={setResult}
        options={RESULTS.map((r) => ({ id: r, label: t(`inspection.result.${r}`) }))}
        {...(result === 'failed' ? { description: t('inspection.failedHelp') } : {})}
      />
      <TextAreaInput
        label={t('inspection.comment')}
        name="comment"
        value={comment}
        onChange={setComment}
        maxLength={2000}
        rows={3}
        isRequired={result === 'failed' || result === 'approvedWithRemarks'}
      />
      <TextInput label={t('inspection.inspectedOn')} name="inspectedOn" type="date" isRequired value={inspectedOn} onChange={setInspectedOn} />
      {result === 'failed' ? null : (
        <TextInput label={t('inspection.nextOn')} name="nextInspectionOn" type="date" isRequired value={nextOn} onChange={setNextOn} />
      )}
    </FormDialog>
  );
}
