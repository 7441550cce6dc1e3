import { describe, expect, it } from 'vitest';
import { lambdaStepText } from './phaseOutputText';

const step = {
  phase: 'lambda' as const,
  iteration: 2,
  rule: 'log-lambda' as const,
  before: 1,
  after: Math.exp(0.05),
  updated: true,
  episodeCost: 0.75,
  threshold: 0.25,
  lambdaLr: 0.1,
  lambdaMax: 20,
};

describe('lambdaStepText', () => {
  it('substitutes the recorded numbers into the rule (negative threshold in parentheses)', () => {
    const text = lambdaStepText(step);
    expect(text.formula).toBe('log λ ← min(log λ + lr·λ·(J_C − threshold), log λ_max)');
    // lr·λ·gap = 0.1·1·0.5 = 0.05; exp(0.05) = 1.0513
    expect(text.substituted).toBe('log λ ← min(log(1) + 0.1·1·(0.75 − (0.25)), log(20)) = min(0 + (0.05), 3) = 0.05  ⇒  λ = 1.05');
    expect(text.capped).toBe(false);
    const negative = lambdaStepText({ ...step, threshold: -0.5, after: Math.exp(0.125) });
    expect(negative.substituted).toContain('(0.75 − (-0.5))');
  });

  it('marks a capped step and leaves out numbers when the rule did not run', () => {
    const capped = lambdaStepText({ ...step, before: 10, after: 12, lambdaMax: 12, lambdaLr: 1 });
    expect(capped.capped).toBe(true);
    expect(capped.substituted).toMatch(/λ = 12 \(capped at λ_max\)$/);
    expect(lambdaStepText({ ...step, updated: false }).substituted).toBeNull();
  });
});
