// Auto's measurement: each candidate backend is started in its own instance of the trainer worker (the same code
// and kernels the app trains with), checked against cpu and timed over real engine iterations; a candidate that
// has not finished within the time budget is stopped by ending its worker, and recorded as cut off. The app keeps
// training in its own trainer worker meanwhile. Results are cached per device and app version (localStorage).
import { isSoftwareRenderer } from '../compute/order';
import { pickFromProbe, probeCacheKey } from '../compute/probePick';
import type { BackendInfo, BackendName, BackendProbeEntry, BackendProbeReport } from '../compute/types';
import { APP_VERSION } from '../runs/versions';
import { useAppStore } from './store';
import type { TrainerApi } from '../worker/api';
import { Comlink } from '../worker/client';
import type { ProbeEvent, ProbeOutcome } from '../worker/probeHandlers';

/**
 * Wall-time budget per candidate, from starting its worker (TF.js start, one warm-up iteration with the kernel
 * compilation, up to three timed iterations, the numerics check): generous for wasm and for a hardware GPU (whose
 * first iteration compiles a few hundred shaders), short for a GPU backend that runs in software (Chromium's
 * SwiftShader: an iteration of ~20 s on WebGPU), which is still measured but cut off, and the report says so.
 */
export const PROBE_BUDGET_MS = 30_000;
export const SOFTWARE_PROBE_BUDGET_MS = 8_000;
export const PROBE_TIMING = { warmup: 1, iterations: 3 };

/** The budget for one candidate on this device. */
export function probeBudgetMs(backend: BackendName, info: BackendInfo): number {
  const software =
    (backend === 'webgpu' && Boolean(info.adapter?.isFallbackAdapter)) ||
    (backend === 'webgl' && isSoftwareRenderer(info.webglRenderer ?? ''));
  return software ? SOFTWARE_PROBE_BUDGET_MS : PROBE_BUDGET_MS;
}

/** The candidates this device has: wasm always, webgl with a renderer, webgpu with an adapter (cpu is the reference). */
export function probeCandidates(info: BackendInfo): BackendName[] {
  return ['wasm', ...(info.webglRenderer ? (['webgl'] as const) : []), ...(info.adapter ? (['webgpu'] as const) : [])];
}

export function probeKey(info: BackendInfo): string {
  return probeCacheKey(APP_VERSION, info.adapter, info.webglRenderer, info.wasmThreadsRequested);
}

/** The cached report for this device and version, or null (absent, unreadable or from another version). */
export function cachedProbe(info: BackendInfo): BackendProbeReport | null {
  try {
    const text = globalThis.localStorage?.getItem(probeKey(info));
    if (!text) return null;
    const report = JSON.parse(text) as BackendProbeReport;
    return report.key === probeKey(info) && Array.isArray(report.entries) && Array.isArray(report.order) ? report : null;
  } catch {
    return null;
  }
}

function saveProbe(report: BackendProbeReport): void {
  try {
    globalThis.localStorage?.setItem(report.key, JSON.stringify(report));
  } catch {
    // Storage full or blocked: the next visit measures again.
  }
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** Where a probe was when its budget ran out, from the last event it sent. */
function cutOffDetail(last: ProbeEvent | null, budgetMs: number, runningMs: number | null): string {
  const running = runningMs !== null ? ` (running for ${seconds(runningMs)})` : '';
  const where =
    !last || last.stage === 'started'
      ? 'while the backend started'
      : last.stage === 'backend-ready'
        ? 'while building the engine'
        : last.stage === 'iteration-start'
          ? last.timed
            ? `in timed iteration ${last.index}${running}`
            : `in its warm-up iteration (kernel compilation)${running}`
          : last.stage === 'iteration-done'
            ? `after ${last.timed ? `timed iteration ${last.index}` : 'its warm-up iteration'}`
            : 'during the numerics check';
  return `cut off at the ${seconds(budgetMs)} budget ${where}`;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];

/** Probes one candidate in a fresh trainer-worker instance, ended at the budget. */
export async function probeOne(
  backend: BackendName,
  wasmThreads: number | null,
  budgetMs: number,
  onProgress: (text: string) => void = () => {},
): Promise<BackendProbeEntry> {
  const started = performance.now();
  const worker = new Worker(new URL('../worker/trainer.worker.ts', import.meta.url), { type: 'module', name: `backend-probe-${backend}` });
  const remote = Comlink.wrap<TrainerApi>(worker);
  let last: ProbeEvent | null = null;
  let iterationStart: number | null = null;
  let numerics: BackendProbeEntry['numerics'] = null;
  const timed: number[] = [];
  const onEvent = (event: ProbeEvent) => {
    last = event;
    if (event.stage === 'iteration-start') iterationStart = performance.now();
    if (event.stage === 'iteration-done' && event.timed) timed.push(event.ms);
    if (event.stage === 'checked') numerics = event.numerics;
    onProgress(`${backend}: ${event.stage === 'iteration-done' ? `${event.timed ? 'timed' : 'warm-up'} iteration done` : event.stage.replace('-', ' ')}`);
  };
  let timer: ReturnType<typeof setTimeout> | undefined;
  const budget = new Promise<'cut-off'>((resolve) => (timer = setTimeout(() => resolve('cut-off'), budgetMs)));
  let outcome: ProbeOutcome | 'cut-off' | Error;
  try {
    outcome = await Promise.race([remote.probeBackend(backend, PROBE_TIMING, wasmThreads, Comlink.proxy(onEvent)), budget]);
  } catch (error) {
    outcome = error instanceof Error ? error : new Error(String(error));
  } finally {
    clearTimeout(timer);
    remote[Comlink.releaseProxy]();
    worker.terminate();
  }
  const elapsedMs = performance.now() - started;
  const base = { backend, elapsedMs, budgetMs, numerics: numerics as BackendProbeEntry['numerics'] };
  if (outcome instanceof Error) {
    return { ...base, outcome: 'unavailable', msPerIteration: null, atLeastMs: null, iterations: 0, detail: outcome.message };
  }
  if (outcome === 'cut-off') {
    const lastEvent = last as ProbeEvent | null;
    const inTimed = lastEvent?.stage === 'iteration-start' && iterationStart !== null;
    const running = inTimed ? performance.now() - iterationStart! : null;
    const detail = cutOffDetail(lastEvent, budgetMs, running);
    // Only a timed iteration's running time bounds an iteration from below (the warm-up includes compilation).
    const atLeastMs = inTimed && (lastEvent as { timed: boolean }).timed ? Math.max(running!, ...timed) : timed.length ? Math.max(...timed) : null;
    const partial = timed.length
      ? `${timed.length} of ${PROBE_TIMING.iterations} timed iterations (median ${median(timed).toFixed(0)} ms), then `
      : '';
    // Not picked without a finished check, however far the timing got.
    return { ...base, outcome: 'cut-off', msPerIteration: null, atLeastMs: timed.length ? median(timed) : atLeastMs, iterations: timed.length, detail: `${partial}${detail}` };
  }
  return {
    ...base,
    numerics: outcome.numerics,
    outcome: outcome.outcome,
    msPerIteration: outcome.msPerIteration,
    atLeastMs: null,
    iterations: outcome.iterationMs.length,
    detail: outcome.outcome === 'refused' ? `${outcome.detail} (measured ${outcome.msPerIteration?.toFixed(0)} ms/iteration, not used)` : outcome.detail,
  };
}

/** Measures every candidate in turn (wasm first: it finishes soonest), picks, caches and returns the report. */
export async function runBackendProbe(info: BackendInfo, onProgress: (text: string) => void = () => {}): Promise<BackendProbeReport> {
  const entries: BackendProbeEntry[] = [];
  for (const backend of probeCandidates(info)) {
    entries.push(await probeOne(backend, info.wasmThreadsRequested, probeBudgetMs(backend, info), onProgress));
  }
  const report: BackendProbeReport = {
    key: probeKey(info),
    measuredAt: new Date().toISOString(),
    entries,
    ...pickFromProbe(entries),
  };
  saveProbe(report);
  return report;
}

/**
 * Auto's measurement for the app: the cached report for this device when there is one (unless `force`), else a
 * new probe. When the backend choice is auto and the measured pick is not the active backend, `apply` re-selects
 * with the measured order, unless a PPO run is going (then a notice says it applies at the next switch).
 */
/**
 * The e2e suite's switch (localStorage): every Playwright test opens a fresh browser profile, where auto would measure
 * for ~25 s in the background of a spec about something else; the specs that test the measurement turn it back on.
 */
export const PROBE_OFF_FOR_TESTS_KEY = 'srlhfv:e2e-skip-backend-probe';

/** Whether the e2e suite switched the measurement off for this profile. */
export function probeOffForTests(): boolean {
  try {
    return globalThis.localStorage?.getItem(PROBE_OFF_FOR_TESTS_KEY) === '1';
  } catch {
    return false;
  }
}

export async function measureBackends(
  force: boolean,
  apply: (measuredOrder: BackendName[]) => Promise<void>,
): Promise<void> {
  const { system, systemActions } = useAppStore.getState();
  const info = system.backend;
  if (!info || system.probe.status === 'running') return;
  let report = force ? null : cachedProbe(info);
  if (report) systemActions.setProbe({ status: 'done', report, cached: true, progress: null });
  else {
    systemActions.setProbe({ status: 'running', progress: 'starting', cached: false });
    try {
      report = await runBackendProbe(info, (progress) => useAppStore.getState().systemActions.setProbe({ progress }));
    } finally {
      useAppStore.getState().systemActions.setProbe({ status: 'done', report, progress: null });
    }
  }
  const now = useAppStore.getState();
  if (now.system.backendChoice !== 'auto' || !report.pick || now.system.backend?.active === report.pick) return;
  if (now.train.runState === 'running' || now.train.runState === 'initialising') {
    now.systemActions.notify('info', `Measured: ${report.pick} is the fastest backend here; auto switches to it when training is not running (Compute panel).`);
    return;
  }
  await apply(report.order);
}
