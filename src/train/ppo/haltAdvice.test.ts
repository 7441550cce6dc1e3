import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../config/params';
import { haltAdvice } from './haltAdvice';

describe('haltAdvice', () => {
  const config = { ...defaultConfig(), actorLr: 0.5, criticLr: 0.25, lambdaLr: 3 };

  it('names the setting most likely at fault, with its current value', () => {
    expect(haltAdvice('approxKl', config)).toContain(`actor learning rate (now 0.5)`);
    expect(haltAdvice('actorLoss', config)).toContain('gradient-norm clip');
    expect(haltAdvice('costCriticLoss', config)).toContain('critic learning rate (now 0.25)');
    expect(haltAdvice('reward-critic values', config)).toContain('critic learning rate');
    expect(haltAdvice('λ', config)).toContain('λ learning rate (now 3)');
    expect(haltAdvice('cost', config)).toMatch(/cost model returns non-finite scores/);
    expect(haltAdvice('shaped rewards', config)).toContain(`β = ${config.klCoeff}`);
  });
});
