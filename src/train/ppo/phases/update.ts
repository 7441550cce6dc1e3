// The update phase: PPO's clipped actor steps and the critics' steps over minibatches, stoppable between them.
import * as tf from '@tensorflow/tfjs';
import type { ExperimentConfig } from '../../../config/params';
import { actorLoss, approxKl, clipFraction, criticLoss, mixAdvantages } from '../../../rl';
import { clippedStep, setLearningRate } from '../optimizerStep';
import { criticValues } from '../scoring';
import type { PpoMetricRow } from '../types';
import { snapshotWeights, type Rollout, type TrainedModels, type UpdateProgress, type WeightSnapshot } from './rolloutState';

export interface UpdateContext extends TrainedModels {
  config: ExperimentConfig;
  actorOptimizer: tf.AdamOptimizer;
  rewardCriticOptimizer: tf.AdamOptimizer;
  costCriticOptimizer: tf.AdamOptimizer | null;
}

export type UpdateStats = Pick<PpoMetricRow, 'actorLoss' | 'rewardCriticLoss' | 'costCriticLoss' | 'clipFraction' | 'approxKl'>;

/**
 * `ppoEpochs` passes over `minibatches` parts: actor step, then each critic (own optimiser), all norm-clipped.
 * `shouldPause` is asked after each minibatch but the last: true keeps the progress in the rollout and returns
 * `paused`; the next call continues with the next minibatch (learning rates as set then). When done, returns the
 * mean losses, clip fraction and approximate KL, and the weights from before the update (the caller keeps or
 * restores them).
 */
export async function updatePhase(
  ctx: UpdateContext,
  r: Rollout,
  shouldPause?: () => boolean | Promise<boolean>,
): Promise<{ paused: true } | { update: UpdateStats; snapshot: WeightSnapshot }> {
  const start = performance.now();
  const cfg = ctx.config;
  setLearningRate(ctx.actorOptimizer, cfg.actorLr);
  setLearningRate(ctx.rewardCriticOptimizer, cfg.criticLr);
  if (ctx.costCriticOptimizer) setLearningRate(ctx.costCriticOptimizer, cfg.criticLr);
  const lambda = r.lambda!;
  const progress: UpdateProgress = r.update ?? {
    epoch: 0,
    part: 0,
    epochs: cfg.ppoEpochs,
    parts: Math.max(1, Math.min(cfg.minibatches, r.batch)),
    snapshot: snapshotWeights(ctx),
    advantages: tf.tidy(() =>
      r.costAdvantages ? mixAdvantages(r.rewardAdvantages!, r.costAdvantages, lambda) : r.rewardAdvantages!.clone(),
    ),
    actorLosses: [],
    rewardCriticLosses: [],
    costCriticLosses: [],
    ms: 0,
  };
  r.update = progress; // held by the rollout while the phase runs, so a reset or failure frees it
  const { snapshot, advantages, parts, actorLosses, rewardCriticLosses, costCriticLosses } = progress;
  for (; progress.epoch < progress.epochs; progress.epoch++, progress.part = 0) {
    for (; progress.part < parts; progress.part++) {
      const part = progress.part;
      const from = Math.floor((part * r.batch) / parts);
      const size = Math.floor(((part + 1) * r.batch) / parts) - from;
      const rows = <T extends tf.Tensor>(x: T): T => x.slice(from, size) as T;
      const losses = tf.tidy(() => {
        const images = rows(r.images);
        const questions = rows(r.questions);
        const tokens = rows(r.tokens);
        const mask = rows(r.mask);
        const actor = clippedStep(ctx.actorOptimizer, ctx.actor.variables, () =>
          actorLoss({
            logProbs: ctx.actor.logProbs(images, questions, tokens, cfg.temperature),
            oldLogProbs: rows(r.logProbs),
            advantages: rows(advantages),
            mask,
            clipRatio: cfg.clipRatio,
          }), cfg.maxGradNorm);
        const rewardCritic = clippedStep(ctx.rewardCriticOptimizer, ctx.rewardCritic.variables, () =>
          criticLoss({
            values: criticValues(ctx.rewardCritic, images, questions, tokens),
            oldValues: rows(r.rewardValues!),
            returns: rows(r.rewardReturns!),
            mask,
            clipRangeValue: cfg.clipRangeValue,
          }), cfg.maxGradNorm);
        const costCritic = ctx.costCritic && ctx.costCriticOptimizer
          ? clippedStep(ctx.costCriticOptimizer, ctx.costCritic.variables, () =>
              criticLoss({
                values: criticValues(ctx.costCritic!, images, questions, tokens),
                oldValues: rows(r.costValues!),
                returns: rows(r.costReturns!),
                mask,
                clipRangeValue: cfg.clipRangeValue,
              }), cfg.maxGradNorm)
          : null;
        return costCritic ? [actor, rewardCritic, costCritic] : [actor, rewardCritic];
      });
      actorLosses.push(losses[0]);
      rewardCriticLosses.push(losses[1]);
      if (losses[2]) costCriticLosses.push(losses[2]);
      const last = progress.epoch === progress.epochs - 1 && part === parts - 1;
      if (!last && shouldPause && (await shouldPause())) {
        progress.part++;
        progress.ms += performance.now() - start;
        return { paused: true };
      }
    }
  }
  r.update = undefined; // from here on this function frees the phase's tensors itself
  const stats = tf.tidy(() => {
    const logProbs = ctx.actor.logProbs(r.images, r.questions, r.tokens, cfg.temperature);
    const mean = (xs: tf.Scalar[]) => (xs.length ? tf.mean(tf.stack(xs)) : tf.scalar(NaN));
    return tf.stack([
      mean(actorLosses),
      mean(rewardCriticLosses),
      mean(costCriticLosses),
      clipFraction({ logProbs, oldLogProbs: r.logProbs, mask: r.mask, clipRatio: cfg.clipRatio }),
      approxKl({ logProbs, oldLogProbs: r.logProbs, mask: r.mask }),
    ]);
  });
  tf.dispose([advantages, ...actorLosses, ...rewardCriticLosses, ...costCriticLosses]);
  const [actorLossValue, rewardCriticLossValue, costCriticLossValue, clipFractionValue, approxKlValue] = await stats.data();
  stats.dispose();
  r.ms.update = progress.ms + performance.now() - start;
  return {
    update: {
      actorLoss: actorLossValue,
      rewardCriticLoss: rewardCriticLossValue,
      costCriticLoss: ctx.costCritic ? costCriticLossValue : NaN,
      clipFraction: clipFractionValue,
      approxKl: approxKlValue,
    },
    snapshot,
  };
}
