/**
 * The playground's fused kernels for the 'webgpu' backend, as WGSL programs run through tfjs-backend-webgpu
 * (./webgpuGru.ts, ./webgpuAdam.ts, ./webgpuPick.ts): the GRU over all steps forward and backward, the Adam step and
 * the token pick, under the same kernel names as the wasm ones, so the models and the optimizer take the fused path
 * on webgpu too (fusedGruAvailable(), PlaygroundAdam.fusedStepAvailable(), the PICK_LAST check in policy.ts).
 * Also replaces the library's AddN with one that works for any number of inputs (./webgpuAddN.ts).
 */
import * as tf from '@tensorflow/tfjs';
import { ADAM_UPDATE } from './fusedAdam';
import { GRU_SEQUENCE, GRU_SEQUENCE_GRAD } from './fusedGru';
import { webgpuAdamUpdate } from './webgpuAdam';
import { chunkedAddN } from './webgpuAddN';
import { webgpuGruBackward, webgpuGruForward } from './webgpuGru';
import { webgpuPickLast } from './webgpuPick';
import { PICK_LAST } from './wasmKernels';

const BACKEND = 'webgpu';

const KERNELS: [string, (args: never) => tf.TensorInfo | tf.TensorInfo[]][] = [
  [GRU_SEQUENCE, webgpuGruForward],
  [GRU_SEQUENCE_GRAD, webgpuGruBackward],
  [ADAM_UPDATE, webgpuAdamUpdate],
  [PICK_LAST, webgpuPickLast],
];

let addNReplaced = false;

/** Registers the kernels above for 'webgpu' (once; later calls do nothing). Call after importing the webgpu backend. */
export function registerWebGpuKernels(): void {
  const addN = tf.getKernel('AddN', BACKEND);
  if (addN && !addNReplaced) {
    addNReplaced = true;
    tf.unregisterKernel('AddN', BACKEND);
    tf.registerKernel({ ...addN, kernelFunc: chunkedAddN(addN.kernelFunc as never) as unknown as tf.KernelFunc });
  }
  for (const [kernelName, kernelFunc] of KERNELS) {
    if (tf.getKernel(kernelName, BACKEND)) continue;
    tf.registerKernel({ kernelName, backendName: BACKEND, kernelFunc: kernelFunc as unknown as tf.KernelFunc });
  }
}
