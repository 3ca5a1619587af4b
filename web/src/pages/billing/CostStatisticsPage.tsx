import { useState } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { Cell, Column, Row, Table, TableBody, TableHeader } from 'react-aria-components';
import { $api } from '../../api/client.ts';
import { TextInput } from '../../components/fields.tsx';
import { Btn, ErrorAlert, Loading, Page, Section, TableScroll } from '../../components/ui.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { addMonths, kronor, PERIOD_RE, thisMonth } from './billing-format.ts';

const COLOURS = ['#1d5f8a', '#b3541e', '#2e7d32', '#6a1b9a', '#8d6e00', '#00838f', '#ad1457', '#455a64'];

/**
 * Cost statistics (issue 12 item 8): the closed bases per customer number, month and ISO class, as a
 * table, a chart of the months by ISO class (the table is its text), and an Excel file. A customer's own
 * users see only their customer numbers (the API decides).
 */
export function CostStatisticsPage() {
  const { t, locale } = useI18n();
  const end = addMonths(thisMonth(), -1);
  const [from, setFrom] = useState(addMonths(end, -11));
  const [to, setTo] = useState(end);
  const [customerNumber, setCustomerNumber] = useState('');
  const [query, setQuery] = useState({ from: addMonths(end, -11), to: end, customerNumber: '' });
  const q = $api.useQuery('get', '/api/billing/statistics', {
    params: { query: { from: query.from, to: query.to, ...(query.customerNumber ? { customerNumber: query.customerNumber } : {}) } },
  });
  const s = q.data;
  // The ISO classes' titles from the catalogue (the 2022 edition), in the page's language.
  const iso = $api.useQuery('get', '/api/catalogue/iso', { params: { query: {} } });
  const isoTitle = (code: string) => {
    const n = iso.data?.find((x) => x.code === code);
    return n ? `${code} ${locale === 'en' && n.titleEn ? n.titleEn : n.titleSv}` : code;
  };
  const noIso = t('costStats.noIso');
  const classes = [...new Set((s?.rows ?? []).map((r) => r.isoClass ?? noIso))].sort();
  const byMonth = new Map<string, Record<string, number | string>>();
  for (const r of s?.rows ?? []) {
    const m = byMonth.get(r.period) ?? { period: r.period };
    const k = r.isoClass ?? noIso;
    m[k] = Math.round((Number(m[k] ?? 0) + r.amount) * 100) / 100;
    byMonth.set(r.period, m);
  }
  const chart = [...byMonth.values()].sort((a, b) => String(a.period).localeCompare(String(b.period)));
  const month = (v: string) => (PERIOD_RE.test(v.trim()) ? null : t('billing.monthInvalid'));
  const qs = new URLSearchParams({ from: query.from, to: query.to, ...(query.customerNumber ? { customerNumber: query.customerNumber } : {}) }).toString();
  return (
    <Page title={t('costStats.title')} intro={t('costStats.intro')}>
      <Section title={t('costStats.filter')} id="filter">
        <form
          className="filter-grid"
          onSubmit={(e) => {
            e.preventDefault();
            if (!month(from) && !month(to)) setQuery({ from: from.trim(), to: to.trim(), customerNumber: customerNumber.trim() });
          }}
        >
          <TextInput label={t('itCost.from')} name="from" value={from} onChange={setFrom} validate={month} maxLength={7} description={t('billing.monthHelp')} />
          <TextInput label={t('itCost.to')} name="to" value={to} onChange={setTo} validate={month} maxLength={7} />
          <TextInput
            label={t('billing.customerNumber')}
            name="customerNumber"
            value={customerNumber}
            onChange={setCustomerNumber}
            maxLength={40}
            description={t('costStats.customerHelp')}
          />
          <div className="button-row">
            <Btn type="submit" variant="primary">
              {t('costStats.show')}
            </Btn>
          </div>
        </form>
      </Section>
      <Section title={t('costStats.result', { from: query.from, to: query.to })} id="result">
        {q.isPending ? <Loading /> : <ErrorAlert error={q.error} />}
        {s ? (
          <>
            <p>
              {t('billing.total')}: <strong className="nowrap">{kronor(locale, s.total)}</strong>
            </p>
            <div className="button-row">
              <a className="button button--secondary" href={`/api/billing/statistics.xlsx?${qs}`} download>
                {t('costStats.excel')}
              </a>
            </div>
            {chart.length ? (
              <figure className="chart" aria-hidden="true">
                <ResponsiveContainer width="100%" height={320}>
                  <BarChart data={chart} accessibilityLayer={false}>
                    <CartesianGrid strokeDasharray="3 3" />
                    <XAxis dataKey="period" />
                    <YAxis />
                    <Tooltip formatter={(v) => kronor(locale, Number(v))} />
                    <Legend />
                    {classes.map((c, i) => (
                      <Bar
                        key={c}
                        dataKey={c}
                        stackId="iso"
                        name={c === noIso ? noIso : isoTitle(c)}
                        fill={COLOURS[i % COLOURS.length]}
                        isAnimationActive={false}
                      />
                    ))}
                  </BarChart>
                </ResponsiveContainer>
              </figure>
            ) : null}
            <TableScroll>
              <Table aria-label={t('costStats.result', { from: query.from, to: query.to })} className="table">
                <TableHeader>
                  <Column isRowHeader className="col">
                    {t('billing.customerNumber')}
                  </Column>
                  <Column className="col">{t('billing.month')}</Column>
                  <Column className="col">{t('costStats.iso')}</Column>
                  <Column className="col">{t('billing.lines')}</Column>
                  <Column className="col">{t('billing.amount')}</Column>
                </TableHeader>
                <TableBody
                  items={s.rows.map((r) => ({ ...r, id: `${r.customerNumber}|${r.period}|${r.isoClass ?? ''}` }))}
                  renderEmptyState={() => <p className="empty">{t('costStats.empty')}</p>}
                >
                  {(r) => (
                    <Row id={r.id} className="row">
                      <Cell className="cell">{r.customerNumber}</Cell>
                      <Cell className="cell">{r.period}</Cell>
                      <Cell className="cell">{r.isoClass ? isoTitle(r.isoClass) : noIso}</Cell>
                      <Cell className="cell">{r.lines}</Cell>
                      <Cell className="cell nowrap">{kronor(locale, r.amount)}</Cell>
                    </Row>
                  )}
                </TableBody>
              </Table>
            </TableScroll>
          </>
        ) : null}
      </Section>
    </Page>
  );
}
