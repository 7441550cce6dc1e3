import type { BackendInfo } from '../../compute/types';

/** The compute panel's WASM line: which tfjs-wasm build runs, with how many threads, and how to change it. */
export function wasmThreadsText(info: Pick<BackendInfo, 'active' | 'wasmThreads' | 'wasmThreadsRequested' | 'crossOriginIsolated'>): string {
  const requested = info.wasmThreadsRequested;
  if (requested === null) {
    return `SIMD, 1 thread (single-threaded build; ?threads=N in the address asks for the threaded one${
      info.crossOriginIsolated ? '' : ', which needs a cross-origin isolated page'
    })`;
  }
  if (!info.crossOriginIsolated) {
    return `SIMD, 1 thread: ?threads=${requested} needs a cross-origin isolated page (COOP/COEP headers, docs/HOSTING.md)`;
  }
  if (info.wasmThreads > 1) return `SIMD + ${info.wasmThreads} threads (threaded build, ?threads=${requested})`;
  return info.active === 'wasm'
    ? `SIMD, 1 thread: the threaded build started with one thread (?threads=${requested})`
    : `threaded build with ${requested} threads once wasm runs (?threads=${requested})`;
}
