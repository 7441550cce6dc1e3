import { describe, expect, it } from 'vitest';
import { lttbIndices, unionIndices } from './downsample';

function series(n: number, f: (i: number) => number) {
  const xs = Float64Array.from({ length: n }, (_, i) => i);
  const ys = Float64Array.from({ length: n }, (_, i) => f(i));
  return { xs, ys };
}

describe('lttbIndices', () => {
  it('returns every point when there are fewer than the threshold', () => {
    const { xs, ys } = series(10, (i) => i * i);
    expect(lttbIndices(xs, ys, 20)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('keeps at most N points, both endpoints and the extremes', () => {
    const { xs, ys } = series(10_000, (i) => Math.sin(i / 50) + (i === 4321 ? 25 : 0) - (i === 777 ? 30 : 0));
    const kept = lttbIndices(xs, ys, 1500);
    expect(kept.length).toBeLessThanOrEqual(1500);
    expect(kept.length).toBeGreaterThan(1400);
    expect(kept[0]).toBe(0);
    expect(kept[kept.length - 1]).toBe(9999);
    expect(kept).toContain(4321);
    expect(kept).toContain(777);
    for (let k = 1; k < kept.length; k++) expect(kept[k]).toBeGreaterThan(kept[k - 1]);
  });

  it('picks the peak of a triangle when thinning 5 points to 3', () => {
    const xs = [0, 1, 2, 3, 4];
    const ys = [0, 0, 9, 0, 0];
    expect(lttbIndices(xs, ys, 3)).toEqual([0, 2, 4]);
  });

  it('skips non-finite points', () => {
    expect(lttbIndices([0, 1, 2, 3], [1, NaN, Infinity, 2], 10)).toEqual([0, 3]);
  });
});

describe('unionIndices', () => {
  it('bounds the union of several series', () => {
    const { xs, ys } = series(5000, (i) => Math.cos(i / 30));
    const other = Float64Array.from(ys, (y, i) => y * i);
    const kept = unionIndices(xs, [ys, other], 1000);
    expect(kept.length).toBeLessThanOrEqual(1000);
    expect(kept[0]).toBe(0);
    expect(kept[kept.length - 1]).toBe(4999);
  });
});
