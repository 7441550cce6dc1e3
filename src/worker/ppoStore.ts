// The PPO area's state inside the trainer worker: the SFT (starting/reference) policy and the engine. Other
// worker modules read policies from here (the guard's filter-and-regenerate loop uses getPolicy).
import type { ExperimentConfig } from '../config/params';
import type { Tokenizer } from '../data/tokenizer';
import type { Policy } from '../models/policy';
import type { ModelSizes } from '../models/sizes';
import { fingerprint, type LoadedWeights } from '../models/weightsIO';
import { modelFromWeights } from '../experiment/models/modelFromWeights';
import { loadShippedModel } from '../experiment/models/shippedModels';
import { fetchWeightsReader } from './shippedWeightsReader';
import type { ExperimentRun } from '../experiment/experimentRun';
import type { ScheduledChange } from '../train/ppo/schedule';
import type { PpoRunState } from '../train/ppo/types';

export type SftOrigin = 'shipped' | 'trained' | 'imported';

export const ppoState: {
  sftPolicy: Policy | null;
  sftOrigin: SftOrigin | null;
  /** The experiment core's run (engine, applied settings, scripted edits); null before ppoInit. */
  run: ExperimentRun | null;
  /** The settings of the last ppoInit (and, before one, the edits sent): what a re-init after a policy import uses. */
  config: ExperimentConfig | null;
  runState: PpoRunState;
  message: string | undefined;
  slowModeMs: number;
  pauseRequested: boolean;
  stopRequested: boolean;
  /** The loop of ppoRun while it runs (reset waits for it). */
  running: Promise<unknown> | null;
  /**
   * The caller's number for the ppoRun in progress (null when none, or none given): that run's end events carry it
   * as detail.run, so the page can tell a late event of a run that ended from one of the run it started next.
   */
  runId: number | null;
  /** The engine's run since init/reset was announced ('started'): a resume after a halt at iteration 0 is the same run. */
  announced: boolean;
  /** Scripted edits sent before there is a run: the next ppoInit hands them to it (the run owns them after). */
  schedule: ScheduledChange[];
} = {
  sftPolicy: null,
  sftOrigin: null,
  run: null,
  config: null,
  runState: 'uninitialised',
  message: undefined,
  slowModeMs: 0,
  pauseRequested: false,
  stopRequested: false,
  running: null,
  runId: null,
  announced: false,
  schedule: [],
};

/** 'sft': the starting (reference) policy; 'current': the PPO actor (null before ppoInit). */
export async function getPolicy(which: 'sft' | 'current'): Promise<Policy | null> {
  if (which === 'sft') return ppoState.sftPolicy;
  return ppoState.run?.engine.policy ?? null;
}

/** Replaces the SFT policy (disposing the old one unless it is the same object). */
export function setSftPolicy(policy: Policy, origin: SftOrigin): void {
  if (ppoState.sftPolicy && ppoState.sftPolicy !== policy) ppoState.sftPolicy.dispose();
  ppoState.sftPolicy = policy;
  ppoState.sftOrigin = origin;
}

/**
 * Builds a policy from loaded weights after checking kind, sizes and vocabulary (the experiment core's
 * modelFromWeights); throws a message naming the problem (the current policy is left alone).
 */
export function policyFromLoaded(loaded: LoadedWeights, sizes: ModelSizes, vocab: Tokenizer, source: string): Policy {
  return modelFromWeights('policy', loaded, { vocabularyFingerprint: fingerprint(vocab.toJSON()), sizes }, source);
}

/** The shipped SFT policy (public/weights/policy-sft), or null (with the reason) when it is missing or does not fit. */
export async function loadShippedPolicy(sizes: ModelSizes, vocab: Tokenizer): Promise<{ policy: Policy | null; reason?: string }> {
  const shipped = await loadShippedModel(fetchWeightsReader(), 'policy', { vocabularyFingerprint: fingerprint(vocab.toJSON()), sizes });
  return shipped.model ? { policy: shipped.model } : { policy: null, reason: shipped.reason };
}
