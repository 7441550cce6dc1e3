import { describe, expect, it } from 'vitest';
import {
  groupSeries,
  spread,
  studentTCdf,
  studentTQuantile,
  VERDICT_LARGER,
  VERDICT_WITHIN,
  welchInterval,
} from './seedStats';

describe('spread', () => {
  it('gives n, mean, sample sd (n − 1), min and max', () => {
    // mean 2.5; squared deviations 2.25 + 0.25 + 0.25 + 2.25 = 5; sd = √(5/3)
    const stats = spread([1, 2, 3, 4]);
    expect(stats.n).toBe(4);
    expect(stats.mean).toBe(2.5);
    expect(stats.sd).toBeCloseTo(Math.sqrt(5 / 3), 14);
    expect(stats.min).toBe(1);
    expect(stats.max).toBe(4);
  });

  it('leaves out non-finite values, has no sd for one value and nothing for none', () => {
    expect(spread([2, NaN, 4, Infinity])).toMatchObject({ n: 2, mean: 3, sd: Math.SQRT2, min: 2, max: 4 });
    const one = spread([7]);
    expect(one).toMatchObject({ n: 1, mean: 7, min: 7, max: 7 });
    expect(one.sd).toBeNaN();
    expect(spread([]).n).toBe(0);
    expect(spread([]).mean).toBeNaN();
  });

  it('is exactly 0 for equal values', () => {
    expect(spread([0.1, 0.1, 0.1]).sd).toBe(0);
  });
});

describe('groupSeries', () => {
  it('gives per-iteration statistics across members, using the members that reached each iteration', () => {
    const series = groupSeries([
      [1, 10, 5],
      [3, 20],
      [5, 30, 7],
    ]);
    expect(Array.from(series.n)).toEqual([3, 3, 2]);
    expect(Array.from(series.mean)).toEqual([3, 20, 6]);
    // iteration 0: deviations −2, 0, 2 → sd = √(8/2) = 2; iteration 1: √(200/2) = 10; iteration 2: √(2/1)
    expect(series.sd[0]).toBeCloseTo(2, 14);
    expect(series.sd[1]).toBeCloseTo(10, 14);
    expect(series.sd[2]).toBeCloseTo(Math.SQRT2, 14);
    expect(Array.from(series.min)).toEqual([1, 10, 5]);
    expect(Array.from(series.max)).toEqual([5, 30, 7]);
  });

  it('is empty for no members', () => {
    expect(groupSeries([]).mean.length).toBe(0);
  });
});

describe("Student's t", () => {
  // Table values (two-sided 95%: the 0.975 quantile), e.g. any statistics textbook's t table.
  it.each([
    [1, 12.7062047],
    [2, 4.3026527],
    [3, 3.1824463],
    [4, 2.7764451],
    [6, 2.4469119],
    [10, 2.2281389],
    [30, 2.0422725],
    [2.5, 3.5746548],
  ])('t_0.975 with %s degrees of freedom is %s', (df, expected) => {
    expect(studentTQuantile(0.975, df)).toBeCloseTo(expected, 6);
    expect(studentTQuantile(0.025, df)).toBeCloseTo(-expected, 6);
  });

  it('tends to the normal quantile 1.959964 for infinite degrees of freedom', () => {
    expect(studentTQuantile(0.975, Infinity)).toBeCloseTo(1.959964, 6);
  });

  it('has the known CDF values and symmetry', () => {
    // t with 1 degree of freedom is Cauchy: P(T ≤ 1.3) = ½ + atan(1.3)/π
    expect(studentTCdf(1.3, 1)).toBeCloseTo(0.5 + Math.atan(1.3) / Math.PI, 12);
    expect(studentTCdf(1.3, 4)).toBeCloseTo(0.868274201764388, 10);
    expect(studentTCdf(-1.3, 4)).toBeCloseTo(1 - 0.868274201764388, 10);
    expect(studentTCdf(0, 7)).toBe(0.5);
  });
});

describe('welchInterval', () => {
  it('matches the hand-computed Welch interval', () => {
    // a: mean 2.5, s² = 5/3; b: mean 6, s² = 20/3; n = 4 each.
    // s²/n: 5/12 and 20/12; se = √(25/12); ν = (25/12)² / ((5/12)²/3 + (20/12)²/3) = 4.411765
    // t_0.975(4.411765) = 2.677174; half-width = 2.677174 · 1.443376 = 3.864167
    const result = welchInterval([1, 2, 3, 4], [3, 5, 7, 9]);
    expect(result.difference).toBe(3.5);
    expect(result.df).toBeCloseTo(4.411764705882353, 12);
    expect(result.low).toBeCloseTo(-0.3641672154861979, 6);
    expect(result.high).toBeCloseTo(7.364167215486198, 6);
    expect(result.verdict).toBe(VERDICT_WITHIN);
  });

  it('calls a difference that clears the interval larger than the seed spread', () => {
    const result = welchInterval([1, 2, 3, 4], [11, 12, 13, 14]);
    expect(result.difference).toBe(10);
    expect(result.low).toBeGreaterThan(0);
    expect(result.verdict).toBe(VERDICT_LARGER);
    // Swapping the groups flips the sign, not the verdict.
    const swapped = welchInterval([11, 12, 13, 14], [1, 2, 3, 4]);
    expect(swapped.high).toBeLessThan(0);
    expect(swapped.verdict).toBe(VERDICT_LARGER);
  });

  it('gives no verdict with fewer than two seeds on a side', () => {
    const result = welchInterval([1], [2, 3]);
    expect(result.difference).toBe(1.5);
    expect(result.verdict).toBeNull();
    expect(result.low).toBeNaN();
  });

  it('with no spread at all, any difference is larger than it and none is within', () => {
    expect(welchInterval([1, 1], [2, 2]).verdict).toBe(VERDICT_LARGER);
    expect(welchInterval([1, 1], [1, 1]).verdict).toBe(VERDICT_WITHIN);
  });
});
