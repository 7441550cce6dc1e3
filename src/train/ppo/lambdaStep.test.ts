import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../config/params';
import { lagrangeUpdate } from '../../rl';
import { stepLambda } from './lambdaStep';

const base = { ...defaultConfig(), threshold: 0, lambdaLr: 0.1, lambdaMax: 20, pidKp: 0, pidKi: 0.1, pidKd: 0, pidAlphaP: 0, pidAlphaD: 0, pidDelay: 1 };

describe('stepLambda: the configured rule, λ kept as log λ', () => {
  it('upstream is lagrangeUpdate exactly', () => {
    const next = stepLambda({ ...base, lambdaRule: 'upstream' }, Math.log(10), { pid: null }, 0.5);
    expect(next.logLambda).toBe(lagrangeUpdate({ logLambda: Math.log(10), lr: 0.1, meanEpisodeCost: 0.5, threshold: 0, lambdaMax: 20 }));
    expect(next.state.pid).toBeNull();
  });

  it('additive steps on λ and comes back from λ = 0 (log λ = −∞)', () => {
    const zero = stepLambda({ ...base, lambdaRule: 'additive' }, Math.log(0.02), { pid: null }, -1);
    expect(zero.logLambda).toBe(-Infinity);
    const back = stepLambda({ ...base, lambdaRule: 'additive' }, zero.logLambda, zero.state, 2);
    expect(Math.exp(back.logLambda)).toBeCloseTo(0.2, 12);
  });

  it('pid starts its integral at the λ in force, keeps its state, and switching away drops it', () => {
    const first = stepLambda({ ...base, lambdaRule: 'pid' }, Math.log(3), { pid: null }, 1);
    expect(Math.exp(first.logLambda)).toBeCloseTo(3.1, 12);
    const second = stepLambda({ ...base, lambdaRule: 'pid' }, first.logLambda, first.state, 1);
    expect(Math.exp(second.logLambda)).toBeCloseTo(3.2, 12);
    expect(stepLambda({ ...base, lambdaRule: 'additive' }, second.logLambda, second.state, 0).state.pid).toBeNull();
  });
});
