import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setNodeBackend } from '../../compute/nodeBackends';
import { defaultConfig } from '../../config/params';
import { lagrangeUpdate } from '../../rl';
import { PpoEngine } from './engine';
import { describePhase, PHASE_SAMPLE_COUNT, type RolloutView } from './phaseOutput';
import { disposeModels, tinyConfig, tinyInit, tinyModels } from './testing/fixtures';
import type { PhaseOutput } from './types';

const view = (over: Partial<RolloutView> = {}): RolloutView => ({
  iteration: 3,
  batch: 4,
  steps: 5,
  indices: [7, 1, 4, 2],
  tokenIds: Int32Array.from([5, 6, 2, 0, 0, 7, 2, 0, 0, 0, 8, 8, 8, 8, 2, 9, 2, 0, 0, 0]),
  lengths: [3, 2, 5, 2],
  texts: ['a b', 'c', 'd d d d', 'e'],
  ...over,
});
const base = {
  config: { ...defaultConfig(), algorithm: 'ppo-lag' as const, lambdaRule: 'upstream' as const, lambdaUpdateDelay: 0, lambdaLr: 0.5, threshold: 0.25, lambdaMax: 20 },
  episodeCost: 0.75,
  questionText: (i: number) => `q${i}`,
  tokenText: (ids: ArrayLike<number>) => Array.from(ids, (id) => `t${id}`),
};

describe('describePhase', () => {
  it('rollout: the first few responses with their prompts and lengths', () => {
    const out = describePhase({ ...base, phase: 'rollout', rollout: view() });
    expect(out).toEqual({
      phase: 'rollout',
      iteration: 3,
      batch: 4,
      samples: [
        { question: 'q7', response: 'a b', length: 3 },
        { question: 'q1', response: 'c', length: 2 },
        { question: 'q4', response: 'd d d d', length: 5 },
      ],
    });
    expect(PHASE_SAMPLE_COUNT).toBe(3);
  });

  it('score: R and C per shown response, batch means and J_C', () => {
    const out = describePhase({ ...base, phase: 'score', rollout: view({ rewards: [1, 2, 3, 6], costs: [-1, 0.5, 0, 2.5] }) });
    expect(out).toMatchObject({ phase: 'score', rewardMean: 3, costMean: 0.5, episodeCost: 0.75 });
    if (out?.phase !== 'score') throw new Error('score output expected');
    expect(out.samples.map((s) => [s.reward, s.cost])).toEqual([[1, -1], [2, 0.5], [3, 0]]);
  });

  it('advantages: the first response cut to its real tokens (EOS included)', () => {
    const firstRow = {
      shapedReward: [-0.1, 0.2, 1.3, 0, 0],
      rewardAdvantage: [0.5, 0.6, 0.7, 0, 0],
      shapedCost: [0.1, -0.2, -0.9, 0, 0],
      costAdvantage: [-0.3, -0.2, -0.1, 0, 0],
    };
    const out = describePhase({ ...base, phase: 'advantages', rollout: view({ rewards: [1.4, 0, 0, 0], costs: [-1, 0, 0, 0], firstRow }) });
    expect(out).toMatchObject({
      phase: 'advantages',
      tokens: ['t5', 't6', 't2'],
      shapedReward: [-0.1, 0.2, 1.3],
      rewardAdvantage: [0.5, 0.6, 0.7],
      shapedCost: [0.1, -0.2, -0.9],
      costAdvantage: [-0.3, -0.2, -0.1],
      rewardScore: 1.4,
    });
    // Reward shaping puts R − λ_init·C on its single stream.
    const shaping = describePhase({
      ...base,
      config: { ...base.config, algorithm: 'reward-shaping', lambdaInit: 2 },
      phase: 'advantages',
      rollout: view({ rewards: [1.4, 0, 0, 0], costs: [-1, 0, 0, 0], firstRow: { ...firstRow, shapedCost: null, costAdvantage: null } }),
    });
    expect(shaping).toMatchObject({ rewardScore: 3.4, shapedCost: null, costAdvantage: null });
  });

  it('lambda: old → new with the numbers the rule read; a note when the rule did not run', () => {
    const before = 1.5;
    const after = Math.exp(lagrangeUpdate({ logLambda: Math.log(before), lr: 0.5, meanEpisodeCost: 0.75, threshold: 0.25, lambdaMax: 20 }));
    const out = describePhase({ ...base, phase: 'lambda', rollout: view({ logLambdaBefore: Math.log(before), lambda: after }) });
    expect(out).toMatchObject({ phase: 'lambda', rule: 'upstream', updated: true, episodeCost: 0.75, threshold: 0.25, lambdaLr: 0.5, lambdaMax: 20 });
    expect((out as Extract<PhaseOutput, { phase: 'lambda' }>).before).toBeCloseTo(1.5, 12);
    expect((out as Extract<PhaseOutput, { phase: 'lambda' }>).after).toBeCloseTo(1.5 * Math.exp(0.5 * 1.5 * 0.5), 12);
    expect(out).not.toHaveProperty('note');

    const delayed = describePhase({
      ...base,
      config: { ...base.config, lambdaUpdateDelay: 5 },
      phase: 'lambda',
      rollout: view({ logLambdaBefore: 0, lambda: 1 }),
    });
    expect(delayed).toMatchObject({ updated: false, before: 1, after: 1 });
    expect((delayed as { note?: string }).note).toMatch(/first 5 iteration/);
    const plain = describePhase({ ...base, config: { ...base.config, algorithm: 'ppo' }, phase: 'lambda', rollout: view({ lambda: 0 }) });
    expect(plain).toMatchObject({ updated: false, before: 0, after: 0 });
  });

  it('nothing to show without the numbers the phase needs', () => {
    expect(describePhase({ ...base, phase: 'score', rollout: view() })).toBeUndefined();
    expect(describePhase({ ...base, phase: 'update', rollout: null })).toBeUndefined();
  });
});

describe('PpoEngine phase outputs', () => {
  const models = tinyModels(3);
  beforeAll(async () => setNodeBackend('cpu'));
  afterAll(() => disposeModels(models));

  it('each phase returns its output; streams and λ agree with the formulas; no tensors kept', async () => {
    const engine = new PpoEngine(
      tinyInit(tinyConfig({ seed: 11, lambdaRule: 'upstream', lambdaUpdateDelay: 0, klCoeff: 0.05, clipRangeScore: 50 }), models),
    );
    await engine.step(); // warm-up iteration (evaluation at 0, optimiser slots)
    const tensors = tf.memory().numTensors;
    const outputs: PhaseOutput[] = [];
    for (let i = 0; i < 5; i++) {
      const result = await engine.stepPhase();
      expect(result.halted).toBeUndefined();
      expect(result.output?.phase).toBe(result.phase);
      outputs.push(result.output!);
    }
    expect(tf.memory().numTensors).toBe(tensors);
    const [rollout, score, advantages, lambda, update] = outputs;
    if (rollout.phase !== 'rollout' || score.phase !== 'score' || advantages.phase !== 'advantages') throw new Error('order');
    if (lambda.phase !== 'lambda' || update.phase !== 'update') throw new Error('order');
    expect(rollout.samples).toHaveLength(3);
    expect(score.samples.map((s) => s.response)).toEqual(rollout.samples.map((s) => s.response));
    // Per-token shaping (docs/algorithm.md §4.3): the KL terms cancel between the streams, r_t + c_t = [t = end]·(R + C).
    const n = advantages.tokens.length;
    expect(n).toBe(score.samples[0].length);
    for (let t = 0; t < n; t++) {
      const sum = advantages.shapedReward[t] + advantages.shapedCost![t];
      expect(sum).toBeCloseTo(t === n - 1 ? score.samples[0].reward! + score.samples[0].cost! : 0, 4);
    }
    expect(advantages.costAdvantage).toHaveLength(n);
    expect(lambda.updated).toBe(true);
    const expected = Math.exp(
      lagrangeUpdate({ logLambda: Math.log(lambda.before), lr: lambda.lambdaLr, meanEpisodeCost: lambda.episodeCost, threshold: lambda.threshold, lambdaMax: lambda.lambdaMax }),
    );
    expect(lambda.after).toBeCloseTo(expected, 10);
    expect(lambda.episodeCost).toBeCloseTo(score.episodeCost, 10);
    expect(update.lambda).toBeCloseTo(lambda.after, 10);
    expect(Number.isFinite(update.actorLoss) && Number.isFinite(update.costCriticLoss)).toBe(true);
    engine.dispose();
  });
});
