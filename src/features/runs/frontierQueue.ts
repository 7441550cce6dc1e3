/**
 * The frontier queue (issue 21): runs the fixed-λ grid one run after another in the trainer worker, each recorded in
 * the run list as any run is, with progress and cancel. One queue per page; components follow it with
 * useFrontierQueue.
 */
import { useSyncExternalStore } from 'react';
import { useAppStore } from '../../state/store';
import { errorText } from '../../util/errorText';
import { frontierConfigs, type FrontierQueueState } from './frontierPlan';

let state: FrontierQueueState = { status: 'idle' };
const listeners = new Set<() => void>();

function setState(next: FrontierQueueState): void {
  state = next;
  for (const listener of listeners) listener();
}

export function useFrontierQueue(): FrontierQueueState {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => state,
  );
}

/**
 * The Train area's controls, loaded on demand: a static import from the Runs area would split them (and zod with
 * them) into a chunk evaluated before main.tsx sets zod's jitless mode, and the CSP would report zod's eval probe.
 */
const trainControls = () => import('../train/trainControls');

/** Runs the grid with the edited settings; resolves when it is done, cancelled or failed. */
export async function runFrontier(): Promise<void> {
  if (state.status === 'running') return;
  const { restoreEditedSettings, runConfigToEnd } = await trainControls();
  const configs = frontierConfigs(useAppStore.getState().config);
  const total = configs.length;
  let finished = 0;
  try {
    for (const [index, config] of configs.entries()) {
      setState({ status: 'running', index, total, lambda: config.lambdaInit, cancelling: false });
      const ended = await runConfigToEnd(config);
      const now = state as FrontierQueueState;
      if (now.status === 'running' && now.cancelling) {
        setState({ status: 'cancelled', finished, total });
        return;
      }
      if (ended !== 'finished') {
        const why = useAppStore.getState().train.error ?? useAppStore.getState().train.pauseReason ?? `the run ended ${ended}`;
        setState({ status: 'failed', finished, total, message: why });
        return;
      }
      finished++;
    }
    setState({ status: 'done', total });
  } catch (error) {
    setState({ status: 'failed', finished, total, message: errorText(error) });
  } finally {
    await restoreEditedSettings();
  }
}

/** Stops the run in progress and the runs after it. */
export async function cancelFrontier(): Promise<void> {
  if (state.status !== 'running' || state.cancelling) return;
  setState({ ...state, cancelling: true });
  const { stopTraining } = await trainControls();
  await stopTraining();
}
