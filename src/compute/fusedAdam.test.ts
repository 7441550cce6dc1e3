import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { ADAM_UPDATE, PlaygroundAdam } from './fusedAdam';
import { setNodeBackend } from './nodeBackends';

const values = (n: number, phase: number, scale = 1) =>
  Float32Array.from({ length: n }, (_, i) => Math.sin(i * 0.61 + phase) * scale);

/** Four Adam steps on two variables with fixed gradients (one variable skipped once); the weights and moments. */
async function adamRun(make: () => tf.AdamOptimizer): Promise<number[][]> {
  const a = tf.tidy(() => tf.variable(tf.tensor2d(values(12, 1), [3, 4])));
  const b = tf.tidy(() => tf.variable(tf.tensor1d(values(5, 2, 3))));
  const optimizer = make();
  for (let step = 0; step < 4; step++) {
    tf.tidy(() => {
      const grads: Record<string, tf.Tensor> = { [a.name]: tf.tensor2d(values(12, step, 10 ** (step - 2)), [3, 4]) };
      if (step !== 2) grads[b.name] = tf.tensor1d(values(5, step + 7, 0.3));
      optimizer.applyGradients(grads as Parameters<tf.AdamOptimizer['applyGradients']>[0]);
    });
  }
  const weights = await optimizer.getWeights();
  const out = await Promise.all([a, b, ...weights.slice(1).map((w) => w.tensor)].map(async (t) => Array.from(await t.data())));
  optimizer.dispose();
  tf.dispose([a, b, weights[0].tensor]);
  return out;
}

describe('fused Adam', () => {
  afterAll(async () => setNodeBackend('cpu'));

  it('gives bit-identical weights and moments to tf.train.adam on wasm (fused) and on cpu (tf.js ops)', async () => {
    for (const backend of ['wasm', 'cpu'] as const) {
      await setNodeBackend(backend);
      expect(tf.getKernel(ADAM_UPDATE, backend) !== undefined).toBe(backend === 'wasm');
      const before = tf.memory().numTensors;
      const reference = await adamRun(() => tf.train.adam(3e-3, 0.9, 0.95, 1e-7));
      const fused = await adamRun(() => new PlaygroundAdam(3e-3, 0.9, 0.95, 1e-7));
      expect(tf.memory().numTensors).toBe(before);
      expect(fused).toEqual(reference);
    }
  });
});
