import { useState } from 'react';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { Cell, Column, Row, Table, TableBody, TableHeader } from 'react-aria-components';
import { $api, dataOf, fetchClient, isApiError } from '../../api/client.ts';
import { useInvalidate } from '../../api/query.ts';
import { TextInput } from '../../components/fields.tsx';
import { FormDialog } from '../../components/form-dialog.tsx';
import { Btn, ErrorAlert, Loading, Page, Section, SuccessMessage, TableScroll } from '../../components/ui.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { addMonths, kronor, parseKronor, percent, PERIOD_RE, thisMonth } from './billing-format.ts';

/**
 * The IT cost split (issue 12 item 7): finance enters a period's IT support cost; the page shows it as a
 * percentage of the care providers' device cost in the period's closed bases and each care provider's part
 * (the parts sum exactly to the total), as a table, a chart of the same numbers, and an Excel file.
 */
export function ItCostPage() {
  const { t, locale, formatDateTime } = useI18n();
  const list = $api.useQuery('get', '/api/billing/it-costs');
  const invalidate = useInvalidate();
  const [entering, setEntering] = useState(false);
  const [shown, setShown] = useState<{ from: string; to: string } | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const current = shown ?? (list.data?.[0] ? { from: list.data[0].from, to: list.data[0].to } : null);
  return (
    <Page
      title={t('itCost.title')}
      intro={t('itCost.intro')}
      actions={
        <Btn variant="primary" onPress={() => (setMessage(null), setEntering(true))}>
          {t('itCost.enter')}
        </Btn>
      }
    >
      {message ? <SuccessMessage>{message}</SuccessMessage> : null}
      <Section title={t('itCost.entered')} id="entered">
        <ErrorAlert error={list.error} />
        {list.isPending ? (
          <Loading />
        ) : list.data?.length ? (
          <ul className="plain-list" aria-label={t('itCost.entered')}>
            {list.data.map((e) => (
              <li key={`${e.from}-${e.to}`}>
                <Btn
                  variant="quiet"
                  className="button--small"
                  onPress={() => setShown({ from: e.from, to: e.to })}
                  aria-pressed={current?.from === e.from && current.to === e.to}
                >
                  {t('itCost.periodRange', { from: e.from, to: e.to })}
                </Btn>{' '}
                {kronor(locale, e.amount)} <span className="small">{t('itCost.enteredBy', { by: e.enteredBy, at: formatDateTime(e.enteredAt) })}</span>
                {e.note ? <span className="small block">{e.note}</span> : null}
              </li>
            ))}
          </ul>
        ) : (
          <p className="empty">{t('itCost.none')}</p>
        )}
      </Section>
      {current ? <Split from={current.from} to={current.to} /> : null}
      {entering ? (
        <EnterDialog
          onClose={() => setEntering(false)}
          onDone={async (e) => {
            setEntering(false);
            setShown({ from: e.from, to: e.to });
            await invalidate('/api/billing/it-costs', '/api/billing/it-costs/{from}/{to}/split');
            setMessage(t('itCost.saved', { from: e.from, to: e.to, amount: kronor(locale, e.amount) }));
          }}
        />
      ) : null}
    </Page>
  );
}

function Split({ from, to }: { from: string; to: string }) {
  const { t, locale } = useI18n();
  const q = $api.useQuery('get', '/api/billing/it-costs/{from}/{to}/split', { params: { path: { from, to } } });
  const s = q.data;
  const title = t('itCost.splitTitle', { from, to });
  return (
    <Section title={title} id="split">
      {q.isPending ? <Loading /> : <ErrorAlert error={q.error} />}
      {s ? (
        <>
          <dl className="details">
            <dt>{t('itCost.amount')}</dt>
            <dd className="nowrap">{kronor(locale, s.amount)}</dd>
            <dt>{t('itCost.deviceCost')}</dt>
            <dd className="nowrap">{kronor(locale, s.deviceCost)}</dd>
            <dt>{t('itCost.percentOfDeviceCost')}</dt>
            <dd>{s.percentOfDeviceCost == null ? '–' : percent(locale, s.percentOfDeviceCost / 100)}</dd>
            <dt>{t('itCost.closedMonths')}</dt>
            <dd>{s.closedMonths.join(', ') || '–'}</dd>
          </dl>
          {s.openMonths.length ? <p className="alert alert--info">{t('itCost.openMonths', { months: s.openMonths.join(', ') })}</p> : null}
          <div className="button-row">
            <a className="button button--secondary" href={`/api/billing/it-costs/${from}/${to}/split.xlsx`} download>
              {t('itCost.excel')}
            </a>
          </div>
          <TableScroll>
            <Table aria-label={title} className="table">
              <TableHeader>
                <Column isRowHeader className="col">
                  {t('itCost.careProvider')}
                </Column>
                <Column className="col">{t('itCost.deviceCost')}</Column>
                <Column className="col">{t('itCost.share')}</Column>
                <Column className="col">{t('itCost.part')}</Column>
              </TableHeader>
              <TableBody
                items={s.parts.map((p, i) => ({ ...p, id: p.careProviderId ?? `x${i}` }))}
                renderEmptyState={() => <p className="empty">{t('itCost.noCosts')}</p>}
              >
                {(p) => (
                  <Row id={p.id} className="row">
                    <Cell className="cell">{p.careProviderName}</Cell>
                    <Cell className="cell nowrap">{kronor(locale, p.deviceCost)}</Cell>
                    <Cell className="cell">{percent(locale, p.share)}</Cell>
                    <Cell className="cell nowrap">{kronor(locale, p.part)}</Cell>
                  </Row>
                )}
              </TableBody>
            </Table>
          </TableScroll>
          <p>
            <strong>{t('itCost.sumOfParts', { sum: kronor(locale, s.parts.reduce((a, p) => a + Math.round(p.part * 100), 0) / 100) })}</strong>
          </p>
          {s.parts.length ? (
            // The chart shows the table's numbers; the table above is its text alternative.
            <figure className="chart" aria-hidden="true">
              <ResponsiveContainer width="100%" height={Math.max(160, 48 * s.parts.length)}>
                <BarChart data={s.parts} layout="vertical" margin={{ left: 24, right: 24 }} accessibilityLayer={false}>
                  <CartesianGrid strokeDasharray="3 3" />
                  <XAxis type="number" />
                  <YAxis type="category" dataKey="careProviderName" width={180} />
                  <Tooltip formatter={(v) => kronor(locale, Number(v))} />
                  <Bar dataKey="part" name={t('itCost.part')} fill="#1d5f8a" isAnimationActive={false} />
                </BarChart>
              </ResponsiveContainer>
            </figure>
          ) : null}
        </>
      ) : null}
    </Section>
  );
}

function EnterDialog({ onClose, onDone }: { onClose: () => void; onDone: (e: { from: string; to: string; amount: number }) => void }) {
  const { t } = useI18n();
  const last = addMonths(thisMonth(), -1);
  const [from, setFrom] = useState(`${last.slice(0, 4)}-01`);
  const [to, setTo] = useState(last);
  const [amount, setAmount] = useState('');
  const [note, setNote] = useState('');
  const month = (v: string) => (PERIOD_RE.test(v.trim()) ? null : t('billing.monthInvalid'));
  return (
    <FormDialog
      title={t('itCost.enter')}
      onClose={onClose}
      submitLabel={t('common.save')}
      shownFields={['from', 'to', 'amount', 'note']}
      intro={<p className="help-text">{t('itCost.enterHelp')}</p>}
      errorText={(e) => (isApiError(e) && e.code === 'VALIDATION' ? t('itCost.invalid') : undefined)}
      send={() => {
        const a = parseKronor(amount);
        if (month(from) || month(to) || a == null) return null;
        return fetchClient
          .PUT('/api/billing/it-costs/{from}/{to}', { params: { path: { from: from.trim(), to: to.trim() } }, body: { amount: a, note: note.trim() || null } })
          .then(dataOf);
      }}
      onDone={onDone}
    >
      <TextInput
        label={t('itCost.from')}
        name="from"
        value={from}
        onChange={setFrom}
        isRequired
        validate={month}
        maxLength={7}
        description={t('billing.monthHelp')}
      />
      <TextInput label={t('itCost.to')} name="to" value={to} onChange={setTo} isRequired validate={month} maxLength={7} />
      <TextInput
        label={t('itCost.amountKr')}
        name="amount"
        value={amount}
        onChange={setAmount}
        isRequired
        validate={(v) => (parseKronor(v) == null ? t('billing.amountInvalid') : null)}
        autoFocus
      />
      <TextInput label={t('itCost.note')} name="note" value={note} onChange={setNote} maxLength={500} />
    </FormDialog>
  );
}
