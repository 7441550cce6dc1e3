// Registers the WebGPU and WASM backends for the browser worker. Imported only by the trainer worker.
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import { getThreadsCount, setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import plain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import simd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import threaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { registerFastWasmKernels } from './wasmKernels';
import { registerWebGpuKernels } from './webgpuKernels';

registerFastWasmKernels();
registerWebGpuKernels();

setWasmPaths({
  'tfjs-backend-wasm.wasm': plain,
  'tfjs-backend-wasm-simd.wasm': simd,
  'tfjs-backend-wasm-threaded-simd.wasm': threaded,
});

export function isCrossOriginIsolated(): boolean {
  return Boolean((globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated);
}

/**
 * Picks tfjs-wasm's build before the wasm backend first initialises (it cannot change afterwards): the threaded
 * build with `threads` XNNPACK threads when asked for (≥ 2) and the page is cross-origin isolated (the threaded
 * build cannot start otherwise), else the single-threaded SIMD build, which measured faster on 2 cores.
 * tfjs-wasm caps its pool at navigator.hardwareConcurrency / 2 (it assumes two hyper-threads per core: one thread
 * on a 2-core machine whatever setThreadsCount says), so the count it reads is raised to honour the request.
 * Returns whether the threaded build was chosen.
 */
export function configureWasmThreads(threads: number | null): boolean {
  const threaded = threads !== null && threads >= 2 && isCrossOriginIsolated();
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', threaded);
  if (threaded) {
    setThreadsCount(threads);
    const reported = Math.max(navigator.hardwareConcurrency, 2 * threads);
    Object.defineProperty(navigator, 'hardwareConcurrency', { configurable: true, get: () => reported });
  }
  return threaded;
}

/** Threads the initialised wasm backend uses (1 before it is initialised or with the single-threaded build). */
export function wasmThreadsInUse(): number {
  // The engine's registry, not tf.findBackend: that would start initialising wasm as a side effect.
  return tf.engine().registry.wasm ? Math.max(1, getThreadsCount()) : 1;
}
