import { describe, expect, it } from 'vitest';
import { gae } from './gae';

describe('gae', () => {
  it('γ = 1, λ = 1, V = 0 gives reward-to-go (invariant 9)', () => {
    const { advantages, returns } = gae({ rewards: [[1, 2, 3]], values: [[0, 0, 0]], mask: [[1, 1, 1]], gamma: 1, lambda: 1 });
    expect(advantages).toEqual([[6, 5, 3]]);
    expect(returns).toEqual([[6, 5, 3]]);
  });

  it('λ = 0 gives one-step TD errors δ_t (invariant 9)', () => {
    const { advantages } = gae({ rewards: [[1, 0, 2]], values: [[0.5, 1, -1]], mask: [[1, 1, 1]], gamma: 0.9, lambda: 0 });
    // δ0 = 1 + 0.9·1 − 0.5, δ1 = 0 + 0.9·(−1) − 1, δ2 = 2 + 0 − (−1)
    expect(advantages[0][0]).toBeCloseTo(1.4, 10);
    expect(advantages[0][1]).toBeCloseTo(-1.9, 10);
    expect(advantages[0][2]).toBeCloseTo(3, 10);
  });

  it('matches a hand-computed γ = 1, λ = 0.95 case with returns = A + V', () => {
    const { advantages, returns } = gae({ rewards: [[0, 1]], values: [[0.2, 0.4]], mask: [[1, 1]], gamma: 1, lambda: 0.95 });
    const d1 = 1 - 0.4;
    const d0 = 0 + 0.4 - 0.2;
    expect(advantages[0][1]).toBeCloseTo(d1, 10);
    expect(advantages[0][0]).toBeCloseTo(d0 + 0.95 * d1, 10);
    expect(returns[0][0]).toBeCloseTo(d0 + 0.95 * d1 + 0.2, 10);
  });

  it('padding never changes real-token advantages; pads get 0 (invariant 8)', () => {
    const short = gae({ rewards: [[0.1, -0.2, 2]], values: [[0.3, 0.1, 0.5]], mask: [[1, 1, 1]], gamma: 1, lambda: 0.95 });
    const padded = gae({
      rewards: [[0.1, -0.2, 2, 9, 9]], values: [[0.3, 0.1, 0.5, 7, 7]], mask: [[1, 1, 1, 0, 0]], gamma: 1, lambda: 0.95,
    });
    for (let t = 0; t < 3; t++) {
      expect(padded.advantages[0][t]).toBeCloseTo(short.advantages[0][t], 12);
      expect(padded.returns[0][t]).toBeCloseTo(short.returns[0][t], 12);
    }
    expect(padded.advantages[0].slice(3)).toEqual([0, 0]);
  });

  it('does not whiten: the mean advantage is not forced to 0 (invariant 11)', () => {
    const { advantages } = gae({ rewards: [[1, 1], [1, 1]], values: [[0, 0], [0, 0]], mask: [[1, 1], [1, 1]], gamma: 1, lambda: 1 });
    expect(advantages.flat().reduce((a, b) => a + b, 0) / 4).toBe(1.5);
  });
});
