import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { ADAM_UPDATE } from './fusedAdam';
import { GRU_SEQUENCE, GRU_SEQUENCE_GRAD } from './fusedGru';
import { PICK_LAST } from './wasmKernels';
import { registerWebGpuKernels } from './webgpuKernels';

// The kernels themselves run only in a browser with WebGPU: e2e/webgpuKernels.spec.ts checks them against cpu.
describe('registerWebGpuKernels', () => {
  it('registers the fused kernels for webgpu only, under the names the models and the optimizer look up', () => {
    registerWebGpuKernels();
    registerWebGpuKernels(); // idempotent
    for (const name of [GRU_SEQUENCE, GRU_SEQUENCE_GRAD, ADAM_UPDATE, PICK_LAST]) {
      expect(tf.getKernel(name, 'webgpu'), name).toBeDefined();
      expect(tf.getKernel(name, 'cpu'), name).toBeUndefined();
    }
  });
});
