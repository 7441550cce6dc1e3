/**
 * A seed group's metric rows (pure). One group row per iteration carries, for every metric column c of the members:
 *   c            the mean across the members (what every chart line, readout and summary reads),
 *   c_sd         the sample sd across members (n − 1),
 *   c_min, c_max the band a chart draws,
 *   c_seedS      member S's own value (thin per-seed lines, hover, per-seed summaries, CSV with a seed column).
 * So a group is stored, exported and compared as one run whose members can be taken back out (memberSeries).
 */
import { spread } from './seedStats';

/** A metric stream at full resolution, row-major (the shape of src/runs/types.ts's MetricSeries). */
export interface MetricSeries {
  columns: string[];
  rows: Float64Array;
}

/** Columns copied, not aggregated: they are the same for every member (the row's position). */
const SHARED_COLUMNS = new Set(['iteration']);

export const memberColumn = (column: string, seed: number): string => `${column}_seed${seed}`;
export const sdColumn = (column: string): string => `${column}_sd`;
export const minColumn = (column: string): string => `${column}_min`;
export const maxColumn = (column: string): string => `${column}_max`;

/** The group row's columns for members with `columns` and `seeds` (order: as listed above, column by column). */
export function groupColumns(columns: readonly string[], seeds: readonly number[]): string[] {
  return columns.flatMap((column) =>
    SHARED_COLUMNS.has(column)
      ? [column]
      : [column, sdColumn(column), minColumn(column), maxColumn(column), ...seeds.map((seed) => memberColumn(column, seed))],
  );
}

/**
 * One group row (values in groupColumns order) from the members' rows at the same iteration (each in `columns`
 * order); a member without a row there (undefined) is left out of the statistics and its own columns are NaN.
 */
export function groupRow(columns: readonly string[], memberRows: readonly (ArrayLike<number> | undefined)[]): number[] {
  const out: number[] = [];
  const values: number[] = [];
  columns.forEach((column, c) => {
    values.length = 0;
    for (const row of memberRows) values.push(row ? row[c] : NaN);
    if (SHARED_COLUMNS.has(column)) {
      out.push(values.find((value) => Number.isFinite(value)) ?? NaN);
      return;
    }
    const stats = spread(values);
    out.push(stats.mean, stats.sd, stats.min, stats.max, ...values);
  });
  return out;
}

/** Group rows (row-major, groupColumns order) for every iteration any member reached, from whole member series. */
export function groupSeriesOf(members: readonly { seed: number; series: MetricSeries }[]): MetricSeries {
  const first = members.find((member) => member.series.columns.length > 0);
  if (!first) return { columns: [], rows: new Float64Array(0) };
  const columns = first.series.columns;
  const seeds = members.map((member) => member.seed);
  const out = groupColumns(columns, seeds);
  const lengths = members.map((member) => (member.series.columns.length ? member.series.rows.length / member.series.columns.length : 0));
  const length = Math.max(...lengths);
  const rows = new Float64Array(length * out.length);
  for (let r = 0; r < length; r++) {
    const memberRows = members.map((member, m) => {
      if (r >= lengths[m]) return undefined;
      const width = member.series.columns.length;
      // Members share the column set; map by name in case the order differs.
      return columns.map((column) => member.series.rows[r * width + member.series.columns.indexOf(column)]);
    });
    rows.set(groupRow(columns, memberRows), r * out.length);
  }
  return { columns: out, rows };
}

const MEMBER_COLUMN = /^(.+)_seed(\d+)$/;

/** The member seeds a group series holds, in column order (empty for a single run). */
export function seedsInSeries(series: { readonly columns: readonly string[] }): number[] {
  const seeds: number[] = [];
  for (const column of series.columns) {
    const match = MEMBER_COLUMN.exec(column);
    if (match && !seeds.includes(Number(match[2]))) seeds.push(Number(match[2]));
  }
  return seeds;
}

/** Member `seed`'s own series out of a group series: its c_seedS columns under their plain names, with the shared ones. */
export function memberSeries(series: MetricSeries, seed: number): MetricSeries {
  const width = series.columns.length;
  const suffix = `_seed${seed}`;
  const picks: { name: string; index: number }[] = [];
  series.columns.forEach((column, index) => {
    if (SHARED_COLUMNS.has(column)) picks.push({ name: column, index });
    else if (column.endsWith(suffix) && MEMBER_COLUMN.test(column)) picks.push({ name: column.slice(0, -suffix.length), index });
  });
  const length = width === 0 ? 0 : series.rows.length / width;
  // A member that stopped early has NaN rows at the end: they are not its rows.
  let kept = length;
  const own = picks.filter((pick) => !SHARED_COLUMNS.has(pick.name));
  while (kept > 0 && own.length > 0 && own.every((pick) => !Number.isFinite(series.rows[(kept - 1) * width + pick.index]))) kept--;
  const rows = new Float64Array(kept * picks.length);
  for (let r = 0; r < kept; r++) picks.forEach((pick, c) => (rows[r * picks.length + c] = series.rows[r * width + pick.index]));
  return { columns: picks.map((pick) => pick.name), rows };
}
