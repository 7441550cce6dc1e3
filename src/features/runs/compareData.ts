import type { ColumnSource } from '../../charts/chartData';
import type { YScale } from '../../charts/scales';
import type { ExperimentConfig } from '../../config/params';
import { settingAtIterations } from '../../runs/configHistory';
import { maxColumn, minColumn, seedsInSeries } from '../../util/groupRows';
import { seriesColumn } from '../../runs/series';
import type { ConfigChange, MetricSeries } from '../../runs/types';

/** Colour-blind-friendly run colours (Tableau 10), assigned in the order runs are picked. */
export const RUN_COLORS = [
  '#4e79a7',
  '#f28e2b',
  '#e15759',
  '#59a14f',
  '#b07aa1',
  '#76b7b2',
  '#9c755f',
  '#ff9da7',
  '#edc948',
  '#bab0ac',
];
export const runColor = (index: number) => RUN_COLORS[index % RUN_COLORS.length];

export interface CompareMetric {
  id: string;
  label: string;
  stream: 'metrics' | 'evaluations';
  column: string;
  /** Draw each run's cost limit (threshold) as a reference line. */
  threshold?: boolean;
  /** e.g. 100 to show a share in percentage points. */
  factor?: number;
  /** Preferred y scale; 'log' falls back to linear when a drawn value is ≤ 0. */
  scale?: YScale;
}

export const COMPARE_METRICS: CompareMetric[] = [
  { id: 'lambda', label: 'λ (Lagrange multiplier)', stream: 'metrics', column: 'lambda', scale: 'log' },
  {
    id: 'episodeCost',
    label: 'Episode cost J_C (window mean)',
    stream: 'metrics',
    column: 'episodeCost',
    threshold: true,
  },
  { id: 'costMean', label: 'Mean cost C', stream: 'metrics', column: 'costMean', threshold: true },
  { id: 'rewardMean', label: 'Mean reward R', stream: 'metrics', column: 'rewardMean' },
  { id: 'kl', label: 'KL to the SFT policy', stream: 'metrics', column: 'kl' },
  { id: 'unsafeRate', label: 'Unsafe rate (share with C > 0)', stream: 'metrics', column: 'unsafeRate' },
  { id: 'refusalRate', label: 'Refusal rate', stream: 'metrics', column: 'refusalRate' },
  { id: 'entropy', label: 'Entropy', stream: 'metrics', column: 'entropy' },
  { id: 'responseLength', label: 'Response length (tokens)', stream: 'metrics', column: 'responseLength' },
  { id: 'actorLoss', label: 'Actor loss', stream: 'metrics', column: 'actorLoss' },
  {
    id: 'helpfulnessChange',
    label: 'Helpfulness vs SFT (win rate − 50, points)',
    stream: 'evaluations',
    column: 'helpfulnessChange',
    factor: 100,
  },
  {
    id: 'safetyChange',
    label: 'Safety vs SFT (safe-rate change, points)',
    stream: 'evaluations',
    column: 'safetyChange',
    factor: 100,
  },
];

export interface CompareRun {
  metrics: MetricSeries;
  evaluations: MetricSeries;
  /** Start settings and live changes: the cost-limit history of runs recorded before rows carried it. */
  config?: ExperimentConfig;
  configChanges?: ConfigChange[];
}

/** The column of run i in the merged table. */
export const runColumn = (i: number) => `run${i}`;
/** The edges of run i's seed band (min or max across its seeds), present for seed groups only. */
export const bandColumn = (i: number, edge: 'min' | 'max') => `run${i}_${edge}`;
/** The column of run i's cost limit (the value in force at each of its iterations). */
export const thresholdColumn = (i: number) => `thr${i}`;

/**
 * A run's cost limit per metric row: the recorded `threshold` column where the rows carry it, else the start
 * config with its recorded live changes; NaN when neither is known (then nothing is drawn).
 */
export function thresholdHistory(run: CompareRun, iterations: Float64Array): Float64Array {
  const recorded = seriesColumn(run.metrics, 'threshold');
  if (recorded.length === iterations.length && recorded.some(Number.isFinite)) return recorded;
  if (run.config) return settingAtIterations({ config: run.config, configChanges: run.configChanges }, 'threshold', iterations);
  return new Float64Array(iterations.length).fill(NaN);
}

/** The metric's preferred scale when every drawn value suits it (log needs all values > 0), else linear. */
export function defaultScale(metric: CompareMetric, table: ColumnSource, runs: number): YScale {
  if (metric.scale !== 'log') return metric.scale ?? 'linear';
  let any = false;
  for (let i = 0; i < runs; i++) {
    for (const v of table.column(runColumn(i))) {
      if (!Number.isFinite(v)) continue;
      if (v * (metric.factor ?? 1) <= 0) return 'linear';
      any = true;
    }
  }
  return any ? 'log' : 'linear';
}

/**
 * One table with x = the union of the runs' iterations and one column per run (NaN where a run has no value, so
 * lines break there rather than inventing points) — the shape MetricChart draws.
 */
export function mergeRuns(runs: readonly CompareRun[], metric: CompareMetric): ColumnSource {
  const perRun = runs.map((run) => {
    const series = run[metric.stream];
    // A seed group's rows carry the min and max across its seeds: its band (src/util/groupRows.ts).
    const band = { min: seriesColumn(series, minColumn(metric.column)), max: seriesColumn(series, maxColumn(metric.column)) };
    return { xs: seriesColumn(series, 'iteration'), ys: seriesColumn(series, metric.column), band };
  });
  const iterations = [...new Set(perRun.flatMap(({ xs }) => Array.from(xs)))]
    .filter(Number.isFinite)
    .sort((a, b) => a - b);
  const position = new Map(iterations.map((x, i) => [x, i]));
  const columns = new Map<string, Float64Array>([['iteration', Float64Array.from(iterations)]]);
  const spread = (xs: Float64Array, values: Float64Array) => {
    const column = new Float64Array(iterations.length).fill(NaN);
    for (let r = 0; r < xs.length; r++) {
      const at = position.get(xs[r]);
      if (at !== undefined && r < values.length) column[at] = values[r];
    }
    return column;
  };
  perRun.forEach(({ xs, ys, band }, i) => {
    columns.set(runColumn(i), spread(xs, ys));
    if (band.min.length > 0) {
      columns.set(bandColumn(i, 'min'), spread(xs, band.min));
      columns.set(bandColumn(i, 'max'), spread(xs, band.max));
    }
    if (metric.threshold) {
      const limits = thresholdHistory(runs[i], xs);
      const limitColumn = new Float64Array(iterations.length).fill(NaN);
      for (let r = 0; r < xs.length; r++) {
        const at = position.get(xs[r]);
        if (at !== undefined) limitColumn[at] = limits[r];
      }
      columns.set(thresholdColumn(i), limitColumn);
    }
  });
  return { length: iterations.length, column: (name) => columns.get(name) ?? new Float64Array(0) };
}

/** The one cost limit every run kept throughout, or null when they differ or one changed it mid-run. */
export function sharedThreshold(table: ColumnSource, runs: number): number | null {
  let shared: number | null = null;
  for (let i = 0; i < runs; i++) {
    for (const v of table.column(thresholdColumn(i))) {
      if (!Number.isFinite(v)) continue;
      if (shared === null) shared = v;
      else if (v !== shared) return null;
    }
  }
  return shared;
}

/** Adds a column to a table (e.g. the shared cost limit drawn once across all runs). */
export function withColumn(table: ColumnSource, name: string, values: Float64Array): ColumnSource {
  return { length: table.length, column: (column) => (column === name ? values : table.column(column)) };
}

/** How many seeds each run has (1 for a single run): a group is drawn with its min–max band. */
export function runSeeds(run: CompareRun): number {
  return Math.max(1, seedsInSeries(run.metrics).length);
}
