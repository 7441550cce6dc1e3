import { describe, expect, it } from 'vitest';
import { drawable, formatNumber, logTicks, symlog, symlogInverse, yDomain } from './scales';

describe('symlog', () => {
  it('is sign(x)·log(1 + |x|) and odd', () => {
    expect(symlog(0)).toBe(0);
    expect(symlog(Math.E - 1)).toBeCloseTo(1, 12);
    expect(symlog(-(Math.E - 1))).toBeCloseTo(-1, 12);
    expect(symlog(9)).toBeCloseTo(Math.log(10), 12);
    expect(symlog(1e-6)).toBeCloseTo(1e-6, 9); // ≈ linear near 0
  });

  it('round-trips through its inverse', () => {
    for (const x of [-1000, -2.5, -0.01, 0, 0.3, 7, 12345]) expect(symlogInverse(symlog(x))).toBeCloseTo(x, 6);
  });
});

describe('log axis helpers', () => {
  it('drops non-positive values on a log axis only', () => {
    expect(drawable(-1, 'log')).toBeNull();
    expect(drawable(0, 'log')).toBeNull();
    expect(drawable(-1, 'symlog')).toBe(-1);
    expect(drawable(NaN, 'linear')).toBeNull();
  });

  it('builds positive log domains and decade ticks', () => {
    const domain = yDomain([0.01, 5, null, 100], 'log')!;
    expect(domain[0]).toBeGreaterThan(0);
    expect(domain[0]).toBeLessThan(0.01);
    expect(logTicks(0.01, 100)).toEqual([0.01, 0.1, 1, 10, 100]);
    expect(yDomain([null], 'linear')).toBeUndefined();
  });

  it('includes reference values in the domain', () => {
    const [lo, hi] = yDomain([1, 2], 'linear', [-0.5])!;
    expect(lo).toBeLessThan(-0.5);
    expect(hi).toBeGreaterThan(2);
  });
});

describe('formatNumber', () => {
  it('prints 3 significant digits', () => {
    expect(formatNumber(0.123456)).toBe('0.123');
    expect(formatNumber(-12.345)).toBe('-12.3');
    expect(formatNumber(1.5e-7)).toBe('1.50e-7');
    expect(formatNumber(NaN)).toBe('—');
  });
});

describe('niceTicks / symlogTicks', () => {
  it('covers the range with round steps', async () => {
    const { niceTicks, symlog, symlogTicks } = await import('./scales');
    expect(niceTicks(-0.0237, 1.01)).toEqual([-0.2, 0, 0.2, 0.4, 0.6, 0.8, 1, 1.2]);
    expect(niceTicks(9.5, 20.5)).toEqual([8, 10, 12, 14, 16, 18, 20, 22]);
    expect(niceTicks(3, 3)).toEqual([3]);
    // A range at rounding-error scale (smoothing a single point) must terminate with one tick.
    expect(niceTicks(0.1, 0.1 + 1e-17)).toEqual([0.1]);
    expect(niceTicks(-6.123, -6.123 + 2e-15)).toEqual([-6.123]);
    expect(niceTicks(-0.3, 0.3)).toContain(0);
    expect(niceTicks(-0.3, 0.3).every((tick) => tick === 0 || Math.abs(tick) >= 0.1)).toBe(true);
    expect(symlogTicks(-5, 250)).toEqual([-1, 0, 1, 10, 100]);
    // λ from 0 to λ_max 20: 0.1 would sit 3% above 0 (labels touching), so it goes.
    expect(symlogTicks(0, 22)).toEqual([0, 1, 10]);
    // A small λ alone: decades crowd near 0 (symlog is almost linear there), round steps instead.
    expect(symlogTicks(0, 0.77)).toEqual([0, 0.1, 0.2, 0.4, 0.6]);
    for (const [lo, hi] of [[0, 22], [0, 0.77], [-5, 250], [-0.3, 3.2], [0, 1e4]]) {
      const ys = symlogTicks(lo, hi).map((t) => symlog(t));
      const span = symlog(hi) - symlog(lo);
      ys.slice(1).forEach((y, i) => expect(y - ys[i]).toBeGreaterThanOrEqual(0.07 * span));
    }
  });
});

describe('yDomain padding', () => {
  it('does not cross zero for one-signed data', async () => {
    const { yDomain } = await import('./scales');
    expect(yDomain([0, 10], 'linear')![0]).toBe(0);
    expect(yDomain([-10, 0], 'linear')![1]).toBe(0);
    expect(yDomain([-1, 1], 'linear')![0]).toBeLessThan(-1);
  });
});
