import { describe, expect, it } from 'vitest';
import { explainLambdaStep } from './lambdaExplanation';

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
