import { describe, expect, it } from 'vitest';
import { lambdaStepText } from './phaseOutputText';

const step = {
  phase: 'lambda' as const,
  iteration: 2,
  rule: 'upstream',
  before: 1,
  after: Math.exp(0.05),
  updated: true,
  episodeCost: 0.75,
  threshold: 0.25,
  lambdaLr: 0.1,
  lambdaMax: 20,
};

describe('lambdaStepText', () => {
  it('upstream: substitutes the recorded numbers (negative threshold in parentheses)', () => {
    const text = lambdaStepText(step);
    expect(text.formula).toBe('log λ ← min(log λ + lr·λ·(J_C − threshold), log λ_max)');
    // lr·λ·gap = 0.1·1·0.5 = 0.05; exp(0.05) = 1.0513
    expect(text.substituted).toBe('log λ ← min(log(1) + 0.1·1·(0.75 − (0.25)), log(20)) = min(0 + (0.05), 3) = 0.05  ⇒  λ = 1.05');
    expect(text.capped).toBe(false);
    const negative = lambdaStepText({ ...step, threshold: -0.5, after: Math.exp(0.125) });
    expect(negative.substituted).toContain('(0.75 − (-0.5))');
  });

  it('upstream: marks a capped step; no numbers when the rule did not run', () => {
    const capped = lambdaStepText({ ...step, before: 10, after: 12, lambdaMax: 12, lambdaLr: 1 });
    expect(capped.capped).toBe(true);
    expect(capped.substituted).toMatch(/λ = 12 \(capped at λ_max\)$/);
    expect(lambdaStepText({ ...step, updated: false }).substituted).toBeNull();
  });

  it('additive: λ + lr·(J_C − threshold), floored at 0', () => {
    const text = lambdaStepText({ ...step, rule: 'additive', before: 2, after: 2.05 });
    expect(text.formula).toBe('λ ← min(max(0, λ + lr·(J_C − threshold)), λ_max)');
    expect(text.substituted).toBe('λ ← min(max(0, 2 + 0.1·(0.75 − (0.25))), 20) = min(max(0, 2.05), 20)  ⇒  λ = 2.05');
    const floored = lambdaStepText({ ...step, rule: 'additive', before: 0.01, after: 0, episodeCost: -1 });
    expect(floored.substituted).toMatch(/λ = 0 \(floored at 0\)$/);
  });

  it('pid: the error and the integral step it drives', () => {
    const text = lambdaStepText({ ...step, rule: 'pid', before: 1, after: 1.2, pidGains: { kp: 0.1, ki: 0.4, kd: 0 } });
    expect(text.formula).toContain('K_p·P + I + K_d·D');
    expect(text.substituted).toBe('e = (0.75 − (0.25)) = 0.5; I moves by K_i·e = 0.4·0.5 = 0.2 (never below 0)  ⇒  λ = 1.2');
  });

  it('never shows a formula the recorded numbers do not reproduce', () => {
    const wrong = lambdaStepText({ ...step, after: 3 });
    expect(wrong.substituted).toBeNull();
    expect(wrong.mismatch).toMatch(/do not reproduce λ = 3/);
  });
});
