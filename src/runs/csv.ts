/**
 * Metrics as CSV (RFC 4180): comma-separated, CRLF line ends, fields with a comma, quote, CR or LF quoted and quotes
 * doubled. NaN is an empty cell. Free-text cells starting with = + - @ get a leading apostrophe so spreadsheets do not
 * run them as formulas.
 */
import { seriesLength } from './series';
import type { MetricSeries } from './types';

export function csvField(value: string): string {
  return /[",\r\n]/.test(value) || value !== value.trim() ? `"${value.replaceAll('"', '""')}"` : value;
}

export function csvText(value: string): string {
  return csvField(/^[=+\-@\t\r]/.test(value) ? `'${value}` : value);
}

export function csvNumber(value: number): string {
  return Number.isNaN(value) ? '' : String(value);
}

export function toCsv(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return [header.map(csvField).join(','), ...rows.map((row) => row.join(','))].join('\r\n') + '\r\n';
}

interface CsvRun {
  name: string;
  metrics: MetricSeries;
  evaluations: MetricSeries;
}

/**
 * All metric columns of one or more runs in one table: the 'ppo' columns, then the evaluation columns prefixed
 * `eval_`, one row per iteration that has either (evaluations also run at iteration 0, before any update). With
 * several runs a leading `run` column names the run.
 */
export function runsToCsv(runs: readonly CsvRun[]): string {
  const metricColumns = unionColumns(runs.map((run) => run.metrics.columns)).filter((c) => c !== 'iteration');
  const evalColumns = unionColumns(runs.map((run) => run.evaluations.columns)).filter(
    (c) => c !== 'iteration',
  );
  const withRun = runs.length > 1;
  const header = [
    ...(withRun ? ['run'] : []),
    'iteration',
    ...metricColumns,
    ...evalColumns.map((c) => `eval_${c}`),
  ];
  const rows: string[][] = [];
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
      return row === undefined || at < 0 ? '' : csvNumber(series.rows[row * series.columns.length + at]);
    };
    for (const iteration of [...byIteration.keys()].sort((a, b) => a - b)) {
      const entry = byIteration.get(iteration)!;
      rows.push([
        ...(withRun ? [csvText(run.name)] : []),
        csvNumber(iteration),
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
