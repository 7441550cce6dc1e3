import { describe, expect, it } from 'vitest';
import { groupSeriesOf } from '../util/groupRows';
import { VERDICT_LARGER, VERDICT_WITHIN } from '../util/seedStats';
import { memberValues, noVerdictReason, SEED_MEASURES, seedCompareTable } from './seedCompare';
import type { MetricSeries } from './types';

/** A member run: `iterations` rows of constant J_C, limit, reward; one evaluation. */
function member(costGap: number, reward: number, heldOut: number, safe: number, iterations = 60): { metrics: MetricSeries; evaluations: MetricSeries } {
  const metrics = { columns: ['iteration', 'episodeCost', 'threshold', 'rewardMean'], rows: new Float64Array(iterations * 4) };
  for (let i = 0; i < iterations; i++) {
    // The first 10 rows differ: the last-50 window must leave them out.
    metrics.rows.set([i, i < 10 ? 99 : -0.5 + costGap, -0.5, i < 10 ? 99 : reward], i * 4);
  }
  const evaluations = { columns: ['iteration', 'rewardMean', 'sftRewardMean', 'safeRateCost'], rows: Float64Array.from([0, 0, 0, 0, iterations, 1 + heldOut, 1, safe]) };
  return { metrics, evaluations };
}

function group(members: ReturnType<typeof member>[], firstSeed = 1) {
  return {
    metrics: groupSeriesOf(members.map((m, i) => ({ seed: firstSeed + i, series: m.metrics }))),
    evaluations: groupSeriesOf(members.map((m, i) => ({ seed: firstSeed + i, series: m.evaluations }))),
  };
}

describe('seed comparison', () => {
  it('computes each measure per member seed', () => {
    const g = group([member(0.1, 1, 0.5, 0.8), member(0.3, 2, 0.7, 0.9)]);
    const byId = Object.fromEntries(SEED_MEASURES.map((m) => [m.id, memberValues(g, m)]));
    expect(byId.costGap[0]).toBeCloseTo(0.1, 12);
    expect(byId.costGap[1]).toBeCloseTo(0.3, 12);
    expect(byId.reward).toEqual([1, 2]);
    expect(byId.heldOutReward[0]).toBeCloseTo(0.5, 12);
    expect(byId.safeRate).toEqual([0.8, 0.9]);
    // A single run is a group of one.
    expect(memberValues(member(0.2, 3, 0, 0.5), SEED_MEASURES[1])).toEqual([3]);
  });

  it('gives mean ± sd per run and the Welch interval and verdict of the difference', () => {
    const a = group([member(0, 1, 0, 0.5), member(0, 2, 0, 0.5), member(0, 3, 0, 0.5), member(0, 4, 0, 0.5)]);
    const b = group([member(0, 3, 0, 0.5), member(0, 5, 0, 0.5), member(0, 7, 0, 0.5), member(0, 9, 0, 0.5)], 5);
    const c = group([member(0, 11, 0, 0.5), member(0, 12, 0, 0.5), member(0, 13, 0, 0.5), member(0, 14, 0, 0.5)], 9);
    const reward = (runs: ReturnType<typeof group>[]) => seedCompareTable(runs).find((row) => row.measure.id === 'reward')!;
    const ab = reward([a, b]);
    expect(ab.runs[0].spread.mean).toBe(2.5);
    expect(ab.runs[0].spread.sd).toBeCloseTo(Math.sqrt(5 / 3), 12);
    // Hand-computed in seedStats.test.ts: 3.5 with 95% interval [−0.364, 7.364] → within.
    expect(ab.difference!.difference).toBe(3.5);
    expect(ab.difference!.low).toBeCloseTo(-0.3641672, 6);
    expect(ab.difference!.verdict).toBe(VERDICT_WITHIN);
    expect(reward([a, c]).difference!.verdict).toBe(VERDICT_LARGER);
    expect(reward([a, b, c]).difference).toBeNull();
  });

  it('says why a row has no verdict: a measure missing from a run, or fewer than 2 seeds', () => {
    const four = group([member(0, 1, 0, 0.5), member(0, 2, 0, 0.5), member(0, 3, 0, 0.5), member(0, 4, 0, 0.5)]);
    const single = member(0, 3, 0, 0.5);
    // A group without evaluations: the held-out measures are not recorded in it.
    const noEvaluations = { metrics: four.metrics, evaluations: { columns: ['iteration'], rows: new Float64Array(0) } };
    const rows = (runs: { metrics: MetricSeries; evaluations: MetricSeries }[]) =>
      Object.fromEntries(seedCompareTable(runs).map((row) => [row.measure.id, noVerdictReason(row)]));
    expect(rows([four, four]).reward).toBeNull();
    expect(rows([four, noEvaluations]).heldOutReward).toBe('no verdict: not recorded in both runs');
    expect(rows([four, noEvaluations]).reward).toBeNull();
    expect(rows([four, single]).reward).toBe('no verdict: each run needs it from at least 2 seeds');
    expect(rows([four, single, four]).reward).toBeNull();
  });
});
