import { describe, expect, it } from 'vitest';
import { LAMBDA_RULES, PARAMS, defaultConfig } from '../../config/params';
import { LAMBDA_RULE_MODULES, differsFromRuleDefaults, findLambdaRule, withLambdaRule } from './registry';
import type { LambdaStepRecord } from './rule';

/** A shown number back to a number: '(−0.125)' → −0.125. */
const shown = (text: string) => Number(text.replace(/[()]/g, '').replace('−', '-'));
const N = String.raw`(\(?−?[\d.e+-]+\)?)`;

/**
 * λ recomputed from the numbers the substituted line shows (not from the recorded terms), one parser per rule:
 * what a student with a calculator would do.
 */
const FROM_SHOWN: Record<string, (text: string) => number> = {
  upstream: (text) => {
    const m = new RegExp(String.raw`log λ ← min\(log ${N} \+ ${N}·${N}·\(${N} − ${N}\), log ${N}\)`).exec(text)!;
    const [lambda, lr, , cost, threshold, max] = m.slice(1).map(shown);
    return Math.min(lambda * Math.exp(lr * lambda * (cost - threshold)), max);
  },
  additive: (text) => {
    const m = new RegExp(String.raw`λ ← clip\(${N} \+ ${N}·\(${N} − ${N}\), 0, ${N}\)`).exec(text)!;
    const [lambda, lr, cost, threshold, max] = m.slice(1).map(shown);
    return Math.min(Math.max(0, lambda + lr * (cost - threshold)), max);
  },
  pid: (text) => {
    const m = new RegExp(String.raw`λ ← clip\(${N}·${N} \+ ${N} \+ ${N}·${N}, 0, ${N}\)`).exec(text)!;
    const [kp, p, i, kd, d, max] = m.slice(1).map(shown);
    return Math.min(Math.max(0, kp * p + i + kd * d), max);
  },
};

/** Agreement to 3 significant digits (or 1e-4 absolute near 0). */
function sameTo3Digits(a: number, b: number): boolean {
  return Math.abs(a - b) <= Math.max(5e-4 * Math.abs(b), 1e-4);
}

describe('the λ rule registry', () => {
  it('has one module per rule id in the settings table, each naming only settings that exist', () => {
    expect(Object.keys(LAMBDA_RULE_MODULES).sort()).toEqual([...LAMBDA_RULES].sort());
    for (const rule of LAMBDA_RULES) {
      const module = LAMBDA_RULE_MODULES[rule];
      expect(module.id).toBe(rule);
      for (const key of [...module.settings, ...Object.keys(module.defaults)]) expect(Object.hasOwn(PARAMS, key)).toBe(true);
      for (const key of Object.keys(module.defaults)) expect(PARAMS[key as keyof typeof PARAMS].live).toBe(true);
    }
    expect(findLambdaRule('pid')).toBe(LAMBDA_RULE_MODULES.pid);
    expect(findLambdaRule('lagrange-v9')).toBeUndefined();
  });

  for (const rule of LAMBDA_RULES) {
    it(`${rule}: every step's substituted numbers reproduce the new λ to 3 significant digits, and reproduce() exactly`, () => {
      const module = LAMBDA_RULE_MODULES[rule];
      const config = { ...defaultConfig(), ...module.defaults, lambdaRule: rule, threshold: -0.5, lambdaMax: 3, pidAntiWindup: 'off' as const };
      const costs = [-0.9, -0.6, -0.2, 0.4, 1.1, 2.5, 3, 2, 0.3, -0.4, -1.5, -2.5, -2.5, -0.5, 0, 0.7, -0.45, -0.52];
      let logLambda = Math.log(0.2);
      let state = module.initialState(0.2);
      for (const [k, cost] of costs.entries()) {
        const threshold = k > 12 ? 0.5 : -0.5;
        const out = module.step({ ...config, threshold }, logLambda, state, cost);
        const record: LambdaStepRecord = { before: Math.exp(logLambda), after: Math.exp(out.logLambda), episodeCost: cost, threshold, lambdaMax: config.lambdaMax, terms: out.terms };
        const text = module.explain(record);
        expect(record.after).toBeGreaterThanOrEqual(0);
        expect(module.reproduce(record)).toBeCloseTo(record.after, 12);
        if (record.before > 0 || rule !== 'upstream') {
          expect(sameTo3Digits(FROM_SHOWN[rule](text.substituted), record.after), `${text.substituted} vs ${record.after}`).toBe(true);
        }
        expect(text.substituted).toMatch(/⇒ {2}λ = [\d.e+−-]+/);
        expect(text.sentence).toContain(`to ${Number(record.after.toPrecision(5)).toString()}`);
        logLambda = out.logLambda;
        state = out.state;
      }
    });
  }

  it('pid says so when λ falls although J_C is above the limit (P is a smoothed error)', () => {
    const pid = LAMBDA_RULE_MODULES.pid;
    const config = { ...defaultConfig(), threshold: 0, pidKp: 0.5, pidKi: 0.01, pidKd: 0, pidAlphaP: 0.5 };
    // P = 1 from a large violation; now e = 0.2: P → 0.6, I + 0.002: λ falls 0.5·0.4 − 0.002 = 0.198 while J_C > limit.
    const state = { integral: 0.5, proportional: 1, costAverage: 1, costHistory: [1] };
    const out = pid.step(config, Math.log(1), state, 0.2);
    const text = pid.explain({ before: 1, after: Math.exp(out.logLambda), episodeCost: 0.2, threshold: 0, lambdaMax: 20, terms: out.terms });
    expect(Math.exp(out.logLambda)).toBeCloseTo(0.802, 12);
    expect(text.sentence).toContain('falls from 1 to 0.802 although J_C is above the limit');
    expect(pid.nextStep(config, 1)).toContain('λ can still fall while J_C >');
  });

  it('upstream explains λ = 0 honestly (the step ∝ λ is 0)', () => {
    const text = LAMBDA_RULE_MODULES.upstream.explain({ before: 0, after: 0, episodeCost: 1, threshold: 0, lambdaMax: 20, terms: [{ symbol: 'lr', value: 0.1, meaning: '' }, { symbol: 'Δlog λ', value: 0, meaning: '' }] });
    expect(text.substituted).toContain('λ stays 0');
    expect(LAMBDA_RULE_MODULES.upstream.nextStep(defaultConfig(), 0)).toContain('stays 0 whatever J_C is');
  });
});

describe('withLambdaRule: a rule with its measured defaults', () => {
  it('additive brings λ lr 0.02, upstream brings back 0.1, pid its gains; nothing else changes', () => {
    const start = { ...defaultConfig(), threshold: -1.25, pidKp: 3 };
    const additive = withLambdaRule(start, 'additive');
    expect(additive).toEqual({ ...start, lambdaRule: 'additive', lambdaLr: 0.02 });
    expect(withLambdaRule(additive, 'upstream').lambdaLr).toBe(0.1);
    expect(withLambdaRule(start, 'pid').pidKp).toBe(0.5);
    expect(differsFromRuleDefaults({ ...additive, lambdaLr: 0.05 }, 'additive')).toEqual(['lambdaLr']);
    expect(differsFromRuleDefaults(additive, 'additive')).toEqual([]);
  });
});
