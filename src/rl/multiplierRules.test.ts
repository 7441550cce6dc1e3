import { describe, expect, it } from 'vitest';
import { lagrangeUpdate } from './lagrange';
import { additiveLambdaUpdate, initialPidState, pidLambdaUpdate, type PidGains, type PidState } from './multiplierRules';

describe('additiveLambdaUpdate: λ ← clip(λ + lr·e, 0, λ_max)', () => {
  it('hand-computed steps: λ 1, lr 0.2, J 0.5, d −0.5 → 1.2; J −2 → 0.9', () => {
    expect(additiveLambdaUpdate({ lambda: 1, lr: 0.2, meanEpisodeCost: 0.5, threshold: -0.5, lambdaMax: 10 })).toBeCloseTo(1.2, 12);
    expect(additiveLambdaUpdate({ lambda: 1.2, lr: 0.2, meanEpisodeCost: -2, threshold: -0.5, lambdaMax: 10 })).toBeCloseTo(0.9, 12);
  });

  it('never goes below 0 and stops exactly at λ_max', () => {
    expect(additiveLambdaUpdate({ lambda: 0.1, lr: 1, meanEpisodeCost: -3, threshold: 0, lambdaMax: 10 })).toBe(0);
    expect(additiveLambdaUpdate({ lambda: 9.9, lr: 1, meanEpisodeCost: 3, threshold: 0, lambdaMax: 10 })).toBe(10);
    let lambda = 5;
    for (let i = 0; i < 100; i++) {
      lambda = additiveLambdaUpdate({ lambda, lr: 0.3, meanEpisodeCost: Math.sin(i) * 4, threshold: 0, lambdaMax: 8 });
      expect(lambda).toBeGreaterThanOrEqual(0);
      expect(lambda).toBeLessThanOrEqual(8);
    }
  });

  it('re-activates from λ = 0 at a constant rate, unlike upstream whose step is ∝ λ', () => {
    let additive = 0;
    let logUpstream = Math.log(1e-3);
    for (let i = 0; i < 10; i++) {
      additive = additiveLambdaUpdate({ lambda: additive, lr: 0.1, meanEpisodeCost: 0.5, threshold: 0, lambdaMax: 10 });
      logUpstream = lagrangeUpdate({ logLambda: logUpstream, lr: 0.1, meanEpisodeCost: 0.5, threshold: 0, lambdaMax: 10 });
    }
    expect(additive).toBeCloseTo(0.5, 12);
    expect(Math.exp(logUpstream)).toBeLessThan(1.01e-3);
  });
});

const GAINS: PidGains = { kp: 0.5, ki: 0.1, kd: 2, alphaP: 0.5, alphaD: 0.5, delay: 1 };

describe('pidLambdaUpdate (Stooke et al. 2020)', () => {
  it('hand-computed steps: I, P (EMA of e), D_c (EMA of J), D = max(0, D_c − D_c[k−1])', () => {
    // Step 1 from λ_init = 1: e = 1 → I = 1.1, P = 0.5·0 + 0.5·1 = 0.5, D_c = J = 0.5 (first), D = 0 (no history).
    // λ = 0.5·0.5 + 1.1 + 0 = 1.35.
    const first = pidLambdaUpdate(initialPidState(1), { meanEpisodeCost: 0.5, threshold: -0.5, lambdaMax: 10, gains: GAINS });
    expect(first.lambda).toBeCloseTo(1.35, 12);
    expect(first.state).toEqual({ integral: 1.1, proportional: 0.5, costAverage: 0.5, costHistory: [0.5] });
    // Step 2: J = 1.5, e = 2 → I = 1.3, P = 0.25 + 1 = 1.25, D_c = 0.25 + 0.75 = 1, D = 1 − 0.5 = 0.5.
    // λ = 0.5·1.25 + 1.3 + 2·0.5 = 2.925.
    const second = pidLambdaUpdate(first.state, { meanEpisodeCost: 1.5, threshold: -0.5, lambdaMax: 10, gains: GAINS });
    expect(second.lambda).toBeCloseTo(2.925, 12);
    expect(second.state.integral).toBeCloseTo(1.3, 12);
    expect(second.state.proportional).toBeCloseTo(1.25, 12);
    expect(second.state.costHistory).toEqual([1]);
    // Step 3: J falls to −0.5 (e = 0): I = 1.3, P = 0.625, D_c = 0.25, D = max(0, 0.25 − 1) = 0 → λ = 1.6125.
    const third = pidLambdaUpdate(second.state, { meanEpisodeCost: -0.5, threshold: -0.5, lambdaMax: 10, gains: GAINS });
    expect(third.lambda).toBeCloseTo(0.5 * 0.625 + 1.3, 12);
  });

  it('with K_p = K_d = 0 it is the additive rule (the integral term alone)', () => {
    const gains = { ...GAINS, kp: 0, kd: 0 };
    let state: PidState = initialPidState(2);
    let additive = 2;
    for (const cost of [1, 0.5, -3, -3, 0.2, 4, -1]) {
      const next = pidLambdaUpdate(state, { meanEpisodeCost: cost, threshold: 0, lambdaMax: 100, gains });
      additive = additiveLambdaUpdate({ lambda: additive, lr: gains.ki, meanEpisodeCost: cost, threshold: 0, lambdaMax: 100 });
      expect(next.lambda).toBeCloseTo(additive, 12);
      state = next.state;
    }
  });

  it('λ is never negative, stops at λ_max, and the integral never goes below 0', () => {
    let state = initialPidState(0.5);
    for (let i = 0; i < 200; i++) {
      const cost = i < 100 ? -5 : 5;
      const next = pidLambdaUpdate(state, { meanEpisodeCost: cost, threshold: 0, lambdaMax: 3, gains: { ...GAINS, delay: 3 } });
      expect(next.lambda).toBeGreaterThanOrEqual(0);
      expect(next.lambda).toBeLessThanOrEqual(3);
      expect(next.state.integral).toBeGreaterThanOrEqual(0);
      expect(next.state.costHistory.length).toBeLessThanOrEqual(3);
      state = next.state;
      if (i === 99) expect(next.lambda).toBe(0);
      if (i === 199) expect(next.lambda).toBe(3);
    }
  });

  it('re-activates from λ ≈ 0 within a few steps once the cost exceeds the threshold', () => {
    let state: PidState = { integral: 0, proportional: -1, costAverage: -1, costHistory: [-1] };
    const lambdas: number[] = [];
    for (let i = 0; i < 5; i++) {
      const next = pidLambdaUpdate(state, { meanEpisodeCost: 0.5, threshold: 0, lambdaMax: 10, gains: GAINS });
      lambdas.push(next.lambda);
      state = next.state;
    }
    // The derivative term reacts at once to the rising cost: λ > 0 from the first step.
    expect(lambdas[0]).toBeGreaterThan(0);
    expect(lambdas[4]).toBeGreaterThan(0.25);
  });
});
