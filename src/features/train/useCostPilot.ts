import { useEffect } from 'react';
import { startTrainer } from '../../state/trainerSession';
import { useAppStore } from '../../state/store';
import type { TrainRunState } from '../../state/slices/trainSlice';
import { errorText } from '../../util/errorText';
import { pilotSettingsKey } from '../../state/costPilot';
import { ppo } from './ppoClient';

/** Edits to the sampling settings settle this long before the pilot is asked again. */
const PILOT_DEBOUNCE_MS = 400;

/** Run states in which the worker belongs to the run. */
const RUN_GOING: ReadonlySet<TrainRunState> = new Set<TrainRunState>(['initialising', 'running', 'paused']);

/** Whether the pilot may use the worker now: not while a run is initialising, running or paused. */
export function pilotMayRun(runState: TrainRunState): boolean {
  return !RUN_GOING.has(runState);
}

/**
 * Keeps the feasibility pilot current (issue 21): asks the worker for it once the data and the models are loaded,
 * and again when either changes or a sampling setting does (the worker answers from its cache when nothing that
 * matters changed). Not while a run is going or paused: the pilot would share the worker with it (a resume would wait
 * for the pilot); it is asked when the run stops.
 */
export function useCostPilot(): void {
  const summary = useAppStore((s) => s.data.summary);
  const dataReady = useAppStore((s) => s.data.loadState.status === 'ready');
  const models = useAppStore((s) => s.models.status);
  const running = useAppStore((s) => !pilotMayRun(s.train.runState));
  const settings = useAppStore((s) => pilotSettingsKey(s.config));
  useEffect(() => {
    if (!dataReady || !summary || running) return;
    let current = true;
    const { setCostPilot } = useAppStore.getState().trainActions;
    const timer = setTimeout(() => {
      // Pending until the answer comes (at once from the worker's cache when only something else changed).
      setCostPilot({ status: 'pending' });
      const config = useAppStore.getState().config;
      void (async () => {
        try {
          await startTrainer();
          const result = await ppo().ppoCostPilot(config);
          if (current) setCostPilot({ status: 'ready', key: result.key, range: result.range });
        } catch (error) {
          if (current) setCostPilot({ status: 'failed', message: errorText(error).replace(/\.$/, '') });
        }
      })();
    }, PILOT_DEBOUNCE_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [summary, dataReady, models, running, settings]);
}
