import type { StateCreator } from 'zustand';
import type { ExperimentConfig, ParamKey } from '../../config/params';
import type { CostPilotState } from '../costPilot';
import type { RunOrigin } from '../../runs/types';
import type { ScheduledChange } from '../../train/ppo/schedule';
import { PPO_PHASES, type PhaseOutput, type PpoPhase, type PpoRunState, type PpoStatus } from '../../train/ppo/types';

/** The engine's run state, plus 'initialising' while the UI waits for ppoInit (weights, SFT, kernels). */
export type TrainRunState = PpoRunState | 'initialising';

export interface TrainState {
  runState: TrainRunState;
  iteration: number;
  /** The phase step-by-phase will run next. */
  nextPhase: PpoPhase;
  /** In a seed group: the seed whose phase step-by-phase runs next (null for one seed). */
  nextSeed: number | null;
  /** The phase that ran last (step-by-phase or slow mode), highlighted in the phase strip. */
  currentPhase: PpoPhase | null;
  /** What the last stepped (or slow-mode) phase produced: the teaching mode's output panel. */
  phaseOutput: PhaseOutput | null;
  slowMode: boolean;
  /** Why the engine paused on its own (NaN guard), shown prominently until the next start. */
  pauseReason: string | null;
  error: string | null;
  /** The engine's latest progress note (loading models, training SFT, ready). */
  info: string | null;
  /** Workers the engine's members run in (a seed group split across member workers); 1 for one seed or one worker. */
  workers: number;
  /** While initialising: the fraction of the set-up's image decoding done, null when unknown. */
  setupProgress: number | null;
  /** The config the engine was built with, with every live change it accepted merged in. */
  appliedConfig: ExperimentConfig | null;
  /** Settings the engine applied at the last live update (brief feedback next to the panel). */
  lastLiveApplied: ParamKey[];
  /** Scripted live edits still to apply at their iteration boundaries (Runs → Duplicate with the scripted changes). */
  scheduled: ScheduledChange[];
  /**
   * "Fork here": the next run replays run `runId` to `iteration` (its start settings, run length `iteration`, its
   * earlier edits scripted), then the run length goes back to `resumeIterations` for the person's own changes.
   * waiting: not started yet; replaying: the fork's run is on its way; reached: it stands at `iteration`.
   */
  fork: (RunOrigin & { resumeIterations: number; status: 'waiting' | 'replaying' | 'reached' }) | null;
  costPilot: CostPilotState;
}

export interface TrainSlice {
  train: TrainState;
  trainActions: {
    setRunState: (runState: TrainRunState) => void;
    /** Copies an engine status (state, iteration, next phase). */
    applyStatus: (status: PpoStatus) => void;
    setPhase: (phase: PpoPhase, iteration: number) => void;
    setPhaseOutput: (output: PhaseOutput | null) => void;
    setSlowMode: (slowMode: boolean) => void;
    setPauseReason: (reason: string | null) => void;
    setError: (error: string | null) => void;
    setInfo: (info: string | null) => void;
    setSetupProgress: (progress: number | null) => void;
    setAppliedConfig: (config: ExperimentConfig | null) => void;
    liveApplied: (config: ExperimentConfig, keys: ParamKey[]) => void;
    clearPhase: () => void;
    setScheduled: (scheduled: ScheduledChange[]) => void;
    setFork: (fork: TrainState['fork']) => void;
    setCostPilot: (costPilot: CostPilotState) => void;
  };
}

export const initialTrainState: TrainState = {
  runState: 'uninitialised',
  iteration: 0,
  nextPhase: PPO_PHASES[0],
  nextSeed: null,
  currentPhase: null,
  phaseOutput: null,
  slowMode: false,
  pauseReason: null,
  error: null,
  info: null,
  workers: 1,
  setupProgress: null,
  appliedConfig: null,
  lastLiveApplied: [],
  scheduled: [],
  fork: null,
  costPilot: { status: 'idle' },
};

export const createTrainSlice: StateCreator<TrainSlice, [], [], TrainSlice> = (set) => {
  const patch = (update: Partial<TrainState>) => set((s) => ({ train: { ...s.train, ...update } }));
  return {
    train: initialTrainState,
    trainActions: {
      setRunState: (runState) => patch({ runState }),
      applyStatus: (status) =>
        patch({
          runState: status.state,
          iteration: status.iteration,
          nextPhase: PPO_PHASES.includes(status.nextPhase) ? status.nextPhase : PPO_PHASES[0],
          workers: status.workers ?? 1,
          nextSeed: status.nextSeed ?? null,
        }),
      setPhase: (phase, iteration) => {
        const index = PPO_PHASES.indexOf(phase);
        patch({ currentPhase: phase, nextPhase: PPO_PHASES[(index + 1) % PPO_PHASES.length], iteration });
      },
      setPhaseOutput: (phaseOutput) => patch({ phaseOutput }),
      setSlowMode: (slowMode) => patch({ slowMode }),
      setPauseReason: (pauseReason) => patch({ pauseReason }),
      setError: (error) => patch({ error }),
      setInfo: (info) => patch({ info }),
      setSetupProgress: (setupProgress) => patch({ setupProgress }),
      setAppliedConfig: (appliedConfig) => patch({ appliedConfig }),
      liveApplied: (appliedConfig, lastLiveApplied) => patch({ appliedConfig, lastLiveApplied }),
      clearPhase: () => patch({ currentPhase: null, nextPhase: PPO_PHASES[0], phaseOutput: null }),
      setScheduled: (scheduled) => patch({ scheduled }),
      setFork: (fork) => patch({ fork }),
      setCostPilot: (costPilot) => patch({ costPilot }),
    },
  };
};
