import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../config/params';
import type { RunMeta } from '../../runs/types';
import { frontierPoints, frontierRewardAt, spreadBars, sweepPoints, withSpread } from './thresholdSweep';

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

describe('the fixed-λ frontier', () => {
  const shaping = (id: string, lambdaInit: number, reward: number, episodeCost: number) =>
    run(id, { algorithm: 'reward-shaping', lambdaInit }, { reward, episodeCost });

  it('keeps only finite fixed-λ runs, sorted by λ', () => {
    const frontier = frontierPoints([
      shaping('l2', 2, 0.5, -2.5),
      shaping('l0', 0, 2.5, 2),
      run('pid', { lambdaRule: 'pid' }),
      shaping('bad', 1, NaN, 0),
      shaping('l05', 0.5, 1.5, -0.5),
    ]);
    expect(frontier.map((p) => [p.name, p.lambda])).toEqual([['l0', 0], ['l05', 0.5], ['l2', 2]]);
  });

  it('interpolates the reward at a cost between two frontier points; NaN outside the measured range', () => {
    // In J_C order: (−2.5, 0.5), (−0.5, 1.5), (2, 2.5). At −1.5: halfway between the first two → 1.0.
    const frontier = frontierPoints([shaping('a', 2, 0.5, -2.5), shaping('b', 0.5, 1.5, -0.5), shaping('c', 0, 2.5, 2)]);
    expect(frontierRewardAt(frontier, -1.5)).toBeCloseTo(1, 12);
    expect(frontierRewardAt(frontier, 0.75)).toBeCloseTo(2, 12);
    expect(frontierRewardAt(frontier, -0.5)).toBe(1.5);
    expect(frontierRewardAt(frontier, -3)).toBeNaN();
    expect(frontierRewardAt(frontier, 2.1)).toBeNaN();
    expect(frontierRewardAt(frontier.slice(0, 1), -2.5)).toBeNaN();
  });
});

describe('seed groups on the frontier view (issue 20)', () => {
  const spread = { seeds: 4, reward: { sd: 0.2, min: 0.7, max: 1.3 }, episodeCost: { sd: 0.1, min: -1.2, max: -0.9 } };

  it('keeps a group’s spread on its point and turns it into min–max error bars', () => {
    const [point] = sweepPoints([run('g', { lambdaRule: 'pid', threshold: -1 }, { reward: 1, episodeCost: -1, spread })]).get('pid')!;
    expect(point.spread).toEqual(spread);
    expect(spreadBars(point.spread)).toEqual({ xRange: [0.7, 1.3], yRange: [-1.2, -0.9] });
    const [fixed] = frontierPoints([run('f', { algorithm: 'reward-shaping', lambdaInit: 2 }, { spread })]);
    expect(fixed.spread).toEqual(spread);
  });

  it('a single run has no bars and its plain value', () => {
    const [point] = sweepPoints([run('s', { lambdaRule: 'pid' })]).get('pid')!;
    expect(point.spread).toBeUndefined();
    expect(spreadBars(point.spread)).toEqual({});
    expect(withSpread(1.5, undefined, String)).toBe('1.5');
  });

  it('writes mean ± sd with the min–max', () => {
    expect(withSpread(1, spread.reward, (x) => x.toFixed(1))).toBe('1.0 ± 0.2 (0.7 … 1.3)');
  });
});
