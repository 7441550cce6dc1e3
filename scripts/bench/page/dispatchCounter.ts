// Counts the WebGPU compute dispatches made while `run` runs: every tfjs-backend-webgpu program, the library's and
// the playground's fused ones (src/compute/webgpu*.ts), goes through backend.runWebGPUProgram, one dispatch each
// (none for an empty output). tf.profile counts engine kernels instead: a fused kernel of several dispatches counts
// once there, and an op the backend hands to the cpu counts there with no dispatch.
import * as tf from '@tensorflow/tfjs';

type Runner = { runWebGPUProgram: (...args: unknown[]) => unknown };

/** [run's result, dispatches] on webgpu; [run's result, NaN] on other backends. */
export async function countDispatches<T>(run: () => Promise<T>): Promise<[T, number]> {
  if (tf.getBackend() !== 'webgpu') return [await run(), NaN];
  const backend = tf.backend() as unknown as Runner;
  const original = backend.runWebGPUProgram;
  let dispatches = 0;
  backend.runWebGPUProgram = function (this: unknown, ...args: unknown[]) {
    const program = args[0] as { outputShape: number[] };
    if (program.outputShape.every((d) => d > 0)) dispatches++;
    return original.apply(this, args);
  };
  try {
    return [await run(), dispatches];
  } finally {
    backend.runWebGPUProgram = original;
  }
}
