import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { ADAM_UPDATE, PlaygroundAdam } from './fusedAdam';
import { setNodeBackend } from './nodeBackends';
import { setWasmLoops, wasmLoopsInUse } from './wasmLoops';

const values = (n: number, phase: number, scale = 1) =>
  Float32Array.from({ length: n }, (_, i) => Math.sin(i * 0.61 + phase) * scale);

type Step = (optimizer: tf.AdamOptimizer, grads: Record<string, tf.Tensor>, scale: tf.Scalar) => void;

/** Plain steps (the scale unused). */
const plain: Step = (optimizer, grads) => optimizer.applyGradients(grads as Parameters<tf.AdamOptimizer['applyGradients']>[0]);

/**
 * Four Adam steps on two variables with fixed gradients (one variable skipped once); the weights and moments. `step`
 * applies them (scale: a clipping factor).
 */
async function adamRun(make: () => tf.AdamOptimizer, step: Step = plain): Promise<number[][]> {
  const a = tf.tidy(() => tf.variable(tf.tensor2d(values(12, 1), [3, 4])));
  const b = tf.tidy(() => tf.variable(tf.tensor1d(values(5, 2, 3))));
  const optimizer = make();
  for (let step_ = 0; step_ < 4; step_++) {
    tf.tidy(() => {
      const grads: Record<string, tf.Tensor> = { [a.name]: tf.tensor2d(values(12, step_, 10 ** (step_ - 2)), [3, 4]) };
      if (step_ !== 2) grads[b.name] = tf.tensor1d(values(5, step_ + 7, 0.3));
      step(optimizer, grads, tf.scalar(0.37 + 0.1 * step_));
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

  it('applyScaledGradients (the clipping factor inside the fused step) equals applying gradients·scale, to the bit', async () => {
    await setNodeBackend('wasm');
    const scaledReference: Step = (optimizer, grads, scale) =>
      optimizer.applyGradients(Object.fromEntries(Object.entries(grads).map(([name, g]) => [name, tf.mul(g, scale)])) as Parameters<tf.AdamOptimizer['applyGradients']>[0]);
    const reference = await adamRun(() => tf.train.adam(3e-3, 0.9, 0.95, 1e-7), scaledReference);
    const before = tf.memory().numTensors;
    const fused = await adamRun(
      () => new PlaygroundAdam(3e-3, 0.9, 0.95, 1e-7),
      (optimizer, grads, scale) => (optimizer as PlaygroundAdam).applyScaledGradients(grads, scale),
    );
    expect(tf.memory().numTensors).toBe(before);
    expect(fused).toEqual(reference);
  });

  it('gives the same bits with its JS loop as with the wasm SIMD one (12 and 5 elements: vector and scalar parts)', async () => {
    await setNodeBackend('wasm');
    expect(wasmLoopsInUse()).toBe(true);
    const simd = await adamRun(() => new PlaygroundAdam(3e-3, 0.9, 0.95, 1e-7));
    setWasmLoops(false);
    try {
      expect(await adamRun(() => new PlaygroundAdam(3e-3, 0.9, 0.95, 1e-7))).toEqual(simd);
    } finally {
      setWasmLoops(true);
    }
  });
});
