/**
 * Adam with one kernel per variable on wasm. tf.js's AdamOptimizer runs ~14 elementwise kernels and three assigns
 * per variable and step (about 600 launches per PPO update with the actor and two critics, each launch paying the
 * engine's bookkeeping); the kernel here does the same float32 arithmetic in one JS pass over heap views:
 *   m' = m·β1 + g·(1 − β1),  v' = v·β2 + g²·(1 − β2),
 *   θ' = (m' / (1 − β1ᵗ)) / (√(v' / (1 − β2ᵗ)) + ε) · (−lr) + θ,
 * each product, sum, quotient and root rounded to float32 as the op-by-op graph rounds it (the same values to the
 * bit: IEEE float32 results computed in double and rounded once). WebGPU has its own WGSL kernel under the same name
 * (./webgpuAdam.ts); other backends keep tf.js's AdamOptimizer path.
 */
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { adamInternals, wasmMemoryOffset } from './tfjsInternals';
import { wasmLoops } from './wasmLoops';

type TensorInfo = tf.TensorInfo;
type KernelArgs = { inputs: Record<string, TensorInfo>; backend: BackendWasm; attrs?: tf.NamedAttrMap };

export const ADAM_UPDATE = 'PlaygroundAdamUpdate';

const f32 = Math.fround;

function view(backend: BackendWasm, info: TensorInfo): Float32Array {
  return backend.typedArrayFromHeap(info as Parameters<BackendWasm['typedArrayFromHeap']>[0]) as Float32Array;
}

/**
 * inputs value, m, v, gradient, oneMinusAccBeta1 [], oneMinusAccBeta2 [], optional scale [] (the gradient is used as
 * gradient·scale, rounded to float32 as tf.mul rounds it) → [value', m', v'].
 */
function adamUpdate({ inputs, backend, attrs }: KernelArgs): TensorInfo[] {
  const { value, m, v, gradient, oneMinusAccBeta1, oneMinusAccBeta2, scale } = inputs;
  const { beta1, beta2, epsilon, learningRate } = attrs as unknown as Record<string, number>;
  const outValue = backend.makeOutput(value.shape, 'float32');
  const outM = backend.makeOutput(value.shape, 'float32');
  const outV = backend.makeOutput(value.shape, 'float32');
  // Views only after the allocations (a malloc can grow and detach the heap).
  const theta = view(backend, value);
  const mV = view(backend, m);
  const vV = view(backend, v);
  const g = view(backend, gradient);
  const a1 = view(backend, oneMinusAccBeta1)[0];
  const a2 = view(backend, oneMinusAccBeta2)[0];
  const gScale = scale ? view(backend, scale)[0] : 1;
  const thetaOut = view(backend, outValue);
  const mOut = view(backend, outM);
  const vOut = view(backend, outV);
  // The scalars as tf.js makes them: float32 tensors of the JS numbers (1 − β computed in double first).
  const b1 = f32(beta1);
  const c1 = f32(1 - beta1);
  const b2 = f32(beta2);
  const c2 = f32(1 - beta2);
  const eps = f32(epsilon);
  const step = f32(-learningRate);
  const loops = wasmLoops(backend);
  if (loops) {
    // The loop below in wasm SIMD (the same float32 operations; scripts/wasm/loops.wat).
    const at = (info: TensorInfo) => wasmMemoryOffset(backend, info);
    loops.adam(at(value), at(m), at(v), at(gradient), at(outValue), at(outM), at(outV), theta.length, scale ? 1 : 0, gScale,
      b1, c1, b2, c2, a1, a2, eps, step);
    return [outValue, outM, outV];
  }
  for (let i = 0; i < theta.length; i++) {
    const gi = scale ? f32(g[i] * gScale) : g[i];
    const m1 = f32(f32(mV[i] * b1) + f32(gi * c1));
    const v1 = f32(f32(vV[i] * b2) + f32(f32(gi * gi) * c2));
    const mHat = f32(m1 / a1);
    const vHat = f32(v1 / a2);
    const ratio = f32(mHat / f32(f32(Math.sqrt(vHat)) + eps));
    mOut[i] = m1;
    vOut[i] = v1;
    thetaOut[i] = f32(f32(ratio * step) + theta[i]);
  }
  return [outValue, outM, outV];
}

export function registerFusedAdamKernel(): void {
  if (tf.getKernel(ADAM_UPDATE, 'wasm')) return;
  tf.registerKernel({ kernelName: ADAM_UPDATE, backendName: 'wasm', kernelFunc: adamUpdate as unknown as tf.KernelFunc });
}

type AdamGradients = Parameters<tf.AdamOptimizer['applyGradients']>[0];
type NamedTensor = { name: string; tensor: tf.Tensor };

/**
 * tf.js's AdamOptimizer (same state, weights and serialisation) whose step runs the fused kernel where the active
 * backend has it, and tf.js's own ops elsewhere.
 */
export class PlaygroundAdam extends tf.AdamOptimizer {
  /** Whether the active backend runs the fused step (else tf.js's AdamOptimizer ops). */
  fusedStepAvailable(): boolean {
    return tf.getKernel(ADAM_UPDATE, tf.getBackend()) !== undefined;
  }

  override applyGradients(variableGradients: AdamGradients): void {
    if (!this.fusedStepAvailable()) {
      super.applyGradients(variableGradients);
      return;
    }
    this.fusedStep(variableGradients, null);
  }

  /**
   * applyGradients of gradients·scale (scale a float32 scalar, e.g. the norm-clipping factor), the product formed
   * inside the fused step. Only where fusedStepAvailable().
   */
  applyScaledGradients(variableGradients: tf.NamedTensorMap, scale: tf.Scalar): void {
    if (!this.fusedStepAvailable()) throw new Error('applyScaledGradients needs the fused Adam kernel');
    this.fusedStep(variableGradients as unknown as AdamGradients, scale);
  }

  private fusedStep(variableGradients: AdamGradients, scale: tf.Scalar | null): void {
    const self = adamInternals(this);
    const list = Array.isArray(variableGradients);
    const names = list ? (variableGradients as NamedTensor[]).map((v) => v.name) : Object.keys(variableGradients);
    tf.tidy(() => {
      const oneMinusAccBeta1 = tf.sub(1, self.accBeta1);
      const oneMinusAccBeta2 = tf.sub(1, self.accBeta2);
      names.forEach((name, i) => {
        const value = tf.engine().registeredVariables[name];
        if (self.accumulatedFirstMoment[i] == null) {
          self.accumulatedFirstMoment[i] = { originalName: `${name}/m`, variable: tf.tidy(() => tf.zerosLike(value).variable(false)) };
        }
        if (self.accumulatedSecondMoment[i] == null) {
          self.accumulatedSecondMoment[i] = { originalName: `${name}/v`, variable: tf.tidy(() => tf.zerosLike(value).variable(false)) };
        }
        const gradient = list ? (variableGradients as NamedTensor[])[i].tensor : (variableGradients as tf.NamedTensorMap)[name];
        if (gradient == null) return;
        const firstMoment = self.accumulatedFirstMoment[i].variable;
        const secondMoment = self.accumulatedSecondMoment[i].variable;
        const kernelInputs: tf.NamedTensorMap = {
          value, m: firstMoment, v: secondMoment, gradient, oneMinusAccBeta1, oneMinusAccBeta2,
        };
        if (scale) kernelInputs.scale = scale;
        const [newValue, newFirst, newSecond] = tf.engine().runKernel(
          ADAM_UPDATE,
          kernelInputs,
          { beta1: self.beta1, beta2: self.beta2, epsilon: self.epsilon, learningRate: self.learningRate },
        ) as tf.Tensor[];
        firstMoment.assign(newFirst);
        secondMoment.assign(newSecond);
        value.assign(newValue);
      });
      self.accBeta1.assign(tf.mul(self.accBeta1, self.beta1));
      self.accBeta2.assign(tf.mul(self.accBeta2, self.beta2));
    });
    self.incrementIterations();
  }
}
