import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { setNodeBackend } from '../../compute/nodeBackends';
import { Vocabulary } from '../../data/tokenizer';
import { PpoEngine } from './engine';
import { initFromPayload, memberPayload } from './memberPayload';
import { disposeModels, tinyConfig, tinyInit, tinyModels } from './testing/fixtures';
import { PPO_METRIC_COLUMNS } from './types';

describe("a member worker's payload", () => {
  it('survives a structured clone and rebuilds models whose runs equal the originals to the bit', async () => {
    await setNodeBackend('wasm');
    const models = tinyModels(5);
    const codec = Vocabulary.build(['alpha beta gamma delta'], 16);
    const config = tinyConfig({ seed: 3, iterations: 2 });
    const init = { ...tinyInit(config, models), codec, questionText: (index: number) => `question ${index}` };
    const before = tf.memory().numTensors;
    const payload = structuredClone(await memberPayload(init, [3]));
    expect(payload.seeds).toEqual([3]);
    expect(payload.questions[5]).toBe('question 5');
    const rebuilt = initFromPayload(payload, init.isRefusal);
    expect(rebuilt.codec.decode([4, 5, 2])).toBe(codec.decode([4, 5, 2]));
    expect(rebuilt.questionText?.(2)).toBe('question 2');
    for (const key of ['sftPolicy', 'rewardModel', 'costModel', 'guard'] as const) {
      const original = await Promise.all(Object.values(init[key]!.getWeights()).map((t) => t.data()));
      const copy = await Promise.all(Object.values(rebuilt[key]!.getWeights()).map((t) => t.data()));
      expect(copy, key).toEqual(original);
    }
    const a = new PpoEngine(init);
    const b = new PpoEngine({ ...rebuilt, config });
    for (let i = 0; i < 2; i++) {
      const [ra, rb] = [await a.step(), await b.step()];
      for (const column of PPO_METRIC_COLUMNS.filter((c) => !c.startsWith('ms') && c !== 'tokensPerSecond')) {
        expect(Object.is(ra.row![column], rb.row![column]), `${column}`).toBe(true);
      }
    }
    a.dispose();
    b.dispose();
    disposeModels({ sftPolicy: rebuilt.sftPolicy, rewardModel: rebuilt.rewardModel, costModel: rebuilt.costModel, guard: rebuilt.guard });
    expect(tf.memory().numTensors).toBe(before);
    disposeModels(models);
  }, 120_000);
});
