import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { setNodeBackend } from './nodeBackends';
import { PICK_LAST } from './wasmKernels';
import { setWasmLoops, wasmLoopsInUse } from './wasmLoops';

/** Runs `f` on cpu and on wasm (with the replacement kernels) and returns both results as plain arrays. */
async function onBoth(f: () => tf.Tensor | tf.Tensor[]): Promise<{ cpu: number[][]; wasm: number[][]; shapes: number[][] }> {
  const run = async () => {
    const out = tf.tidy(f);
    const list = Array.isArray(out) ? out : [out];
    const values = await Promise.all(list.map(async (t) => Array.from(await t.data())));
    const shapes = list.map((t) => t.shape);
    tf.dispose(list);
    return { values, shapes };
  };
  await setNodeBackend('cpu');
  const cpu = await run();
  await setNodeBackend('wasm');
  const wasm = await run();
  expect(wasm.shapes).toEqual(cpu.shapes);
  return { cpu: cpu.values, wasm: wasm.values, shapes: cpu.shapes };
}

function expectClose(a: number[][], b: number[][], tolerance = 1e-5): void {
  expect(a.length).toBe(b.length);
  a.forEach((values, i) => {
    expect(values.length).toBe(b[i].length);
    values.forEach((v, j) => expect(Math.abs(v - b[i][j])).toBeLessThanOrEqual(tolerance * Math.max(1, Math.abs(v))));
  });
}

/** Deterministic values made in JS (so both backends start from identical inputs). */
const ramp = (shape: number[], phase = 0) =>
  tf.tensor(Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => Math.sin(i + phase)), shape);


/** The cases' outputs (shapes and float bits) with the wasm loops module and with the JS fallback; no tensor left. */
async function expectSameBitsWithoutWasmLoops(cases: () => tf.Tensor[]): Promise<void> {
  const run = async () => {
    const out = tf.tidy(cases);
    const result = await Promise.all(out.map(async (t) => ({ shape: t.shape, bits: Array.from(new Uint32Array((await t.data()).buffer)) })));
    tf.dispose(out);
    return result;
  };
  const before = tf.memory().numTensors;
  const fast = await run();
  setWasmLoops(false);
  try {
    expect(await run()).toEqual(fast);
  } finally {
    setWasmLoops(true);
  }
  expect(tf.memory().numTensors).toBe(before);
}

describe('replacement wasm kernels', () => {
  afterAll(async () => setNodeBackend('cpu'));

  it('slice, split and unstack give the same values as cpu (contiguous and strided, int32 too)', async () => {
    const { cpu, wasm } = await onBoth(() => {
      const x = ramp([3, 4, 5, 6]);
      return [
        x.slice([1, 0, 0, 0], [2, 4, 5, 6]),
        x.slice([0, 1, 2, 3], [3, 2, 3, 2]),
        x.slice([2, 3, 4, 5], [1, 1, 1, 1]),
        ...tf.split(x, [2, 3], 2),
        ...tf.unstack(x, 1),
        ...tf.unstack(tf.range(0, 12, 1, 'int32').reshape([3, 4]), 1).map((t) => t.toFloat()),
        ramp([2, 3, 4, 5, 2]).slice([1, 0, 1, 2, 0], [1, 3, 2, 2, 2]),
      ];
    });
    expectClose(wasm, cpu, 0);
  });

  it('PICK_LAST picks x[..., id] as the one-hot product does (0 for ids outside the vocabulary)', async () => {
    const ids = [[4, 0, 6], [2, 7, -1]];
    await setNodeBackend('cpu');
    const reference = tf.tidy(() => tf.sum(tf.mul(ramp([2, 3, 7]), tf.oneHot(tf.tensor2d(ids, [2, 3], 'int32'), 7).toFloat()), 2).arraySync());
    await setNodeBackend('wasm');
    const picked = tf.tidy(() =>
      (tf.engine().runKernel(PICK_LAST, { x: ramp([2, 3, 7]), indices: tf.tensor2d(ids, [2, 3], 'int32') }, {}) as tf.Tensor).arraySync(),
    );
    expect(picked).toEqual(reference);
  });

  it('transposed matMuls (as in every matMul gradient) agree with cpu', async () => {
    const { cpu, wasm } = await onBoth(() => {
      const a = ramp([5, 7]);
      const b = ramp([7, 3], 1);
      const batchA = ramp([2, 5, 7]);
      const batchB = ramp([2, 3, 7], 1);
      return [
        tf.matMul(a, b),
        tf.matMul(a, a, true, false),
        tf.matMul(a, a, false, true),
        tf.matMul(b, a, true, true),
        tf.matMul(batchA, batchB, false, true),
        tf.matMul(batchA, batchA, true, false),
      ];
    });
    expectClose(wasm, cpu);
  });

  it('gather (rows, inner axes, batchDims, int32, single elements) agrees with cpu; bad ids throw', async () => {
    const { cpu, wasm } = await onBoth(() => {
      const table = ramp([6, 20]);
      const small = ramp([5, 3]);
      const ids = tf.tensor2d([0, 3, 3, 5, 1, 3], [2, 3], 'int32');
      const x3 = ramp([2, 4, 3]);
      return [
        tf.gather(table, ids),
        tf.gather(ramp([6, 70]), ids.reshape([6])),
        tf.gather(tf.range(0, 5 * 65, 1, 'int32').reshape([5, 65]), tf.tensor1d([4, 0, 4], 'int32')).toFloat(),
        tf.gather(small, ids.slice([0, 0], [1, 3]).reshape([3])),
        tf.gather(x3, tf.tensor1d([2, 0, 2], 'int32'), 1),
        tf.gather(x3, tf.tensor1d([1, 1], 'int32'), 2),
        tf.gather(x3, tf.tensor2d([3, 0, 1, 1], [2, 2], 'int32'), 1, 1),
        tf.gather(tf.range(0, 12, 1, 'int32').reshape([4, 3]), tf.tensor1d([3, 1], 'int32')).toFloat(),
        tf.gather(ramp([4]), tf.tensor1d([3, 0, 3], 'int32')),
      ];
    });
    expectClose(wasm, cpu, 0);
    expect(() => tf.tidy(() => tf.gather(ramp([3, 2]), tf.tensor1d([0, 3], 'int32')))).toThrow(/not in \[0, 2\]/);
  });

  it('gather gradients (unsortedSegmentSum) agree with cpu, repeated and out-of-range ids included', async () => {
    const { cpu, wasm } = await onBoth(() => {
      const table = ramp([6, 4]);
      const ids = tf.tensor2d([0, 3, 3, 5, 1, 3], [2, 3], 'int32');
      const weights = ramp([2, 3, 4], 2);
      return [
        tf.grad((t: tf.Tensor) => tf.gather(t, ids).mul(weights).sum())(table),
        tf.unsortedSegmentSum(ramp([5, 2]), tf.tensor1d([1, -1, 1, 7, 0], 'int32'), 3),
      ];
    });
    expectClose(wasm, cpu);
  });

  it('conv2d filter gradients (same and valid padding, stride 2) agree with cpu', async () => {
    const { cpu, wasm } = await onBoth(() => {
      const x = ramp([2, 6, 5, 3]);
      const w = ramp([3, 3, 3, 4], 1);
      const grad = (pad: 'same' | 'valid', stride: number) =>
        tf.grad((filter: tf.Tensor) => tf.conv2d(x as tf.Tensor4D, filter as tf.Tensor4D, stride, pad).square().sum())(w);
      return [grad('same', 1), grad('valid', 1), grad('same', 2)];
    });
    expectClose(wasm, cpu, 1e-4);
  });

  it('conv2d input gradients (same and valid stride 1, 5×3 kernel; stride 2 on the fallback) agree with cpu', async () => {
    const { cpu, wasm } = await onBoth(() => {
      const x = ramp([2, 6, 5, 3]);
      const grad = (shape: number[], pad: 'same' | 'valid', stride: number) => {
        const w = ramp(shape, 1) as tf.Tensor4D;
        return tf.grad((input: tf.Tensor) => tf.conv2d(input as tf.Tensor4D, w, stride, pad).square().sum())(x);
      };
      return [grad([3, 3, 3, 4], 'same', 1), grad([3, 3, 3, 4], 'valid', 1), grad([5, 3, 3, 2], 'same', 1), grad([3, 3, 3, 4], 'same', 2)];
    });
    expectClose(wasm, cpu, 1e-4);
  });

  it('max-pool gradients (2×2 stride 2, odd sizes, 3×3 same stride 1) agree with cpu', async () => {
    const { cpu, wasm } = await onBoth(() => {
      const grad = (shape: [number, number, number, number], size: number, stride: number, pad: 'same' | 'valid') => {
        const weights = ramp(tf.maxPool(tf.zeros(shape) as tf.Tensor4D, size, stride, pad).shape, 3);
        return tf.grad((x: tf.Tensor) => tf.maxPool(x as tf.Tensor4D, size, stride, pad).mul(weights).sum())(ramp(shape, 2));
      };
      return [grad([2, 6, 6, 3], 2, 2, 'valid'), grad([2, 7, 5, 2], 2, 2, 'valid'), grad([1, 5, 4, 2], 3, 1, 'same')];
    });
    expectClose(wasm, cpu, 1e-6); // overlapping windows sum in another order
  });

  it('identity (tf.clone) shares data safely: clones outlive their source and keep their values across assigns', async () => {
    await setNodeBackend('wasm');
    const values = (t: tf.Tensor) => Array.from(t.dataSync());
    const expectedV = tf.tidy(() => values(ramp([2, 3])));
    const expectedSource = tf.tidy(() => values(ramp([4], 1)));
    const before = tf.memory().numTensors;
    const v = tf.tidy(() => tf.variable(ramp([2, 3])));
    const snapshot = tf.clone(v);
    const source = ramp([4], 1);
    const copy = tf.clone(source);
    source.dispose();
    tf.tidy(() => v.assign(tf.zeros([2, 3])));
    expect(values(snapshot)).toEqual(expectedV);
    expect(values(v)).toEqual([0, 0, 0, 0, 0, 0]);
    expect(values(copy)).toEqual(expectedSource);
    tf.dispose([v, snapshot, copy]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('sum over leading axes (column sums in wasm) gives tfjs-wasm\'s own sums to the bit; other sums are unchanged', async () => {
    await setNodeBackend('wasm');
    expect(wasmLoopsInUse()).toBe(true);
    const x = tf.tidy(() => tf.randomNormal([7, 5, 13], 0, 3, 'float32', 11));
    const cases = (): tf.Tensor[] => [
      tf.sum(x, 0), tf.sum(x, [0, 1]), tf.sum(x, [1, 0], true), tf.sum(x.reshape([35, 13]), 0), tf.sum(x, -1), tf.sum(x, 1),
      tf.sum(x), tf.sum(x.toInt(), 0),
    ];
    await expectSameBitsWithoutWasmLoops(cases);
    x.dispose();
  });

  it('add (one shape, or broadcast along leading axes, in wasm) gives tfjs-wasm\'s own sums to the bit', async () => {
    await setNodeBackend('wasm');
    const r = (shape: number[], seed: number) => tf.randomNormal(shape, 0, 3, 'float32', seed);
    const cases = (): tf.Tensor[] => [
      tf.add(r([7, 5, 13], 1), r([13], 2)), tf.add(r([13], 3), r([7, 5, 13], 4)), tf.add(r([7, 5, 13], 5), r([5, 13], 6)),
      tf.add(r([6, 9], 7), r([6, 9], 8)), tf.add(r([11, 1], 9), r([1], 10)), tf.add(r([1, 13], 11), r([4, 1, 13], 12)),
      tf.add(r([5, 1], 13), r([1, 7], 14)), tf.add(r([4, 3], 15), r([4, 1], 16)), tf.add(tf.scalar(2), tf.scalar(3)),
      tf.add(r([3], 17).toInt(), tf.ones([3], 'int32')),
    ];
    await expectSameBitsWithoutWasmLoops(cases);
  });
});
