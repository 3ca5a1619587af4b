import { useState } from 'react';
import { Cell, Column, Row, Table, TableBody, TableHeader } from 'react-aria-components';
import { orderMatrix, orderTypes, type OrderType } from '../../../../src/contract/matrix.ts';
import { $api, dataOf, fetchClient, type ApiData } from '../../api/client.ts';
import { useInvalidate } from '../../api/query.ts';
import { ATTACHMENT_KINDS, type AttachmentKind } from '../../api/types.ts';
import { CheckboxGroupInput, CheckboxInput, SelectInput, TextInput } from '../../components/fields.tsx';
import { FormDialog } from '../../components/form-dialog.tsx';
import { Badge, Btn, ErrorAlert, Loading, Page, Section, SuccessMessage, TableScroll } from '../../components/ui.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { attachmentKindLabel } from '../orders/order-format.ts';
import { InspectionChecklistsSection } from './InspectionChecklists.tsx';

type Rules = ApiData<'/api/provision/rules'>;
type WorkOrderType = Rules['workOrderTypes'][number];
type TimeLimits = Rules['timeLimits'];
type CodeList = 'faultCategories' | 'deviationKinds' | 'cancelReasons';
type CodeLabel = Rules[CodeList][number];
type Queue = Rules['queueRouting']['byIsoPrefix'][number]['queue'];

const QUEUES: Queue[] = ['customerService', 'warehouse', 'technician', 'consultant'];
const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;
const ISO_PREFIX = /^\d{2}( \d{2}){0,2}$/;
const LIMITS = [
  'stockDeliveryWorkingDays',
  'orderItemDeliveryWorkingDays',
  'plannedDateRequiredOverWorkingDays',
  'urgentDeliveryHours',
  'urgentAcknowledgeBy',
  'pickUpRentStopsWorkingDays',
  'pickUpWorkingDays',
  'deregisterWorkingDays',
  'bufferRegistrationHours',
  'lostDeviceReRegistrationMonths',
  'orderCutOff',
  'orderCutOffWorkingDaysBefore',
] as const satisfies readonly (keyof TimeLimits)[];
const CLOCK_LIMITS: ReadonlySet<string> = new Set(['urgentAcknowledgeBy', 'orderCutOff']);

/** '' = null; a whole number ≥ 0; undefined = not a whole number. */
const wholeOrNull = (s: string): number | null | undefined => (s.trim() === '' ? null : /^\d{1,3}$/.test(s.trim()) ? Number(s.trim()) : undefined);
const whole = (s: string): number | undefined => (/^\d{1,3}$/.test(s.trim()) ? Number(s.trim()) : undefined);

/**
 * The rules as data (issue 15): the centre's work-order types, time limits, office hours, code lists and
 * queue routing, each change a new version that names who made it. For system administration and the
 * function coordinator (RULE_EDITORS); orders already received keep the version they came in under.
 */
export function RulesPage() {
  const i18n = useI18n();
  const { t, locale } = i18n;
  const q = $api.useQuery('get', '/api/provision/rules');
  const invalidate = useInvalidate();
  const [message, setMessage] = useState<string | null>(null);
  const [editing, setEditing] = useState<
    | { kind: 'type'; type: WorkOrderType }
    | { kind: 'limits' }
    | { kind: 'hours' }
    | { kind: 'code'; list: CodeList; code: CodeLabel }
    | { kind: 'queues' }
    | null
  >(null);
  const at = (iso: string) =>
    new Intl.DateTimeFormat(locale === 'sv' ? 'sv-SE' : 'en-GB', { timeZone: 'Europe/Stockholm', dateStyle: 'short', timeStyle: 'short' }).format(
      new Date(iso),
    );
  const saved = async (r: Rules) => {
    setEditing(null);
    await invalidate('/api/provision/rules', '/api/ordering/order-types');
    setMessage(t('rules.saved', { id: r.version.id, by: r.version.createdByName ?? '' }));
  };
  const rules = q.data;
  const label = (x: { sv: string; en: string }) => (locale === 'sv' ? x.sv : x.en);
  const kindLabel = (k: string) => i18n.tMaybe(`rules.kind.${k}`) ?? k;
  const days = (n: number | null) => (n === null ? t('rules.caseByCase') : String(n));

  return (
    <Page title={t('rules.title')} intro={t('rules.intro')}>
      {message ? <SuccessMessage>{message}</SuccessMessage> : null}
      <ErrorAlert error={q.error} />
      {!rules ? (
        q.isPending ? (
          <Loading />
        ) : null
      ) : (
        <>
          <p className="help-text" data-testid="rules-version">
            {rules.version.createdByName
              ? t('rules.versionBy', { id: rules.version.id, by: rules.version.createdByName, at: at(rules.version.createdAt) })
              : t('rules.versionInitial', { id: rules.version.id })}
          </p>

          <Section title={t('rules.workOrderTypes')} id="work-order-types">
            <p className="help-text">{t('rules.workOrderTypesHelp')}</p>
            <TableScroll>
              <Table aria-label={t('rules.workOrderTypes')} className="table">
                <TableHeader>
                  <Column isRowHeader className="col">
                    {t('rules.type')}
                  </Column>
                  <Column className="col">{t('rules.start')}</Column>
                  <Column className="col">{t('rules.done')}</Column>
                  <Column className="col">{t('rules.hours')}</Column>
                  <Column className="col">{t('rules.attachments')}</Column>
                  <Column className="col">
                    <span className="visually-hidden">{t('common.actions')}</span>
                  </Column>
                </TableHeader>
                <TableBody items={rules.workOrderTypes.map((w) => ({ ...w, id: w.code }))}>
                  {(w) => (
                    <Row id={w.id} className="row">
                      <Cell className="cell">
                        {label(w)}
                        {w.assumption ? (
                          <>
                            {' '}
                            <Badge tone="info">{t('rules.assumption')}</Badge>
                            <span className="help-text"> {w.assumption}</span>
                          </>
                        ) : null}
                      </Cell>
                      <Cell className="cell">{w.withinWorkingHours !== null ? '–' : days(w.startWithinWorkingDays)}</Cell>
                      <Cell className="cell">{w.withinWorkingHours !== null ? '–' : days(w.doneWithinWorkingDays)}</Cell>
                      <Cell className="cell">{w.withinWorkingHours ?? '–'}</Cell>
                      <Cell className="cell">
                        {w.requiredAttachments.length ? w.requiredAttachments.map((k) => attachmentKindLabel(i18n, k)).join(', ') : t('rules.none')}
                      </Cell>
                      <Cell className="cell">
                        <Btn
                          className="button--small"
                          onPress={() => setEditing({ kind: 'type', type: w })}
                          aria-label={t('rules.editType', { name: label(w) })}
                        >
                          {t('common.edit')}
                        </Btn>
                      </Cell>
                    </Row>
                  )}
                </TableBody>
              </Table>
            </TableScroll>
          </Section>

          <Section title={t('rules.timeLimits')} id="time-limits">
            <p className="help-text">{t('rules.timeLimitsHelp')}</p>
            <div className="button-row">
              <Btn onPress={() => setEditing({ kind: 'limits' })}>{t('rules.editTimeLimits')}</Btn>
            </div>
            <PairTable
              label={t('rules.timeLimits')}
              head={[t('rules.limit'), t('rules.value')]}
              rows={LIMITS.map((k) => ({ id: k, name: t(`rules.limit.${k}`), value: String(rules.timeLimits[k]) }))}
            />
          </Section>

          <Section title={t('rules.officeHours')} id="office-hours">
            <p className="help-text">{t('rules.officeHoursHelp')}</p>
            <p>{t('rules.officeHoursValue', { start: rules.officeHours.start, end: rules.officeHours.end })}</p>
            <div className="button-row">
              <Btn onPress={() => setEditing({ kind: 'hours' })}>{t('rules.editOfficeHours')}</Btn>
            </div>
          </Section>

          {(['faultCategories', 'deviationKinds', 'cancelReasons'] as const).map((list) => (
            <Section key={list} title={t(`rules.${list}`)} id={list}>
              <p className="help-text">{t('rules.codeListHelp')}</p>
              <TableScroll>
                <Table aria-label={t(`rules.${list}`)} className="table">
                  <TableHeader>
                    <Column isRowHeader className="col">
                      {t('rules.labelSv')}
                    </Column>
                    <Column className="col">{t('rules.labelEn')}</Column>
                    <Column className="col">{t('rules.code')}</Column>
                    <Column className="col">
                      <span className="visually-hidden">{t('common.actions')}</span>
                    </Column>
                  </TableHeader>
                  <TableBody items={rules[list].map((c) => ({ ...c, id: c.code }))}>
                    {(c) => (
                      <Row id={c.id} className="row">
                        <Cell className="cell">
                          {c.sv} {c.active ? null : <Badge tone="muted">{t('common.inactive')}</Badge>}
                        </Cell>
                        <Cell className="cell">{c.en}</Cell>
                        <Cell className="cell mono">{c.code}</Cell>
                        <Cell className="cell">
                          <Btn
                            className="button--small"
                            onPress={() => setEditing({ kind: 'code', list, code: c })}
                            aria-label={t('rules.editCode', { name: label(c) })}
                          >
                            {t('common.edit')}
                          </Btn>
                        </Cell>
                      </Row>
                    )}
                  </TableBody>
                </Table>
              </TableScroll>
            </Section>
          ))}

          <Section title={t('rules.queues')} id="queues">
            <p className="help-text">{t('rules.queuesHelp')}</p>
            <div className="button-row">
              <Btn onPress={() => setEditing({ kind: 'queues' })}>{t('rules.editQueues')}</Btn>
            </div>
            <PairTable
              label={t('rules.byOrderType')}
              head={[t('rules.orderType'), t('rules.queue')]}
              rows={[
                ...orderTypes.map((o) => ({ id: o, name: label(orderMatrix[o]), queue: rules.queueRouting.byOrderType[o] ?? 'customerService' })),
                ...Object.entries(rules.queueRouting.byWorkOrderType).map(([code, queue]) => {
                  const w = rules.workOrderTypes.find((x) => x.code === code);
                  return { id: `wo:${code}`, name: `${label(orderMatrix.workOrder)}: ${w ? label(w) : code}`, queue };
                }),
                ...rules.queueRouting.byIsoPrefix.map((r) => ({ id: `iso:${r.prefix}`, name: `${t('rules.isoPrefix')} ${r.prefix}`, queue: r.queue })),
              ].map((r) => ({ id: r.id, name: r.name, value: t(`hmc.queue.${r.queue}`) }))}
            />
          </Section>

          <InspectionChecklistsSection rules={rules} onSaved={saved} />

          <Section title={t('rules.history')} id="history">
            <TableScroll>
              <Table aria-label={t('rules.history')} className="table">
                <TableHeader>
                  <Column isRowHeader className="col">
                    {t('rules.versionColumn')}
                  </Column>
                  <Column className="col">{t('rules.changedKind')}</Column>
                  <Column className="col">{t('rules.changedAt')}</Column>
                  <Column className="col">{t('rules.changedBy')}</Column>
                </TableHeader>
                <TableBody items={rules.history} renderEmptyState={() => <p className="empty">{t('rules.historyEmpty')}</p>}>
                  {(h) => (
                    <Row id={h.id} className="row">
                      <Cell className="cell">{h.id}</Cell>
                      <Cell className="cell">
                        {kindLabel(h.kind)}
                        {typeof h.change?.code === 'string' ? ` (${h.change.code})` : ''}
                      </Cell>
                      <Cell className="cell nowrap">{at(h.createdAt)}</Cell>
                      <Cell className="cell">{h.createdByName ?? '–'}</Cell>
                    </Row>
                  )}
                </TableBody>
              </Table>
            </TableScroll>
          </Section>

          {editing?.kind === 'type' ? <TypeDialog type={editing.type} onClose={() => setEditing(null)} onDone={saved} /> : null}
          {editing?.kind === 'limits' ? <LimitsDialog limits={rules.timeLimits} onClose={() => setEditing(null)} onDone={saved} /> : null}
          {editing?.kind === 'hours' ? <HoursDialog hours={rules.officeHours} onClose={() => setEditing(null)} onDone={saved} /> : null}
          {editing?.kind === 'code' ? <CodeDialog list={editing.list} code={editing.code} onClose={() => setEditing(null)} onDone={saved} /> : null}
          {editing?.kind === 'queues' ? <QueuesDialog rules={rules} onClose={() => setEditing(null)} onDone={saved} /> : null}
        </>
      )}
    </Page>
  );
}

interface DialogProps {
  onClose: () => void;
  onDone: (r: Rules) => void;
}

function TypeDialog({ type, onClose, onDone }: DialogProps & { type: WorkOrderType }) {
  const i18n = useI18n();
  const { t, locale } = i18n;
  const text = (n: number | null) => (n === null ? '' : String(n));
  const [sv, setSv] = useState(type.sv);
  const [en, setEn] = useState(type.en);
  const [start, setStart] = useState(text(type.startWithinWorkingDays));
  const [done, setDone] = useState(text(type.doneWithinWorkingDays));
  const [hours, setHours] = useState(text(type.withinWorkingHours));
  const [attachments, setAttachments] = useState<AttachmentKind[]>(() =>
    type.requiredAttachments.filter((k): k is AttachmentKind => (ATTACHMENT_KINDS as readonly string[]).includes(k)),
  );
  const numberCheck = (v: string) => (wholeOrNull(v) === undefined ? t('rules.wholeNumber') : null);
  return (
    <FormDialog
      title={t('rules.editType', { name: locale === 'sv' ? type.sv : type.en })}
      onClose={onClose}
      submitLabel={t('common.save')}
      shownFields={['sv', 'en', 'startWithinWorkingDays', 'doneWithinWorkingDays', 'withinWorkingHours', 'requiredAttachments']}
      intro={type.assumption ? <p className="help-text">{type.assumption}</p> : null}
      send={() => {
        const s = wholeOrNull(start);
        const d = wholeOrNull(done);
        const h = wholeOrNull(hours);
        if (s === undefined || d === undefined || h === undefined || !sv.trim() || !en.trim()) return null;
        return fetchClient
          .PUT('/api/provision/rules/work-order-types/{code}', {
            params: { path: { code: type.code } },
            body: {
              sv: sv.trim(),
              en: en.trim(),
              startWithinWorkingDays: s,
              doneWithinWorkingDays: d,
              withinWorkingHours: h,
              requiredAttachments: attachments,
            },
          })
          .then(dataOf);
      }}
      onDone={onDone}
    >
      <TextInput label={t('rules.labelSv')} name="sv" value={sv} onChange={setSv} isRequired maxLength={200} />
      <TextInput label={t('rules.labelEn')} name="en" value={en} onChange={setEn} isRequired maxLength={200} />
      <TextInput label={t('rules.start')} name="startWithinWorkingDays" value={start} onChange={setStart} inputMode="numeric" validate={numberCheck} />
      <TextInput label={t('rules.done')} name="doneWithinWorkingDays" value={done} onChange={setDone} inputMode="numeric" validate={numberCheck} autoFocus />
      <TextInput label={t('rules.hours')} name="withinWorkingHours" value={hours} onChange={setHours} inputMode="numeric" validate={numberCheck} />
      <CheckboxGroupInput
        label={t('rules.attachments')}
        name="requiredAttachments"
        value={attachments}
        onChange={setAttachments}
        options={ATTACHMENT_KINDS.map((k) => ({ id: k, label: attachmentKindLabel(i18n, k) }))}
      />
    </FormDialog>
  );
}

function LimitsDialog({ limits, onClose, onDone }: DialogProps & { limits: TimeLimits }) {
  const { t } = useI18n();
  const [values, setValues] = useState<Record<string, string>>(() => Object.fromEntries(LIMITS.map((k) => [k, String(limits[k])])));
  const valid = (k: string, v: string) => (CLOCK_LIMITS.has(k) ? HHMM.test(v.trim()) : whole(v) !== undefined);
  return (
    <FormDialog
      title={t('rules.editTimeLimits')}
      onClose={onClose}
      submitLabel={t('common.save')}
      shownFields={LIMITS}
      send={() => {
        if (LIMITS.some((k) => !valid(k, values[k]!))) return null;
        const body = Object.fromEntries(LIMITS.map((k) => [k, CLOCK_LIMITS.has(k) ? values[k]!.trim() : whole(values[k]!)]));
        return fetchClient.PUT('/api/provision/rules/time-limits', { body }).then(dataOf);
      }}
      onDone={onDone}
    >
      {LIMITS.map((k) => (
        <TextInput
          key={k}
          label={t(`rules.limit.${k}`)}
          name={k}
          value={values[k]!}
          onChange={(v) => setValues((s) => ({ ...s, [k]: v }))}
          isRequired
          inputMode={CLOCK_LIMITS.has(k) ? 'text' : 'numeric'}
          validate={(v) => (valid(k, v) ? null : CLOCK_LIMITS.has(k) ? t('rules.timeInvalid') : t('rules.wholeNumber'))}
        />
      ))}
    </FormDialog>
  );
}

function HoursDialog({ hours, onClose, onDone }: DialogProps & { hours: Rules['officeHours'] }) {
  const { t } = useI18n();
  const [start, setStart] = useState(hours.start);
  const [end, setEnd] = useState(hours.end);
  const check = (v: string) => (HHMM.test(v.trim()) ? null : t('rules.timeInvalid'));
  return (
    <FormDialog
      title={t('rules.editOfficeHours')}
      onClose={onClose}
      submitLabel={t('common.save')}
      shownFields={['start', 'end']}
      send={() =>
        HHMM.test(start.trim()) && HHMM.test(end.trim())
          ? fetchClient.PUT('/api/provision/rules/office-hours', { body: { start: start.trim(), end: end.trim() } }).then(dataOf)
          : null
      }
      onDone={onDone}
    >
      <TextInput label={t('rules.opens')} name="start" value={start} onChange={setStart} isRequired validate={check} autoFocus />
      <TextInput label={t('rules.closes')} name="end" value={end} onChange={setEnd} isRequired validate={check} />
    </FormDialog>
  );
}

function CodeDialog({ list, code, onClose, onDone }: DialogProps & { list: CodeList; code: CodeLabel }) {
  const { t, locale } = useI18n();
  const [sv, setSv] = useState(code.sv);
  const [en, setEn] = useState(code.en);
  const [active, setActive] = useState(code.active);
  return (
    <FormDialog
      title={t('rules.editCode', { name: locale === 'sv' ? code.sv : code.en })}
      onClose={onClose}
      submitLabel={t('common.save')}
      shownFields={['sv', 'en']}
      send={() =>
        sv.trim() && en.trim()
          ? fetchClient
              .PUT('/api/provision/rules/code-lists/{list}/{code}', {
                params: { path: { list, code: code.code } },
                body: { sv: sv.trim(), en: en.trim(), active },
              })
              .then(dataOf)
          : null
      }
      onDone={onDone}
    >
      <TextInput label={t('rules.labelSv')} name="sv" value={sv} onChange={setSv} isRequired maxLength={200} autoFocus />
      <TextInput label={t('rules.labelEn')} name="en" value={en} onChange={setEn} isRequired maxLength={200} />
      <CheckboxInput name="active" isSelected={active} onChange={setActive}>
        {t('rules.offered')}
      </CheckboxInput>
    </FormDialog>
  );
}

function QueuesDialog({ rules, onClose, onDone }: DialogProps & { rules: Rules }) {
  const { t, locale } = useI18n();
  const label = (x: { sv: string; en: string }) => (locale === 'sv' ? x.sv : x.en);
  const [byOrderType, setByOrderType] = useState<Record<OrderType, Queue>>(
    () => Object.fromEntries(orderTypes.map((o) => [o, rules.queueRouting.byOrderType[o] ?? 'customerService'])) as Record<OrderType, Queue>,
  );
  const [byWorkOrderType, setByWorkOrderType] = useState<Record<string, Queue>>(rules.queueRouting.byWorkOrderType);
  const [iso, setIso] = useState(rules.queueRouting.byIsoPrefix.map((r, i) => ({ key: i, prefix: r.prefix, queue: r.queue })));
  const queueOptions = QUEUES.map((q) => ({ id: q, label: t(`hmc.queue.${q}`) }));
  return (
    <FormDialog
      title={t('rules.editQueues')}
      onClose={onClose}
      submitLabel={t('common.save')}
      shownFields={[]}
      send={() => {
        if (iso.some((r) => !ISO_PREFIX.test(r.prefix.trim()))) return null;
        return fetchClient
          .PUT('/api/provision/rules/queue-routing', {
            body: { byOrderType, byWorkOrderType, byIsoPrefix: iso.map((r) => ({ prefix: r.prefix.trim(), queue: r.queue })) },
          })
          .then(dataOf);
      }}
      onDone={onDone}
    >
      <h3>{t('rules.byOrderType')}</h3>
      {orderTypes.map((o) => (
        <SelectInput
          key={o}
          label={label(orderMatrix[o])}
          name={`byOrderType.${o}`}
          value={byOrderType[o]}
          onChange={(v) => v && setByOrderType((s) => ({ ...s, [o]: v }))}
          options={queueOptions}
          isRequired
        />
      ))}
      <h3>{t('rules.byWorkOrderType')}</h3>
      {rules.workOrderTypes.map((w) => (
        <SelectInput<Queue | 'none'>
          key={w.code}
          label={label(w)}
          name={`byWorkOrderType.${w.code}`}
          value={byWorkOrderType[w.code] ?? 'none'}
          onChange={(v) =>
            setByWorkOrderType((s) => {
              const { [w.code]: _old, ...rest } = s;
              return !v || v === 'none' ? rest : { ...rest, [w.code]: v };
            })
          }
          options={[{ id: 'none', label: t('rules.sameAsOrderType') }, ...queueOptions]}
        />
      ))}
      <h3>{t('rules.byIsoPrefix')}</h3>
      {iso.map((r, i) => (
        <div key={r.key} className="field-row">
          <TextInput
            label={t('rules.isoPrefix')}
            name={`byIsoPrefix.${i}.prefix`}
            value={r.prefix}
            onChange={(v) => setIso((s) => s.map((x) => (x.key === r.key ? { ...x, prefix: v } : x)))}
            isRequired
            validate={(v) => (ISO_PREFIX.test(v.trim()) ? null : t('rules.isoPrefixInvalid'))}
          />
          <SelectInput
            label={t('rules.queue')}
            name={`byIsoPrefix.${i}.queue`}
            value={r.queue}
            onChange={(v) => v && setIso((s) => s.map((x) => (x.key === r.key ? { ...x, queue: v } : x)))}
            options={queueOptions}
            isRequired
          />
          <div className="button-row">
            <Btn variant="quiet" onPress={() => setIso((s) => s.filter((x) => x.key !== r.key))} aria-label={t('rules.removeIso', { iso: r.prefix || '–' })}>
              ×
            </Btn>
          </div>
        </div>
      ))}
      <div className="button-row">
        <Btn onPress={() => setIso((s) => [...s, { key: Math.max(0, ...s.map((x) => x.key)) + 1, prefix: '', queue: 'consultant' }])}>{t('rules.addIso')}</Btn>
      </div>
    </FormDialog>
  );
}

/** A two-column table (a name in the row header, its value): the time limits and the queue routing. */
function PairTable({ label, head, rows }: { label: string; head: [string, string]; rows: { id: string; name: string; value: string }[] }) {
  return (
    <TableScroll>
      <Table aria-label={label} className="table">
        <TableHeader>
          <Column isRowHeader className="col">
            {head[0]}
          </Column>
          <Column className="col">{head[1]}</Column>
        </TableHeader>
        <TableBody items={rows}>
          {(r) => (
            <Row id={r.id} className="row">
              <Cell className="cell">{r.name}</Cell>
              <Cell className="cell">{r.value}</Cell>
            </Row>
          )}
        </TableBody>
      </Table>
    </TableScroll>
  );
}
