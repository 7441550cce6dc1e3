/**
 * Seed groups in the headless runner (--seeds 7,8,9,10 or --seeds 4, or a config/link with seeds > 1): every run
 * (the single run or each --sweep point) becomes K member runs, one folder each (`seed=7/` …) holding exactly the
 * solo run with that seed, plus the point's `group.csv` (per iteration: `<metric>_mean`, `_sd`, `_min`, `_max` across
 * seeds) and rows in `summary.csv` (one per seed, and a `group` row with the mean and `<column>_sd` of every
 * last-N and eval column), and the point's `group.json`: the whole group as one run bundle the app imports (its rows
 * hold the mean, sd, min, max and each seed's value of every metric: src/util/groupRows.ts).
 */
import type { ExperimentConfig } from '../../src/config/params';
import { PARAMS } from '../../src/config/params';
import { groupSeeds, MAX_GROUP_SEEDS, memberConfig } from '../../src/config/seedGroup';
import { groupSeriesOf } from '../../src/util/groupRows';
import { groupSeries, spread } from '../../src/util/seedStats';
import { seriesFromRows, seriesToRows } from '../../src/runs/series';
import { PPO_METRIC_COLUMNS, type PpoMetricRow } from '../../src/train/ppo/types';
import type { RunBundle } from './run';

/** --seeds: a count K (the run's seed and the next K − 1) or an explicit list of distinct seeds. */
export type SeedsFlag = { count: number } | { list: number[] };

const SEED_TEXT = /^[0-9]+$/;

/** '4' → { count: 4 }; '7,8,9,10' → { list: [7, 8, 9, 10] }; errors name the flag and the value. */
export function parseSeedsFlag(text: string): SeedsFlag {
  const parts = text.split(',').map((part) => part.trim());
  const seedMax = PARAMS.seed.max;
  if (parts.length === 1) {
    const count = SEED_TEXT.test(parts[0]) ? Number(parts[0]) : NaN;
    if (!(count >= 1 && count <= MAX_GROUP_SEEDS)) {
      throw new Error(`--seeds: "${text}" must be a count from 1 to ${MAX_GROUP_SEEDS} or a comma-separated list of seeds, e.g. 7,8,9,10`);
    }
    return { count };
  }
  if (parts.length > MAX_GROUP_SEEDS) throw new Error(`--seeds: ${parts.length} seeds given; a group has at most ${MAX_GROUP_SEEDS}`);
  const list = parts.map((part) => {
    const seed = SEED_TEXT.test(part) ? Number(part) : NaN;
    if (!(Number.isSafeInteger(seed) && seed <= seedMax)) throw new Error(`--seeds: "${part}" is not a seed (a whole number from 0 to ${seedMax})`);
    return seed;
  });
  const repeated = list.find((seed, index) => list.indexOf(seed) !== index);
  if (repeated !== undefined) throw new Error(`--seeds: seed ${repeated} is listed twice; a group's seeds differ`);
  return { list };
}

/** The seeds a run uses: the flag's, else the config's group (one seed unless config.seeds > 1). */
export function seedsFor(config: ExperimentConfig, flag?: SeedsFlag): number[] {
  if (flag && 'list' in flag) return flag.list;
  return groupSeeds({ seed: config.seed, seeds: flag ? flag.count : config.seeds });
}

export interface PlannedRun {
  name: string;
  overrides: Record<string, unknown>;
  config: ExperimentConfig;
}

export interface GroupMember extends PlannedRun {
  /** Index of the planned run (sweep point) this member belongs to. */
  point: number;
  seed: number;
  /** Its folder under --out: `seed=7` or `<point>/seed=7`. */
  dir: string;
}

/** Each planned run expanded into its members, point by point, seed by seed. */
export function expandSeeds(runs: readonly PlannedRun[], seeds: readonly number[], sweep: boolean): GroupMember[] {
  return runs.flatMap((run, point) =>
    seeds.map((seed) => {
      const dir = sweep ? `${run.name}/seed=${seed}` : `seed=${seed}`;
      return { name: dir, overrides: run.overrides, config: memberConfig(run.config, seed), point, seed, dir };
    }),
  );
}

/** The group.csv columns: iteration, seeds (how many members reached it), then mean/sd/min/max of every metric. */
export const GROUP_CSV_COLUMNS = [
  'iteration',
  'seeds',
  ...PPO_METRIC_COLUMNS.filter((column) => column !== 'iteration').flatMap((column) =>
    ['mean', 'sd', 'min', 'max'].map((stat) => `${column}_${stat}`),
  ),
];

/** Per-iteration rows of group.csv from the members' metric rows (members may have stopped at different lengths). */
export function groupCsvRows(members: readonly (readonly PpoMetricRow[])[]): Record<string, number>[] {
  const length = members.reduce((longest, rows) => Math.max(longest, rows.length), 0);
  const out: Record<string, number>[] = Array.from({ length }, (_, index) => ({ iteration: index }));
  for (const column of PPO_METRIC_COLUMNS) {
    const stats = groupSeries(members.map((rows) => rows.map((row) => row[column])));
    for (let i = 0; i < length; i++) {
      if (column === 'iteration') {
        out[i].iteration = stats.mean[i];
        out[i].seeds = stats.n[i];
        continue;
      }
      out[i][`${column}_mean`] = stats.mean[i];
      out[i][`${column}_sd`] = stats.sd[i];
      out[i][`${column}_min`] = stats.min[i];
      out[i][`${column}_max`] = stats.max[i];
    }
  }
  return out;
}

/** Summary columns that describe the run rather than a result: a group row copies them instead of averaging. */
const IDENTITY_COLUMNS = new Set(['run', 'seed', 'halted']);

/**
 * A point's `group` row: its name and swept values, `seed` = "group", then for every numeric column of the seed rows
 * (the last-N means, the final evaluation's eval_* columns, iterations, …) the mean across seeds followed by the sample
 * sd in `<column>_sd`; a text column keeps its value when every seed agrees, else lists the distinct values. `halted`
 * says how many members the NaN/Inf guard stopped; `seeds` is the member count.
 */
export function groupSummaryRow(name: string, overrides: Record<string, unknown>, seedRows: readonly Record<string, unknown>[]): Record<string, unknown> {
  const row: Record<string, unknown> = { run: name, seed: 'group', ...overrides };
  const columns = [...new Set(seedRows.flatMap((seedRow) => Object.keys(seedRow)))];
  for (const column of columns) {
    if (IDENTITY_COLUMNS.has(column) || Object.hasOwn(overrides, column)) continue;
    const values = seedRows.map((seedRow) => seedRow[column]);
    if (values.every((value) => typeof value === 'number' || value === null || value === undefined)) {
      const stats = spread(values.map((value) => (typeof value === 'number' ? value : NaN)));
      row[column] = stats.mean;
      row[`${column}_sd`] = stats.sd;
    } else {
      row[column] = [...new Set(values.map(String))].join(' / ');
    }
  }
  const halted = seedRows.filter((seedRow) => seedRow.halted !== '' && seedRow.halted !== undefined).length;
  row.halted = halted > 0 ? `${halted} of ${seedRows.length} seeds halted` : '';
  row.seeds = seedRows.length;
  return row;
}

/** summary.csv columns: `run`, `seed`, then the seed rows' columns in order, each averaged one followed by its `_sd`, then `seeds`. */
export function summaryColumns(seedRows: readonly Record<string, unknown>[], groupRows: readonly Record<string, unknown>[]): string[] {
  const seen = [...new Set(['run', 'seed', ...seedRows.flatMap((row) => Object.keys(row))])];
  const hasSd = (column: string) => groupRows.some((row) => Object.hasOwn(row, `${column}_sd`));
  return [...new Set([...seen.flatMap((column) => (hasSd(column) ? [column, `${column}_sd`] : [column])), 'seeds'])];
}

/**
 * The group as one run bundle (group.json): the point's config with seed = the first seed and seeds = K (a list that
 * is not s, s+1, … is still read from the rows' _seedS columns), group rows for metrics and evaluations, the first
 * member's generations, the earliest start and the latest end.
 */
export function groupBundle(config: ExperimentConfig, seeds: readonly number[], bundles: readonly RunBundle[]): RunBundle {
  const rows = (pick: (bundle: RunBundle) => readonly object[]) =>
    seriesToRows(groupSeriesOf(bundles.map((bundle, index) => ({ seed: seeds[index], series: seriesFromRows(pick(bundle) as Record<string, number | null>[]) }))));
  const halted = bundles.filter((bundle) => bundle.halted).length;
  const first = bundles[0];
  return {
    ...first,
    config: { ...config, seed: seeds[0], seeds: seeds.length },
    configChanges: first.configChanges,
    metrics: rows((bundle) => bundle.metrics) as unknown as PpoMetricRow[],
    evaluations: rows((bundle) => bundle.evaluations) as unknown as RunBundle['evaluations'],
    startedAt: bundles.map((bundle) => bundle.startedAt).sort()[0],
    endedAt: bundles.map((bundle) => bundle.endedAt).sort()[bundles.length - 1],
    status: halted > 0 ? 'paused' : 'finished',
    ...(halted > 0 ? { halted: `${halted} of ${bundles.length} seeds halted`, message: `${halted} of ${bundles.length} seeds halted` } : {}),
  };
}
