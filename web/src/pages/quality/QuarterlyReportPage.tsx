import { useState } from 'react';
import { $api } from '../../api/client.ts';
import { SelectInput } from '../../components/fields.tsx';
import { ErrorAlert, Loading, Page, Section } from '../../components/ui.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { deviationKindLabel } from '../orders/order-format.ts';
import { Bars, ChartFigure, TableRegion } from './charts.tsx';
import { numberText, percentValue, periodLabel, shareText } from './format.ts';

/** The quarter before today's, e.g. in December 2026: 2026-K3 (the last complete one). */
function lastCompleteQuarter(now = new Date()) {
  const q = Math.floor(now.getMonth() / 3) + 1;
  return q === 1 ? { year: now.getFullYear() - 1, q: 4 } : { year: now.getFullYear(), q: q - 1 };
}

/** Kvartalsuppföljning (issue 14 item 3): the centre's quarterly follow-up as charts with tables, PDF and Excel. */
export function QuarterlyReportPage() {
  const i18n = useI18n();
  const { t, locale, formatDate } = i18n;
  const initial = lastCompleteQuarter();
  const [year, setYear] = useState(initial.year);
  const [q, setQ] = useState(initial.q);
  const quarter = `${year}-K${q}`;
  const report = $api.useQuery('get', '/api/quality/quarterly', { params: { query: { quarter } } });
  const r = report.data;
  const thisYear = new Date().getFullYear();
  const years = Array.from({ length: 5 }, (_, i) => thisYear - i).map((y) => ({ id: String(y), label: String(y) }));
  const quarters = [1, 2, 3, 4].map((n) => ({ id: String(n), label: `K${n}`.replace('K', locale === 'sv' ? 'K' : 'Q') }));
  const rate = (x: number | null) => (x === null ? t('quality.noData') : numberText(i18n, x));
  const cur = periodLabel(i18n, quarter);
  const prev = r ? periodLabel(i18n, r.previousQuarter) : '';
  const download = (format: 'pdf' | 'xlsx') => `/api/quality/quarterly.${format}?quarter=${encodeURIComponent(quarter)}`;

  return (
    <Page title={t('quality.quarterly.title')} intro={t('quality.quarterly.intro')}>
      <div className="filters">
        <SelectInput label={t('quality.dashboard.year')} name="year" value={String(year)} onChange={(v) => v && setYear(Number(v))} options={years} />
        <SelectInput label={t('quality.quarterly.quarter')} name="quarter" value={String(q)} onChange={(v) => v && setQ(Number(v))} options={quarters} />
      </div>
      <div className="button-row">
        <a
          className="button"
          href={download('pdf')}
          download
          aria-label={t('quality.quarterly.downloadNamed', { action: t('quality.quarterly.pdf'), quarter: cur })}
        >
          {t('quality.quarterly.pdf')}
        </a>
        <a
          className="button"
          href={download('xlsx')}
          download
          aria-label={t('quality.quarterly.downloadNamed', { action: t('quality.quarterly.xlsx'), quarter: cur })}
        >
          {t('quality.quarterly.xlsx')}
        </a>
      </div>
      <ErrorAlert error={report.error} />
      {report.isPending ? <Loading /> : null}
      {r ? (
        <>
          <p>
            {t('quality.quarterly.period', { from: formatDate(r.from), to: formatDate(r.to), previous: prev })}
            <br />
            {t('quality.quarterly.deliveredLines', { count: r.deliveredLines, previous: r.previousDeliveredLines })}
          </p>

          <Section title={t('quality.quarterly.precision')} id="precision">
            <p className="help-text">{t('quality.quarterly.precisionHelp')}</p>
            <div className="chart-with-table">
              <ChartFigure
                alt={t('quality.quarterly.chartAlt', {
                  title: t('quality.quarterly.precision'),
                  values: `${cur} ${shareText(i18n, r.deliveryPrecision.share)}, ${prev} ${shareText(i18n, r.deliveryPrecision.previousShare)}`,
                })}
                height={220}
              >
                <Bars
                  data={[
                    { period: cur, share: percentValue(r.deliveryPrecision.share) },
                    { period: prev, share: percentValue(r.deliveryPrecision.previousShare) },
                  ]}
                  category="period"
                  series={[{ key: 'share', label: t('quality.quarterly.shareOnTime') }]}
                  percent
                />
              </ChartFigure>
              <TableRegion label={t('quality.quarterly.precision')}>
                <table className="table table--dense quality-table">
                  <caption className="visually-hidden">{t('quality.quarterly.precision')}</caption>
                  <thead>
                    <tr>
                      <th scope="col" className="col">
                        {t('quality.quarterly.quarter')}
                      </th>
                      <th scope="col" className="col num">
                        {t('quality.quarterly.withDueDate')}
                      </th>
                      <th scope="col" className="col num">
                        {t('quality.quarterly.onTime')}
                      </th>
                      <th scope="col" className="col num">
                        {t('quality.quarterly.shareOnTime')}
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    <tr className="row">
                      <th scope="row" className="cell">
                        {cur}
                      </th>
                      <td className="cell num">{r.deliveryPrecision.withDueDate}</td>
                      <td className="cell num">{r.deliveryPrecision.onTime}</td>
                      <td className="cell num">{shareText(i18n, r.deliveryPrecision.share)}</td>
                    </tr>
                    <tr className="row">
                      <th scope="row" className="cell">
                        {prev}
                      </th>
                      <td className="cell num">{r.deliveryPrecision.previousWithDueDate}</td>
                      <td className="cell num">{r.deliveryPrecision.previousOnTime}</td>
                      <td className="cell num">{shareText(i18n, r.deliveryPrecision.previousShare)}</td>
                    </tr>
                  </tbody>
                </table>
              </TableRegion>
            </div>
          </Section>

          <Section title={t('quality.quarterly.faults')} id="faults">
            <p className="help-text">{t('quality.quarterly.faultsHelp')}</p>
            <div className="chart-with-table">
              <ChartFigure
                alt={t('quality.quarterly.chartAlt', {
                  title: t('quality.quarterly.faults'),
                  values:
                    r.faultReports
                      .filter((f) => f.count || f.previousCount)
                      .map((f) => `${f.label[locale]} ${cur} ${f.count}, ${prev} ${f.previousCount}`)
                      .join('; ') || t('quality.noData'),
                })}
                height={r.faultReports.length * 34 + 60}
              >
                <Bars
                  data={r.faultReports.map((f) => ({ category: f.label[locale], current: f.count, previous: f.previousCount }))}
                  category="category"
                  series={[
                    { key: 'current', label: cur },
                    { key: 'previous', label: prev },
                  ]}
                  layout="vertical"
                  categoryWidth={190}
                />
              </ChartFigure>
              <TableRegion label={t('quality.quarterly.faults')}>
                <table className="table table--dense quality-table">
                  <caption className="visually-hidden">{t('quality.quarterly.faults')}</caption>
                  <thead>
                    <tr>
                      <th scope="col" className="col">
                        {t('quality.quarterly.category')}
                      </th>
                      <th scope="col" className="col num">
                        {t('quality.quarterly.count', { quarter: cur })}
                      </th>
                      <th scope="col" className="col num">
                        {t('quality.quarterly.rate', { quarter: cur })}
                      </th>
                      <th scope="col" className="col num">
                        {t('quality.quarterly.count', { quarter: prev })}
                      </th>
                      <th scope="col" className="col num">
                        {t('quality.quarterly.rate', { quarter: prev })}
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {r.faultReports.map((f) => (
                      <tr key={f.category} className="row">
                        <th scope="row" className="cell">
                          {f.label[locale]}
                        </th>
                        <td className="cell num">{f.count}</td>
                        <td className="cell num">{rate(f.perThousandLines)}</td>
                        <td className="cell num">{f.previousCount}</td>
                        <td className="cell num">{rate(f.previousPerThousandLines)}</td>
                      </tr>
                    ))}
                    <tr className="row">
                      <th scope="row" className="cell">
                        {t('quality.quarterly.total')}
                      </th>
                      <td className="cell num">{r.faultReportsTotal.count}</td>
                      <td className="cell num">{rate(r.faultReportsTotal.perThousandLines)}</td>
                      <td className="cell num">{r.faultReportsTotal.previousCount}</td>
                      <td className="cell num">{rate(r.faultReportsTotal.previousPerThousandLines)}</td>
                    </tr>
                  </tbody>
                </table>
              </TableRegion>
            </div>
          </Section>

          <Section title={t('quality.quarterly.deviations')} id="deviations">
            <p className="help-text">{t('quality.quarterly.deviationsHelp')}</p>
            <div className="chart-with-table">
              <ChartFigure
                alt={t('quality.quarterly.chartAlt', {
                  title: t('quality.quarterly.deviations'),
                  values: r.deviationsByKind.map((d) => `${d.label[locale]} ${cur} ${d.count}, ${prev} ${d.previous}`).join('; '),
                })}
                height={220}
              >
                <Bars
                  data={r.deviationsByKind.map((d) => ({ kind: d.label[locale], current: d.count, previous: d.previous }))}
                  category="kind"
                  series={[
                    { key: 'current', label: cur },
                    { key: 'previous', label: prev },
                  ]}
                />
              </ChartFigure>
              <TableRegion label={t('quality.quarterly.deviations')}>
                <table className="table table--dense quality-table">
                  <caption className="visually-hidden">{t('quality.quarterly.deviations')}</caption>
                  <thead>
                    <tr>
                      <th scope="col" className="col">
                        {t('quality.quarterly.kind')}
                      </th>
                      <th scope="col" className="col num">
                        {cur}
                      </th>
                      <th scope="col" className="col num">
                        {prev}
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {r.deviationsByKind.map((d) => (
                      <tr key={d.kind} className="row">
                        <th scope="row" className="cell">
                          {d.label[locale]}
                        </th>
                        <td className="cell num">{d.count}</td>
                        <td className="cell num">{d.previous}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableRegion>
            </div>
            <h3 className="chart-heading">{t('quality.quarterly.deviationList')}</h3>
            {r.deviations.length ? (
              <TableRegion label={t('quality.quarterly.deviationList')}>
                <table className="table table--dense quality-table">
                  <caption className="visually-hidden">{t('quality.quarterly.deviationList')}</caption>
                  <thead>
                    <tr>
                      <th scope="col" className="col">
                        {t('quality.quarterly.case')}
                      </th>
                      <th scope="col" className="col">
                        {t('quality.quarterly.received')}
                      </th>
                      <th scope="col" className="col">
                        {t('quality.quarterly.kind')}
                      </th>
                      <th scope="col" className="col">
                        {t('quality.quarterly.device')}
                      </th>
                      <th scope="col" className="col">
                        {t('quality.quarterly.customer')}
                      </th>
                      <th scope="col" className="col">
                        {t('quality.quarterly.status')}
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {r.deviations.map((d) => (
                      <tr key={d.orderId} className="row">
                        <th scope="row" className="cell mono">
                          {d.centreOrderNumber}
                        </th>
                        <td className="cell">{formatDate(d.receivedOn)}</td>
                        <td className="cell">{r.deviationsByKind.find((k) => k.kind === d.kind)?.label[locale] ?? deviationKindLabel(i18n, d.kind)}</td>
                        <td className="cell">{[d.unitNumber, d.articleNumber, d.articleName].filter(Boolean).join(' ') || t('quality.quarterly.notNamed')}</td>
                        <td className="cell">{d.customerName}</td>
                        <td className="cell">{t(d.status === 'open' ? 'quality.quarterly.open' : 'quality.quarterly.closed')}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableRegion>
            ) : (
              <p className="empty">{t('quality.quarterly.noDeviations')}</p>
            )}
          </Section>

          <Section title={t('quality.quarterly.top')} id="top">
            <p className="help-text">{t('quality.quarterly.topHelp')}</p>
            {r.topProducts.length ? (
              <div className="chart-with-table">
                <ChartFigure
                  alt={t('quality.quarterly.chartAlt', {
                    title: t('quality.quarterly.top'),
                    values: r.topProducts.map((p) => `${p.rank}. ${p.isoCode} ${(locale === 'sv' ? p.titleSv : p.titleEn) ?? ''} ${p.quantity}`).join('; '),
                  })}
                  height={Math.max(200, r.topProducts.length * 28 + 40)}
                >
                  <Bars
                    data={r.topProducts.map((p) => ({ code: p.isoCode, quantity: p.quantity }))}
                    category="code"
                    series={[{ key: 'quantity', label: t('quality.quarterly.quantity') }]}
                    layout="vertical"
                  />
                </ChartFigure>
                <TableRegion label={t('quality.quarterly.top')}>
                  <table className="table table--dense quality-table">
                    <caption className="visually-hidden">{t('quality.quarterly.top')}</caption>
                    <thead>
                      <tr>
                        <th scope="col" className="col num">
                          {t('quality.quarterly.rank')}
                        </th>
                        <th scope="col" className="col">
                          {t('quality.quarterly.isoCode')}
                        </th>
                        <th scope="col" className="col">
                          {t('quality.quarterly.isoTitle')}
                        </th>
                        <th scope="col" className="col num">
                          {t('quality.quarterly.lines')}
                        </th>
                        <th scope="col" className="col num">
                          {t('quality.quarterly.quantity')}
                        </th>
                      </tr>
                    </thead>
                    <tbody>
                      {r.topProducts.map((p) => (
                        <tr key={p.isoCode} className="row">
                          <td className="cell num">{p.rank}</td>
                          <th scope="row" className="cell mono">
                            {p.isoCode}
                          </th>
                          <td className="cell">{(locale === 'sv' ? p.titleSv : p.titleEn) ?? ''}</td>
                          <td className="cell num">{p.lines}</td>
                          <td className="cell num">{p.quantity}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </TableRegion>
              </div>
            ) : (
              <p className="empty">{t('quality.quarterly.noProducts')}</p>
            )}
          </Section>
        </>
      ) : null}
    </Page>
  );
}
