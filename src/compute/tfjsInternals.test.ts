import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { afterAll, describe, expect, it } from 'vitest';
import { setNodeBackend } from './nodeBackends';
import { adamInternals, checkAdam, checkWasmBackend, TFJS_INTERNALS_VERSION, wasmMemoryOffset, wasmTensorId } from './tfjsInternals';

describe('tf.js internals the fused kernels use', () => {
  afterAll(() => setNodeBackend('cpu'));

  it('are the version they were written against', () => {
    // An upgrade must rerun this file: the checks below then name what moved.
    expect(tf.version.tfjs).toBe(TFJS_INTERNALS_VERSION);
  });

  it('are all there on the installed wasm backend', async () => {
    await setNodeBackend('wasm');
    const backend = tf.backend() as unknown as BackendWasm;
    expect(checkWasmBackend(backend)).toEqual([]);
    const x = tf.tensor1d([4, 5, 6]);
    const info = { dataId: x.dataId, shape: x.shape, dtype: x.dtype } as tf.TensorInfo;
    expect(Number.isInteger(wasmTensorId(backend, info))).toBe(true);
    const heap = backend.typedArrayFromHeap(info as Parameters<BackendWasm['typedArrayFromHeap']>[0]);
    expect(wasmMemoryOffset(backend, info)).toBe(heap.byteOffset);
    x.dispose();
  });

  it("are all there in tf.js's AdamOptimizer after a step", () => {
    const v = tf.variable(tf.tensor1d([1, 2]));
    const optimizer = tf.train.adam(0.1, 0.9, 0.999, 1e-7);
    const gradients = { [v.name]: tf.tensor1d([0.5, -0.5]) } as Parameters<tf.AdamOptimizer['applyGradients']>[0];
    tf.tidy(() => optimizer.applyGradients(gradients));
    tf.dispose(Object.values(gradients as tf.NamedTensorMap));
    expect(checkAdam(optimizer)).toEqual([]);
    expect(adamInternals(optimizer).accumulatedFirstMoment).toHaveLength(1);
    optimizer.dispose();
    v.dispose();
  });

  it('name what is missing when an upgrade moves it', () => {
    const fakeBackend = { wasm: { _malloc: () => 0, HEAP32: new Int32Array(1) } } as unknown as BackendWasm;
    const problems = checkWasmBackend(fakeBackend);
    expect(problems.some((p) => p.includes('BackendWasm.dataIdMap.get is missing'))).toBe(true);
    expect(problems.some((p) => p.includes('_free is missing'))).toBe(true);
    expect(problems.some((p) => p.startsWith('optional:') && p.includes('_BatchMatMul'))).toBe(true);
    const fakeAdam = { accumulatedFirstMoment: [], accBeta1: 0.9, beta1: 0.9 } as unknown as tf.AdamOptimizer;
    const adamProblems = checkAdam(fakeAdam);
    expect(adamProblems).toContain('AdamOptimizer.accBeta1 is not a tf.Variable');
    expect(adamProblems).toContain('AdamOptimizer.accumulatedSecondMoment is not an array');
    expect(adamProblems).toContain('AdamOptimizer.incrementIterations is not a method');
  });
});
