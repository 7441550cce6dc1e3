import { describe, expect, it } from 'vitest';
import { groupColumns, groupRow, groupSeriesOf, memberSeries, seedsInSeries } from './groupRows';

const series = (columns: string[], rows: number[][]) => ({ columns, rows: Float64Array.from(rows.flat()) });

describe('group rows', () => {
  it('name the mean, sd, min, max and each member value of every column', () => {
    expect(groupColumns(['iteration', 'lambda'], [7, 8])).toEqual([
      'iteration', 'lambda', 'lambda_sd', 'lambda_min', 'lambda_max', 'lambda_seed7', 'lambda_seed8',
    ]);
  });

  it('hold hand-computed statistics; a member without the row is left out', () => {
    // λ of 1, 2, 6: mean 3, deviations −2, −1, 3 → sd √(14/2) = √7
    const row = groupRow(['iteration', 'lambda'], [[4, 1], [4, 2], [4, 6]]);
    expect(row.slice(0, 4)).toEqual([4, 3, Math.sqrt(7), 1]);
    expect(row.slice(4)).toEqual([6, 1, 2, 6]);
    const partial = groupRow(['iteration', 'lambda'], [[5, 1], undefined, [5, 3]]);
    expect(partial.slice(0, 5)).toEqual([5, 2, Math.SQRT2, 1, 3]);
    expect(partial[6]).toBeNaN();
  });

  it('round-trip: a member taken back out of the group series is its own series', () => {
    const a = series(['iteration', 'lambda', 'cost'], [[0, 1, -1], [1, 2, -2], [2, 3, -3]]);
    const b = series(['iteration', 'lambda', 'cost'], [[0, 5, 1], [1, 6, 2]]); // stopped after two iterations
    const group = groupSeriesOf([{ seed: 7, series: a }, { seed: 9, series: b }]);
    expect(seedsInSeries(group)).toEqual([7, 9]);
    expect(seedsInSeries(a)).toEqual([]);
    expect(memberSeries(group, 7)).toEqual(a);
    expect(memberSeries(group, 9)).toEqual(b);
    const width = group.columns.length;
    expect(group.rows.length / width).toBe(3);
    const lambda = group.columns.indexOf('lambda');
    expect(Array.from({ length: 3 }, (_, r) => group.rows[r * width + lambda])).toEqual([3, 4, 3]);
  });
});
