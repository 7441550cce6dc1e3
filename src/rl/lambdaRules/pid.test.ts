import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../config/params';
import { additiveLambdaUpdate } from './additive';
import { initialPidState, pidLambdaStep, pidLambdaUpdate, pidRule, type PidGains, type PidState } from './pid';

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

describe('pid anti-windup (conditional integration)', () => {
  const gains: PidGains = { kp: 0.5, ki: 0.01, kd: 0, alphaP: 0.5, alphaD: 0.5, delay: 1 };
  const clippedAtZero: PidState = { integral: 0.3, proportional: -1, costAverage: 0, costHistory: [0] };

  it('holds I while u = K_p·P + I + K_d·D ≤ 0 and e < 0; the faithful rule drains it', () => {
    // e = −0.5 − 0.5 = −1; P = 0.5·(−1) + 0.5·(−1) = −1; u = 0.5·(−1) + 0.3 = −0.2 ≤ 0 → held: I = 0.3, λ = 0.
    const held = pidLambdaStep(clippedAtZero, { meanEpisodeCost: -0.5, threshold: 0.5, lambdaMax: 10, gains: { ...gains, antiWindup: 'hold' } });
    expect(held.integralHeld).toBe(true);
    expect(held.state.integral).toBe(0.3);
    expect(held.lambda).toBe(0);
    // Faithful: I = 0.3 + 0.01·(−1) = 0.29.
    const faithful = pidLambdaStep(clippedAtZero, { meanEpisodeCost: -0.5, threshold: 0.5, lambdaMax: 10, gains });
    expect(faithful.integralHeld).toBe(false);
    expect(faithful.state.integral).toBeCloseTo(0.29, 12);
    // Next, J reaches the limit (e = 0): P = −0.5, u = −0.25 + I. Held: λ = 0.05; faithful: λ = 0.04.
    const next = (state: PidState, antiWindup: 'hold' | 'off') =>
      pidLambdaStep(state, { meanEpisodeCost: 0.5, threshold: 0.5, lambdaMax: 10, gains: { ...gains, antiWindup } }).lambda;
    expect(next(held.state, 'hold')).toBeCloseTo(0.05, 12);
    expect(next(faithful.state, 'off')).toBeCloseTo(0.04, 12);
  });

  it('integrates as usual when the output is not clipped, or when e pulls it back from the clip', () => {
    const inside: PidState = { integral: 1, proportional: 0, costAverage: 0, costHistory: [0] };
    const step = pidLambdaStep(inside, { meanEpisodeCost: 0, threshold: 0.5, lambdaMax: 10, gains: { ...gains, antiWindup: 'hold' } });
    expect(step.integralHeld).toBe(false);
    expect(step.state.integral).toBeCloseTo(1 - 0.005, 12);
    // Clipped at 0 but e > 0: I grows (it is unwinding toward λ > 0).
    const rising = pidLambdaStep(clippedAtZero, { meanEpisodeCost: 0.6, threshold: 0.5, lambdaMax: 10, gains: { ...gains, antiWindup: 'hold' } });
    expect(rising.integralHeld).toBe(false);
    expect(rising.state.integral).toBeCloseTo(0.301, 12);
  });

  it('holds I at the top too: u ≥ λ_max with e > 0', () => {
    const top: PidState = { integral: 3, proportional: 1, costAverage: 0, costHistory: [0] };
    const step = pidLambdaStep(top, { meanEpisodeCost: 1, threshold: 0, lambdaMax: 2, gains: { ...gains, antiWindup: 'hold' } });
    expect(step.integralHeld).toBe(true);
    expect(step.state.integral).toBe(3);
    expect(step.lambda).toBe(2);
  });

  it('off is bit-for-bit the faithful rule (the one-line flag changes nothing else)', () => {
    let a = initialPidState(0.2);
    let b = initialPidState(0.2);
    for (const cost of [-1, -0.2, 0.4, 1.3, -2, -2, -2, 0.1, 0.7]) {
      const x = pidLambdaUpdate(a, { meanEpisodeCost: cost, threshold: -0.5, lambdaMax: 20, gains });
      const y = pidLambdaUpdate(b, { meanEpisodeCost: cost, threshold: -0.5, lambdaMax: 20, gains: { ...gains, antiWindup: 'off' } });
      expect(y).toEqual(x);
      a = x.state;
      b = y.state;
    }
  });

  it('the rule module passes the hold setting through and names the held integral in its explanation', () => {
    const config = { threshold: 0.5, lambdaMax: 10, lambdaLr: 0.1, pidKp: 0.5, pidKi: 0.01, pidKd: 0, pidAlphaP: 0.5, pidAlphaD: 0.5, pidDelay: 1, pidAntiWindup: 'hold' as const };
    const out = pidRule.step(config, Math.log(0.2), clippedAtZero, -0.5);
    expect(out.state.integral).toBe(0.3);
    const text = pidRule.explain({ before: 0.2, after: Math.exp(out.logLambda), episodeCost: -0.5, threshold: 0.5, lambdaMax: 10, terms: out.terms });
    expect(text.substituted).toContain('I = 0.3 (held: anti-windup');
    expect(text.substituted).toMatch(/λ = 0 \(floored at 0\)$/);
    expect(pidRule.step({ ...config, pidAntiWindup: 'off' }, Math.log(0.2), clippedAtZero, -0.5).state.integral).toBeCloseTo(0.29, 12);
  });
});

describe('pid anti-windup (back-calculation)', () => {
  const gains: PidGains = { kp: 0.5, ki: 0.01, kd: 0, alphaP: 0.5, alphaD: 0.5, delay: 1, antiWindup: 'back' };
  const clippedAtZero: PidState = { integral: 0.3, proportional: -1, costAverage: 0, costHistory: [0] };

  it('adds clip(u) − u to I while clipped at 0, so u ends at K_i·e and λ rises with P once e turns', () => {
    // e = −1; P = −1; u = 0.5·(−1) + 0.3 = −0.2 → B = 0 − (−0.2) = 0.2; I = 0.3 − 0.01 + 0.2 = 0.49; u' = −0.01 → λ = 0.
    const step = pidLambdaStep(clippedAtZero, { meanEpisodeCost: -0.5, threshold: 0.5, lambdaMax: 10, gains });
    expect(step.backCalculation).toBeCloseTo(0.2, 12);
    expect(step.state.integral).toBeCloseTo(0.49, 12);
    expect(step.unclipped).toBeCloseTo(-0.01, 12);
    expect(step.lambda).toBe(0);
    expect(step.integralHeld).toBe(false);
    // J reaches the limit (e = 0): P = −0.5, u = −0.25 + 0.49 = 0.24, not clipped: B = 0, λ = 0.24 (hold: 0.05, off: 0.04).
    const next = pidLambdaStep(step.state, { meanEpisodeCost: 0.5, threshold: 0.5, lambdaMax: 10, gains });
    expect(next.backCalculation).toBe(0);
    expect(next.lambda).toBeCloseTo(0.24, 12);
  });

  it('pulls I down at λ_max: u = 3.5 > 2 → B = −1.5, I = 3 + 0.01 − 1.5 = 1.51', () => {
    const top: PidState = { integral: 3, proportional: 1, costAverage: 0, costHistory: [0] };
    const step = pidLambdaStep(top, { meanEpisodeCost: 1, threshold: 0, lambdaMax: 2, gains });
    expect(step.backCalculation).toBeCloseTo(-1.5, 12);
    expect(step.state.integral).toBeCloseTo(1.51, 12);
    expect(step.lambda).toBe(2);
  });

  it('is the faithful rule while the output is inside [0, λ_max]', () => {
    const inside: PidState = { integral: 1, proportional: 0, costAverage: 0, costHistory: [0] };
    const back = pidLambdaStep(inside, { meanEpisodeCost: 0, threshold: 0.5, lambdaMax: 10, gains });
    const faithful = pidLambdaStep(inside, { meanEpisodeCost: 0, threshold: 0.5, lambdaMax: 10, gains: { ...gains, antiWindup: 'off' } });
    expect(back.backCalculation).toBe(0);
    expect(back.state).toEqual(faithful.state);
    expect(back.lambda).toBe(faithful.lambda);
  });

  it('the rule module passes "back" through, and its explanation reproduces λ and names the correction', () => {
    const config = { threshold: 0.5, lambdaMax: 10, lambdaLr: 0.1, pidKp: 0.5, pidKi: 0.01, pidKd: 0, pidAlphaP: 0.5, pidAlphaD: 0.5, pidDelay: 1, pidAntiWindup: 'back' as const };
    const out = pidRule.step(config, Math.log(0.2), clippedAtZero, -0.5);
    expect(out.state.integral).toBeCloseTo(0.49, 12);
    const text = pidRule.explain({ before: 0.2, after: Math.exp(out.logLambda), episodeCost: -0.5, threshold: 0.5, lambdaMax: 10, terms: out.terms });
    expect(text.substituted).toContain('(back-calculation: + clip(u) − u = 0.2)');
    expect(text.sentence).toContain('back-calculation');
    expect(pidRule.reproduce({ before: 0.2, after: 0, episodeCost: -0.5, threshold: 0.5, lambdaMax: 10, terms: out.terms })).toBe(0);
    expect(pidRule.describe({ ...defaultConfig(), ...config })).toContain('back-calculation');
  });
});
