import { DEFAULT_MAX_POINTS, unionIndices } from './downsample';
import { drawable, yDomain, type YScale } from './scales';
import { smooth, type SmoothingKind } from './smoothing';

/** The minimal view of a metric table a chart needs (MetricTable satisfies it). */
export interface ColumnSource {
  length: number;
  column(name: string): Float64Array;
}

export interface ChartSeries {
  column: string;
  label: string;
  color: string;
  /** Multiplies the column (e.g. 100 to show a share in percentage points). */
  factor?: number;
  /** A seed group's spread around the line (the mean): the columns of the band's lower and upper edge. */
  band?: { low: string; high: string };
  /** A seed group's members: per-seed columns, drawn as thin lines on demand and listed on hover. */
  members?: { column: string; label: string }[];
}

/**
 * A setting recorded per row (e.g. the cost limit in force at each iteration), drawn as a step line: it shows the
 * value each iteration really ran with, so a mid-run change appears where it happened instead of being redrawn
 * across the whole history.
 */
export interface ChartStepLine {
  column: string;
  label: string;
  color: string;
  /** data-testid on the drawn line (e.g. 'threshold-history'). */
  testId?: string;
  className?: string;
  /**
   * When the whole line lies more than this factor above the drawn data's maximum, it does not stretch the y axis
   * (λ_max = 20 would squeeze a λ of 0.2–0.7 into the bottom band); the chart marks it at the top edge instead.
   * Unset: the axis always takes the line in (e.g. the cost limit, which the data is read against).
   */
  offAxisAbove?: number;
}

export interface ChartDataOptions {
  xColumn: string;
  series: ChartSeries[];
  smoothing: number;
  smoothingKind: SmoothingKind;
  scale: YScale;
  /** Inclusive x range to show, or null for everything. */
  zoom: [number, number] | null;
  /** Most rows drawn (LTTB); the chart passes its plot width in pixels, so no more points than pixels are drawn. */
  maxPoints?: number;
  /** y values that must be visible (reference lines such as λ_max). */
  include?: number[];
  stepLines?: ChartStepLine[];
}

/** A step line's vertices: value ys[k] holds from xs[k] up to xs[k + 1]; the last vertex closes the line. */
export interface StepTrace {
  xs: number[];
  ys: number[];
  /** The value at the last row (NaN when none is recorded). */
  last: number;
  /** Far above the data (see ChartStepLine.offAxisAbove): left out of the y axis and drawn as a marker. */
  offAxis?: boolean;
}

export interface ChartData {
  /** x of each drawn row (ascending). */
  xs: Float64Array;
  /** Per series, the drawn values (smoothed, or raw when smoothing is off); NaN = a gap. */
  main: Float64Array[];
  /** Per series, the raw values behind a smoothed line; null when smoothing is off. */
  raw: Float64Array[] | null;
  /** Per step line, over the shown x range. */
  steps: StepTrace[];
  /** [first, last] x shown, undefined when nothing is drawn. */
  xRange: [number, number] | undefined;
  domain: [number, number] | undefined;
  /** Rows drawn per series (after zoom and downsampling). */
  pointCount: number;
  /** Last finite raw value of each series (whole table, ignoring zoom), NaN when it has none. */
  lastRaw: number[];
  /** x of that last finite value (a shorter run in a comparison ends before the others), NaN when none. */
  lastX: number[];
  /** Points a log axis cannot show (≤ 0), counted over the drawn range. */
  hiddenNonPositive: number;
  /** Per series, its band's edges at the drawn rows (raw, factor applied), or null without a band. */
  bands: ({ low: Float64Array; high: Float64Array } | null)[];
  /** Per series, each member's raw values at the drawn rows (empty without members). */
  members: Float64Array[][];
}

/**
 * The vertices of a step line over rows [from, to): one where the value changes (and the first row), plus a closing
 * vertex at the last row. Non-finite values are skipped (a row without a recorded value keeps the previous one).
 */
export function stepTrace(xs: ArrayLike<number>, ys: ArrayLike<number>, from = 0, to = Math.min(xs.length, ys.length)): StepTrace {
  const trace: StepTrace = { xs: [], ys: [], last: NaN };
  let lastX = NaN;
  for (let i = from; i < to; i++) {
    const y = ys[i];
    if (!Number.isFinite(y) || !Number.isFinite(xs[i])) continue;
    if (trace.ys.length === 0 || y !== trace.ys[trace.ys.length - 1]) {
      trace.xs.push(xs[i]);
      trace.ys.push(y);
    }
    lastX = xs[i];
    trace.last = y;
  }
  if (trace.xs.length > 0 && lastX !== trace.xs[trace.xs.length - 1]) {
    trace.xs.push(lastX);
    trace.ys.push(trace.last);
  }
  return trace;
}

/** Index of the last finite value, or −1. */
function lastFiniteIndex(ys: ArrayLike<number>): number {
  for (let i = ys.length - 1; i >= 0; i--) if (Number.isFinite(ys[i])) return i;
  return -1;
}

/**
 * Turns table columns into drawn columns: smoothing runs over the whole series (so zooming does not change the
 * smoothed values), then the zoom range is cut out and LTTB picks at most `maxPoints` rows across all series.
 */
export function buildChartData(table: ColumnSource | undefined, options: ChartDataOptions): ChartData {
  const { series, scale } = options;
  const stepLines = options.stepLines ?? [];
  const empty: ChartData = {
    xs: new Float64Array(0),
    main: series.map(() => new Float64Array(0)),
    raw: null,
    steps: stepLines.map(() => ({ xs: [], ys: [], last: NaN })),
    xRange: undefined,
    domain: undefined,
    pointCount: 0,
    lastRaw: series.map(() => NaN),
    lastX: series.map(() => NaN),
    hiddenNonPositive: 0,
    bands: series.map(() => null),
    members: series.map(() => []),
  };
  if (!table || table.length === 0) return empty;
  const xsAll = table.column(options.xColumn);
  const raw = series.map((s) => {
    const column = table.column(s.column);
    const factor = s.factor ?? 1;
    return factor === 1 ? column : column.map((v) => v * factor);
  });
  const smoothing = options.smoothing > 0;
  const smoothed = smoothing ? raw.map((ys) => smooth(ys, options.smoothingKind, options.smoothing)) : raw;
  const lastIndex = raw.map(lastFiniteIndex);

  let from = 0;
  let to = xsAll.length;
  if (options.zoom) {
    const [lo, hi] = options.zoom;
    while (from < to && xsAll[from] < lo) from++;
    while (to > from && xsAll[to - 1] > hi) to--;
  }
  const picks = unionIndices(
    xsAll.subarray(from, to),
    smoothed.map((ys) => ys.subarray(from, to)),
    options.maxPoints ?? DEFAULT_MAX_POINTS,
  );

  const n = picks.length;
  const scaled = (name: string, factor = 1) => {
    const column = table.column(name);
    return factor === 1 ? column : column.map((v) => v * factor);
  };
  const bandColumns = series.map((s) => (s.band && table.column(s.band.low).length > 0 ? { low: scaled(s.band.low, s.factor), high: scaled(s.band.high, s.factor) } : null));
  const memberColumns = series.map((s) => (s.members ?? []).map((m) => scaled(m.column, s.factor)).filter((column) => column.length > 0));
  const bands = bandColumns.map((band) => (band ? { low: new Float64Array(n), high: new Float64Array(n) } : null));
  const members = memberColumns.map((columns) => columns.map(() => new Float64Array(n)));
  const xs = new Float64Array(n);
  const main = series.map(() => new Float64Array(n));
  const rawDrawn = smoothing ? series.map(() => new Float64Array(n)) : null;
  let min = Infinity;
  let max = -Infinity;
  const see = (v: number | null): number => {
    if (v === null) return NaN;
    if (v < min) min = v;
    if (v > max) max = v;
    return v;
  };
  let hiddenNonPositive = 0;
  for (let k = 0; k < n; k++) {
    const i = picks[k] + from;
    xs[k] = xsAll[i];
    for (let s = 0; s < series.length; s++) {
      main[s][k] = see(drawable(smoothed[s][i], scale));
      if (scale === 'log' && Number.isFinite(raw[s][i]) && raw[s][i] <= 0) hiddenNonPositive++;
      if (rawDrawn) rawDrawn[s][k] = see(drawable(raw[s][i], scale));
      const band = bandColumns[s];
      // The band is part of what the axis must show (the members lie inside a min–max band).
      if (band) {
        bands[s]!.low[k] = see(drawable(band.low[i], scale));
        bands[s]!.high[k] = see(drawable(band.high[i], scale));
      }
      memberColumns[s].forEach((column, m) => (members[s][m][k] = drawable(column[i], scale) ?? NaN));
    }
  }
  const steps = stepLines.map((line) => {
    const trace = stepTrace(xsAll, table.column(line.column), from, to);
    const factor = line.offAxisAbove;
    if (factor !== undefined && max > 0 && trace.ys.length > 0 && Math.min(...trace.ys) > max * factor) trace.offAxis = true;
    return trace;
  });
  const include = [...(options.include ?? []), ...steps.flatMap((trace) => (trace.offAxis ? [] : trace.ys))];
  return {
    xs,
    main,
    raw: rawDrawn,
    steps,
    xRange: n > 0 ? [xs[0], xs[n - 1]] : undefined,
    domain: yDomain(min <= max ? [min, max] : [], scale, include),
    pointCount: n,
    lastRaw: raw.map((ys, s) => (lastIndex[s] >= 0 ? ys[lastIndex[s]] : NaN)),
    lastX: lastIndex.map((i) => (i >= 0 ? xsAll[i] : NaN)),
    hiddenNonPositive,
    bands,
    members,
  };
}
