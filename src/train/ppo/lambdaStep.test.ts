import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../config/params';
import { lagrangeUpdate, pidLambdaUpdate, initialPidState } from '../../rl';
import { NO_RULE_STATE, stepLambda } from './lambdaStep';

const base = { ...defaultConfig(), threshold: 0, lambdaLr: 0.1, lambdaMax: 20, pidKp: 0, pidKi: 0.1, pidKd: 0, pidAlphaP: 0, pidAlphaD: 0, pidDelay: 1 };

describe('stepLambda: the configured rule from the registry, λ kept as log λ', () => {
  it('upstream is lagrangeUpdate exactly', () => {
    const next = stepLambda({ ...base, lambdaRule: 'upstream' }, Math.log(10), NO_RULE_STATE, 0.5);
    expect(next.logLambda).toBe(lagrangeUpdate({ logLambda: Math.log(10), lr: 0.1, meanEpisodeCost: 0.5, threshold: 0, lambdaMax: 20 }));
    expect(next.state).toEqual({ rule: 'upstream', data: null });
    expect(next.terms.find((t) => t.symbol === 'lr')?.value).toBe(0.1);
  });

  it('additive steps on λ and comes back from λ = 0 (log λ = −∞)', () => {
    const zero = stepLambda({ ...base, lambdaRule: 'additive' }, Math.log(0.02), NO_RULE_STATE, -1);
    expect(zero.logLambda).toBe(-Infinity);
    const back = stepLambda({ ...base, lambdaRule: 'additive' }, zero.logLambda, zero.state, 2);
    expect(Math.exp(back.logLambda)).toBeCloseTo(0.2, 12);
  });

  it('pid starts its integral at the λ in force, keeps its state, and switching away drops it', () => {
    const first = stepLambda({ ...base, lambdaRule: 'pid' }, Math.log(3), NO_RULE_STATE, 1);
    expect(Math.exp(first.logLambda)).toBeCloseTo(3.1, 12);
    const second = stepLambda({ ...base, lambdaRule: 'pid' }, first.logLambda, first.state, 1);
    expect(Math.exp(second.logLambda)).toBeCloseTo(3.2, 12);
    const away = stepLambda({ ...base, lambdaRule: 'additive' }, second.logLambda, second.state, 0);
    expect(away.state).toEqual({ rule: 'additive', data: null });
    // Back to pid: a fresh integral at the λ in force (3.2), not the old one.
    const back = stepLambda({ ...base, lambdaRule: 'pid' }, away.logLambda, away.state, 0);
    expect(Math.exp(back.logLambda)).toBeCloseTo(3.2, 12);
  });

  it('pid through the registry is bit-for-bit the pid maths (the engine numbers do not change)', () => {
    const gains = { kp: 0.5, ki: 0.01, kd: 0, alphaP: 0.5, alphaD: 0.5, delay: 5 };
    const config = { ...defaultConfig(), lambdaRule: 'pid' as const };
    let direct = initialPidState(0.2);
    let logLambda = Math.log(0.2);
    let state = NO_RULE_STATE;
    for (const cost of [-0.7, -0.3, 0.2, 0.9, -0.1, -1.2, -0.45]) {
      const a = pidLambdaUpdate(direct, { meanEpisodeCost: cost, threshold: config.threshold, lambdaMax: config.lambdaMax, gains });
      const b = stepLambda(config, logLambda, state, cost);
      expect(b.logLambda).toBe(Math.log(a.lambda));
      direct = a.state;
      logLambda = b.logLambda;
      state = b.state;
    }
  });
});
