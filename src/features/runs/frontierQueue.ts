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
 * The Train area's controls, loaded on demand: a static import from the lazy Runs area made the bundler split them
 * (with zod) out of the entry chunk into a shared one; loaded like this they stay where they were.
 */
const trainControls = () => import('../train/trainControls');

/** Runs the grid with the edited settings; resolves when it is done, cancelled or failed. */
export async function runFrontier(): Promise<void> {
  if (state.status === 'running') return;
  const configs = frontierConfigs(useAppStore.getState().config);
  const total = configs.length;
  setState({ status: 'running', index: 0, total, lambda: configs[0].lambdaInit, cancelling: false });
  const { restoreEditedSettings, runConfigToEnd } = await trainControls();
  let finished = 0;
  try {
    for (const [index, config] of configs.entries()) {
      const before = state as FrontierQueueState;
      if (before.status === 'running' && before.cancelling) break;
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
    const after = state as FrontierQueueState;
    setState(after.status === 'running' && after.cancelling ? { status: 'cancelled', finished, total } : { status: 'done', total });
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
