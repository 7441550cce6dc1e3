import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../config/params';
import { LAMBDA_RULE_MODULES } from '../../rl/lambdaRules/registry';
import { lambdaStepText } from './phaseOutputText';

/** A λ phase output as the engine records it: the rule's own step, its terms included. */
function output(rule: 'upstream' | 'additive' | 'pid', before: number, episodeCost: number, overrides = {}) {
  const config = { ...defaultConfig(), lambdaRule: rule, threshold: 0.25, lambdaLr: 0.1, lambdaMax: 20, ...overrides };
  const module = LAMBDA_RULE_MODULES[rule];
  const out = module.step(config, Math.log(before), module.initialState(before), episodeCost);
  return {
    phase: 'lambda' as const,
    iteration: 2,
    rule,
    terms: out.terms,
    before,
    after: Math.exp(out.logLambda),
    updated: true,
    episodeCost,
    threshold: config.threshold,
    lambdaLr: config.lambdaLr,
    lambdaMax: config.lambdaMax,
  };
}

describe('lambdaStepText: the rule module substitutes the recorded numbers', () => {
  it('upstream: log-λ step, negatives in parentheses', () => {
    const text = lambdaStepText(output('upstream', 1, 0.75));
    expect(text.formula).toBe('log λ ← min(log λ + lr·λ·(J_C − threshold), log λ_max)');
    // lr·λ·gap = 0.1·1·0.5 = 0.05; exp(0.05) = 1.0513
    expect(text.substituted).toBe('log λ ← min(log 1 + 0.1·1·(0.75 − 0.25), log 20) = min(0 + 0.05, 2.9957) = 0.05  ⇒  λ = 1.0513');
    expect(text.capped).toBe(false);
    expect(lambdaStepText(output('upstream', 1, 0.75, { threshold: -0.5 })).substituted).toContain('(0.75 − (−0.5))');
  });

  it('upstream: marks a capped step; no numbers when the rule did not run', () => {
    const capped = lambdaStepText(output('upstream', 10, 2, { lambdaMax: 12, lambdaLr: 1 }));
    expect(capped.capped).toBe(true);
    expect(capped.substituted).toMatch(/λ = 12 \(capped at λ_max\)$/);
    expect(lambdaStepText({ ...output('upstream', 1, 0.75), updated: false }).substituted).toBeNull();
  });

  it('additive: λ + lr·(J_C − threshold), floored at 0', () => {
    const text = lambdaStepText(output('additive', 2, 0.75));
    expect(text.substituted).toBe('λ ← clip(2 + 0.1·(0.75 − 0.25), 0, 20) = clip(2.05, 0, 20)  ⇒  λ = 2.05');
    expect(lambdaStepText(output('additive', 0.01, -1)).substituted).toMatch(/λ = 0 \(floored at 0\)$/);
  });

  it('pid: shows e, P, I, D and the gains the step used, and lands on the new λ', () => {
    const text = lambdaStepText(output('pid', 1, 0.75, { pidKp: 0.1, pidKi: 0.4, pidKd: 0, pidAlphaP: 0.5 }));
    // e = 0.5; P = 0.5·0 + 0.5·0.5 = 0.25; I = 1 + 0.4·0.5 = 1.2; D = 0 (no history); λ = 0.1·0.25 + 1.2 = 1.225.
    expect(text.substituted).toBe(
      'e = 0.75 − 0.25 = 0.5;  P ← 0.5·0 + 0.5·0.5 = 0.25;  I ← max(0, 1 + 0.4·0.5) = 1.2;  D = 0 (not enough history yet);  ' +
        'λ ← clip(0.1·0.25 + 1.2 + 0·0, 0, 20) = clip(1.225, 0, 20)  ⇒  λ = 1.225',
    );
    expect(text.sentence).toContain('rises from 1 to 1.225');
    expect(text.substituted).not.toContain('lr');
  });

  it('never shows a formula the recorded numbers do not reproduce, nor one for steps recorded without terms', () => {
    const wrong = lambdaStepText({ ...output('upstream', 1, 0.75), after: 3 });
    expect(wrong.substituted).toBeNull();
    expect(wrong.mismatch).toMatch(/not the engine’s 3/);
    const old = lambdaStepText({ ...output('pid', 1, 0.75), terms: undefined });
    expect(old.substituted).toBeNull();
    expect(old.mismatch).toMatch(/were not recorded/);
  });
});
