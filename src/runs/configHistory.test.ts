import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../config/params';
import { settingAtIterations } from './configHistory';

describe('settingAtIterations', () => {
  it('applies each recorded change from the row of the iteration it was made after', () => {
    const run = {
      config: { ...defaultConfig(), lambdaMax: 20 },
      configChanges: [
        { afterIteration: 2, key: 'lambdaMax' as const, from: 20, to: 5 },
        { afterIteration: 3, key: 'threshold' as const, from: -0.5, to: 0 },
        { afterIteration: 4, key: 'lambdaMax' as const, from: 5, to: 8 },
      ],
    };
    expect(Array.from(settingAtIterations(run, 'lambdaMax', [0, 1, 2, 3, 4, 5]))).toEqual([20, 20, 5, 5, 8, 8]);
    expect(Array.from(settingAtIterations({ config: run.config }, 'lambdaMax', [0, 9]))).toEqual([20, 20]);
  });
});
