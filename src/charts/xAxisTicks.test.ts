import { describe, expect, it } from 'vitest';
import { xAxisTicks } from './LinePlot';

describe('xAxisTicks', () => {
  it('never puts a tick between two iterations, even over a short range', () => {
    expect(xAxisTicks([0, 2], 400)).toEqual([0, 1, 2]);
    expect(xAxisTicks([0, 1], 400)).toEqual([0, 1]);
    expect(xAxisTicks([3, 4], 600).every(Number.isInteger)).toBe(true);
  });
  it('gives round whole ticks over a long range and one tick for a single point', () => {
    expect(xAxisTicks([0, 100], 450)).toEqual([0, 20, 40, 60, 80, 100]);
    expect(xAxisTicks([5, 5], 400)).toEqual([5]);
  });
});
