import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../config/params';
import type { RunMeta } from '../../runs/types';
import { sweepPoints } from './thresholdSweep';

const run = (id: string, overrides: Partial<RunMeta['config']>, summary: Partial<RunMeta['summary']> = {}, configChanges?: RunMeta['configChanges']) =>
  ({
    id, name: id, config: { ...defaultConfig(), ...overrides }, configChanges,
    summary: { iterations: 10, lambda: 1, episodeCost: -0.5, cost: 0, reward: 1, helpfulnessChange: 0, safetyChange: 0, ...summary },
  }) as RunMeta;

describe('sweepPoints', () => {
  it('groups runs by λ rule (plain PPO apart), sorts by threshold, uses the final threshold and skips shaping and empty runs', () => {
    const groups = sweepPoints([
      run('b', { lambdaRule: 'pid', threshold: 0 }, { reward: 2 }),
      run('a', { lambdaRule: 'pid', threshold: -1 }, { reward: 1 }),
      run('c', { lambdaRule: 'additive', threshold: 0 }, {}, [{ afterIteration: 5, key: 'threshold', from: 0, to: -2 }]),
      run('p', { algorithm: 'ppo' }, { reward: 3, episodeCost: 2 }),
      run('s', { algorithm: 'reward-shaping' }),
      run('n', { lambdaRule: 'upstream' }, { reward: NaN }),
    ]);
    expect([...groups.keys()].sort()).toEqual(['additive', 'pid', 'ppo']);
    expect(groups.get('pid')!.map((p) => [p.name, p.threshold, p.reward])).toEqual([['a', -1, 1], ['b', 0, 2]]);
    expect(groups.get('additive')![0].threshold).toBe(-2);
    expect(groups.get('ppo')![0].episodeCost).toBe(2);
  });
});
