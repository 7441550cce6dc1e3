import * as tf from '@tensorflow/tfjs';
import { PlaygroundAdam } from './fusedAdam';
import { stampOf, verdictText, type NumericsStamp, type NumericsVerdict } from './numerics';
import { backendOrder } from './order';
import type { AdapterFacts, BackendChoice, BackendInfo, BackendName } from './types';
import { errorText } from '../util/errorText';

/** Probes WebGPU (adapter facts) and WebGL (renderer string) where this context has them. */
export async function probeAdapters(): Promise<{ adapter: AdapterFacts | null; webglRenderer: string | null }> {
  let adapter: AdapterFacts | null = null;
  try {
    const gpu = (globalThis.navigator as Navigator | undefined)?.gpu;
    const found = gpu ? await gpu.requestAdapter() : null;
    if (found) {
      const info = found.info ?? ({} as GPUAdapterInfo);
      const fallback = Boolean(
        (info as unknown as { isFallbackAdapter?: boolean }).isFallbackAdapter ??
          (found as unknown as { isFallbackAdapter?: boolean }).isFallbackAdapter,
      );
      adapter = {
        vendor: info.vendor ?? '',
        architecture: info.architecture ?? '',
        description: info.description ?? '',
        isFallbackAdapter: fallback,
      };
    }
  } catch {
    adapter = null;
  }
  let webglRenderer: string | null = null;
  try {
    if (typeof OffscreenCanvas !== 'undefined') {
      const gl = new OffscreenCanvas(1, 1).getContext('webgl2');
      if (gl) {
        const ext = gl.getExtension('WEBGL_debug_renderer_info');
        webglRenderer = String(gl.getParameter(ext ? ext.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
        gl.getExtension('WEBGL_lose_context')?.loseContext();
      }
    }
  } catch {
    webglRenderer = null;
  }
  return { adapter, webglRenderer };
}

/** What settleWithin rejects with when time runs out. */
export class SettleTimeout extends Error {}

/** Rejects with a SettleTimeout(`message`) if `promise` has not settled after `ms` (the promise itself runs on). */
export function settleWithin<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new SettleTimeout(message)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * tfjs-wasm's threaded build waits forever for thread workers that cannot start (e.g. a Content-Security-Policy
 * without blob: in script-src), and tf.js then stays pending for every backend, so a start that takes this long is
 * reported as an error rather than left as an endless "compiling kernels".
 */
export const THREADED_WASM_START_MS = 45_000;

export async function trySetBackend(name: string, wasmStartTimeoutMs?: number): Promise<string | null> {
  if (!tf.engine().registryFactory[name]) return `${name} is not available in this build`;
  try {
    const starting = tf.setBackend(name);
    const ok =
      name === 'wasm' && wasmStartTimeoutMs !== undefined
        ? await settleWithin(
            starting,
            wasmStartTimeoutMs,
            `wasm's multi-threaded build (?threads=) did not start within ${Math.round(wasmStartTimeoutMs / 1000)} s: its thread ` +
              'workers need blob: in the page\'s script-src (docs/HOSTING.md). Reload without ?threads= for the single-threaded build.',
          )
        : await starting;
    if (!ok) return `${name} failed to initialise`;
    await tf.ready();
    return tf.getBackend() === name ? null : `${name} did not become active`;
  } catch (error) {
    // Thrown, not returned: with the threaded start pending, tf.js cannot switch to another backend either.
    if (error instanceof SettleTimeout) throw error;
    return `${name} failed: ${errorText(error)}`;
  }
}

/**
 * A tiny training step that makes the backend compile its kernels (WebGPU/WebGL shaders take seconds the first
 * time), so the UI can show "compiling kernels" once instead of a frozen first iteration.
 */
export async function warmUp(): Promise<number> {
  const start = performance.now();
  const w = tf.variable(tf.randomNormal([8, 4], 0, 0.1, 'float32', 1));
  const optimizer = createAdam(1e-3);
  const x = tf.randomNormal([16, 8], 0, 1, 'float32', 2);
  for (let i = 0; i < 2; i++) {
    const loss = optimizer.minimize(() => tf.tanh(x.matMul(w)).square().mean() as tf.Scalar, true);
    await loss?.data();
    loss?.dispose();
  }
  x.dispose();
  w.dispose();
  optimizer.dispose();
  return performance.now() - start;
}

/**
 * Applies the backend explicitly (never tf.js's implicit default). A failed setBackend returns false rather than
 * throwing; each failure falls through to the next backend in order and leaves a notice. With `verify` (the numerics
 * check, src/train/numericsCheck.ts) every backend but cpu (the reference) must also pass it before it is used: a
 * refused backend falls through the same way, the notice naming the value and its deviation. `before` are extra
 * backends tried first (the e2e stand-in with wrong gradients); they are never the active result's name.
 */
export async function selectBackend(
  requested: BackendChoice,
  probe: { adapter: AdapterFacts | null; webglRenderer: string | null },
  extra: {
    wasmThreads?: () => number;
    wasmThreadsRequested?: number | null;
    crossOriginIsolated?: boolean;
    wasmSimd?: boolean;
    /** Set when the threaded wasm build is configured: how long its start may take (THREADED_WASM_START_MS). */
    wasmStartTimeoutMs?: number;
    verify?: () => Promise<NumericsVerdict>;
    /** Auto's measured order (fastest first), when the backend probe has run. */
    measuredOrder?: BackendName[] | null;
    before?: string[];
  } = {},
): Promise<BackendInfo> {
  const notices: string[] = [];
  const measuredOrder = requested === 'auto' && extra.measuredOrder?.length ? extra.measuredOrder : null;
  const order: string[] = [...(extra.before ?? []), ...backendOrder(requested, probe.adapter, probe.webglRenderer, measuredOrder)];
  for (const name of order) {
    const failure = await trySetBackend(name, extra.wasmStartTimeoutMs);
    if (failure === null) {
      const warmupMs = await warmUp();
      let numerics: NumericsStamp | null = null;
      if (extra.verify) {
        const verdict = await extra.verify();
        if (!verdict.passed) {
          notices.push(`${verdictText(verdict)}; trying the next backend.`);
          continue;
        }
        numerics = stampOf(verdict);
      }
      if (requested !== 'auto' && name !== requested) notices.push(`Using ${name} instead of ${requested}.`);
      return {
        requested,
        active: name as BackendName,
        adapter: probe.adapter,
        webglRenderer: probe.webglRenderer,
        wasmThreads: extra.wasmThreads?.() ?? 1,
        wasmThreadsRequested: extra.wasmThreadsRequested ?? null,
        crossOriginIsolated: extra.crossOriginIsolated ?? false,
        wasmSimd: extra.wasmSimd ?? false,
        notices,
        warmupMs,
        numerics,
        measuredOrder,
      };
    }
    notices.push(failure);
  }
  throw new Error(`No TensorFlow.js backend could be initialised: ${notices.join('; ')}`);
}

/** Adam with an explicit epsilon so WebGL (float16 epsilon 1e-4) matches the other backends (docs/browser.md §4). */
export function createAdam(learningRate: number, beta1 = 0.9, beta2 = 0.999): tf.AdamOptimizer {
  // tf.train.adam's optimizer, with one fused kernel per variable on wasm (src/compute/fusedAdam.ts).
  return new PlaygroundAdam(learningRate, beta1, beta2, 1e-7);
}
