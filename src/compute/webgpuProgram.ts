/**
 * The shape of a playground WGSL program for tfjs-backend-webgpu's runWebGPUProgram (the same interface as the
 * library's own programs: variableNames become `var<storage, read>` arrays of those names, the output is `result`,
 * shapes and `program.uniforms` fields live in `uniforms`). Two kinds:
 * - elementwise: one invocation per output element (64 per workgroup), `main(index)` guarded by uniforms.size;
 * - per row: one workgroup of ROW_THREADS invocations per row of the output's first axis (a GRU batch row), so the
 *   row's invocations can share workgroup memory and meet at workgroupBarrier() inside the kernel's own loops.
 */
import type * as tf from '@tensorflow/tfjs';
import type { WebGPUBackend, WebGPUProgram } from '@tensorflow/tfjs-backend-webgpu';

export type WebGpuKernelArgs = { inputs: Record<string, tf.TensorInfo>; backend: WebGPUBackend; attrs?: tf.NamedAttrMap };
export type ProgramUniform = { type: 'float32' | 'int32'; data: number[] };

const ELEMENTWISE_THREADS = 64;
/** Invocations per workgroup of a per-row program (each loops over a row's units in strides of this). */
export const ROW_THREADS = 64;

function size(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** The library's entry point: `fn main(index : i32)`, called with the flat invocation index. */
export const MAIN = 'fn main(index : i32)';

/**
 * One invocation per output element. `body` sees `index` (the flat output index, already < uniforms.size) and
 * writes result[index]. `key` must name everything baked into the code (the library adds ranks and dtypes).
 */
export function elementwiseProgram(
  key: string,
  variableNames: string[],
  outputShape: number[],
  body: string,
  uniforms?: string,
  helpers = '',
): WebGPUProgram {
  const program: WebGPUProgram = {
    variableNames,
    outputShape,
    shaderKey: key,
    size: true,
    workgroupSize: [ELEMENTWISE_THREADS, 1, 1],
    dispatchLayout: { x: outputShape.map((_, i) => i) },
    dispatch: [Math.max(1, Math.ceil(size(outputShape) / ELEMENTWISE_THREADS)), 1, 1],
    getUserCode: () => `
      ${helpers}
      ${MAIN} {
        if (index < uniforms.size) {
          ${body}
        }
      }`,
  };
  if (uniforms) program.uniforms = uniforms;
  return program;
}

/** One workgroup per row (`rows` of them); `code` is the whole module code including `fn main(index : i32)`. */
export function perRowProgram(key: string, variableNames: string[], outputShape: number[], rows: number, code: string): WebGPUProgram {
  return {
    variableNames,
    outputShape,
    shaderKey: key,
    workgroupSize: [ROW_THREADS, 1, 1],
    dispatchLayout: { x: outputShape.map((_, i) => i) },
    dispatch: [Math.max(1, rows), 1, 1],
    getUserCode: () => code,
  };
}

/**
 * σ and tanh in forms that stay finite for any finite input: exp only of −|x| (WGSL's built-in tanh may overflow to
 * NaN for large |x| on some drivers, which is why tf.js writes its own too).
 */
export const ACTIVATIONS = `
  fn sigmoidOf(x : f32) -> f32 {
    let e = exp(-abs(x));
    return select(e / (1.0 + e), 1.0 / (1.0 + e), x >= 0.0);
  }
  fn tanhOf(x : f32) -> f32 {
    let e = exp(-2.0 * abs(x));
    return sign(x) * (1.0 - e) / (1.0 + e);
  }`;
