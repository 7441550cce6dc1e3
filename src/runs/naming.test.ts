import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../config/params';
import { autoRunName } from './naming';
import type { ConfigChange } from './types';

const change = (afterIteration: number, from: number, to: number): ConfigChange => ({
  afterIteration,
  key: 'threshold',
  from,
  to,
});

describe('autoRunName', () => {
  const config = { ...defaultConfig(), algorithm: 'ppo-lag' as const, threshold: -0.5 };

  it('names a run by its algorithm and cost limit', () => {
    expect(autoRunName(config, 3)).toBe('ppo-lag thr −0.5 #3');
  });

  it('shows mid-run cost-limit changes with the iteration they applied from', () => {
    expect(autoRunName(config, 3, [change(40, -0.5, 0.2)])).toBe('ppo-lag thr −0.5→0.2@40 #3');
    expect(autoRunName(config, 3, [change(40, -0.5, 0.2), change(80, 0.2, 0)])).toBe('ppo-lag thr −0.5→0.2@40→0@80 #3');
    expect(autoRunName(config, 3, [change(1, -0.5, 0), change(2, 0, 1), change(3, 1, 2)])).toBe(
      'ppo-lag thr −0.5→…→2 (3 changes) #3',
    );
  });

  it('ignores edits of settings the name does not show', () => {
    const lr: ConfigChange = { afterIteration: 5, key: 'lambdaLr', from: 0.1, to: 0.2 };
    expect(autoRunName(config, 4, [lr])).toBe('ppo-lag thr −0.5 #4');
    expect(autoRunName({ ...config, algorithm: 'ppo' }, 5, [change(1, -0.5, 0)])).toBe('ppo #5');
  });
});
