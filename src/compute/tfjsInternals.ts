/**
 * Every access to TensorFlow.js internals, in one place. The fused wasm kernels (./fusedGru.ts, ./fusedAdam.ts,
 * ./wasmKernels.ts, ./wasmLoops.ts) need what tf.js 4.22 does not export:
 * - tfjs-backend-wasm's per-tensor record (`BackendWasm.dataIdMap`: the tensor's id in the C++ registry and its byte
 *   offset on the heap), so kernels read and write the heap in place;
 * - the Emscripten module's exports: `_malloc`, `_free`, `HEAP32`, the C kernels `_BatchMatMul` and `_Sigmoid`
 *   (optional: without them the GRU calls the kernels' JS wrappers), and the heap's `WebAssembly.Memory`
 *   (`asm.memory`, optional: without it the wasm SIMD loops fall back to JS);
 * - AdamOptimizer's private state (moments, β powers, hyper-parameters, `incrementIterations`), so the fused step
 *   keeps tf.js's state, weights and serialisation.
 * `checkWasmBackend` and `checkAdam` name what moved when an upgrade breaks one of these (tfjsInternals.test.ts runs
 * them on the installed version); the kernels that need a missing optional part fall back to tf.js's own path.
 */
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

/** The tf.js version these accessors were written against. */
export const TFJS_INTERNALS_VERSION = '4.22.0';

/** tfjs-backend-wasm's record of one tensor (4.22: `TensorData`, not exported). */
interface WasmTensorRecord {
  id: number;
  memoryOffset: number;
}

/** The Emscripten module's exports the fused kernels call directly. */
export interface WasmModuleExports {
  _BatchMatMul?: (aId: number, aShape: number, aRank: number, bId: number, bShape: number, bRank: number,
    transposeA: number, transposeB: number, outId: number) => void;
  _Sigmoid?: (xId: number, outId: number) => void;
  _malloc: (bytes: number) => number;
  _free: (pointer: number) => void;
  HEAP32: Int32Array;
}

function tensorRecord(backend: BackendWasm, info: tf.TensorInfo): WasmTensorRecord {
  return (backend as unknown as { dataIdMap: { get(dataId: unknown): WasmTensorRecord } }).dataIdMap.get(info.dataId);
}

/** A tensor's id in tfjs-wasm's C++ registry (what its exported C kernels take). */
export function wasmTensorId(backend: BackendWasm, info: tf.TensorInfo): number {
  return tensorRecord(backend, info).id;
}

/** A tensor's byte offset on the wasm heap (fixed for its life, unlike views, which a heap growth detaches). */
export function wasmMemoryOffset(backend: BackendWasm, info: tf.TensorInfo): number {
  return tensorRecord(backend, info).memoryOffset;
}

/** The Emscripten module behind the backend. */
export function wasmModule(backend: BackendWasm): WasmModuleExports {
  return backend.wasm as unknown as WasmModuleExports;
}

/** The wasm heap's memory, or null where the build does not expose it. */
export function wasmHeapMemory(backend: BackendWasm): WebAssembly.Memory | null {
  const memory = (backend.wasm as unknown as { asm?: { memory?: unknown } }).asm?.memory;
  return typeof WebAssembly !== 'undefined' && memory instanceof WebAssembly.Memory ? memory : null;
}

/** AdamOptimizer's private state (tfjs-core 4.22, `optimizers/adam_optimizer.ts`). */
export interface AdamInternals {
  accumulatedFirstMoment: { originalName: string; variable: tf.Variable }[];
  accumulatedSecondMoment: { originalName: string; variable: tf.Variable }[];
  accBeta1: tf.Variable;
  accBeta2: tf.Variable;
  beta1: number;
  beta2: number;
  epsilon: number;
  learningRate: number;
  incrementIterations(): void;
}

export function adamInternals(optimizer: tf.AdamOptimizer): AdamInternals {
  return optimizer as unknown as AdamInternals;
}

const isFunction = (value: unknown) => typeof value === 'function';

/**
 * What the fused wasm kernels need from an initialised wasm backend and is missing or changed, one line each (empty:
 * all there). Required parts break the kernels; optional ones only slow them (said in the line).
 */
export function checkWasmBackend(backend: BackendWasm): string[] {
  const problems: string[] = [];
  const map = (backend as unknown as { dataIdMap?: { get?: unknown } }).dataIdMap;
  if (!map || !isFunction(map.get)) {
    problems.push('BackendWasm.dataIdMap.get is missing (the fused kernels find tensors on the heap through it)');
  } else {
    const probe = tf.tidy(() => tf.tensor1d([1, 2, 3]));
    const info = { dataId: probe.dataId, shape: probe.shape, dtype: probe.dtype } as tf.TensorInfo;
    const record = (map as { get(dataId: unknown): Partial<WasmTensorRecord> | undefined }).get(info.dataId);
    if (typeof record?.id !== 'number') problems.push("BackendWasm.dataIdMap records have no numeric 'id' (the C kernels' tensor id)");
    if (typeof record?.memoryOffset !== 'number') {
      problems.push("BackendWasm.dataIdMap records have no numeric 'memoryOffset' (the tensor's place on the heap)");
    } else if (typeof record.memoryOffset === 'number') {
      const heap = backend.typedArrayFromHeap(info as Parameters<BackendWasm['typedArrayFromHeap']>[0]) as Float32Array;
      if (heap.byteOffset !== record.memoryOffset) {
        problems.push(`BackendWasm.dataIdMap 'memoryOffset' (${record.memoryOffset}) is not where typedArrayFromHeap reads (${heap.byteOffset})`);
      }
    }
    probe.dispose();
  }
  const module = backend.wasm as unknown as Partial<Record<string, unknown>> | undefined;
  for (const name of ['_malloc', '_free']) {
    if (!isFunction(module?.[name])) problems.push(`the wasm module's ${name} is missing (the GRU kernel allocates shapes with it)`);
  }
  if (!(module?.HEAP32 instanceof Int32Array)) problems.push("the wasm module's HEAP32 is missing");
  for (const name of ['_BatchMatMul', '_Sigmoid']) {
    if (!isFunction(module?.[name])) problems.push(`optional: the wasm module's ${name} is missing (the GRU steps go through the JS kernels, slower)`);
  }
  if (!wasmHeapMemory(backend)) problems.push("optional: the wasm module's asm.memory is missing (the SIMD loops fall back to JS, slower)");
  return problems;
}

/** What the fused Adam step needs from an AdamOptimizer that has taken one step, and is missing or changed. */
export function checkAdam(optimizer: tf.AdamOptimizer): string[] {
  const state = optimizer as unknown as Partial<Record<keyof AdamInternals, unknown>>;
  const problems: string[] = [];
  for (const name of ['accumulatedFirstMoment', 'accumulatedSecondMoment'] as const) {
    const list = state[name];
    if (!Array.isArray(list)) problems.push(`AdamOptimizer.${name} is not an array`);
    else if (list.some((entry) => !(entry?.variable instanceof tf.Variable) || typeof entry.originalName !== 'string')) {
      problems.push(`AdamOptimizer.${name} entries are not {originalName, variable}`);
    }
  }
  for (const name of ['accBeta1', 'accBeta2'] as const) {
    if (!(state[name] instanceof tf.Variable)) problems.push(`AdamOptimizer.${name} is not a tf.Variable`);
  }
  for (const name of ['beta1', 'beta2', 'epsilon', 'learningRate'] as const) {
    if (typeof state[name] !== 'number') problems.push(`AdamOptimizer.${name} is not a number`);
  }
  if (!isFunction(state.incrementIterations)) problems.push('AdamOptimizer.incrementIterations is not a method');
  return problems;
}
