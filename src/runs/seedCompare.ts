/**
 * Comparing runs that are seed groups (pure). Each measure is computed per member seed (a single run is a group of
 * one); the table gives each run's mean ± sd over its seeds and, for two runs, the difference (second − first) with
 * its 95% interval by Welch's t and the verdict (src/util/seedStats.ts).
 */
import { memberSeries, seedsInSeries } from '../util/groupRows';
import { spread, welchInterval, type DifferenceInterval, type Spread } from '../util/seedStats';
import { seriesColumn } from './series';
import type { MetricSeries } from './types';

export interface SeedMeasure {
  id: string;
  label: string;
  /** How the value is shown (e.g. 100 for a share in points). */
  factor?: number;
  unit?: string;
  of(run: { metrics: MetricSeries; evaluations: MetricSeries }): number;
}

/** Mean of the last `window` finite values. */
function tailMean(values: ArrayLike<number>, window: number): number {
  let sum = 0;
  let n = 0;
  for (let i = values.length - 1; i >= 0 && n < window; i--) {
    if (!Number.isFinite(values[i])) continue;
    sum += values[i];
    n++;
  }
  return n > 0 ? sum / n : NaN;
}

/** The last evaluation's value of a column (NaN without one). */
function lastEvaluation(evaluations: MetricSeries, column: string): number {
  const values = seriesColumn(evaluations, column);
  return values.length > 0 ? values[values.length - 1] : NaN;
}

export const LAST_WINDOW = 50;

/** The Compare diff table's measures: the settled constraint, reward, and the held-out evaluation vs SFT. */
export const SEED_MEASURES: SeedMeasure[] = [
  {
    id: 'costGap',
    label: `last-${LAST_WINDOW} J_C − limit`,
    // J_C minus the limit in force at each iteration (the row's threshold), averaged over the last 50 iterations.
    of: ({ metrics }) => {
      const cost = seriesColumn(metrics, 'episodeCost');
      const limit = seriesColumn(metrics, 'threshold');
      return tailMean(cost.map((value, i) => value - limit[i]), LAST_WINDOW);
    },
  },
  {
    id: 'reward',
    label: `last-${LAST_WINDOW} reward R`,
    of: ({ metrics }) => tailMean(seriesColumn(metrics, 'rewardMean'), LAST_WINDOW),
  },
  {
    id: 'heldOutReward',
    label: 'held-out reward − SFT (last evaluation)',
    of: ({ evaluations }) => lastEvaluation(evaluations, 'rewardMean') - lastEvaluation(evaluations, 'sftRewardMean'),
  },
  {
    id: 'safeRate',
    label: 'held-out safe rate, cost model (last evaluation)',
    factor: 100,
    unit: '%',
    of: ({ evaluations }) => lastEvaluation(evaluations, 'safeRateCost'),
  },
];

/** A run's measure per member seed: one value per seed of a group, one value for a single run. */
export function memberValues(run: { metrics: MetricSeries; evaluations: MetricSeries }, measure: SeedMeasure): number[] {
  const seeds = seedsInSeries(run.metrics);
  if (seeds.length === 0) return [measure.of(run)];
  return seeds.map((seed) => measure.of({ metrics: memberSeries(run.metrics, seed), evaluations: memberSeries(run.evaluations, seed) }));
}

export interface SeedCompareRow {
  measure: SeedMeasure;
  /** Per run: its members' values and their spread. */
  runs: { values: number[]; spread: Spread }[];
  /** Second run minus first, with the 95% Welch interval and verdict; null unless exactly two runs. */
  difference: DifferenceInterval | null;
}

/** The diff table: per measure, each run's spread over its seeds and, for two runs, the difference and verdict. */
export function seedCompareTable(runs: readonly { metrics: MetricSeries; evaluations: MetricSeries }[]): SeedCompareRow[] {
  return SEED_MEASURES.map((measure) => {
    const values = runs.map((run) => memberValues(run, measure));
    return {
      measure,
      runs: values.map((v) => ({ values: v, spread: spread(v) })),
      difference: values.length === 2 ? welchInterval(values[0], values[1]) : null,
    };
  });
}

/**
 * Why a row comparing two runs has no verdict, in words (null when it has one, or when it compares other than two
 * runs): the measure was not recorded in one of them, or one has it for fewer than 2 seeds.
 */
export function noVerdictReason(row: SeedCompareRow): string | null {
  if (!row.difference || row.difference.verdict) return null;
  if (row.runs.some((run) => run.spread.n === 0)) return 'no verdict: not recorded in both runs';
  return 'no verdict: each run needs it from at least 2 seeds';
}
