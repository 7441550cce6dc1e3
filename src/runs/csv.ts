/**
 * Run metrics as CSV through the shared writer (src/util/csv.ts): NaN is an empty cell, metric values stay numbers,
 * and run names and column names (which imported bundles choose) are neutralised against formulas.
 */
import { memberSeries, seedsInSeries } from '../util/groupRows';
import { toCsv, type CsvCell } from '../util/csv';
import { seriesLength } from './series';
import type { MetricSeries } from './types';

interface CsvRun {
  name: string;
  metrics: MetricSeries;
  evaluations: MetricSeries;
}

/** A seed group becomes its members, each with its seed (the `seed` column); a single run stays as it is. */
function withMembers(run: CsvRun): (CsvRun & { seed?: number })[] {
  const seeds = seedsInSeries(run.metrics);
  if (seeds.length === 0) return [run];
  return seeds.map((seed) => ({ name: run.name, seed, metrics: memberSeries(run.metrics, seed), evaluations: memberSeries(run.evaluations, seed) }));
}

/**
 * All metric columns of one or more runs in one table: the 'ppo' columns, then the evaluation columns prefixed
 * `eval_`, one row per iteration that has either (evaluations also run at iteration 0, before any update). With
 * several runs a leading `run` column names the run. A seed group is written as its members' rows with a `seed`
 * column (empty for single runs), so each row is one seed's own values.
 */
export function runsToCsv(groups: readonly CsvRun[]): string {
  const withRun = groups.length > 1;
  const runs = groups.flatMap(withMembers);
  const withSeed = runs.some((run) => run.seed !== undefined);
  const metricColumns = unionColumns(runs.map((run) => run.metrics.columns)).filter((c) => c !== 'iteration');
  const evalColumns = unionColumns(runs.map((run) => run.evaluations.columns)).filter(
    (c) => c !== 'iteration',
  );
  const header = [
    ...(withRun ? ['run'] : []),
    ...(withSeed ? ['seed'] : []),
    'iteration',
    ...metricColumns,
    ...evalColumns.map((c) => `eval_${c}`),
  ];
  const rows: CsvCell[][] = [];
  for (const run of runs) {
    const byIteration = new Map<number, { metrics?: number; evaluation?: number }>();
    const index = (series: MetricSeries, kind: 'metrics' | 'evaluation') => {
      const at = series.columns.indexOf('iteration');
      const width = series.columns.length;
      for (let r = 0; r < seriesLength(series); r++) {
        const iteration = at < 0 ? r : series.rows[r * width + at];
        const entry = byIteration.get(iteration) ?? {};
        entry[kind] = r;
        byIteration.set(iteration, entry);
      }
    };
    index(run.metrics, 'metrics');
    index(run.evaluations, 'evaluation');
    const cell = (series: MetricSeries, row: number | undefined, column: string) => {
      const at = series.columns.indexOf(column);
      return row === undefined || at < 0 ? null : series.rows[row * series.columns.length + at];
    };
    for (const iteration of [...byIteration.keys()].sort((a, b) => a - b)) {
      const entry = byIteration.get(iteration)!;
      rows.push([
        ...(withRun ? [run.name] : []),
        ...(withSeed ? [run.seed ?? null] : []),
        iteration,
        ...metricColumns.map((column) => cell(run.metrics, entry.metrics, column)),
        ...evalColumns.map((column) => cell(run.evaluations, entry.evaluation, column)),
      ]);
    }
  }
  return toCsv(header, rows);
}

function unionColumns(lists: readonly (readonly string[])[]): string[] {
  const out: string[] = [];
  for (const list of lists) for (const column of list) if (!out.includes(column)) out.push(column);
  return out;
}
