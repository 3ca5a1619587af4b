import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { Cell, Column, Row, Table, TableBody, TableHeader } from 'react-aria-components';
import { $api, dataOf, fetchClient, isApiError, type ApiData } from '../../api/client.ts';
import { useInvalidate } from '../../api/query.ts';
import { CheckboxInput, TextAreaInput, TextInput } from '../../components/fields.tsx';
import { FormDialog } from '../../components/form-dialog.tsx';
import { AppModal, Badge, Btn, ErrorAlert, Loading, Page, Section, SuccessMessage, TableScroll } from '../../components/ui.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { navigate, useLocation } from '../../router.ts';
import { useSession } from '../../session.tsx';
import { basisFileHref, kronor, parseKronor, parseQuantity, PERIOD_RE, thisMonth } from './billing-format.ts';

type Month = ApiData<'/api/billing/months/{period}'>;
type Line = ApiData<'/api/billing/months/{period}/lines'>['lines'][number];

/** Why a close was refused, worked out from the month as it is now (the server's codes are CONFLICT for all three). */
type Refusal =
  | { kind: 'closedByOther'; by: string; at: string }
  | { kind: 'missing'; missing: Month['missingPrices'] }
  | { kind: 'stale' }
  | { kind: 'other'; error: unknown };

/** Finance previews a month's invoice basis, recomputes it, closes it and downloads the files (issue 12 item 9). */
export function BillingMonthPage() {
  const { t, locale, formatDateTime } = useI18n();
  const { user } = useSession();
  const { search } = useLocation();
  const fromUrl = search.get('period');
  const period = fromUrl && PERIOD_RE.test(fromUrl) ? fromUrl : null;
  const [typed, setTyped] = useState(period ?? thisMonth());
  const [selected, setSelected] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [correcting, setCorrecting] = useState<Line | null>(null);
  const invalidate = useInvalidate();

  const months = $api.useQuery('get', '/api/billing/months');
  const month = $api.useQuery('get', '/api/billing/months/{period}', { params: { path: { period: period ?? '' } } }, { enabled: !!period });
  const notRun = isApiError(month.error) && month.error.status === 404;
  const m = month.data;

  const show = (p: string) => {
    setSelected(null);
    setRefusal(null);
    setMessage(null);
    navigate(`/ekonomi/fakturering?period=${p}`);
  };

  const runMonth = useMutation({
    mutationFn: async () => {
      setMessage(null);
      setRefusal(null);
      const r = dataOf(await fetchClient.POST('/api/billing/months/{period}/run', { params: { path: { period: period! } }, body: {} }));
      await invalidate('/api/billing/months', '/api/billing/months/{period}', '/api/billing/months/{period}/lines');
      setMessage(t('billing.computed', { period: r.period, lines: r.lines, total: kronor(locale, r.total) }));
    },
  });

  const close = useMutation({
    mutationFn: async (version: number) =>
      dataOf(await fetchClient.POST('/api/billing/months/{period}/close', { params: { path: { period: period! } }, body: { version } })),
    onSuccess: async (r) => {
      setConfirming(false);
      await invalidate('/api/billing/months', '/api/billing/months/{period}', '/api/billing/months/{period}/lines');
      setMessage(
        t('billing.closed', { period: r.period, lines: r.lines, total: kronor(locale, r.total) }) +
          ' ' +
          (r.notified.length ? t('billing.notified', { customers: r.notified.join(', ') }) : '') +
          (r.withoutContact.length ? ' ' + t('billing.withoutContact', { customers: r.withoutContact.join(', ') }) : ''),
      );
    },
    onError: async (e) => {
      setConfirming(false);
      if (!isApiError(e) || e.status !== 409) return setRefusal({ kind: 'other', error: e });
      // The month as it is now says why: someone else closed it, a price is missing, or it was recomputed.
      const now = await month.refetch();
      const cur = now.data;
      if (cur?.state === 'closed') setRefusal({ kind: 'closedByOther', by: cur.closedBy ?? '?', at: formatDateTime(cur.closedAt) });
      else if (cur?.missingPrices.length) setRefusal({ kind: 'missing', missing: cur.missingPrices });
      else setRefusal({ kind: 'stale' });
      void invalidate('/api/billing/months');
    },
  });

  return (
    <Page title={t('billing.title')} intro={t('billing.intro')}>
      <Section title={t('billing.chooseMonth')} id="choose">
        <form
          className="field-row"
          onSubmit={(e) => {
            e.preventDefault();
            if (PERIOD_RE.test(typed.trim())) show(typed.trim());
          }}
        >
          <TextInput
            label={t('billing.month')}
            name="period"
            value={typed}
            onChange={setTyped}
            description={t('billing.monthHelp')}
            validate={(v) => (PERIOD_RE.test(v.trim()) ? null : t('billing.monthInvalid'))}
            maxLength={7}
          />
          <div className="button-row">
            <Btn type="submit">{t('billing.open')}</Btn>
          </div>
        </form>
        {months.data?.length ? (
          <ul className="plain-list" aria-label={t('billing.months')}>
            {months.data.map((x) => (
              <li key={x.period}>
                <a
                  className="link"
                  href={`/ekonomi/fakturering?period=${x.period}`}
                  onClick={(e) => (e.preventDefault(), show(x.period))}
                  aria-current={x.period === period ? 'page' : undefined}
                >
                  {x.period}
                </a>{' '}
                <Badge tone={x.state === 'closed' ? 'muted' : 'info'}>{t(x.state === 'closed' ? 'billing.stateClosed' : 'billing.stateDraft')}</Badge>
              </li>
            ))}
          </ul>
        ) : null}
        <ErrorAlert error={months.error} />
      </Section>

      {period ? (
        <Section title={t('billing.monthHeading', { period })} id="month">
          {message ? <SuccessMessage>{message}</SuccessMessage> : null}
          <ErrorAlert error={runMonth.error} />
          <RefusalAlert refusal={refusal} />
          {month.isPending ? <Loading /> : notRun ? <p>{t('billing.notRun', { period })}</p> : <ErrorAlert error={month.error} />}
          {m ? (
            <dl className="details">
              <dt>{t('common.status')}</dt>
              <dd>
                <Badge tone={m.state === 'closed' ? 'muted' : 'info'}>{t(m.state === 'closed' ? 'billing.stateClosed' : 'billing.stateDraft')}</Badge>
                {m.state === 'closed' ? ` ${t('billing.closedByAt', { by: m.closedBy ?? '', at: formatDateTime(m.closedAt) })}` : ''}
              </dd>
              <dt>{t('billing.computedAt')}</dt>
              <dd>{formatDateTime(m.computedAt)}</dd>
              <dt>{t('billing.proration')}</dt>
              <dd>{t(m.proration === 'day' ? 'billing.prorationDay' : 'billing.prorationMonth')}</dd>
              <dt>{t('billing.lines')}</dt>
              <dd>{m.lines}</dd>
              <dt>{t('billing.total')}</dt>
              <dd className="nowrap">{kronor(locale, m.total)}</dd>
            </dl>
          ) : null}
          {runMonth.isPending ? <RunSteps period={period} /> : null}
          <div className="button-row">
            {m?.state !== 'closed' ? (
              <Btn variant={m ? 'secondary' : 'primary'} onPress={() => runMonth.mutate()} isPending={runMonth.isPending}>
                {m ? t('billing.recompute') : t('billing.preview')}
              </Btn>
            ) : null}
            {m && m.state === 'draft' ? (
              <Btn variant="primary" onPress={() => (setRefusal(null), setMessage(null), setConfirming(true))}>
                {t('billing.close')}
              </Btn>
            ) : null}
            {m && m.customers.length ? (
              <a className="button button--secondary" href={`/api/billing/months/${period}/summary.xlsx`} download>
                {t('billing.summaryWorkbook')}
              </a>
            ) : null}
          </div>
          {m && m.missingPrices.length && refusal?.kind !== 'missing' ? (
            <div className="alert alert--info" role="note">
              <div className="alert-body">
                <p className="alert-title">{t('billing.missingTitle')}</p>
                <MissingList missing={m.missingPrices} />
              </div>
            </div>
          ) : null}
          {m ? <CustomerTable month={m} onShow={setSelected} selected={selected} /> : null}
        </Section>
      ) : null}

      {period && selected && m ? <LinesSection period={period} customerNumber={selected} closed={m.state === 'closed'} onCorrect={setCorrecting} /> : null}

      {confirming && m ? (
        <AppModal isOpen onOpenChange={(o) => (o ? undefined : setConfirming(false))} title={t('billing.closeTitle', { period: m.period })} role="alertdialog">
          <p>{t('billing.closeText', { period: m.period, lines: m.lines, total: kronor(locale, m.total), user: user?.username ?? '' })}</p>
          <div className="button-row">
            <Btn variant="danger" onPress={() => close.mutate(m.version)} isPending={close.isPending}>
              {t('billing.closeConfirm')}
            </Btn>
            <Btn onPress={() => setConfirming(false)} autoFocus>
              {t('common.cancel')}
            </Btn>
          </div>
        </AppModal>
      ) : null}
      {correcting && period ? (
        <CorrectionDialog
          line={correcting}
          onClose={() => setCorrecting(null)}
          onDone={async (r) => {
            setCorrecting(null);
            await invalidate('/api/billing/months', '/api/billing/months/{period}', '/api/billing/months/{period}/lines');
            setMessage(t('billing.corrected', { period: r.period, credited: kronor(locale, r.credited) }));
          }}
        />
      ) : null}
    </Page>
  );
}

function MissingList({ missing }: { missing: Month['missingPrices'] }) {
  const { t, tMaybe } = useI18n();
  return (
    <ul className="alert-list" aria-label={t('billing.missingTitle')}>
      {missing.map((x) => (
        <li key={`${x.kind}-${x.articleNumber ?? ''}`}>
          {x.articleNumber ? `${x.articleNumber} ${x.articleName ?? ''}` : (tMaybe(`billing.kind.${x.kind}`) ?? x.kind)} –{' '}
          {t('billing.missingLines', { lines: x.lines })}
        </li>
      ))}
    </ul>
  );
}

function RefusalAlert({ refusal }: { refusal: Refusal | null }) {
  const { t } = useI18n();
  if (!refusal) return null;
  if (refusal.kind === 'other') return <ErrorAlert error={refusal.error} />;
  return (
    <div className="alert alert--error" role="alert">
      <span className="alert-icon" aria-hidden="true">
        !
      </span>
      <div className="alert-body">
        <p className="alert-title">
          {refusal.kind === 'closedByOther'
            ? t('billing.closedByOther', { by: refusal.by, at: refusal.at })
            : refusal.kind === 'stale'
              ? t('billing.closeStale')
              : t('billing.closeRefusedMissing')}
        </p>
        {refusal.kind === 'missing' ? <MissingList missing={refusal.missing} /> : null}
      </div>
    </div>
  );
}

function CustomerTable({ month, onShow, selected }: { month: Month; onShow: (c: string) => void; selected: string | null }) {
  const { t, locale } = useI18n();
  return (
    <TableScroll>
      <Table aria-label={t('billing.perCustomer', { period: month.period })} className="table">
        <TableHeader>
          <Column isRowHeader className="col">
            {t('billing.customerNumber')}
          </Column>
          <Column className="col">{t('billing.lines')}</Column>
          <Column className="col">{t('billing.amount')}</Column>
          <Column className="col">{t('billing.withoutPrice')}</Column>
          <Column className="col">{t('billing.files')}</Column>
        </TableHeader>
        <TableBody
          items={month.customers.map((c) => ({ ...c, id: c.customerNumber }))}
          renderEmptyState={() => <p className="empty">{t('billing.noLines')}</p>}
        >
          {(c) => (
            <Row id={c.customerNumber} className="row">
              <Cell className="cell">
                <Btn
                  variant="quiet"
                  className="button--small"
                  onPress={() => onShow(c.customerNumber)}
                  aria-pressed={selected === c.customerNumber}
                  aria-label={t('billing.showLinesOf', { customer: c.customerNumber })}
                >
                  {c.customerNumber}
                </Btn>
              </Cell>
              <Cell className="cell">{c.lines}</Cell>
              <Cell className="cell nowrap">{kronor(locale, c.total)}</Cell>
              <Cell className="cell">{c.linesWithoutPrice ? <Badge tone="warn">{c.linesWithoutPrice}</Badge> : '0'}</Cell>
              <Cell className="cell">
                <span className="button-row button-row--tight">
                  {(['xlsx', 'csv', 'pdf'] as const).map((f) => (
                    <a
                      key={f}
                      className="link"
                      href={basisFileHref(month.period, c.customerNumber, f)}
                      download
                      aria-label={t('billing.downloadNamed', { format: f.toUpperCase(), customer: c.customerNumber })}
                    >
                      {f.toUpperCase()}
                    </a>
                  ))}
                </span>
              </Cell>
            </Row>
          )}
        </TableBody>
      </Table>
    </TableScroll>
  );
}

function LinesSection({
  period,
  customerNumber,
  closed,
  onCorrect,
}: {
  period: string;
  customerNumber: string;
  closed: boolean;
  onCorrect: (l: Line) => void;
}) {
  const { t, tMaybe, locale } = useI18n();
  const q = $api.useQuery('get', '/api/billing/months/{period}/lines', { params: { path: { period }, query: { customerNumber } } });
  return (
    <Section title={t('billing.linesOf', { customer: customerNumber, period })} id="lines">
      <ErrorAlert error={q.error} />
      {q.data ? (
        <p>
          {q.data.basisNumber} · {t('billing.total')}: <span className="nowrap">{kronor(locale, q.data.total)}</span>
        </p>
      ) : null}
      <TableScroll>
        <Table aria-label={t('billing.linesOf', { customer: customerNumber, period })} className="table">
          <TableHeader>
            <Column isRowHeader className="col">
              {t('billing.lineId')}
            </Column>
            <Column className="col">{t('billing.charge')}</Column>
            <Column className="col">{t('billing.order')}</Column>
            <Column className="col">{t('billing.article')}</Column>
            <Column className="col">{t('billing.patient')}</Column>
            <Column className="col">{t('billing.rentPeriod')}</Column>
            <Column className="col">{t('billing.quantity')}</Column>
            <Column className="col">{t('billing.unitPrice')}</Column>
            <Column className="col">{t('billing.amount')}</Column>
            <Column className="col">{t('billing.comment')}</Column>
            <Column className="col">
              <span className="visually-hidden">{t('common.actions')}</span>
            </Column>
          </TableHeader>
          <TableBody
            items={(q.data?.lines ?? []).map((l) => ({ ...l, id: l.lineId }))}
            renderEmptyState={() => (q.isPending ? <Loading /> : <p className="empty">{t('billing.noLines')}</p>)}
          >
            {(l) => (
              <Row id={l.lineId} className="row">
                <Cell className="cell mono">
                  {l.lineId}
                  {l.correctsLineId ? <span className="small block">{t('billing.correctsLine', { id: l.correctsLineId })}</span> : null}
                </Cell>
                <Cell className="cell">{tMaybe(`billing.kind.${l.kind}`) ?? l.charge}</Cell>
                <Cell className="cell">
                  {l.orderNumber ?? ''}
                  {l.lineNumber ? `:${l.lineNumber}` : ''}
                  {l.orderingCustomerNumber !== customerNumber ? (
                    <span className="small block">{t('billing.orderedBy', { customer: l.orderingCustomerNumber })}</span>
                  ) : null}
                </Cell>
                <Cell className="cell">
                  {l.articleNumber ? `${l.articleNumber} ${l.articleName ?? ''}` : ''}
                  {l.unitNumber ? <span className="small block mono">{l.unitNumber}</span> : null}
                </Cell>
                <Cell className="cell">{l.patient}</Cell>
                <Cell className="cell nowrap">{l.rentFrom ? `${l.rentFrom} – ${l.rentTo ?? ''} (${l.days ?? ''})` : ''}</Cell>
                <Cell className="cell">{l.quantity.toLocaleString(locale === 'sv' ? 'sv-SE' : 'en-GB')}</Cell>
                <Cell className="cell nowrap">{l.unitPrice == null ? <Badge tone="warn">{t('billing.noPrice')}</Badge> : kronor(locale, l.unitPrice)}</Cell>
                <Cell className="cell nowrap">{kronor(locale, l.amount)}</Cell>
                <Cell className="cell">{l.comment ?? ''}</Cell>
                <Cell className="cell">
                  {closed && !l.correctsLineId ? (
                    <Btn className="button--small" onPress={() => onCorrect(l)} aria-label={t('billing.correctNamed', { id: l.lineId })}>
                      {t('billing.correct')}
                    </Btn>
                  ) : null}
                </Cell>
              </Row>
            )}
          </TableBody>
        </Table>
      </TableScroll>
    </Section>
  );
}

function CorrectionDialog({
  line,
  onClose,
  onDone,
}: {
  line: Line;
  onClose: () => void;
  onDone: (r: ApiData<'/api/billing/lines/{id}/correct', 'post'>) => void;
}) {
  const { t } = useI18n();
  const [creditOnly, setCreditOnly] = useState(false);
  const [quantity, setQuantity] = useState(String(line.quantity).replace('.', ','));
  const [unitPrice, setUnitPrice] = useState(line.unitPrice == null ? '' : String(line.unitPrice).replace('.', ','));
  const [comment, setComment] = useState('');
  return (
    <FormDialog
      title={t('billing.correctTitle', { id: line.lineId })}
      onClose={onClose}
      intro={<p className="help-text">{t('billing.correctIntro')}</p>}
      submitLabel={t('billing.correctSubmit')}
      shownFields={['quantity', 'unitPrice', 'comment']}
      send={() => {
        const q = creditOnly ? null : parseQuantity(quantity);
        const p = creditOnly ? null : parseKronor(unitPrice);
        if (!comment.trim() || (!creditOnly && (q == null || p == null))) return null;
        return fetchClient
          .POST('/api/billing/lines/{id}/correct', {
            params: { path: { id: line.lineId } },
            body: { creditOnly, quantity: q, unitPrice: p, comment: comment.trim() },
          })
          .then(dataOf);
      }}
      onDone={onDone}
    >
      <CheckboxInput isSelected={creditOnly} onChange={setCreditOnly} name="creditOnly">
        {t('billing.creditOnly')}
      </CheckboxInput>
      {!creditOnly ? (
        <>
          <TextInput
            label={t('billing.rightQuantity')}
            name="quantity"
            value={quantity}
            onChange={setQuantity}
            isRequired
            validate={(v) => (parseQuantity(v) == null ? t('billing.quantityInvalid') : null)}
            inputMode="text"
          />
          <TextInput
            label={t('billing.rightUnitPrice')}
            name="unitPrice"
            value={unitPrice}
            onChange={setUnitPrice}
            isRequired
            validate={(v) => (parseKronor(v) == null ? t('billing.amountInvalid') : null)}
            inputMode="text"
          />
        </>
      ) : null}
      <TextAreaInput
        label={t('billing.correctReason')}
        name="comment"
        value={comment}
        onChange={setComment}
        isRequired
        maxLength={500}
        validate={(v) => (v.trim() ? null : t('validation.required'))}
        rows={3}
      />
    </FormDialog>
  );
}

/** While the month runs: its current step ("Hyror 1/3 · 0,4 s"), polled from the server twice a second. */
function RunSteps({ period }: { period: string }) {
  const { t, locale } = useI18n();
  const q = $api.useQuery('get', '/api/billing/months/{period}/run-progress', { params: { path: { period } } }, { refetchInterval: 500, gcTime: 0 });
  const p = q.data?.progress;
  const seconds = (ms: number) => new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(ms / 1000);
  return (
    <p className="help-text" role="status" id="run-steps">
      {p
        ? t('billing.runStep', { label: t(`billing.runStep.${p.key}`), step: p.step, steps: p.steps, seconds: seconds(p.elapsedMs) })
        : t('billing.runStarting')}
    </p>
  );
}
