import { describe, expect, it } from 'vitest';
import { explainAdditiveStep, explainLambdaStep, explainPidInput } from './lambdaExplanation';

describe('explainLambdaStep', () => {
  it('reproduces the worked example of ALGORITHM.md §5 (λ 10, lr 0.1, gap +0.5 → λ ≈ 16.5)', () => {
    const step = explainLambdaStep({ lambda: 10, episodeCost: 0, threshold: -0.5, lambdaLr: 0.1, lambdaMax: 20 });
    expect(step.logStep).toBeCloseTo(0.5, 12);
    expect(step.nextLambda).toBeCloseTo(10 * Math.exp(0.5), 9);
    expect(step.capped).toBe(false);
    expect(step.sentence).toContain('grows');
  });

  it('caps at λ_max and shrinks with slack', () => {
    expect(explainLambdaStep({ lambda: 16.5, episodeCost: 0, threshold: -0.5, lambdaLr: 0.1, lambdaMax: 20 }).capped).toBe(true);
    const down = explainLambdaStep({ lambda: 10, episodeCost: -1.5, threshold: -0.5, lambdaLr: 0.1, lambdaMax: 20 });
    expect(down.nextLambda).toBeCloseTo(10 * Math.exp(-1), 9);
    expect(down.sentence).toContain('shrinks');
  });
});

describe('explainAdditiveStep and explainPidInput', () => {
  it('additive: λ + lr·gap, floored at 0 and capped at λ_max', () => {
    const up = explainAdditiveStep({ lambda: 1, episodeCost: 0.5, threshold: -0.5, lambdaLr: 0.2, lambdaMax: 10 });
    expect(up.nextLambda).toBeCloseTo(1.2, 12);
    expect(up.sentence).toContain('0.2');
    const floor = explainAdditiveStep({ lambda: 0.1, episodeCost: -3, threshold: 0, lambdaLr: 1, lambdaMax: 10 });
    expect(floor.nextLambda).toBe(0);
    expect(floor.sentence).toContain('floored at 0');
    expect(explainAdditiveStep({ lambda: 9.9, episodeCost: 3, threshold: 0, lambdaLr: 1, lambdaMax: 10 }).capped).toBe(true);
  });

  it('pid: names the violation and the integral step', () => {
    const text = explainPidInput({ episodeCost: 0.5, threshold: -0.5, ki: 0.1 });
    expect(text).toContain('e = 1');
    expect(text).toContain('grows by K_i·e = 0.1');
  });
});
