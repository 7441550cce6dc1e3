// Registers the WebGPU and WASM backends for the browser worker. Imported only by the trainer worker.
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import plain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import simd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import threaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { registerFastWasmKernels } from './wasmKernels';

registerFastWasmKernels();

setWasmPaths({
  'tfjs-backend-wasm.wasm': plain,
  'tfjs-backend-wasm-simd.wasm': simd,
  'tfjs-backend-wasm-threaded-simd.wasm': threaded,
});

/** WASM threads only when the page is cross-origin isolated (the threaded build crashes otherwise). */
export function configureWasmThreads(): boolean {
  const isolated = Boolean((globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated);
  if (!isolated) tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  return isolated;
}
