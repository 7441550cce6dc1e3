import { describe, expect, it } from 'vitest';
import { EpisodeCostWindow, lagrangeUpdate, lambdaUpdateDue } from './lagrange';

describe('lagrangeUpdate', () => {
  it('reproduces the worked example: λ0 = 10, lr 0.1, gap +0.5 → λ ≈ 16.49, then capped at 20', () => {
    const first = lagrangeUpdate({ logLambda: Math.log(10), lr: 0.1, meanEpisodeCost: 0, threshold: -0.5, lambdaMax: 20 });
    expect(first).toBeCloseTo(Math.log(10) + 0.5, 12);
    expect(Math.exp(first)).toBeCloseTo(16.487, 3);
    const second = lagrangeUpdate({ logLambda: first, lr: 0.1, meanEpisodeCost: 0, threshold: -0.5, lambdaMax: 20 });
    expect(Math.exp(second)).toBeCloseTo(20, 10);
  });

  it('gap −1 from λ0 = 10 gives λ = 10·e^{−1} ≈ 3.68', () => {
    const next = lagrangeUpdate({ logLambda: Math.log(10), lr: 0.1, meanEpisodeCost: -1.5, threshold: -0.5 });
    expect(Math.exp(next)).toBeCloseTo(10 * Math.exp(-1), 10);
  });

  it('rises monotonically above the threshold, stops exactly at λ_max, super-linear increments (invariants 4, 5)', () => {
    let logLambda = Math.log(0.5);
    const increments: number[] = [];
    for (let i = 0; i < 200; i++) {
      const next = lagrangeUpdate({ logLambda, lr: 0.05, meanEpisodeCost: 0.3, threshold: 0, lambdaMax: 5 });
      expect(next).toBeGreaterThanOrEqual(logLambda);
      expect(Math.exp(next)).toBeLessThanOrEqual(5 + 1e-12);
      increments.push(next - logLambda);
      logLambda = next;
    }
    expect(Math.exp(logLambda)).toBeCloseTo(5, 12);
    expect(increments[1]).toBeGreaterThan(increments[0]);
    expect(increments[2]).toBeGreaterThan(increments[1]);
  });

  it('decays geometrically below the threshold and stays > 0 with no lower clamp (invariant 6)', () => {
    let logLambda = Math.log(1);
    for (let i = 0; i < 500; i++) logLambda = lagrangeUpdate({ logLambda, lr: 0.5, meanEpisodeCost: -2, threshold: 0 });
    expect(Math.exp(logLambda)).toBeGreaterThan(0);
    expect(Math.exp(logLambda)).toBeLessThan(0.01);
  });

  it('respects the update delay (invariant 7)', () => {
    expect(lambdaUpdateDue(0, 1)).toBe(false);
    expect(lambdaUpdateDue(1, 1)).toBe(true);
    expect(lambdaUpdateDue(0, 0)).toBe(true);
  });
});

describe('EpisodeCostWindow', () => {
  it('holds at most capacity raw costs and averages them (invariant 7)', () => {
    const window = new EpisodeCostWindow(128);
    window.push(Array.from({ length: 100 }, () => 1));
    window.push(Array.from({ length: 100 }, () => -1));
    expect(window.size).toBe(128);
    expect(window.mean()).toBeCloseTo((28 - 100) / 128, 12);
    window.resize(4);
    expect(window.values()).toEqual([-1, -1, -1, -1]);
    expect(new EpisodeCostWindow(3).mean()).toBeNaN();
    expect(() => new EpisodeCostWindow(0)).toThrow(/capacity/);
  });
});
