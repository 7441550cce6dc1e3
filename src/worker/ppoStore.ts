// The PPO area's state inside the trainer worker: the SFT (starting/reference) policy and the engine. Other
// worker modules read policies from here (the guard's filter-and-regenerate loop uses getPolicy).
import * as tf from '@tensorflow/tfjs';
import type { ExperimentConfig } from '../config/params';
import type { Vocabulary } from '../data/tokenizer';
import { Policy } from '../models/policy';
import { sizesMismatch, type ModelSizes } from '../models/sizes';
import { fingerprint, loadWeights, metadataMismatch, type LoadedWeights } from '../models/weightsIO';
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

/** Where the shipped SFT weights are served (public/weights/policy-sft). */
export function shippedPolicyUrl(): string {
  const base = import.meta.env?.BASE_URL ?? '/';
  return `${base}weights/policy-sft/model.json`;
}

/**
 * Builds a policy from loaded weights after checking kind, sizes and vocabulary; throws a message naming the
 * problem (the current policy is left alone).
 */
export function policyFromLoaded(loaded: LoadedWeights, sizes: ModelSizes, vocab: Vocabulary, source: string): Policy {
  try {
    const problem =
      metadataMismatch(loaded.metadata, { kind: 'policy', vocabularyFingerprint: fingerprint(vocab.toJSON()) }) ??
      // maxResponseTokens only bounds generation; it does not shape any weight.
      sizesMismatch({ ...loaded.metadata.sizes, maxResponseTokens: sizes.maxResponseTokens }, sizes);
    if (problem) throw new Error(`${source}: ${problem}`);
    // Inside tidy: setWeights' intermediate copies are freed with the scope; the variables survive it.
    let policy: Policy | null = null;
    tf.tidy(() => {
      policy = Policy.fromWeights(sizes, loaded.weights);
    });
    return policy!;
  } finally {
    tf.dispose(Object.values(loaded.weights));
  }
}

/** The shipped SFT policy, or null (with the reason) when it is missing or does not fit. */
export async function loadShippedPolicy(sizes: ModelSizes, vocab: Vocabulary): Promise<{ policy: Policy | null; reason?: string }> {
  try {
    const loaded = await loadWeights(shippedPolicyUrl(), 'shipped SFT policy');
    return { policy: policyFromLoaded(loaded, sizes, vocab, 'shipped SFT policy') };
  } catch (error) {
    return { policy: null, reason: error instanceof Error ? error.message : String(error) };
  }
}
