import { describe, expect, it } from 'vitest';
import { debiasedEma, movingAverage, smooth } from './smoothing';

describe('debiasedEma', () => {
  it('matches hand-computed values (w = 0.5)', () => {
    // acc: 0.5·0 + 0.5·2 = 1 → 1/(1−0.5) = 2
    //      0.5·1 + 0.5·4 = 2.5 → 2.5/(1−0.25) = 3.3333
    //      0.5·2.5 + 0.5·6 = 4.25 → 4.25/(1−0.125) = 4.857142…
    const out = debiasedEma([2, 4, 6], 0.5);
    expect(out[0]).toBeCloseTo(2, 12);
    expect(out[1]).toBeCloseTo(10 / 3, 12);
    expect(out[2]).toBeCloseTo(34 / 7, 12);
  });

  it('is the identity at weight 0 and starts at the first point (no zero bias)', () => {
    expect(Array.from(debiasedEma([3, -1, 7.5], 0))).toEqual([3, -1, 7.5]);
    expect(debiasedEma([5, 5, 5], 0.99)[0]).toBeCloseTo(5, 12);
    expect(debiasedEma([5, 5, 5], 0.99)[2]).toBeCloseTo(5, 12);
  });

  it('skips NaN without poisoning later points', () => {
    const out = debiasedEma([2, NaN, 4], 0.5);
    expect(out[0]).toBeCloseTo(2, 12);
    expect(Number.isNaN(out[1])).toBe(true);
    expect(out[2]).toBeCloseTo(10 / 3, 12); // as if the NaN were absent
  });
});

describe('movingAverage', () => {
  it('averages the trailing window', () => {
    expect(Array.from(movingAverage([1, 2, 3, 4, 5], 3))).toEqual([1, 1.5, 2, 3, 4]);
    expect(Array.from(movingAverage([1, 2, 3], 1))).toEqual([1, 2, 3]);
  });

  it('skips NaN', () => {
    const out = movingAverage([2, NaN, 4], 2);
    expect(out[0]).toBe(2);
    expect(Number.isNaN(out[1])).toBe(true);
    expect(out[2]).toBe(3);
  });
});

describe('smooth', () => {
  it('maps the slider to a moving-average window of 1/(1 − s)', () => {
    // s = 0.5 → window 2
    expect(Array.from(smooth([2, 4, 8], 'moving', 0.5))).toEqual([2, 3, 6]);
    expect(Array.from(smooth([2, 4, 8], 'ema', 0))).toEqual([2, 4, 8]);
  });
});
