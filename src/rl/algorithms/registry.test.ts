import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { ALGORITHMS, defaultConfig } from '../../config/params';
import { t1, values } from '../testUtil';
import { ALGORITHM_MODULES, algorithmModule } from './registry';

const config = { lambdaInit: 2, lambdaUpdateDelay: 3 };

describe('algorithm registry', () => {
  it('has one module per ALGORITHMS id, under its own id', () => {
    expect(Object.keys(ALGORITHM_MODULES).sort()).toEqual([...ALGORITHMS].sort());
    for (const id of ALGORITHMS) expect(algorithmModule(id).id).toBe(id);
  });

  it('only ppo-lag has a cost critic and a learned λ', () => {
    const shape = ALGORITHMS.map((id) => [id, algorithmModule(id).usesCostCritic, algorithmModule(id).learnsLambda]);
    expect(shape).toEqual([
      ['ppo-lag', true, true],
      ['ppo', false, false],
      ['reward-shaping', false, false],
    ]);
  });

  it('λ in force: exp(log λ) learned, 0 for ppo, λ_init for reward shaping whatever log λ holds', () => {
    const logLambda = Math.log(0.5);
    expect(algorithmModule('ppo-lag').lambda(config, logLambda)).toBe(Math.exp(logLambda));
    expect(algorithmModule('ppo-lag').lambda(config, -Infinity)).toBe(0);
    expect(algorithmModule('ppo').lambda(config, logLambda)).toBe(0);
    expect(algorithmModule('reward-shaping').lambda(config, logLambda)).toBe(2);
    expect(ALGORITHMS.map((id) => algorithmModule(id).initialLambda(config))).toEqual([2, 0, 2]);
  });

  it('reward end score: R for ppo-lag and ppo, R − λ_init·C for reward shaping (hand-computed), no tensor left over', async () => {
    const R = t1([1, -0.5, 0]);
    const C = t1([0.25, -1, 3]);
    const before = tf.memory().numTensors;
    const scores: Record<string, number[]> = {};
    for (const id of ALGORITHMS) {
      // Called inside tf.tidy, as the engine does: the intermediate λ·C is freed, the result kept.
      const score = tf.tidy(() => algorithmModule(id).rewardEndScore(R, C, config));
      scores[id] = await values(score);
      if (score !== R) score.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
    expect(scores['ppo-lag']).toEqual([1, -0.5, 0]);
    expect(scores.ppo).toEqual([1, -0.5, 0]);
    // 1 − 2·0.25 = 0.5;  −0.5 − 2·(−1) = 1.5;  0 − 2·3 = −6 (all exact in float32).
    expect(scores['reward-shaping']).toEqual([0.5, 1.5, -6]);
    R.dispose();
    C.dispose();
  });

  it('the plain-number end score agrees with the tensor one', async () => {
    const rewards = [0.3, -1.7, 2.25];
    const costs = [-0.4, 0.9, 1.1];
    for (const id of ALGORITHMS) {
      const module = algorithmModule(id);
      const tensor = tf.tidy(() => module.rewardEndScore(t1(rewards), t1(costs), config));
      const fromTensor = await values(tensor);
      tensor.dispose();
      rewards.forEach((reward, i) => expect(module.rewardEndScoreValue(reward, costs[i], config)).toBeCloseTo(fromTensor[i], 5));
    }
    expect(algorithmModule('reward-shaping').rewardEndScoreValue(0.3, -0.4, config)).toBeCloseTo(0.3 + 0.8, 12);
  });

  it('the words follow the choices: a chart note and a one-stream role exactly when λ is not learned, a warning unless ppo-lag', () => {
    for (const id of ALGORITHMS) {
      const module = algorithmModule(id);
      expect(module.lambdaChartNote === null).toBe(module.learnsLambda);
      expect(module.lambdaRole('1') === null).toBe(module.usesCostCritic);
      expect(module.alignAnything.warning.length === 0).toBe(id === 'ppo-lag');
      expect(module.alignAnything.warning.join(' ')).toContain(id === 'ppo-lag' ? '' : `"${id}"`);
    }
    expect(algorithmModule('ppo-lag').lambdaHeldNote(config, 1)).toBe('λ is held for the first 3 iteration(s) (λ update delay); this is iteration 1.');
    expect(algorithmModule('reward-shaping').lambdaRole('2')).toContain('λ initial = 2');
  });

  it('the default config runs a registered algorithm', () => {
    expect(algorithmModule(defaultConfig().algorithm)).toBeDefined();
  });
});
