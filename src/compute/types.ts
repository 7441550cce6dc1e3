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
  wasmThreads: boolean;
  wasmSimd: boolean;
  /** Visible notices, e.g. "webgpu failed to initialise; fell back to wasm". */
  notices: string[];
  /** Milliseconds the warm-up step (kernel compilation) took. */
  warmupMs: number;
}

export function isBackendChoice(value: unknown): value is BackendChoice {
  return value === 'auto' || (BACKEND_NAMES as readonly unknown[]).includes(value);
}

/** `?backend=` from a URL search string, or 'auto'. */
export function backendFromSearch(search: string): BackendChoice {
  const value = new URLSearchParams(search).get('backend');
  return isBackendChoice(value) ? value : 'auto';
}
