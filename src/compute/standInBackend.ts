// A stand-in backend that computes wrong gradients, to show that the numerics check refuses such a backend (unit
// tests; in the app only with `?e2e-hooks&standin-backend`, see src/worker/systemHandlers.ts). It is the cpu backend
// with one fault: a matMul with a transposed first operand, which the forward passes never use and every weight
// gradient dW = xᵀ·dy does, comes out scaled by 1.5, as a faulty GPU kernel would (tfjs issue 8590).
// A second stand-in, 'broken-addn', is the cpu backend whose AddN of more than 7 inputs sums only the first 7: what
// tfjs-webgpu 4.22's AddN did past its device's binding limit (src/compute/webgpuAddN.ts), which the gradient passes
// never hit and the global-norm clip (one AddN over every variable) does.
import * as tf from '@tensorflow/tfjs';
import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';

export const STAND_IN_BACKEND = 'wrong-gradients';
export const BROKEN_ADDN_BACKEND = 'broken-addn';
const ADDN_INPUTS_SUMMED = 7;
const WRONG_BY = 1.5;

/** Registers the stand-in backend (once) at the lowest priority, so tf.js never picks it by itself. */
export function registerStandInBackend(): void {
  if (tf.engine().registryFactory[STAND_IN_BACKEND]) return;
  tf.registerBackend(STAND_IN_BACKEND, () => new MathBackendCPU(), -1);
  for (const config of tf.getKernelsForBackend('cpu')) {
    if (config.kernelName === 'BatchMatMul') continue;
    tf.registerKernel({ ...config, backendName: STAND_IN_BACKEND });
  }
  const matMul = tf.getKernel('BatchMatMul', 'cpu')!;
  const multiply = tf.getKernel('Multiply', 'cpu')!;
  tf.registerKernel({
    ...matMul,
    backendName: STAND_IN_BACKEND,
    kernelFunc: (args) => {
      const product = matMul.kernelFunc(args) as tf.TensorInfo;
      if (!args.attrs?.transposeA) return product;
      const backend = args.backend as MathBackendCPU;
      const factor = backend.makeTensorInfo([], 'float32', new Float32Array([WRONG_BY]));
      const wrong = multiply.kernelFunc({ inputs: { a: product, b: factor }, backend, attrs: {} }) as tf.TensorInfo;
      backend.disposeIntermediateTensorInfo(product);
      backend.disposeIntermediateTensorInfo(factor);
      return wrong;
    },
  });
}

/** Registers the 'broken-addn' stand-in (once) at the lowest priority. */
export function registerBrokenAddNBackend(): void {
  if (tf.engine().registryFactory[BROKEN_ADDN_BACKEND]) return;
  tf.registerBackend(BROKEN_ADDN_BACKEND, () => new MathBackendCPU(), -1);
  for (const config of tf.getKernelsForBackend('cpu')) {
    if (config.kernelName === 'AddN') continue;
    tf.registerKernel({ ...config, backendName: BROKEN_ADDN_BACKEND });
  }
  const addN = tf.getKernel('AddN', 'cpu')!;
  tf.registerKernel({
    ...addN,
    backendName: BROKEN_ADDN_BACKEND,
    kernelFunc: (args) => {
      const inputs = args.inputs as unknown as tf.TensorInfo[];
      const kept = inputs.length > ADDN_INPUTS_SUMMED ? inputs.slice(0, ADDN_INPUTS_SUMMED) : inputs;
      return addN.kernelFunc({ ...args, inputs: kept as unknown as tf.NamedTensorInfoMap });
    },
  });
}
