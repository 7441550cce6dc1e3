import { onStatus } from '../../worker/statusBus';
import { useAppStore } from '../../state/store';
import { loadBundledSample, loadPendingConfigUrls } from './dataOperations';

let started = false;

/**
 * Called once from main.tsx after the worker is initialised: routes data progress events to the slice, loads the
 * bundled synthetic sample (no network needed; every area needs data even if Data is never opened), then any
 * `dataUrls` a shared link carries — now and whenever the link changes them.
 */
export function bootstrapData(): void {
  if (started) return;
  started = true;
  onStatus('data', (event) => {
    if (event.kind === 'progress') {
      const progress = typeof event.progress === 'number' && Number.isFinite(event.progress) ? event.progress : null;
      useAppStore.getState().dataActions.loadProgress(progress, event.message);
    }
  });
  void loadBundledSample().then(() => {
    loadPendingConfigUrls();
    useAppStore.subscribe((state, previous) => {
      if (state.config.dataUrls !== previous.config.dataUrls) loadPendingConfigUrls();
    });
  });
}
