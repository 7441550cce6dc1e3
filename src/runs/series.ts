import { maxColumn, minColumn, sdColumn, seedsInSeries } from '../util/groupRows';
import type { MetricSeries, RunSummary, SeedSpread, SpreadOf } from './types';

export function seriesLength(series: MetricSeries): number {
  return series.columns.length === 0 ? 0 : Math.floor(series.rows.length / series.columns.length);
}

/** One column as a new array (empty when absent). */
export function seriesColumn(series: MetricSeries, name: string): Float64Array {
  const index = series.columns.indexOf(name);
  const width = series.columns.length;
  const length = seriesLength(series);
  const out = new Float64Array(index < 0 ? 0 : length);
  if (index >= 0) for (let r = 0; r < length; r++) out[r] = series.rows[r * width + index];
  return out;
}

/** The last finite value of a column, or NaN. */
export function lastFinite(series: MetricSeries, name: string): number {
  const column = seriesColumn(series, name);
  for (let i = column.length - 1; i >= 0; i--) if (Number.isFinite(column[i])) return column[i];
  return NaN;
}

/** Builds a series from column arrays (e.g. a MetricTable's columns). */
export function seriesFromColumns(
  columns: readonly string[],
  data: readonly ArrayLike<number>[],
  length: number,
): MetricSeries {
  const width = columns.length;
  const rows = new Float64Array(length * width);
  for (let c = 0; c < width; c++) for (let r = 0; r < length; r++) rows[r * width + c] = data[c][r];
  return { columns: [...columns], rows };
}

/** Row objects (JSON bundles); NaN and ±Infinity become null because JSON has no such numbers. */
export function seriesToRows(series: MetricSeries): Record<string, number | null>[] {
  const width = series.columns.length;
  return Array.from({ length: seriesLength(series) }, (_, r) => {
    const row: Record<string, number | null> = {};
    series.columns.forEach((name, c) => {
      const value = series.rows[r * width + c];
      row[name] = Number.isFinite(value) ? value : null;
    });
    return row;
  });
}

/** The inverse of seriesToRows; columns in first-seen order, missing or null values become NaN. */
export function seriesFromRows(rows: readonly Record<string, number | null>[]): MetricSeries {
  const columns: string[] = [];
  const seen = new Set<string>();
  for (const row of rows) {
    for (const key of Object.keys(row)) {
      if (!seen.has(key)) {
        seen.add(key);
        columns.push(key);
      }
    }
  }
  const width = columns.length;
  const out = new Float64Array(rows.length * width);
  rows.forEach((row, r) => {
    columns.forEach((name, c) => {
      const value = Object.hasOwn(row, name) ? row[name] : null;
      out[r * width + c] = value === null || value === undefined ? NaN : value;
    });
  });
  return { columns, rows: out };
}

/** RunSummary's definitions, version 2: `iterations` counts completed iterations (v1 stored the last 0-based index). */
export const SUMMARY_VERSION = 2;

/** A stored summary in today's definitions (runs saved before v2 showed one iteration too few). */
export function currentSummary(summary: RunSummary): RunSummary {
  if ((summary.version ?? 1) >= SUMMARY_VERSION) return summary;
  return { ...summary, iterations: summary.iterations + 1, version: SUMMARY_VERSION };
}

/** A seed group's spread at the last iteration (the group rows' _sd/_min/_max columns); undefined for a single run. */
export function seedSpread(metrics: MetricSeries): SeedSpread | undefined {
  const seeds = seedsInSeries(metrics).length;
  if (seeds < 2) return undefined;
  const of = (column: string): SpreadOf => ({
    sd: lastFinite(metrics, sdColumn(column)),
    min: lastFinite(metrics, minColumn(column)),
    max: lastFinite(metrics, maxColumn(column)),
  });
  return { seeds, reward: of('rewardMean'), episodeCost: of('episodeCost') };
}

export function summarize(metrics: MetricSeries, evaluations: MetricSeries): RunSummary {
  const spread = seedSpread(metrics);
  return {
    ...(spread ? { spread } : {}),
    version: SUMMARY_VERSION,
    // Rows carry the 0-based iteration they belong to: a run whose last row is iteration 199 completed 200.
    iterations: lastFinite(metrics, 'iteration') + 1,
    lambda: lastFinite(metrics, 'lambda'),
    episodeCost: lastFinite(metrics, 'episodeCost'),
    cost: lastFinite(metrics, 'costMean'),
    reward: lastFinite(metrics, 'rewardMean'),
    helpfulnessChange: lastFinite(evaluations, 'helpfulnessChange'),
    safetyChange: lastFinite(evaluations, 'safetyChange'),
  };
}
