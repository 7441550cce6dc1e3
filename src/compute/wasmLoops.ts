/**
 * Elementwise loops of the fused wasm kernels as a small wasm SIMD module (scripts/wasm/loops.wat, built into
 * wasmLoopsBinary.ts), instantiated on tfjs-wasm's own memory so that it reads and writes tensors in place. Each loop
 * does the same IEEE operations, in the same order and precision, as the JS loop it stands in for (the JS loops stay
 * as the fallback where the module cannot run: no wasm SIMD, no exported memory). tfjs-wasm's threaded build has a
 * shared memory, which only a module declaring a shared memory import may use: WASM_LOOPS_SHARED.
 */
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { WASM_LOOPS, WASM_LOOPS_SHARED } from './wasmLoopsBinary';
import { wasmHeapMemory } from './tfjsInternals';

/** The module's functions; pointers and strides in bytes. */
export interface WasmLoops {
  addRows(a: number, as: number, b: number, bs: number, o: number, os: number, rows: number, n: number): void;
  candidateRows(x: number, xs: number, g: number, gs: number, p: number, ps: number, o: number, os: number, rows: number, n: number): void;
  outputRows(z: number, zs: number, s: number, ss: number, h: number, hs: number, st: number, sts: number, nk: number, nks: number,
    mk: number, mks: number, rows: number, n: number): void;
  backwardRows(dy: number, dys: number, c: number, cs: number, back: number, prev: number, prevs: number, zr: number, zrs: number,
    n: number, ns: number, hn: number, hns: number, mk: number, mks: number, dx: number, dxs: number, st: number, sts: number,
    rows: number, hidden: number): void;
  adam(theta: number, m: number, v: number, g: number, thetaOut: number, mOut: number, vOut: number, count: number,
    hasScale: number, scale: number, b1: number, c1: number, b2: number, c2: number, a1: number, a2: number, eps: number,
    step: number): void;
  columnSums(x: number, rows: number, cols: number, out: number): void;
}

const instances = new WeakMap<WebAssembly.Memory, WasmLoops | null>();
let enabled = true;

/** Tests: false makes the kernels run their JS loops (to compare the two bit for bit). */
export function setWasmLoops(on: boolean): void {
  enabled = on;
}

/** The loops instantiated on `memory` (plain or shared), or null where wasm SIMD or the memory's limits refuse it. */
export function loopsOnMemory(memory: WebAssembly.Memory): WasmLoops | null {
  let loops = instances.get(memory);
  if (loops === undefined) {
    const shared = typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;
    try {
      const bytes = Uint8Array.from(atob(shared ? WASM_LOOPS_SHARED : WASM_LOOPS), (c) => c.charCodeAt(0));
      loops = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } }).exports as unknown as WasmLoops;
    } catch {
      loops = null;
    }
    instances.set(memory, loops);
  }
  return loops;
}

/** The loops on `backend`'s memory, or null (then the kernels' JS loops run). */
export function wasmLoops(backend: BackendWasm): WasmLoops | null {
  if (!enabled) return null;
  const memory = wasmHeapMemory(backend);
  return memory ? loopsOnMemory(memory) : null;
}

/** Whether the active backend is wasm and runs these loops. */
export function wasmLoopsInUse(): boolean {
  return tf.getBackend() === 'wasm' && wasmLoops(tf.backend() as unknown as BackendWasm) !== null;
}

