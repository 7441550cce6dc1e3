import * as tf from '@tensorflow/tfjs';
import { seededRng } from './layers';
import type { ModelSizes } from './sizes';

/** Tiny sizes and seeded random inputs for fast model tests. */
export const TINY: ModelSizes = {
  vocabSize: 30,
  embedSize: 8,
  hiddenSize: 12,
  imageSize: 8,
  cnnChannels: 4,
  maxQuestionTokens: 5,
  maxResponseTokens: 6,
};

export function modelFixture(batch: number, steps = TINY.maxResponseTokens) {
  const rng = seededRng('fixture');
  const images = tf.tensor4d(
    Float32Array.from({ length: batch * 8 * 8 * 3 }, () => rng()),
    [batch, 8, 8, 3],
  );
  const questions = tf.tensor2d(
    Int32Array.from({ length: batch * 5 }, (_, i) => (i % 5 < 3 ? 4 + Math.floor(rng() * 26) : 0)),
    [batch, 5],
    'int32',
  );
  const tokens = tf.tensor2d(
    Int32Array.from({ length: batch * steps }, () => 4 + Math.floor(rng() * 26)),
    [batch, steps],
    'int32',
  );
  return { images, questions, tokens };
}

