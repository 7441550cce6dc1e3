import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { gruSequence, gruStep, type GruWeights } from '../models/layers';
import { fusedGruAvailable } from './fusedGru';
import { setWasmLoops, wasmLoopsInUse } from './wasmLoops';
import { setNodeBackend } from './nodeBackends';

const values = (n: number, phase: number, scale = 1) =>
  Float32Array.from({ length: n }, (_, i) => Math.sin(i * 0.37 + phase) * scale);

/** Forward states, one single step and the gradients of a weighted sum of the states w.r.t. every input. */
async function gruOutputs(withMask: boolean, hidden = 6): Promise<number[][]> {
  const [batch, steps, input] = [3, 5, 4];
  const result = tf.tidy(() => {
    const params: GruWeights = {
      wx: tf.tensor2d(values(input * 3 * hidden, 1, 0.5), [input, 3 * hidden]),
      wh: tf.tensor2d(values(hidden * 3 * hidden, 2, 0.5), [hidden, 3 * hidden]),
      b: tf.tensor1d(values(3 * hidden, 3, 0.1)),
    };
    const xs = tf.tensor3d(values(batch * steps * input, 4), [batch, steps, input]);
    const h0 = tf.tensor2d(values(batch * hidden, 5, 0.8), [batch, hidden]);
    const mask = withMask ? tf.tensor2d([1, 1, 1, 0, 0, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0], [batch, steps]) : undefined;
    const weights = tf.tensor3d(values(batch * steps * hidden, 6), [batch, steps, hidden]);
    const loss = (x: tf.Tensor, h: tf.Tensor, wx: tf.Tensor, wh: tf.Tensor, b: tf.Tensor) =>
      gruSequence({ wx: wx as tf.Tensor2D, wh: wh as tf.Tensor2D, b: b as tf.Tensor1D }, x as tf.Tensor3D, h as tf.Tensor2D, mask)
        .mul(weights)
        .sum();
    const grads = tf.grads(loss)([xs, h0, params.wx, params.wh, params.b]);
    const states = gruSequence(params, xs, h0, mask);
    const step = gruStep(params, xs.slice([0, 0, 0], [batch, 1, input]).reshape([batch, input]) as tf.Tensor2D, h0);
    return [states, step, ...grads];
  });
  const out = await Promise.all(result.map(async (t) => Array.from(await t.data())));
  tf.dispose(result);
  return out;
}

describe('fused GRU sequence on wasm', () => {
  afterAll(async () => setNodeBackend('cpu'));

  it('is used on wasm only, and matches the op-by-op GRU on cpu in states and in every gradient', async () => {
    for (const withMask of [false, true]) {
      await setNodeBackend('cpu');
      expect(fusedGruAvailable()).toBe(false);
      const reference = await gruOutputs(withMask);
      await setNodeBackend('wasm');
      expect(fusedGruAvailable()).toBe(true);
      const before = tf.memory().numTensors;
      const fused = await gruOutputs(withMask);
      expect(tf.memory().numTensors).toBe(before);
      reference.forEach((expected, i) => {
        expect(fused[i].length).toBe(expected.length);
        expected.forEach((v, j) => expect(Math.abs(fused[i][j] - v), `output ${i}[${j}]`).toBeLessThan(2e-5 * Math.max(1, Math.abs(v))));
      });
    }
  });

  it('gives the same values without tfjs-wasm\'s exported C functions (the kernel-function path)', async () => {
    await setNodeBackend('wasm');
    const direct = await gruOutputs(true);
    const wasm = (tf.backend() as unknown as { wasm: Record<string, unknown> }).wasm;
    const saved = wasm._Sigmoid; // (tfjs-wasm's Sigmoid kernel keeps the function it looked up at setup)
    wasm._Sigmoid = undefined;
    try {
      expect(await gruOutputs(true)).toEqual(direct);
    } finally {
      wasm._Sigmoid = saved;
    }
  });

  it('gives the same bits with the JS gate loops as with the wasm SIMD ones (hidden 6 and 7: vector and scalar parts)', async () => {
    await setNodeBackend('wasm');
    expect(wasmLoopsInUse()).toBe(true);
    for (const hidden of [6, 7]) {
      for (const withMask of [false, true]) {
        const simd = await gruOutputs(withMask, hidden);
        setWasmLoops(false);
        try {
          expect(wasmLoopsInUse()).toBe(false);
          expect(await gruOutputs(withMask, hidden)).toEqual(simd);
        } finally {
          setWasmLoops(true);
        }
      }
    }
  });
});
