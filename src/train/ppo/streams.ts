import * as tf from '@tensorflow/tfjs';
import type { Algorithm } from '../../config/params';
import { gae, shapeRewards } from '../../rl';
import { algorithmModule } from '../../rl/algorithms/registry';
import { toRows } from './scoring';

export interface StreamInputs {
  algorithm: Algorithm;
  logProbs: tf.Tensor2D;
  refLogProbs: tf.Tensor2D;
  mask: tf.Tensor2D;
  /** End scores R and C per row (plain numbers, already read back). */
  rewards: ArrayLike<number>;
  costs: ArrayLike<number>;
  rewardValues: tf.Tensor2D;
  /** null for the one-critic algorithms (ppo, reward-shaping). */
  costValues: tf.Tensor2D | null;
  klCoeff: number;
  clipRangeScore: number;
  /** λ_init, reward shaping's fixed λ (its end score is R − λ·C); the algorithm module decides whether it is read. */
  shapingLambda: number;
  gamma: number;
  gaeLambda: number;
}

export interface StreamOutputs {
  rewardAdvantages: tf.Tensor2D;
  rewardReturns: tf.Tensor2D;
  costAdvantages: tf.Tensor2D | null;
  costReturns: tf.Tensor2D | null;
  /** Mean over samples of Σ_t r_t (the shaped reward stream). */
  rewardWithKl: number;
  /** The first input block holding a NaN/±Infinity (named for the NaN guard's message), or null. */
  nonFinite: string | null;
  /** The first response's shaped streams and advantages per step (teaching mode), from the same readback. */
  firstRow: { shapedReward: number[]; rewardAdvantage: number[]; shapedCost: number[] | null; costAdvantage: number[] | null };
}

const BLOCK_NAMES = ['shaped rewards', 'reward-critic values', 'mask', 'shaped costs', 'cost-critic values'];

/**
 * Per-token shaping (docs/algorithm.md §4.3) and GAE (§4.4) on the reward stream and, for an algorithm with a cost
 * critic (ppo-lag), the cost stream:
 *   r_t = −β·kl_t + [t = end]·S     c_t = +β·kl_t + [t = end]·C     (clamped, masked)
 * where S is the algorithm's reward end score (R; reward shaping: R − λ·C, §6). One batched readback, GAE in JS.
 */
export async function shapeStreams(input: StreamInputs): Promise<StreamOutputs> {
  const [batch, steps] = input.mask.shape;
  const algorithm = algorithmModule(input.algorithm);
  const twoStreams = algorithm.usesCostCritic && input.costValues !== null;
  const packed = tf.tidy(() => {
    const R = tf.tensor1d(Float32Array.from(input.rewards));
    const C = tf.tensor1d(Float32Array.from(input.costs));
    const rewardScore = algorithm.rewardEndScore(R, C, { lambdaInit: input.shapingLambda });
    const common = { logProbs: input.logProbs, refLogProbs: input.refLogProbs, mask: input.mask, klCoeff: input.klCoeff, clipRangeScore: input.clipRangeScore };
    const parts: tf.Tensor2D[] = [
      shapeRewards({ ...common, score: rewardScore as tf.Tensor1D, stream: 'reward' }),
      input.rewardValues,
      input.mask,
    ];
    if (twoStreams) parts.push(shapeRewards({ ...common, score: C, stream: 'cost' }), input.costValues!);
    return tf.stack(parts);
  });
  const flat = await packed.data();
  packed.dispose();
  const block = batch * steps;
  let nonFinite: string | null = null;
  for (let i = 0; i < flat.length && nonFinite === null; i++) {
    if (!Number.isFinite(flat[i])) nonFinite = BLOCK_NAMES[Math.floor(i / block)];
  }
  const mask = toRows(flat, batch, steps, 2 * block);
  const reward = gaeAt(flat, 0, block, mask, input, batch, steps);
  let rewardWithKl = 0;
  for (let i = 0; i < block; i++) rewardWithKl += flat[i];
  rewardWithKl /= batch;
  const cost = twoStreams ? gaeAt(flat, 3 * block, 4 * block, mask, input, batch, steps) : null;
  const toTensor = (rows: number[][]) => tf.tensor2d(rows, [batch, steps]);
  return {
    rewardAdvantages: toTensor(reward.advantages),
    rewardReturns: toTensor(reward.returns),
    costAdvantages: cost ? toTensor(cost.advantages) : null,
    costReturns: cost ? toTensor(cost.returns) : null,
    rewardWithKl,
    nonFinite,
    firstRow: {
      shapedReward: Array.from(flat.subarray(0, steps)),
      rewardAdvantage: reward.advantages[0],
      shapedCost: twoStreams ? Array.from(flat.subarray(3 * block, 3 * block + steps)) : null,
      costAdvantage: cost ? cost.advantages[0] : null,
    },
  };
}

function gaeAt(
  flat: ArrayLike<number>,
  rewardOffset: number,
  valueOffset: number,
  mask: number[][],
  input: StreamInputs,
  batch: number,
  steps: number,
) {
  return gae({
    rewards: toRows(flat, batch, steps, rewardOffset),
    values: toRows(flat, batch, steps, valueOffset),
    mask,
    gamma: input.gamma,
    lambda: input.gaeLambda,
  });
}
