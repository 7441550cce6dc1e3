import { describe, expect, it } from 'vitest';
import type * as tf from '@tensorflow/tfjs';
import { chunkedAddN } from './webgpuAddN';
import type { WebGpuKernelArgs } from './webgpuProgram';

/** A stand-in backend: tensors are numbers in a map; the "library" AddN refuses more inputs than the limit allows. */
function fakeBackend(storageBuffers: number) {
  const values = new Map<number, number>();
  let next = 0;
  const calls: number[] = [];
  const make = (x: number): tf.TensorInfo => {
    const dataId = { id: next++ };
    values.set(dataId.id, x);
    return { dataId, shape: [], dtype: 'float32' };
  };
  const read = (info: tf.TensorInfo) => values.get((info.dataId as { id: number }).id)!;
  const backend = {
    device: { limits: { maxStorageBuffersPerShaderStage: storageBuffers } },
    disposeData: (dataId: { id: number }) => values.delete(dataId.id),
  };
  const original = ({ inputs }: WebGpuKernelArgs) => {
    const list = inputs as unknown as tf.TensorInfo[];
    if (list.length > storageBuffers - 1) throw new Error(`${list.length} inputs cannot be bound`);
    calls.push(list.length);
    return make(list.reduce((sum, info) => sum + read(info), 0));
  };
  return { backend, make, read, calls, values, original };
}

describe('chunkedAddN', () => {
  it('sums 20 inputs in groups the device can bind (7 + 7 + 6, then the 3 group sums), freeing the group sums', () => {
    const fake = fakeBackend(8);
    const inputs = Array.from({ length: 20 }, (_, i) => fake.make(i + 1));
    const out = chunkedAddN(fake.original)({ inputs: inputs as never, backend: fake.backend as never });
    expect(fake.read(out)).toBe(210);
    expect(fake.calls).toEqual([7, 7, 6, 3]);
    // The 20 inputs and the output remain; the three group sums were disposed.
    expect(fake.values.size).toBe(21);
  });

  it('recurses when even the group sums are too many to bind at once', () => {
    const fake = fakeBackend(3); // two inputs per program
    const inputs = Array.from({ length: 9 }, (_, i) => fake.make(i));
    const out = chunkedAddN(fake.original)({ inputs: inputs as never, backend: fake.backend as never });
    expect(fake.read(out)).toBe(36);
    expect(fake.values.size).toBe(10);
  });

  it('passes a sum the device can bind straight to the library kernel', () => {
    const fake = fakeBackend(8);
    const inputs = Array.from({ length: 7 }, (_, i) => fake.make(i));
    const out = chunkedAddN(fake.original)({ inputs: inputs as never, backend: fake.backend as never });
    expect(fake.read(out)).toBe(21);
    expect(fake.calls).toEqual([7]);
  });
});
