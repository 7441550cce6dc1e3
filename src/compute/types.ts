// Types shared by the UI and the worker; no TensorFlow.js import here.
export const BACKEND_NAMES = ['webgpu', 'webgl', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];
export type BackendChoice = 'auto' | BackendName;

export interface AdapterFacts {
  vendor: string;
  architecture: string;
  description: string;
  isFallbackAdapter: boolean;
}

export interface BackendInfo {
  requested: BackendChoice;
  active: BackendName;
  /** The WebGPU adapter, when one exists (whether or not webgpu is active). */
  adapter: AdapterFacts | null;
  webglRenderer: string | null;
  /** Threads tfjs-wasm's XNNPACK uses (1: the single-threaded SIMD build, or wasm not initialised yet). */
  wasmThreads: number;
  /** `?threads=` as asked for (null: the default, single-threaded build). */
  wasmThreadsRequested: number | null;
  /** Whether the page is cross-origin isolated (the threaded build needs it). */
  crossOriginIsolated: boolean;
  wasmSimd: boolean;
  /** Visible notices, e.g. "webgpu failed to initialise; fell back to wasm". */
  notices: string[];
  /** Milliseconds the warm-up step (kernel compilation) took. */
  warmupMs: number;
}

export function isBackendChoice(value: unknown): value is BackendChoice {
  return value === 'auto' || (BACKEND_NAMES as readonly unknown[]).includes(value);
}

/** Most threads `?threads=` may ask for (tfjs-wasm starts 8 thread workers). */
export const MAX_WASM_THREADS = 8;

/**
 * `?threads=N` from a URL search string: N ≥ 2 asks for tfjs-wasm's multi-threaded build with N threads (page
 * cross-origin isolated only). Null when absent, 1 or invalid: the single-threaded SIMD build, which measured faster
 * on 2 cores (docs/performance.md).
 */
export function wasmThreadsFromSearch(search: string): number | null {
  const value = Number(new URLSearchParams(search).get('threads'));
  return Number.isInteger(value) && value >= 2 ? Math.min(value, MAX_WASM_THREADS) : null;
}

/** `?backend=` from a URL search string, or 'auto'. */
export function backendFromSearch(search: string): BackendChoice {
  const value = new URLSearchParams(search).get('backend');
  return isBackendChoice(value) ? value : 'auto';
}
