import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { setNodeBackend } from '../compute/nodeBackends';
import { Policy } from '../models/policy';
import { tinyConfig, tinyPromptData, TINY_SIZES } from './ppo/testing/fixtures';
import { sftExamples, trainSft, type SftRow } from './sft';

describe('trainSft', () => {
  beforeAll(async () => setNodeBackend('cpu'));

  it('picks the targets by sftSource from trainable train-split records only', () => {
    const data = tinyPromptData(10);
    data.trainable[0] = 0;
    const train = [2, 4, 6, 8]; // even indices are train; record 0 is not trainable
    expect(sftExamples(data, 'all')).toEqual(train.flatMap((record) => [{ record, k: 0 }, { record, k: 1 }]));
    expect(sftExamples(data, 'helpful')).toEqual(train.map((record) => ({ record, k: data.moreHelpful[record] })));
    expect(sftExamples(data, 'safer')).toEqual(train.map((record) => ({ record, k: data.safer[record] })));
  });

  it('lowers the teacher-forced loss, streams rows, is seeded, and leaks no tensors', async () => {
    const data = tinyPromptData(40);
    const config = tinyConfig({ sftEpochs: 30, sftLr: 1e-2, sftSource: 'helpful' });
    const run = async () => {
      const policy = Policy.create(TINY_SIZES, 2);
      const rows: SftRow[] = [];
      const before = tf.memory().numTensors;
      const result = await trainSft(policy, data, config, { onStep: (row) => rows.push(row) });
      expect(tf.memory().numTensors).toBe(before);
      policy.dispose();
      return { rows, result };
    };
    const { rows, result } = await run();
    expect(rows.length).toBe(30); // 20 train records → 20 targets → 1 batch per epoch
    expect(rows[rows.length - 1].epoch).toBe(30);
    expect(result.loss).toBeLessThan(rows[0].loss * 0.85);
    expect(result.tokenAccuracy).toBeGreaterThan(rows[0].tokenAccuracy);
    const again = await run();
    expect(again.rows.map((r) => r.loss)).toEqual(rows.map((r) => r.loss));
  });
});
