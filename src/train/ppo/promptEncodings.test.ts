import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setNodeBackend } from '../../compute/nodeBackends';
import { ScoreModel } from '../../models/scoreModel';
import { FrozenPromptEncodings } from './promptEncodings';
import { promptTensors } from './prompts';
import { TINY_SIZES, tinyPromptData } from './testing/fixtures';

describe('FrozenPromptEncodings', () => {
  const data = tinyPromptData(24);
  const models = [ScoreModel.create(TINY_SIZES, 'a'), ScoreModel.create(TINY_SIZES, 'b')];
  afterAll(() => models.forEach((m) => m.dispose()));

  for (const backend of ['cpu', 'wasm'] as const) {
    describe(backend, () => {
      beforeAll(async () => setNodeBackend(backend));

      it('gives the bits of a fresh encode of the whole batch, from kept rows, without holding tensors', async () => {
        const cache = new FrozenPromptEncodings(data);
        const fresh = (indices: number[], model: ScoreModel) =>
          tf.tidy(() => {
            const { images, questions } = promptTensors(data, indices);
            return model.prompt.encode(images, questions);
          });
        const before = tf.memory().numTensors;
        // Draws overlapping earlier ones (some rows kept, some new, one repeated within the draw).
        for (const indices of [[0, 2, 4], [4, 6, 0, 8, 8], [10, 2, 6, 12, 14, 0]]) {
          const got = await cache.encode(models.map((m) => m.prompt), indices);
          for (let i = 0; i < models.length; i++) {
            const want = fresh(indices, models[i]);
            expect(got[i].shape).toEqual(want.shape);
            expect(new Uint32Array((await got[i].data()).buffer)).toEqual(new Uint32Array((await want.data()).buffer));
            want.dispose();
          }
          tf.dispose(got);
        }
        expect(tf.memory().numTensors).toBe(before);
        cache.clear();
      });

      it('keys rows by encoder: another model never reads them', async () => {
        const cache = new FrozenPromptEncodings(data);
        const [a] = await cache.encode([models[0].prompt], [0, 2]);
        const [b] = await cache.encode([models[1].prompt], [0, 2]);
        expect(Array.from(await a.data())).not.toEqual(Array.from(await b.data()));
        tf.dispose([a, b]);
      });
    });
  }
});
