import { describe, expect, it } from 'vitest';
import { seriesFromColumns } from '../../runs/series';
import { COMPARE_METRICS, mergeRuns, runColumn } from './compareData';

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
