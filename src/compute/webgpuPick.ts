/**
 * PICK_LAST (./wasmKernels.ts) as WGSL for the webgpu backend: x [..., V] float32, ids [...] int32 →
 * out[i] = x[i·V + ids[i]], 0 where an id is outside [0, V). One dispatch and one read per id, where the op-by-op
 * graph builds a one-hot [..., V], multiplies and sums (three full passes over the vocabulary head's logits).
 */
import type * as tf from '@tensorflow/tfjs';
import { elementwiseProgram, type WebGpuKernelArgs } from './webgpuProgram';

export function webgpuPickLast({ inputs, backend }: WebGpuKernelArgs): tf.TensorInfo {
  const { x, indices } = inputs;
  const vocab = x.shape[x.shape.length - 1];
  const program = elementwiseProgram(
    'playgroundPickLast',
    ['logits', 'ids'],
    [...indices.shape],
    `
    let id = ids[index];
    let vocab = uniforms.vocab;
    setOutputAtIndex(index, select(0.0, logits[index * vocab + clamp(id, 0, vocab - 1)], id >= 0 && id < vocab));`,
    'vocab : i32,',
  );
  return backend.runWebGPUProgram(program, [x, indices], 'float32', [{ type: 'int32', data: [vocab] }]);
}
