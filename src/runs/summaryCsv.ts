/**
 * The Runs area's summary CSV (issue 21): one row per run (per seed for a seed group) with the headless runner's
 * summary.csv column names (scripts/experiment/run.ts summaryRow): last-10 and last-50 means, the last evaluation,
 * and the constraint columns (violation during training, feasibility). Through the shared writer (src/util/csv.ts):
 * NaN is an empty cell and run names are neutralised against formulas.
 */
import { memberSeries, seedsInSeries } from '../util/groupRows';
import { toCsv, type CsvCell } from '../util/csv';
import { CONSTRAINT_COLUMNS, constraintColumns } from './constraintColumns';
import { seriesColumn, seriesLength } from './series';
import { finalConfig, type MetricSeries, type RunMeta } from './types';

/** Means over the last 10 iterations, as the runner's summary. */
export const LAST10_METRICS = ['rewardMean', 'costMean', 'episodeCost', 'lambda', 'unsafeRate', 'refusalRate', 'kl'] as const;
/** Means over the last 50 iterations: the settled state of a constrained run. */
export const LAST50_METRICS = ['episodeCost', 'lambda', 'rewardMean'] as const;
/** The last evaluation's values. */
export const EVAL_METRICS = [
  'helpfulnessWinRate', 'safeRateCost', 'sftSafeRateCost', 'safeRateGuard', 'sftSafeRateGuard', 'rewardMean', 'sftRewardMean', 'costMean',
] as const;

export const SUMMARY_CSV_COLUMNS = [
  'run', 'seed', 'algorithm', 'lambdaRule', 'threshold', 'iterations',
  ...LAST10_METRICS.map((key) => `last10_${key}`),
  ...LAST50_METRICS.map((key) => `last50_${key}`),
  'truncationRate',
  ...EVAL_METRICS.map((key) => `eval_${key}`),
  ...CONSTRAINT_COLUMNS,
];

interface SummaryRun extends Pick<RunMeta, 'name' | 'config' | 'configChanges' | 'costPilot'> {
  metrics: MetricSeries;
  evaluations: MetricSeries;
}

/** Mean of a column over the last `window` rows (NaN when the column or the rows are missing). */
function tailMean(series: MetricSeries, column: string, window: number): number {
  const values = seriesColumn(series, column);
  if (values.length === 0) return NaN;
  const tail = values.subarray(Math.max(0, values.length - window));
  let sum = 0;
  for (const value of tail) sum += value;
  return sum / tail.length;
}

function lastValue(series: MetricSeries, column: string): number {
  const values = seriesColumn(series, column);
  return values.length ? values[values.length - 1] : NaN;
}

/** One summary row (column → value) for one run or one seed of a group. */
export function summaryRow(run: SummaryRun, seed: number | null, metrics: MetricSeries, evaluations: MetricSeries): Record<string, CsvCell> {
  const config = run.config;
  const row: Record<string, CsvCell> = {
    run: run.name,
    seed: seed ?? config.seed,
    algorithm: config.algorithm,
    lambdaRule: config.algorithm === 'ppo-lag' ? config.lambdaRule : '',
    // The limit the run ended with (the start value when it never changed).
    threshold: finalConfig(run).threshold,
    iterations: seriesLength(metrics),
  };
  for (const key of LAST10_METRICS) row[`last10_${key}`] = tailMean(metrics, key, 10);
  for (const key of LAST50_METRICS) row[`last50_${key}`] = tailMean(metrics, key, 50);
  row.truncationRate = tailMean(metrics, 'truncationRate', 50);
  for (const key of EVAL_METRICS) row[`eval_${key}`] = lastValue(evaluations, key);
  const iteration = seriesColumn(metrics, 'iteration');
  const lambda = seriesColumn(metrics, 'lambda');
  const episodeCost = seriesColumn(metrics, 'episodeCost');
  const threshold = seriesColumn(metrics, 'threshold');
  const rows = Array.from({ length: seriesLength(metrics) }, (_, i) => ({
    iteration: iteration.length ? iteration[i] : i,
    lambda: lambda.length ? lambda[i] : NaN,
    episodeCost: episodeCost.length ? episodeCost[i] : NaN,
    // Rows recorded before they carried the limit: the start config's.
    threshold: threshold.length ? threshold[i] : config.threshold,
  }));
  Object.assign(row, constraintColumns({ config, rows, pilotFloor: run.costPilot?.floor }));
  return row;
}

/** The summary CSV of some runs: a seed group gives one row per seed (its `seed` column), a single run one row. */
export function runsSummaryCsv(runs: readonly SummaryRun[]): string {
  const rows: CsvCell[][] = [];
  for (const run of runs) {
    const seeds = seedsInSeries(run.metrics);
    const parts =
      seeds.length === 0
        ? [{ seed: null, metrics: run.metrics, evaluations: run.evaluations }]
        : seeds.map((seed) => ({ seed, metrics: memberSeries(run.metrics, seed), evaluations: memberSeries(run.evaluations, seed) }));
    for (const part of parts) {
      const row = summaryRow(run, part.seed, part.metrics, part.evaluations);
      rows.push(SUMMARY_CSV_COLUMNS.map((column) => row[column] ?? null));
    }
  }
  return toCsv(SUMMARY_CSV_COLUMNS, rows);
}
