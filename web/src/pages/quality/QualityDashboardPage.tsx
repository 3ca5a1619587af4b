import { useState } from 'react';
import { $api } from '../../api/client.ts';
import { SelectInput } from '../../components/fields.tsx';
import { ErrorAlert, Loading, Page, Section } from '../../components/ui.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { Bars, ChartFigure, TableRegion } from './charts.tsx';
import { percentValue, periodLabel, shareText } from './format.ts';

interface Period {
  period: string;
  counted: number;
  withinTarget: number;
  share: number | null;
  noData: boolean;
  meetsTarget: boolean | null;
}
interface Measure {
  key: string;
  label: string;
  targetPercent: number;
  months: Period[];
  quarters: Period[];
}
interface QualityFigures {
  from: string;
  to: string;
  measures: Measure[];
}

/** Kvalitetsmått (issue 14 item 2): the quality figures per month and quarter against their targets, live. */
export function QualityDashboardPage() {
  const { t, tMaybe } = useI18n();
  const thisYear = new Date().getFullYear();
  const [year, setYear] = useState(thisYear);
  // Live: counted from the tickets and applications as they are now, and again every minute while the page is open.
  const figures = $api.useQuery('get', '/api/quality/figures', { params: { query: { from: `${year}-01`, to: `${year}-12` } } }, { refetchInterval: 60_000 });
  const data: QualityFigures | undefined = figures.data;
  const years = Array.from({ length: 5 }, (_, i) => thisYear - i).map((y) => ({ id: String(y), label: String(y) }));

  return (
    <Page title={t('quality.dashboard.title')} intro={t('quality.dashboard.intro')}>
      <div className="filters">
        <SelectInput label={t('quality.dashboard.year')} name="year" value={String(year)} onChange={(v) => v && setYear(Number(v))} options={years} />
      </div>
      <ErrorAlert error={figures.error} />
      {figures.isPending ? <Loading /> : null}
      {data?.measures.map((m) => (
        <Section key={m.key} title={tMaybe(`quality.measure.${m.key}`) ?? m.label} id={`measure-${m.key}`}>
          <p className="help-text">{tMaybe(`quality.measure.help.${m.key}`)}</p>
          <p>
            <strong>{t('quality.dashboard.target', { percent: m.targetPercent })}</strong>
          </p>
          <MeasurePeriods measure={m} kind="perMonth" periods={m.months} />
          <MeasurePeriods measure={m} kind="perQuarter" periods={m.quarters} />
        </Section>
      ))}
    </Page>
  );
}

function MeasurePeriods({ measure, kind, periods }: { measure: Measure; kind: 'perMonth' | 'perQuarter'; periods: Period[] }) {
  const i18n = useI18n();
  const { t } = i18n;
  const title = i18n.tMaybe(`quality.measure.${measure.key}`) ?? measure.label;
  const kindText = t(`quality.dashboard.${kind}`);
  const withData = periods.filter((p) => !p.noData);
  const alt = withData.length
    ? t('quality.chart.alt', {
        title,
        kind: kindText.toLowerCase(),
        values: periods.map((p) => t('quality.chart.value', { period: periodLabel(i18n, p.period), value: shareText(i18n, p.share) })).join(', '),
        target: measure.targetPercent,
      })
    : t('quality.chart.altEmpty', { title, kind: kindText.toLowerCase() });
  const id = `${measure.key}-${kind}`;
  return (
    <div className="chart-with-table">
      <h3 className="chart-heading" id={`${id}-heading`}>
        {kindText}
      </h3>
      <ChartFigure alt={alt}>
        <Bars
          data={periods.map((p) => ({ period: periodLabel(i18n, p.period), share: percentValue(p.share) }))}
          category="period"
          series={[{ key: 'share', label: t('quality.chart.share') }]}
          target={measure.targetPercent}
          targetLabel={t('quality.chart.target')}
          percent
        />
      </ChartFigure>
      <TableRegion label={`${title}, ${kindText.toLowerCase()}`}>
        <table className="table table--dense quality-table">
          <caption className="visually-hidden">{`${title}, ${kindText.toLowerCase()}`}</caption>
          <thead>
            <tr>
              <th scope="col" className="col">
                {t('quality.col.period')}
              </th>
              <th scope="col" className="col num">
                {t('quality.col.counted')}
              </th>
              <th scope="col" className="col num">
                {t('quality.col.withinTarget')}
              </th>
              <th scope="col" className="col num">
                {t('quality.col.share')}
              </th>
              <th scope="col" className="col">
                {t('quality.col.againstTarget')}
              </th>
            </tr>
          </thead>
          <tbody>
            {periods.map((p) => (
              <tr key={p.period} className="row">
                <th scope="row" className="cell">
                  {periodLabel(i18n, p.period)}
                </th>
                <td className="cell num">{p.noData ? '' : p.counted}</td>
                <td className="cell num">{p.noData ? '' : p.withinTarget}</td>
                <td className="cell num">{shareText(i18n, p.share)}</td>
                <td className="cell">{p.meetsTarget === null ? t('quality.noData') : t(p.meetsTarget ? 'quality.met' : 'quality.missed')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableRegion>
    </div>
  );
}
