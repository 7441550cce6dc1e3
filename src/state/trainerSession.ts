import type { BackendChoice, BackendName } from '../compute/types';
import { measureBackends, probeOffForTests } from './backendProbe';
import { backendFromSearch, wasmThreadsFromSearch } from '../compute/types';
import { metricTable, pushMetrics, seedHistory } from '../metrics/metricsHub';
import { PPO_METRIC_COLUMNS } from '../train/ppo/types';
import { useAppStore } from './store';
import { Comlink, trainer } from '../worker/client';
import type { WorkerCallbacks } from '../worker/protocol';
import { publishStatus } from '../worker/statusBus';
import { errorText } from '../util/errorText';

const callbacks: WorkerCallbacks = {
  onMetrics: (batch) => pushMetrics(batch),
  onStatus: (event) => {
    const { systemActions } = useAppStore.getState();
    if (event.job === 'system' && event.kind === 'started') systemActions.setBackendState('compiling');
    // The Data area shows its own load errors and warnings beside the sources; the rest surface as notices.
    if ((event.kind === 'warning' || event.kind === 'error') && event.job !== 'data') {
      systemActions.notify(event.kind, event.message);
    }
    publishStatus(event);
  },
};

let started: Promise<void> | null = null;

/**
 * Test hooks, only with `?e2e-hooks` in the address: `window.__e2e.seedPpoHistory(rows)` gives the live Train
 * charts recorded iterations (objects keyed by PPO metric column; missing values are NaN), for the perf check;
 * `window.__e2e.wedgeParseOf(name)` makes the parse of that file wedge, for the wedged-load check;
 * `window.__e2e.ppoRows()` is the live run's recorded rows (a group's with every member's columns), for the check
 * that a group member in another worker gives the solo run's numbers.
 */
function installTestHooks(): void {
  if (!new URLSearchParams(window.location.search).has('e2e-hooks')) return;
  const seedPpoHistory = (rows: readonly Record<string, number>[]) => {
    const flat = new Float64Array(rows.length * PPO_METRIC_COLUMNS.length);
    rows.forEach((row, r) =>
      PPO_METRIC_COLUMNS.forEach((name, c) => (flat[r * PPO_METRIC_COLUMNS.length + c] = row[name] ?? NaN)),
    );
    seedHistory('ppo', PPO_METRIC_COLUMNS, flat);
  };
  // `wedgeParseOf(name)`: the next parse of a file of that name spins its parse worker (a wedged step), null clears it.
  const wedgeParseOf = (name: string | null) => trainer().wedgeParseOfForTests(name);
  const ppoRows = () => metricTable('ppo')?.toRows() ?? [];
  (window as unknown as { __e2e: object }).__e2e = { seedPpoHistory, wedgeParseOf, ppoRows };
}

/** Creates the worker once and activates the backend named by `?backend=` (or auto). */
export function startTrainer(): Promise<void> {
  if (!started) {
    installTestHooks();
    const choice = backendFromSearch(window.location.search);
    useAppStore.getState().systemActions.setBackendChoice(choice);
    started = applyBackend(choice, true).then(() => {
      // Auto measures each backend once per device (in the background; cached), then follows the measurement.
      if (choice === 'auto' && !probeOffForTests()) void measureBackendsNow(false);
    });
  }
  return started;
}

/** Auto's measurement (src/features/system/backendProbe.ts); `force` measures again even when one is cached. */
export function measureBackendsNow(force: boolean): Promise<void> {
  return measureBackends(force, (measuredOrder) => applyBackend('auto', false, measuredOrder)).catch((error) => {
    useAppStore.getState().systemActions.notify('warning', `Measuring the backends failed: ${errorText(error)}`);
  });
}

export async function applyBackend(choice: BackendChoice, first = false, measuredOrder?: BackendName[]): Promise<void> {
  const { systemActions } = useAppStore.getState();
  systemActions.setBackendChoice(choice);
  systemActions.setBackendState('compiling');
  try {
    const params = new URLSearchParams(window.location.search);
    // e2e only: a stand-in backend with wrong gradients is tried first, to show the numerics check refusing it.
    const standIn = params.has('e2e-hooks') && params.has('standin-backend');
    const info = first
      ? await trainer().init(choice, Comlink.proxy(callbacks), wasmThreadsFromSearch(window.location.search), { standIn })
      : await trainer().switchBackend(choice, measuredOrder ? { measuredOrder } : {});
    systemActions.setBackend(info);
    const url = new URL(window.location.href);
    if (choice === 'auto') url.searchParams.delete('backend');
    else url.searchParams.set('backend', choice);
    window.history.replaceState(window.history.state, '', url);
  } catch (error) {
    const message = errorText(error);
    systemActions.setBackendState('failed', message);
    systemActions.notify('error', message);
  }
}
