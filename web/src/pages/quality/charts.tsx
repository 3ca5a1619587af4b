import type { ReactNode } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, ReferenceLine, ResponsiveContainer, XAxis, YAxis } from 'recharts';

// Charts for the quality pages (recharts). Each chart is a picture with a text alternative (role="img" and
// aria-label, so a screen reader reads one sentence and not the SVG's parts); the data is in the accessible
// table beside it. The colours have at least 3:1 contrast against white (WCAG 1.4.11).

export const CHART_COLOURS = ['#1a4d8f', '#b35c00', '#5b6b7f'] as const;
const TARGET_COLOUR = '#b42318';

export interface BarSeries {
  key: string;
  label: string;
}

export function ChartFigure({ alt, children, height = 260 }: { alt: string; children: ReactNode; height?: number }) {
  return (
    <div className="chart" role="img" aria-label={alt} style={{ height }}>
      <ResponsiveContainer width="100%" height="100%" initialDimension={{ width: 480, height }}>
        {children as React.ReactElement}
      </ResponsiveContainer>
    </div>
  );
}

/** Vertical bars per category (a period, a category), one bar per series, with an optional target line. */
export function Bars({
  data,
  category,
  series,
  target,
  targetLabel,
  percent,
  layout = 'horizontal',
  categoryWidth = 80,
}: {
  data: Record<string, string | number | null>[];
  category: string;
  series: BarSeries[];
  target?: number;
  targetLabel?: string;
  percent?: boolean;
  layout?: 'horizontal' | 'vertical';
  /** Room for the category names when the bars lie down. */
  categoryWidth?: number;
}) {
  const vertical = layout === 'vertical';
  return (
    <BarChart data={data} layout={layout} accessibilityLayer={false} margin={{ top: 8, right: 16, bottom: 8, left: vertical ? 8 : 0 }}>
      <CartesianGrid strokeDasharray="3 3" stroke="#d3d9e2" />
      {vertical ? (
        <>
          <XAxis type="number" domain={percent ? [0, 100] : [0, 'auto']} tick={{ fill: '#1b2430', fontSize: 12 }} allowDecimals={false} />
          <YAxis type="category" dataKey={category} width={categoryWidth} interval={0} tick={{ fill: '#1b2430', fontSize: 12 }} />
        </>
      ) : (
        <>
          <XAxis dataKey={category} tick={{ fill: '#1b2430', fontSize: 12 }} />
          <YAxis
            type="number"
            domain={percent ? [0, 100] : [0, 'auto']}
            // Fixed ticks for shares: the axis and the target line show also when no period has data yet.
            {...(percent ? { ticks: [0, 25, 50, 75, 100] } : {})}
            unit={percent ? ' %' : undefined}
            tick={{ fill: '#1b2430', fontSize: 12 }}
            width={percent ? 52 : 40}
            allowDecimals={false}
          />
        </>
      )}
      {series.map((s, i) => (
        <Bar key={s.key} dataKey={s.key} name={s.label} fill={CHART_COLOURS[i % CHART_COLOURS.length]} isAnimationActive={false} />
      ))}
      {target !== undefined ? (
        <ReferenceLine
          y={target}
          ifOverflow="extendDomain"
          stroke={TARGET_COLOUR}
          strokeDasharray="6 3"
          strokeWidth={2}
          label={{ value: targetLabel ?? '', fill: TARGET_COLOUR, position: 'insideTopRight', fontSize: 12 }}
        />
      ) : null}
      {series.length > 1 ? <Legend wrapperStyle={{ color: '#1b2430', fontSize: 12 }} /> : null}
    </BarChart>
  );
}

/** A table that may scroll sideways in its half of the page: focusable and named, so keyboard users can scroll it (WCAG 2.1.1). */
export function TableRegion({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="table-scroll" role="group" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
