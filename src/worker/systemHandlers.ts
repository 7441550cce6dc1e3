import * as tf from '@tensorflow/tfjs';
import { configureWasmThreads, isCrossOriginIsolated, wasmThreadsInUse } from '../compute/browserBackends';
import { stampOf, verdictText, type NumericsStamp } from '../compute/numerics';
import { probeAdapters, selectBackend, THREADED_WASM_START_MS } from '../compute/select';
import { registerStandInBackend, STAND_IN_BACKEND } from '../compute/standInBackend';
import type { BackendChoice, BackendInfo, BackendName } from '../compute/types';
import { DemoMlp } from '../train/demoJob';
import { checkActiveBackend, checkAgainstLiveCpu } from '../train/numericsCheck';
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

/** The compute panel's numerics check of the active backend against cpu numbers computed at the same time. */
export interface NumericsCheckResult {
  backend: string;
  stamp: NumericsStamp;
  /** The verdict in words, naming the worst value. */
  text: string;
  /** Largest deviations, worst first (name, cpu value, this backend's value, scaled deviation). */
  worst: { name: string; reference: number; candidate: number; deviation: number }[];
  ms: number;
}

/** Options of init and switchBackend besides the choice. */
export interface ActivateOptions {
  /** Auto's measured order from the backend probe (fastest first); null: the rule order. */
  measuredOrder?: BackendName[] | null;
  /**
   * e2e only (`?e2e-hooks&standin-backend`): try a stand-in backend that computes wrong gradients first, to show the
   * numerics check refusing it (src/compute/standInBackend.ts).
   */
  standIn?: boolean;
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
/** The last measured order auto was given (kept for later switches back to auto). */
let measuredOrder: BackendName[] | null = null;
let standIn = false;

async function activate(choice: BackendChoice, options: ActivateOptions = {}): Promise<BackendInfo> {
  if (options.measuredOrder !== undefined) measuredOrder = options.measuredOrder;
  if (options.standIn) {
    registerStandInBackend();
    standIn = true;
  }
  emitStatus({ job: 'system', kind: 'started', message: 'Compiling kernels…' });
  const probe = await probeAdapters();
  const info = await selectBackend(choice, probe, {
    wasmThreads: wasmThreadsInUse,
    wasmThreadsRequested,
    crossOriginIsolated: isCrossOriginIsolated(),
    wasmSimd: true,
    wasmStartTimeoutMs: wasmThreaded ? THREADED_WASM_START_MS : undefined,
    // Every backend but cpu passes the numerics check against cpu's shipped numbers before it trains.
    verify: checkActiveBackend,
    measuredOrder,
    before: standIn && choice === 'auto' ? [STAND_IN_BACKEND] : [],
  });
  workerContext.backend = info;
  for (const notice of info.notices) emitStatus({ job: 'system', kind: 'warning', message: notice });
  emitStatus({ job: 'system', kind: 'done', message: `Backend ${info.active} ready` });
  return info;
}

export const systemHandlers = {
  /** Called once by the UI: stores the callbacks, picks the wasm build (`?threads=`) and activates a backend. */
  async init(
    choice: BackendChoice,
    callbacks: WorkerCallbacks,
    wasmThreads: number | null = null,
    options: ActivateOptions = {},
  ): Promise<BackendInfo> {
    workerContext.callbacks = callbacks;
    wasmThreadsRequested = wasmThreads;
    wasmThreaded = configureWasmThreads(wasmThreads);
    return activate(choice, options);
  },

  /** Switches the backend (auto: with the measured order when given); variables move with tf.js's data transfer. */
  async switchBackend(choice: BackendChoice, options: ActivateOptions = {}): Promise<BackendInfo> {
    return activate(choice, options);
  },

  /** The numerics check of the active backend against cpu numbers computed now (the compute panel's button). */
  async checkNumerics(): Promise<NumericsCheckResult> {
    const backend = tf.getBackend();
    const { verdict, ms } = await checkAgainstLiveCpu(backend);
    return {
      backend,
      stamp: stampOf(verdict),
      text: verdictText(verdict),
      worst: [...verdict.failures, ...(verdict.worst && verdict.passed ? [verdict.worst] : [])].slice(0, 3),
      ms,
    };
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
