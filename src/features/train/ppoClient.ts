import type { ExperimentConfig, ParamKey } from '../../config/params';
import type { CostPilotResult } from '../../worker/costPilotHandlers';
import type { ScheduledChange } from '../../train/ppo/schedule';
import type { GenerationSample, PpoStatus } from '../../train/ppo/types';
import { trainer } from '../../worker/client';

/**
 * The slice of the trainer worker's API the Train area uses (the PPO engine's `PpoApi`, src/worker/ppoHandlers.ts).
 * Kept as an explicit interface so the dashboard states exactly what it relies on.
 */
export interface PpoContract {
  ppoInit(config: ExperimentConfig): Promise<PpoStatus>;
  /** Makes a running ppoInit reject with "PPO set-up cancelled". */
  ppoCancelInit(): Promise<unknown>;
  /**
   * Resolves when the run stops: iterations reached, pause, stop, or the NaN guard. `runId` comes back as detail.run
   * on the events that end this run.
   */
  ppoRun(runId?: number): Promise<PpoStatus>;
  ppoPause(): Promise<unknown>;
  ppoStep(): Promise<unknown>;
  ppoStepPhase(): Promise<unknown>;
  ppoStop(): Promise<unknown>;
  /** Back to iteration 0 with the draft (a rebuild when a model- or data-shaping setting changed). */
  ppoReset(draft?: ExperimentConfig): Promise<unknown>;
  /** Only the settings the person changed; `iteration`: the engine's completed iterations when they went in. */
  ppoUpdateConfig(edits: Partial<ExperimentConfig>): Promise<{ applied: ParamKey[]; needsReset: ParamKey[]; iteration: number }>;
  ppoSetSlowMode(msPerPhase: number): Promise<unknown>;
  /** Scripted live edits to make at their iteration boundaries (replaces the worker's list). */
  ppoSetSchedule(schedule: ScheduledChange[]): Promise<unknown>;
  ppoStatus(): Promise<PpoStatus>;
  ppoGenerations(): Promise<GenerationSample[]>;
  /** The feasibility pilot for these settings: the SFT policy's cost and the reachable range (cached per data + weights). */
  ppoCostPilot(config: ExperimentConfig): Promise<CostPilotResult>;
}

/** The trainer worker seen through this contract (type-checked: the worker's API must provide all of it). */
export function ppo(): PpoContract {
  return trainer();
}

/** Whether a worker reply is a PpoStatus (some calls return one, others nothing). */
export function isPpoStatus(value: unknown): value is PpoStatus {
  return typeof value === 'object' && value !== null && 'state' in value && 'iteration' in value;
}
