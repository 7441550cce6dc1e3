// The state of the PPO iteration in progress, shared by the engine's phase modules: what the rollout drew, what
// each later phase added, and an update phase stopped between minibatches. Freed by disposeRollout.
import * as tf from '@tensorflow/tfjs';
import type { Policy } from '../../../models/policy';
import type { ScoreModel } from '../../../models/scoreModel';
import type { LambdaTerm } from '../../../rl';
import type { LambdaRuleState } from '../lambdaStep';
import type { StreamOutputs } from '../streams';

/** An update phase stopped between minibatches: where it was and what it holds. */
export interface UpdateProgress {
  epoch: number;
  part: number;
  /** Fixed when the phase began, so a live edit while paused cannot reshape the pass. */
  epochs: number;
  parts: number;
  advantages: tf.Tensor2D;
  snapshot: WeightSnapshot;
  actorLosses: tf.Scalar[];
  rewardCriticLosses: tf.Scalar[];
  costCriticLosses: tf.Scalar[];
  /** Milliseconds spent in the phase before this stretch. */
  ms: number;
}

export type WeightSnapshot = { actor: tf.NamedTensorMap; rewardCritic: tf.NamedTensorMap; costCritic: tf.NamedTensorMap | null };

/** Tensors and numbers of the iteration in progress (between phases). */
export interface Rollout {
  iteration: number;
  batch: number;
  steps: number;
  indices: number[];
  /** The sampled ids as drawn in JS (teaching mode reads the first response's tokens; no readback). */
  tokenIds: Int32Array;
  images: tf.Tensor4D;
  questions: tf.Tensor2D;
  tokens: tf.Tensor2D;
  mask: tf.Tensor2D;
  lengths: Int32Array;
  texts: string[];
  logProbs: tf.Tensor2D;
  refLogProbs: tf.Tensor2D;
  kl: number;
  klPerToken: number;
  entropy: number;
  generated: number;
  /** 1 where the response reached the length cap without an end token. */
  truncated: Uint8Array;
  distinctOpenings: number;
  ms: { rollout: number; scoring: number; advantages: number; update: number };
  // score phase
  rewards?: Float32Array;
  costs?: Float32Array;
  rewardValues?: tf.Tensor2D;
  costValues?: tf.Tensor2D;
  windowBefore?: number[];
  // advantages phase
  rewardAdvantages?: tf.Tensor2D;
  rewardReturns?: tf.Tensor2D;
  costAdvantages?: tf.Tensor2D;
  costReturns?: tf.Tensor2D;
  rewardWithKl?: number;
  firstRow?: StreamOutputs['firstRow'];
  // lambda phase
  logLambdaBefore?: number;
  ruleStateBefore?: LambdaRuleState;
  /** The numbers the λ rule used and produced (the phase panel's explanation). */
  lambdaTerms?: LambdaTerm[];
  lambda?: number;
  // update phase, when paused between minibatches
  update?: UpdateProgress;
}

/** Frees every tensor a rollout holds (including an update phase stopped between minibatches). */
export function disposeRollout(r: Rollout): void {
  if (r.update) {
    const u = r.update;
    tf.dispose([u.advantages, ...u.actorLosses, ...u.rewardCriticLosses, ...u.costCriticLosses]);
    disposeSnapshot(u.snapshot);
  }
  tf.dispose([
    r.images, r.questions, r.tokens, r.mask, r.logProbs, r.refLogProbs,
    ...[r.rewardValues, r.costValues, r.rewardAdvantages, r.rewardReturns, r.costAdvantages, r.costReturns].filter(
      (t): t is tf.Tensor2D => t !== undefined,
    ),
  ]);
}

/** The trained models (the actor and the critics) whose weights an update changes. */
export interface TrainedModels {
  actor: Policy;
  rewardCritic: ScoreModel;
  costCritic: ScoreModel | null;
}

/** Copies of the trained models' weights, taken before an update (the NaN/Inf guard puts them back). */
export function snapshotWeights(models: TrainedModels): WeightSnapshot {
  const copy = (map: tf.NamedTensorMap) =>
    Object.fromEntries(Object.entries(map).map(([name, tensor]) => [name, tf.clone(tensor)]));
  return {
    actor: copy(models.actor.getWeights()),
    rewardCritic: copy(models.rewardCritic.getWeights()),
    costCritic: models.costCritic ? copy(models.costCritic.getWeights()) : null,
  };
}

/** Puts the snapshot's weights back into the models and frees the snapshot. */
export function restoreWeights(models: TrainedModels, snapshot: WeightSnapshot): void {
  tf.tidy(() => {
    models.actor.setWeights(snapshot.actor);
    models.rewardCritic.setWeights(snapshot.rewardCritic);
    if (snapshot.costCritic && models.costCritic) models.costCritic.setWeights(snapshot.costCritic);
  });
  disposeSnapshot(snapshot);
}

export function disposeSnapshot(snapshot: WeightSnapshot): void {
  tf.dispose(Object.values(snapshot).flatMap((map) => (map ? Object.values(map) : [])));
}
