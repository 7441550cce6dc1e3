import { describe, expect, it } from 'vitest';
import { constraintViolation, costWindowFullFrom, maxOvershootAfter, type CostPoint } from './constraintViolation';

const rows = (costs: number[], thresholds: number | number[]): CostPoint[] =>
  costs.map((episodeCost, iteration) => ({
    iteration,
    episodeCost,
    threshold: Array.isArray(thresholds) ? thresholds[iteration] : thresholds,
  }));

describe('costWindowFullFrom = ⌈window / promptBatch⌉ − 1', () => {
  it('128 responses at 32 prompts fill after 4 iterations (index 3); 100 at 32 after 4; 1 at 32 at once', () => {
    expect(costWindowFullFrom(128, 32)).toBe(3);
    expect(costWindowFullFrom(100, 32)).toBe(3);
    expect(costWindowFullFrom(129, 32)).toBe(4);
    expect(costWindowFullFrom(1, 32)).toBe(0);
  });

  it('rejects a window or batch below 1', () => {
    expect(() => costWindowFullFrom(0, 32)).toThrow(/window 0/);
    expect(() => costWindowFullFrom(128, 0)).toThrow(/prompt batch 0/);
  });
});

describe('constraintViolation', () => {
  it('hand-computed: limit −1, J_C −2, −0.5, −1, 0.25 → overshoot 1.25, 2 of 4 above, Σ 0.5 + 1.25 = 1.75', () => {
    const summary = constraintViolation(rows([-2, -0.5, -1, 0.25], -1), 0);
    expect(summary.maxOvershoot).toBeCloseTo(1.25, 12);
    expect(summary.timeAboveLimit).toBe(0.5);
    expect(summary.cumulativeViolation).toBeCloseTo(1.75, 12);
    expect(summary.counted).toBe(4);
  });

  it('J_C exactly at the limit is not above it', () => {
    expect(constraintViolation(rows([-1, -1], -1), 0)).toEqual({ maxOvershoot: 0, timeAboveLimit: 0, cumulativeViolation: 0, counted: 2 });
  });

  it('skips the iterations before the window fills', () => {
    // Iterations 0–1 (a huge early excursion) are not counted; from 2: J_C 0, −2 at limit −1 → overshoot 1.
    const summary = constraintViolation(rows([5, 5, 0, -2], -1), 2);
    expect(summary).toEqual({ maxOvershoot: 1, timeAboveLimit: 0.5, cumulativeViolation: 1, counted: 2 });
  });

  it('uses the limit in force at each iteration (a loosening mid-run)', () => {
    // Limit −1.5 then −0.5 from iteration 2: excess 0.5, −0.5 | 0.3, 0 → overshoot 0.5, 2 of 4 above, Σ 0.8.
    const summary = constraintViolation(rows([-1, -2, -0.2, -0.5], [-1.5, -1.5, -0.5, -0.5]), 0);
    expect(summary.maxOvershoot).toBeCloseTo(0.5, 12);
    expect(summary.timeAboveLimit).toBe(0.5);
    expect(summary.cumulativeViolation).toBeCloseTo(0.8, 12);
  });

  it('invariants on a random walk: 0 ≤ overshoot ≤ Σ violation ≤ n·overshoot; share in [0, 1]', () => {
    let state = 7;
    const random = () => ((state = (state * 48271) % 2147483647) / 2147483647);
    const costs = Array.from({ length: 300 }, () => random() * 4 - 2);
    const summary = constraintViolation(rows(costs, -0.3), 5);
    expect(summary.counted).toBe(295);
    expect(summary.maxOvershoot).toBeGreaterThanOrEqual(0);
    expect(summary.cumulativeViolation).toBeGreaterThanOrEqual(summary.maxOvershoot);
    expect(summary.cumulativeViolation).toBeLessThanOrEqual(summary.counted * summary.maxOvershoot);
    expect(summary.timeAboveLimit).toBeGreaterThan(0);
    expect(summary.timeAboveLimit).toBeLessThan(1);
  });

  it('NaN figures when nothing is counted yet; non-finite rows are skipped', () => {
    const empty = constraintViolation(rows([0.5, 0.5], 0), 3);
    expect(empty.counted).toBe(0);
    expect(empty.maxOvershoot).toBeNaN();
    expect(empty.timeAboveLimit).toBeNaN();
    expect(empty.cumulativeViolation).toBeNaN();
    expect(constraintViolation(rows([NaN, 1], 0), 0)).toEqual({ maxOvershoot: 1, timeAboveLimit: 1, cumulativeViolation: 1, counted: 1 });
  });
});

describe('maxOvershootAfter (span-iteration means)', () => {
  it('hand-computed, span 2, after iteration 1: excess 1, 0, 0.6, −0.2 → means 0.5, 0.3, 0.2 → 0.5', () => {
    expect(maxOvershootAfter(rows([9, 0, -1, -0.4, -1.2], -1), 1, 2)).toBeCloseTo(0.5, 12);
  });

  it('ignores what came before k, uses each iteration’s own limit, and is 0 when the means stay below', () => {
    const loosened = rows([3, 3, -0.5, -0.5, -0.6], [-1.5, -1.5, -0.5, -0.5, -0.5]);
    expect(maxOvershootAfter(loosened, 2, 2)).toBe(0);
    expect(maxOvershootAfter(loosened, 0, 2)).toBeCloseTo(4.5, 12);
  });

  it('span 1 is the largest single overshoot; too few rows after k give NaN; a bad span is an error', () => {
    expect(maxOvershootAfter(rows([0, 0.75, 0.25], 0), 0, 1)).toBe(0.75);
    expect(maxOvershootAfter(rows([0, 1, 2], 0), 2, 10)).toBeNaN();
    expect(() => maxOvershootAfter(rows([0], 0), 0, 0)).toThrow(/span/);
  });
});
