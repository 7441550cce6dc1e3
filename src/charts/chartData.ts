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
}

export interface ChartDataOptions {
  xColumn: string;
  series: ChartSeries[];
  smoothing: number;
  smoothingKind: SmoothingKind;
  scale: YScale;
  /** Inclusive x range to show, or null for everything. */
  zoom: [number, number] | null;
  maxPoints?: number;
  /** y values that must be visible (reference lines such as the threshold). */
  include?: number[];
}

/** One drawn row: x plus, per series i, `s{i}` (smoothed, or raw when smoothing is off) and `r{i}` (raw). */
export type ChartRow = { x: number } & Record<string, number | null>;

export interface ChartData {
  rows: ChartRow[];
  domain: [number, number] | undefined;
  /** Rows drawn per series (after zoom and downsampling). */
  pointCount: number;
  /** Last raw value of each series (whole table, ignoring zoom), NaN when absent. */
  lastRaw: number[];
  /** Points a log axis cannot show (≤ 0), counted over the drawn range. */
  hiddenNonPositive: number;
}

export const smoothedKey = (i: number) => `s${i}`;
export const rawKey = (i: number) => `r${i}`;

/**
 * Turns table columns into recharts rows: smoothing runs over the whole series (so zooming does not change the
 * smoothed values), then the zoom range is cut out and LTTB picks at most `maxPoints` rows across all series.
 */
export function buildChartData(table: ColumnSource | undefined, options: ChartDataOptions): ChartData {
  const { series, scale } = options;
  const empty: ChartData = {
    rows: [],
    domain: undefined,
    pointCount: 0,
    lastRaw: series.map(() => NaN),
    hiddenNonPositive: 0,
  };
  if (!table || table.length === 0) return empty;
  const xsAll = table.column(options.xColumn);
  const raw = series.map((s) => {
    const column = table.column(s.column);
    const factor = s.factor ?? 1;
    return factor === 1 ? column : column.map((v) => v * factor);
  });
  const smoothed = options.smoothing > 0 ? raw.map((ys) => smooth(ys, options.smoothingKind, options.smoothing)) : raw;
  const lastRaw = raw.map((ys) => (ys.length ? ys[ys.length - 1] : NaN));

  let from = 0;
  let to = xsAll.length;
  if (options.zoom) {
    const [lo, hi] = options.zoom;
    while (from < to && xsAll[from] < lo) from++;
    while (to > from && xsAll[to - 1] > hi) to--;
  }
  const xs = xsAll.subarray(from, to);
  const picks = unionIndices(
    xs,
    smoothed.map((ys) => ys.subarray(from, to)),
    options.maxPoints ?? DEFAULT_MAX_POINTS,
  );

  const rows: ChartRow[] = new Array(picks.length);
  const drawnValues: (number | null)[] = [];
  let hiddenNonPositive = 0;
  for (let k = 0; k < picks.length; k++) {
    const i = picks[k] + from;
    const row: ChartRow = { x: xsAll[i] } as ChartRow;
    for (let s = 0; s < series.length; s++) {
      const value = drawable(smoothed[s][i], scale);
      row[smoothedKey(s)] = value;
      drawnValues.push(value);
      if (scale === 'log' && Number.isFinite(raw[s][i]) && raw[s][i] <= 0) hiddenNonPositive++;
      if (options.smoothing > 0) {
        const rawValue = drawable(raw[s][i], scale);
        row[rawKey(s)] = rawValue;
        drawnValues.push(rawValue);
      }
    }
    rows[k] = row;
  }
  return {
    rows,
    domain: yDomain(drawnValues, scale, options.include ?? []),
    pointCount: rows.length,
    lastRaw,
    hiddenNonPositive,
  };
}
