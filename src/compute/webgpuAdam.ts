/**
 * The fused Adam step (kernel ADAM_UPDATE of ./fusedAdam.ts) as WGSL for the webgpu backend: the ~14 elementwise
 * kernels tf.js's AdamOptimizer runs per variable become 3 dispatches (one per output: θ', m', v'; a program has one
 * output buffer, and recomputing m' and v' inside the θ' pass costs less than a launch). Same formulas:
 *   g = gradient·scale (scale optional),  m' = m·β1 + g·(1 − β1),  v' = v·β2 + g²·(1 − β2),
 *   θ' = (m' / (1 − β1ᵗ)) / (√(v' / (1 − β2ᵗ)) + ε) · (−lr) + θ,
 * in float32 (a GPU may fuse a multiply-add: within the numerics check's tolerance, not bit-equal to cpu).
 */
import type * as tf from '@tensorflow/tfjs';
import { elementwiseProgram, type ProgramUniform, type WebGpuKernelArgs } from './webgpuProgram';

const OUTPUTS = ['theta', 'm', 'v'] as const;

/** The inputs each output's program reads (a binding the shader never reads is absent from its layout). */
const READS = {
  theta: ['theta', 'moment1', 'moment2', 'grad', 'oneMinusAcc1', 'oneMinusAcc2'],
  m: ['moment1', 'grad'],
  v: ['moment2', 'grad'],
};
const ALL = READS.theta;

function adamProgram(output: (typeof OUTPUTS)[number], shape: number[], scaled: boolean) {
  const names = [...READS[output]];
  if (scaled) names.push('gradScale');
  const g = scaled ? 'grad[index] * gradScale[0]' : 'grad[index]';
  const m1 = `moment1[index] * uniforms.beta1 + g * uniforms.oneMinusBeta1`;
  const v1 = `moment2[index] * uniforms.beta2 + (g * g) * uniforms.oneMinusBeta2`;
  const body = `let g = ${g};
    ${{
      theta: `let m1 = ${m1};
    let v1 = ${v1};
    let ratio = (m1 / oneMinusAcc1[0]) / (sqrt(v1 / oneMinusAcc2[0]) + uniforms.epsilon);
    setOutputAtIndex(index, ratio * uniforms.negLearningRate + theta[index]);`,
      m: `setOutputAtIndex(index, ${m1});`,
      v: `setOutputAtIndex(index, ${v1});`,
    }[output]}`;
  return elementwiseProgram(
    `playgroundAdam_${output}_${scaled}`,
    names,
    shape,
    body,
    'beta1 : f32, oneMinusBeta1 : f32, beta2 : f32, oneMinusBeta2 : f32, epsilon : f32, negLearningRate : f32,',
  );
}

/**
 * inputs value, m, v, gradient, oneMinusAccBeta1 [], oneMinusAccBeta2 [], optional scale []; attrs beta1, beta2,
 * epsilon, learningRate → [value', m', v'] (as the wasm kernel).
 */
export function webgpuAdamUpdate({ inputs, backend, attrs }: WebGpuKernelArgs): tf.TensorInfo[] {
  const { value, m, v, gradient, oneMinusAccBeta1, oneMinusAccBeta2, scale } = inputs;
  const { beta1, beta2, epsilon, learningRate } = attrs as unknown as Record<string, number>;
  // Scalars as [1] (the same data): the library sizes a rank-0 input's shape uniforms as nothing, yet declares them.
  const asVector = (info: tf.TensorInfo): tf.TensorInfo => ({ dataId: info.dataId, shape: [1], dtype: info.dtype });
  const programInputs = [value, m, v, gradient, asVector(oneMinusAccBeta1), asVector(oneMinusAccBeta2)];
  if (scale) programInputs.push(asVector(scale));
  // Float32 uniforms of the JS numbers, 1 − β computed in double first: the scalars tf.js's optimizer makes.
  const uniforms: ProgramUniform[] = [beta1, 1 - beta1, beta2, 1 - beta2, epsilon, -learningRate].map((x) => ({
    type: 'float32',
    data: [x],
  }));
  return OUTPUTS.map((output) => {
    const program = adamProgram(output, [...value.shape], Boolean(scale));
    const reads = program.variableNames.map((name) => (name === 'gradScale' ? programInputs[ALL.length] : programInputs[ALL.indexOf(name)]));
    return backend.runWebGPUProgram(program, reads, 'float32', uniforms);
  });
}
