// The score phase: frozen reward and cost scores per response (with the truncation penalty) and the critics' values.
import * as tf from '@tensorflow/tfjs';
import type { ExperimentConfig } from '../../../config/params';
import type { ScoreModel } from '../../../models/scoreModel';
import { truncationAdjusted, type EpisodeCostWindow } from '../../../rl';
import type { FrozenPromptEncodings } from '../promptEncodings';
import { criticValues, sequenceScoresFromPrompt } from '../scoring';
import type { Rollout } from './rolloutState';
import { firstNonFinite } from './rowStats';

export interface ScoreContext {
  config: ExperimentConfig;
  /** The frozen reward and cost models. */
  rewardModel: ScoreModel;
  costModel: ScoreModel;
  rewardCritic: ScoreModel;
  costCritic: ScoreModel | null;
  frozenEncodings: FrozenPromptEncodings;
  window: EpisodeCostWindow;
}

/**
 * Frozen reward and cost models score each response at its last real token; critics give V_r, V_c. The costs join
 * the episode-cost window. Returns the first non-finite quantity ('reward', 'cost'), or null.
 */
export async function scorePhase(ctx: ScoreContext, r: Rollout): Promise<string | null> {
  const start = performance.now();
  const [rewardEncoding, costEncoding] = await ctx.frozenEncodings.encode(
    [ctx.rewardModel.prompt, ctx.costModel.prompt],
    r.indices,
  );
  let scores: tf.Tensor1D;
  try {
    scores = tf.tidy(() =>
      tf.concat([
        sequenceScoresFromPrompt(ctx.rewardModel, rewardEncoding, r.tokens, r.mask),
        sequenceScoresFromPrompt(ctx.costModel, costEncoding, r.tokens, r.mask),
      ]),
    );
  } finally {
    tf.dispose([rewardEncoding, costEncoding]);
  }
  const rewardValues = criticValues(ctx.rewardCritic, r.images, r.questions, r.tokens);
  const costValues = ctx.costCritic ? criticValues(ctx.costCritic, r.images, r.questions, r.tokens) : null;
  const values = await scores.data();
  scores.dispose();
  r.rewardValues = rewardValues;
  r.costValues = costValues ?? undefined;
  // Responses cut at the length cap without an end token: −p on the reward, +p on the cost (docs/dynamics.md).
  r.rewards = truncationAdjusted(values.subarray(0, r.batch), r.truncated, -ctx.config.truncationPenalty);
  r.costs = truncationAdjusted(values.subarray(r.batch), r.truncated, ctx.config.truncationPenalty);
  r.ms.scoring = performance.now() - start;
  const bad = firstNonFinite({ reward: r.rewards, cost: r.costs });
  if (bad) return bad;
  r.windowBefore = ctx.window.values();
  ctx.window.push(r.costs);
  return null;
}
