import * as tf from '@tensorflow/tfjs';
import { configureWasmThreads, isCrossOriginIsolated, wasmThreadsInUse } from '../compute/browserBackends';
import { probeAdapters, selectBackend, THREADED_WASM_START_MS } from '../compute/select';
import type { BackendChoice, BackendInfo, BackendName } from '../compute/types';
import { DemoMlp } from '../train/demoJob';
import { emitMetrics, emitStatus, workerContext, yieldToEventLoop } from './context';
import { MetricStream } from './metricStream';
import type { WorkerCallbacks } from './protocol';

export interface BackendCheckResult {
  backend: BackendName;
  ok: boolean;
  /** Loss of one training step from identical weights. */
  loss: number | null;
  ms: number;
  error?: string;
}

export interface MemoryInfo {
  numTensors: number;
  numBytes: number;
  numBytesInGPU: number | null;
}

let demo: { mlp: DemoMlp; running: boolean } | null = null;
/** `?threads=` given at init; the wasm build is picked once, before its first use. */
let wasmThreadsRequested: number | null = null;
let wasmThreaded = false;

async function activate(choice: BackendChoice): Promise<BackendInfo> {
  emitStatus({ job: 'system', kind: 'started', message: 'Compiling kernels…' });
  const probe = await probeAdapters();
  const info = await selectBackend(choice, probe, {
    wasmThreads: wasmThreadsInUse,
    wasmThreadsRequested,
    crossOriginIsolated: isCrossOriginIsolated(),
    wasmSimd: true,
    wasmStartTimeoutMs: wasmThreaded ? THREADED_WASM_START_MS : undefined,
  });
  workerContext.backend = info;
  for (const notice of info.notices) emitStatus({ job: 'system', kind: 'warning', message: notice });
  emitStatus({ job: 'system', kind: 'done', message: `Backend ${info.active} ready` });
  return info;
}

export const systemHandlers = {
  /** Called once by the UI: stores the callbacks, picks the wasm build (`?threads=`) and activates a backend. */
  async init(choice: BackendChoice, callbacks: WorkerCallbacks, wasmThreads: number | null = null): Promise<BackendInfo> {
    workerContext.callbacks = callbacks;
    wasmThreadsRequested = wasmThreads;
    wasmThreaded = configureWasmThreads(wasmThreads);
    return activate(choice);
  },

  /** Switches the backend; variables move with tf.js's own data transfer. */
  async switchBackend(choice: BackendChoice): Promise<BackendInfo> {
    return activate(choice);
  },

  async memory(): Promise<MemoryInfo> {
    const memory = tf.memory() as tf.MemoryInfo & { numBytesInGPU?: number };
    return { numTensors: memory.numTensors, numBytes: memory.numBytes, numBytesInGPU: memory.numBytesInGPU ?? null };
  },

  /**
   * One identical training step on each requested backend (same seeded weights and data), so the user can see
   * the backends agree. Restores the active backend afterwards.
   */
  async checkBackends(names: BackendName[]): Promise<BackendCheckResult[]> {
    const original = tf.getBackend();
    const results: BackendCheckResult[] = [];
    for (const backend of names) {
      const start = performance.now();
      try {
        if (!(await tf.setBackend(backend))) throw new Error(`${backend} failed to initialise`);
        const mlp = new DemoMlp(11);
        const loss = await mlp.step();
        mlp.dispose();
        results.push({ backend, ok: true, loss, ms: performance.now() - start });
      } catch (error) {
        results.push({ backend, ok: false, loss: null, ms: performance.now() - start, error: String(error) });
      }
    }
    if (original) await tf.setBackend(original);
    return results;
  },

  /** A live-curve demo: fits the tiny MLP, streaming its loss in batches. */
  async startDemo(steps = 400): Promise<void> {
    demo?.mlp.dispose();
    const current = { mlp: new DemoMlp(3), running: true };
    demo = current;
    const stream = new MetricStream('demo', ['step', 'loss'], emitMetrics);
    emitStatus({ job: 'demo', kind: 'started', message: 'Fitting a tiny MLP' });
    for (let step = 0; step < steps && current.running; step++) {
      stream.push([step, await current.mlp.step()]);
      if (step % 4 === 3) await yieldToEventLoop();
    }
    stream.flush();
    emitStatus({ job: 'demo', kind: current.running ? 'done' : 'stopped', message: 'Demo finished' });
    current.running = false;
  },

  stopDemo(): void {
    if (demo) demo.running = false;
  },
};

export type SystemApi = typeof systemHandlers;
