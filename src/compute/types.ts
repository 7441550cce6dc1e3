// Types shared by the UI and the worker; no TensorFlow.js import here.
import type { NumericsStamp } from './numerics';

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
  /** The numerics check that cleared the active backend against cpu (cpu itself: the reference, deviation 0). */
  numerics: NumericsStamp | null;
  /** Auto only: the measured order it followed (fastest first), or null when it followed the rule order. */
  measuredOrder: BackendName[] | null;
}

/** How one candidate fared in the backend probe (src/features/system/backendProbe.ts). */
export interface BackendProbeEntry {
  backend: BackendName;
  /**
   * measured: timed iterations finished; cut-off: the time budget ran out first (the probe worker was stopped);
   * refused: failed the numerics check; unavailable: would not initialise.
   */
  outcome: 'measured' | 'cut-off' | 'refused' | 'unavailable';
  /** Median wall ms of the timed iterations (measured only). */
  msPerIteration: number | null;
  /**
   * Cut-off only: an iteration takes at least this long (the median of the timed iterations that finished, or the
   * running time of the timed iteration in progress); null when cut off before a timed iteration began.
   */
  atLeastMs: number | null;
  /** Timed iterations finished. */
  iterations: number;
  /** Wall ms from starting the probe worker to its result or cut-off (start, warm-up, timing, check). */
  elapsedMs: number;
  /** Its wall-time budget, ms. */
  budgetMs: number;
  numerics: NumericsStamp | null;
  /** What happened, in words (the check's verdict, the error, where it was cut off). */
  detail: string;
}

export interface BackendProbeReport {
  /** Device and version the measurement belongs to (probeCacheKey). */
  key: string;
  measuredAt: string;
  entries: BackendProbeEntry[];
  pick: BackendName | null;
  /** Why the pick, in words. */
  reason: string;
  /** Passed backends, fastest first: auto's order. */
  order: BackendName[];
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
