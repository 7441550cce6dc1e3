import { describe, expect, it } from 'vitest';
import { seriesFromColumns } from '../../runs/series';
import { defaultConfig } from '../../config/params';
import {
  COMPARE_METRICS,
  defaultScale,
  mergeRuns,
  runColumn,
  sharedThreshold,
  thresholdColumn,
} from './compareData';

const lambda = COMPARE_METRICS.find((m) => m.id === 'lambda')!;
const helpful = COMPARE_METRICS.find((m) => m.id === 'helpfulnessChange')!;

describe('mergeRuns', () => {
  it('aligns runs on the union of iterations, NaN where a run has no value', () => {
    const a = {
      metrics: seriesFromColumns(
        ['iteration', 'lambda'],
        [
          [1, 2, 3],
          [10, 11, 12],
        ],
        3,
      ),
      evaluations: seriesFromColumns([], [], 0),
    };
    const b = {
      metrics: seriesFromColumns(
        ['iteration', 'lambda'],
        [
          [2, 4],
          [1, 2],
        ],
        2,
      ),
      evaluations: seriesFromColumns([], [], 0),
    };
    const merged = mergeRuns([a, b], lambda);
    expect(merged.length).toBe(4);
    expect(Array.from(merged.column('iteration'))).toEqual([1, 2, 3, 4]);
    expect(Array.from(merged.column(runColumn(0)))).toEqual([10, 11, 12, NaN]);
    expect(Array.from(merged.column(runColumn(1)))).toEqual([NaN, 1, NaN, 2]);
  });

  it('reads evaluation metrics from the evaluation stream', () => {
    const run = {
      metrics: seriesFromColumns(['iteration', 'lambda'], [[1], [3]], 1),
      evaluations: seriesFromColumns(
        ['iteration', 'helpfulnessChange'],
        [
          [0, 10],
          [0, 0.2],
        ],
        2,
      ),
    };
    const merged = mergeRuns([run], helpful);
    expect(Array.from(merged.column('iteration'))).toEqual([0, 10]);
    expect(Array.from(merged.column(runColumn(0)))).toEqual([0, 0.2]);
  });
});

const episodeCost = COMPARE_METRICS.find((m) => m.id === 'episodeCost')!;

describe('cost-limit history in the comparison', () => {
  const recorded = {
    metrics: seriesFromColumns(
      ['iteration', 'episodeCost', 'threshold'],
      [
        [0, 1, 2, 3],
        [0.4, 0.3, 0.2, 0.1],
        [-0.5, -0.5, 0.2, 0.2],
      ],
      4,
    ),
    evaluations: seriesFromColumns([], [], 0),
  };
  // An older bundle without the per-row column: its history comes from the config and recorded live changes.
  const fromChanges = {
    metrics: seriesFromColumns(['iteration', 'episodeCost'], [[0, 1], [0.5, 0.6]], 2),
    evaluations: seriesFromColumns([], [], 0),
    config: { ...defaultConfig(), threshold: -1 },
    configChanges: [{ afterIteration: 1, key: 'threshold' as const, from: -1, to: 0 }],
  };

  it('takes each run\'s recorded limit per iteration, or rebuilds it from the live changes', () => {
    const merged = mergeRuns([recorded, fromChanges], episodeCost);
    expect(Array.from(merged.column(thresholdColumn(0)))).toEqual([-0.5, -0.5, 0.2, 0.2]);
    expect(Array.from(merged.column(thresholdColumn(1)))).toEqual([-1, 0, NaN, NaN]);
    expect(sharedThreshold(merged, 2)).toBeNull();
  });

  it('finds one shared limit when every run kept the same one', () => {
    const steady = { ...fromChanges, configChanges: [], config: { ...defaultConfig(), threshold: -0.5 } };
    const merged = mergeRuns([steady, steady], episodeCost);
    expect(sharedThreshold(merged, 2)).toBe(-0.5);
  });

  it('does not add limit columns to metrics without a limit', () => {
    expect(mergeRuns([recorded], lambda).column(thresholdColumn(0)).length).toBe(0);
  });
});

describe('scale per metric', () => {
  const run = (values: number[]) => ({
    metrics: seriesFromColumns(['iteration', 'lambda', 'episodeCost'], [values.map((_, i) => i), values, values], values.length),
    evaluations: seriesFromColumns([], [], 0),
  });

  it('draws λ on a log axis when every value is positive, linear otherwise; other metrics linear', () => {
    expect(defaultScale(lambda, mergeRuns([run([10, 1, 0.1])], lambda), 1)).toBe('log');
    expect(defaultScale(lambda, mergeRuns([run([10, 0])], lambda), 1)).toBe('linear');
    expect(defaultScale(episodeCost, mergeRuns([run([-0.1, -1])], episodeCost), 1)).toBe('linear');
  });
});
