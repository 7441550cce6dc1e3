import { memo, useId, useMemo, useRef, useState } from 'react';
import {
  CartesianGrid,
  Line,
  LineChart,
  ReferenceArea,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { buildChartData, rawKey, smoothedKey, type ChartRow, type ChartSeries, type ColumnSource } from './chartData';
import { ChartLegend } from './ChartLegend';
import { ChartToolbar } from './ChartToolbar';
import { exportPng, exportSvg, safeFilename } from './exportChart';
import { formatNumber, logTicks, niceTicks, symlogTicks, type YScale } from './scales';
import type { SmoothingKind } from './smoothing';
import { useStaggeredVersion } from './useStaggeredVersion';
import './charts.css';

export type { ChartSeries } from './chartData';

export interface ChartReferenceLine {
  y: number;
  label: string;
  color?: string;
  /** Class on the line's <g>, so tests and styles can find it (e.g. 'ref-threshold'). */
  className?: string;
}

export interface MetricChartProps {
  testId: string;
  title: string;
  /** One short line under the title: what the curve means. */
  note?: string;
  table: ColumnSource | undefined;
  /** Bumped whenever the table grows (useMetricTable's version); the derived data is recomputed only then. */
  version: number;
  series: ChartSeries[];
  xColumn?: string;
  xLabel?: string;
  referenceLines?: ChartReferenceLine[];
  yScaleDefault?: YScale;
  smoothingDefault?: number;
  height?: number;
  /** Charts with the same syncId share the hover tooltip (matched by x value). */
  syncId?: string;
  maxPoints?: number;
  emptyText?: string;
}

// A stable default: a fresh [] on every render would defeat ChartPlot's memo and redraw the chart each time.
const NO_REFERENCE_LINES: ChartReferenceLine[] = [];

/**
 * A live line chart over metric-table columns: debiased-EMA smoothing over the faint raw series, linear / log /
 * symlog y, drag-to-zoom on x, reference lines, synced tooltips, PNG/SVG export. At most `maxPoints` (1,500) rows
 * are drawn (LTTB), and the derived data is memoised on the table version so unrelated re-renders are cheap.
 */
export function MetricChart(props: MetricChartProps) {
  const { testId, title, table, series, referenceLines = NO_REFERENCE_LINES, height = 200 } = props;
  const [smoothing, setSmoothing] = useState(props.smoothingDefault ?? 0);
  const [smoothingKind, setSmoothingKind] = useState<SmoothingKind>('ema');
  const [scale, setScale] = useState<YScale>(props.yScaleDefault ?? 'linear');
  const [zoom, setZoom] = useState<[number, number] | null>(null);
  const [hidden, setHidden] = useState<ReadonlySet<number>>(new Set());
  const [exportError, setExportError] = useState<string | null>(null);
  const plotRef = useRef<HTMLDivElement>(null);
  const figureRef = useRef<HTMLElement>(null);
  const titleId = useId();
  // New rows are drawn one chart per task, and only near the viewport, so training never blocks input.
  const version = useStaggeredVersion(props.version, figureRef);
  const referenceValues = referenceLines.map((line) => line.y);
  const referenceKey = referenceValues.join(',');

  const data = useMemo(
    () =>
      buildChartData(table, {
        xColumn: props.xColumn ?? 'iteration',
        series,
        smoothing,
        smoothingKind,
        scale,
        zoom,
        maxPoints: props.maxPoints,
        include: referenceKey ? referenceKey.split(',').map(Number) : [],
      }),
    // `version` stands for the table's contents (the table object itself is mutated in place).
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [table, version, series, smoothing, smoothingKind, scale, zoom, props.xColumn, props.maxPoints, referenceKey],
  );

  const filename = safeFilename(title);
  const run = (action: () => Promise<void> | void) => async () => {
    setExportError(null);
    try {
      if (plotRef.current) await action();
    } catch (error) {
      setExportError(`Export of “${title}” failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  };

  return (
    <figure
      ref={figureRef}
      className="metric-chart"
      data-testid={testId}
      data-points={data.pointCount}
      data-last={Number.isFinite(data.lastRaw[0]) ? String(data.lastRaw[0]) : ''}
      data-scale={scale}
      aria-labelledby={titleId}
    >
      <div className="metric-chart-head">
        <figcaption id={titleId}>{title}</figcaption>
        <span className="chart-export" data-export-skip>
          <button type="button" className="chart-button" onClick={run(() => exportPng(figureRef.current!, filename))} aria-label={`Export ${title} as PNG`}>
            PNG
          </button>
          <button type="button" className="chart-button" onClick={run(() => exportSvg(plotRef.current!, filename))} aria-label={`Export ${title} as SVG`}>
            SVG
          </button>
        </span>
      </div>
      {props.note && <p className="chart-note">{props.note}</p>}
      <ChartToolbar
        testId={testId}
        smoothing={smoothing}
        onSmoothing={setSmoothing}
        smoothingKind={smoothingKind}
        onSmoothingKind={setSmoothingKind}
        scale={scale}
        onScale={setScale}
        zoomed={zoom !== null}
        onResetZoom={() => setZoom(null)}
      />
      <div className="chart-plot" ref={plotRef}>
        {data.pointCount === 0 ? (
          <div className="chart-empty" style={{ height }}>
            {props.emptyText ?? 'No data yet.'}
          </div>
        ) : (
          <ChartPlot
            rows={data.rows}
            domain={data.domain}
            series={series}
            hidden={hidden}
            smoothed={smoothing > 0}
            scale={scale}
            referenceLines={referenceLines}
            height={height}
            syncId={props.syncId}
            title={title}
            xLabel={props.xLabel ?? 'iteration'}
            onZoom={setZoom}
          />
        )}
      </div>
      <ChartLegend
        series={series}
        lastRaw={data.lastRaw}
        hidden={hidden}
        onToggle={(i) =>
          setHidden((old) => {
            const next = new Set(old);
            if (next.has(i)) next.delete(i);
            else next.add(i);
            return next;
          })
        }
      />
      {scale === 'log' && data.hiddenNonPositive > 0 && (
        <p className="chart-note">{data.hiddenNonPositive} values ≤ 0 cannot be shown on a log axis; try symlog.</p>
      )}
      {exportError && (
        <p className="chart-error" role="alert">
          {exportError}
        </p>
      )}
    </figure>
  );
}

interface ChartPlotProps {
  rows: ChartRow[];
  domain: [number, number] | undefined;
  series: ChartSeries[];
  hidden: ReadonlySet<number>;
  smoothed: boolean;
  scale: YScale;
  referenceLines: ChartReferenceLine[];
  height: number;
  syncId?: string;
  title: string;
  xLabel: string;
  onZoom: (range: [number, number]) => void;
}

/** Round ticks for the y axis; on a linear axis the domain snaps out to the outer ticks. */
function axisTicks(domain: [number, number] | undefined, scale: YScale): { domain: [number, number] | undefined; ticks: number[] | undefined } {
  if (!domain) return { domain, ticks: undefined };
  if (scale === 'log') return { domain, ticks: logTicks(domain[0], domain[1]) };
  if (scale === 'symlog') {
    const ticks = symlogTicks(domain[0], domain[1]);
    return { domain, ticks: ticks.length >= 2 ? ticks : undefined };
  }
  const ticks = niceTicks(domain[0], domain[1]);
  return ticks.length >= 2 ? { domain: [ticks[0], ticks[ticks.length - 1]], ticks } : { domain, ticks: undefined };
}

/** Integer-friendly round ticks inside the x range (precomputed: recharts' own tick maths is costly per redraw). */
function xTicks(rows: ChartRow[]): { domain: [number, number] | ['dataMin', 'dataMax']; ticks: number[] | undefined } {
  if (rows.length === 0) return { domain: ['dataMin', 'dataMax'], ticks: undefined };
  const lo = rows[0].x;
  const hi = rows[rows.length - 1].x;
  if (lo === hi) return { domain: [lo - 1, hi + 1], ticks: [lo] };
  const ticks = niceTicks(lo, hi, 5).filter((t) => t >= lo && t <= hi && (hi - lo < 5 || Number.isInteger(t)));
  return { domain: [lo, hi], ticks };
}

const tooltipFormatter = (value: unknown) => (typeof value === 'number' ? formatNumber(value) : String(value ?? ''));

/** The recharts part, memoised: it re-renders only when its rows, scale or layout change. */
const ChartPlot = memo(function ChartPlot(props: ChartPlotProps) {
  const [drag, setDrag] = useState<{ from: number; to: number } | null>(null);
  const { scale } = props;
  const { domain, ticks } = useMemo(() => axisTicks(props.domain, scale), [props.domain, scale]);
  const xAxis = useMemo(() => xTicks(props.rows), [props.rows]);
  const labelOf = (value: unknown) => (typeof value === 'number' ? value : Number(value));

  return (
    <ResponsiveContainer width="100%" height={props.height}>
      <LineChart
        data={props.rows}
        syncId={props.syncId}
        syncMethod="value"
        margin={{ top: 6, right: 12, bottom: 0, left: 0 }}
        title={props.title}
        desc={`${props.title} by ${props.xLabel}; drag across the chart to zoom.`}
        onMouseDown={(state) => {
          const x = labelOf(state?.activeLabel);
          if (Number.isFinite(x)) setDrag({ from: x, to: x });
        }}
        onMouseMove={(state) => {
          const x = labelOf(state?.activeLabel);
          if (drag && Number.isFinite(x) && x !== drag.to) setDrag({ ...drag, to: x });
        }}
        onMouseUp={() => {
          if (drag && drag.from !== drag.to) props.onZoom([Math.min(drag.from, drag.to), Math.max(drag.from, drag.to)]);
          setDrag(null);
        }}
        onMouseLeave={() => setDrag(null)}
      >
        <CartesianGrid stroke="var(--line)" strokeDasharray="3 3" vertical={false} />
        <XAxis
          dataKey="x"
          type="number"
          domain={xAxis.domain}
          ticks={xAxis.ticks}
          interval={0}
          allowDecimals={false}
          tick={{ fontSize: 11 }}
          tickFormatter={(v: number) => formatNumber(v)}
        />
        <YAxis
          scale={scale}
          domain={domain ?? ['auto', 'auto']}
          allowDataOverflow
          ticks={ticks}
          interval={0}
          tick={{ fontSize: 11 }}
          tickFormatter={(v: number) => formatNumber(v)}
          width={52}
        />
        <Tooltip
          formatter={tooltipFormatter}
          labelFormatter={(x) => `${props.xLabel} ${x}`}
          isAnimationActive={false}
          contentStyle={{ fontSize: 12 }}
        />
        {props.referenceLines.map((line) =>
          scale === 'log' && line.y <= 0 ? null : (
            <ReferenceLine
              key={`${line.label}`}
              y={line.y}
              className={line.className}
              stroke={line.color ?? 'var(--muted)'}
              strokeDasharray="5 4"
              ifOverflow="extendDomain"
              label={{ value: `${line.label} ${formatNumber(line.y)}`, position: 'insideTopRight', fontSize: 11, fill: line.color ?? 'var(--muted)' }}
            />
          ),
        )}
        {props.smoothed &&
          props.series.map((s, i) => (
            <Line
              key={`raw-${s.column}`}
              dataKey={rawKey(i)}
              name={`${s.label} (raw)`}
              className={`series-raw series-raw-${i}`}
              stroke={s.color}
              strokeOpacity={0.22}
              strokeWidth={1}
              dot={false}
              activeDot={false}
              isAnimationActive={false}
              legendType="none"
              tooltipType="none"
              hide={props.hidden.has(i)}
            />
          ))}
        {props.series.map((s, i) => (
          <Line
            key={s.column}
            dataKey={smoothedKey(i)}
            name={s.label}
            className={`series-main series-main-${i}`}
            stroke={s.color}
            strokeWidth={2}
            dot={false}
            isAnimationActive={false}
            hide={props.hidden.has(i)}
          />
        ))}
        {drag && drag.from !== drag.to && (
          <ReferenceArea x1={Math.min(drag.from, drag.to)} x2={Math.max(drag.from, drag.to)} fill="var(--accent)" fillOpacity={0.12} />
        )}
      </LineChart>
    </ResponsiveContainer>
  );
});
