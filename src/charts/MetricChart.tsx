import { useId, useMemo, useRef, useState } from 'react';
import { buildChartData, type ChartStepLine, type ColumnSource } from './chartData';
import { ChartLegend } from './ChartLegend';
import { ChartToolbar } from './ChartToolbar';
import { exportPng, exportSvg, safeFilename } from './exportChart';
import { LinePlot, type ChartReferenceLine } from './LinePlot';
import type { YScale } from './scales';
import type { SmoothingKind } from './smoothing';
import { useElementWidth } from './useElementWidth';
import { useStaggeredVersion } from './useStaggeredVersion';
import './charts.css';

export type { ChartSeries, ChartStepLine } from './chartData';
export type { ChartReferenceLine } from './LinePlot';
import type { ChartSeries } from './chartData';
import { errorText } from '../util/errorText';

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
  /** The x-axis title, with its unit (default "iteration"). */
  xLabel?: string;
  referenceLines?: ChartReferenceLine[];
  /** Recorded settings drawn as step lines (e.g. the cost limit in force at each iteration). */
  stepLines?: ChartStepLine[];
  yScaleDefault?: YScale;
  smoothingDefault?: number;
  height?: number;
  /** Larger type and lines, spanning the chart grid's width (λ and cost, read from the back of a room). */
  large?: boolean;
  /** Axis and label text size in px (see LinePlot). */
  fontSize?: number;
  /** Charts with the same syncId share the crosshair and tooltip (matched by x value). */
  syncId?: string;
  maxPoints?: number;
  emptyText?: string;
  /** What the series' bands show (a seed group), written under the chart, e.g. "band: min–max over 4 seeds". */
  bandLabel?: string;
}

// Stable defaults: a fresh [] on every render would defeat LinePlot's memo and redraw the chart each time.
const NO_REFERENCE_LINES: ChartReferenceLine[] = [];
const NO_STEP_LINES: ChartStepLine[] = [];


/**
 * A live line chart over metric-table columns: debiased-EMA smoothing over the faint raw series, linear / log /
 * symlog y, drag-to-zoom on x, reference and step lines, a synced crosshair, PNG/SVG export. At most one row per
 * pixel column is drawn (LTTB, and never more than `maxPoints`), the derived data is memoised on the table
 * version, and redraws are staggered one chart per frame (useStaggeredVersion).
 */
export function MetricChart(props: MetricChartProps) {
  const { testId, title, table, series, referenceLines = NO_REFERENCE_LINES, stepLines = NO_STEP_LINES } = props;
  const height = props.height ?? (props.large ? 280 : 200);
  const [smoothing, setSmoothing] = useState(props.smoothingDefault ?? 0);
  const [smoothingKind, setSmoothingKind] = useState<SmoothingKind>('ema');
  const [scale, setScale] = useState<YScale>(props.yScaleDefault ?? 'linear');
  const [zoom, setZoom] = useState<[number, number] | null>(null);
  const [hidden, setHidden] = useState<ReadonlySet<number>>(new Set());
  const [exportError, setExportError] = useState<string | null>(null);
  const [showMembers, setShowMembers] = useState(false);
  const hasMembers = series.some((s) => (s.members?.length ?? 0) > 0);
  const plotRef = useRef<HTMLDivElement>(null);
  const figureRef = useRef<HTMLElement>(null);
  const titleId = useId();
  const ownSyncId = useId();
  const width = useElementWidth(plotRef);
  // New rows are drawn one chart per frame, and only near the viewport, so training never blocks input.
  const version = useStaggeredVersion(props.version, figureRef);
  const referenceKey = referenceLines.map((line) => line.y).join(',');
  const maxPoints = Math.max(2, Math.min(props.maxPoints ?? 1500, width > 0 ? width : 1500));

  const data = useMemo(
    () =>
      buildChartData(table, {
        xColumn: props.xColumn ?? 'iteration',
        series,
        smoothing,
        smoothingKind,
        scale,
        zoom,
        maxPoints,
        include: referenceKey ? referenceKey.split(',').map(Number) : [],
        stepLines,
      }),
    // `version` stands for the table's contents (the table object itself is mutated in place).
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [table, version, series, smoothing, smoothingKind, scale, zoom, props.xColumn, maxPoints, referenceKey, stepLines],
  );
  const empty = data.pointCount === 0 || !data.domain;

  const filename = safeFilename(title);
  const run = (action: () => Promise<void> | void) => async () => {
    setExportError(null);
    try {
      if (plotRef.current) await action();
    } catch (error) {
      setExportError(`Export of “${title}” failed: ${errorText(error)}`);
    }
  };
  const exportTitle = empty ? 'Nothing to export yet: this chart has no data' : undefined;

  return (
    <figure
      ref={figureRef}
      className={props.large ? 'metric-chart metric-chart-large' : 'metric-chart'}
      data-testid={testId}
      data-points={data.pointCount}
      data-last={Number.isFinite(data.lastRaw[0]) ? String(data.lastRaw[0]) : ''}
      data-scale={scale}
      aria-labelledby={titleId}
    >
      <div className="metric-chart-head">
        <figcaption id={titleId}>{title}</figcaption>
        <span className="chart-export" data-export-skip>
          <button
            type="button"
            className="chart-button"
            disabled={empty}
            title={exportTitle}
            data-testid={`${testId}-png`}
            onClick={run(() => exportPng(figureRef.current!, filename))}
            aria-label={`Export ${title} as PNG`}
          >
            PNG
          </button>
          <button
            type="button"
            className="chart-button"
            disabled={empty}
            title={exportTitle}
            data-testid={`${testId}-svg`}
            onClick={run(() => exportSvg(plotRef.current!, filename))}
            aria-label={`Export ${title} as SVG`}
          >
            SVG
          </button>
        </span>
      </div>
      {props.note && <p className="chart-note">{props.note}</p>}
      {props.bandLabel && !empty && (
        <p className="chart-note seed-band-note" data-testid={`${testId}-band-note`}>
          Line: mean across seeds; shaded {props.bandLabel}.{' '}
          {hasMembers && (
            <label className="inline-check">
              <input
                type="checkbox"
                checked={showMembers}
                onChange={(event) => setShowMembers(event.target.checked)}
                data-testid={`${testId}-seed-lines`}
              />{' '}
              per-seed lines
            </label>
          )}
        </p>
      )}
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
        {empty || width === 0 ? (
          <div className="chart-empty" style={{ height }}>
            {empty ? (props.emptyText ?? 'No data yet.') : ''}
          </div>
        ) : (
          <LinePlot
            data={data}
            series={series}
            stepLines={stepLines}
            hidden={hidden}
            scale={scale}
            referenceLines={referenceLines}
            width={width}
            height={height}
            syncId={props.syncId ?? ownSyncId}
            title={title}
            xLabel={props.xLabel ?? 'iteration'}
            large={props.large}
            fontSize={props.fontSize}
            bandLabel={props.bandLabel}
            showMembers={showMembers}
            onZoom={setZoom}
          />
        )}
      </div>
      <ChartLegend
        series={series}
        lastRaw={data.lastRaw}
        lastX={data.lastX}
        xLabel={props.xLabel ?? 'iteration'}
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
