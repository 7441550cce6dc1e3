import type { BackendChoice } from '../compute/types';
import { backendFromSearch } from '../compute/types';
import { pushMetrics } from '../metrics/metricsHub';
import { useAppStore } from '../state/store';
import { Comlink, trainer } from '../worker/client';
import type { WorkerCallbacks } from '../worker/protocol';
import { publishStatus } from './statusBus';

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

/** Creates the worker once and activates the backend named by `?backend=` (or auto). */
export function startTrainer(): Promise<void> {
  if (!started) {
    const choice = backendFromSearch(window.location.search);
    useAppStore.getState().systemActions.setBackendChoice(choice);
    started = applyBackend(choice, true);
  }
  return started;
}

export async function applyBackend(choice: BackendChoice, first = false): Promise<void> {
  const { systemActions } = useAppStore.getState();
  systemActions.setBackendChoice(choice);
  systemActions.setBackendState('compiling');
  try {
    const info = first
      ? await trainer().init(choice, Comlink.proxy(callbacks))
      : await trainer().switchBackend(choice);
    systemActions.setBackend(info);
    const url = new URL(window.location.href);
    if (choice === 'auto') url.searchParams.delete('backend');
    else url.searchParams.set('backend', choice);
    window.history.replaceState(window.history.state, '', url);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    systemActions.setBackendState('failed', message);
    systemActions.notify('error', message);
  }
}
