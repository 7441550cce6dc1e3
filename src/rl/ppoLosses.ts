import * as tf from '@tensorflow/tfjs';
import { maskedMean } from './masks';

/** Log-ratios are clamped before exp (a port choice, docs/algorithm.md §4.5): GPU backends differ numerically. */
const LOG_RATIO_LIMIT = 20;

/**
 * Lagrangian mix of the two advantages, docs/algorithm.md §4.5:  A = (A_r − λ·A_c) / (1 + λ).
 * λ = 0 gives the plain PPO advantage A_r.
 */
export function mixAdvantages(advReward: tf.Tensor2D, advCost: tf.Tensor2D, lambda: number): tf.Tensor2D {
  return tf.tidy(() => tf.div(tf.sub(advReward, tf.mul(lambda, advCost)), 1 + lambda) as tf.Tensor2D);
}

function ratioOf(logProbs: tf.Tensor2D, oldLogProbs: tf.Tensor2D): tf.Tensor2D {
  return tf.exp(tf.clipByValue(tf.sub(logProbs, oldLogProbs), -LOG_RATIO_LIMIT, LOG_RATIO_LIMIT)) as tf.Tensor2D;
}

/**
 * PPO clipped surrogate, docs/algorithm.md §4.5:
 *   ρ_t = exp(logπ_θ(a_t) − logp_old_t)
 *   L = −masked_mean( min(ρ_t·A_t, clip(ρ_t, 1−ε, 1+ε)·A_t), m )
 */
export function actorLoss({
  logProbs,
  oldLogProbs,
  advantages,
  mask,
  clipRatio,
}: {
  logProbs: tf.Tensor2D;
  oldLogProbs: tf.Tensor2D;
  advantages: tf.Tensor2D;
  mask: tf.Tensor2D;
  clipRatio: number;
}): tf.Scalar {
  return tf.tidy(() => {
    const ratio = ratioOf(logProbs, oldLogProbs);
    const unclipped = tf.mul(ratio, advantages);
    const clipped = tf.mul(tf.clipByValue(ratio, 1 - clipRatio, 1 + clipRatio), advantages);
    return tf.neg(maskedMean(tf.minimum(unclipped, clipped) as tf.Tensor2D, mask)) as tf.Scalar;
  });
}

/**
 * Clipped value loss, docs/algorithm.md §4.6 (same for both critics):
 *   V_clip = clip(V, V_old − ε_v, V_old + ε_v)
 *   L_V = ½ · masked_mean( max((V − G)², (V_clip − G)²), m )
 */
export function criticLoss({
  values,
  oldValues,
  returns,
  mask,
  clipRangeValue,
}: {
  values: tf.Tensor2D;
  oldValues: tf.Tensor2D;
  returns: tf.Tensor2D;
  mask: tf.Tensor2D;
  clipRangeValue: number;
}): tf.Scalar {
  return tf.tidy(() => {
    const clippedValues = tf.add(oldValues, tf.clipByValue(tf.sub(values, oldValues), -clipRangeValue, clipRangeValue));
    const unclippedError = tf.square(tf.sub(values, returns));
    const clippedError = tf.square(tf.sub(clippedValues, returns));
    return tf.mul(0.5, maskedMean(tf.maximum(unclippedError, clippedError) as tf.Tensor2D, mask)) as tf.Scalar;
  });
}

/** Share of real tokens whose ratio left [1−ε, 1+ε] (a diagnostic, not part of any loss). */
export function clipFraction({
  logProbs,
  oldLogProbs,
  mask,
  clipRatio,
}: {
  logProbs: tf.Tensor2D;
  oldLogProbs: tf.Tensor2D;
  mask: tf.Tensor2D;
  clipRatio: number;
}): tf.Scalar {
  return tf.tidy(() => {
    const outside = tf.cast(tf.greater(tf.abs(tf.sub(ratioOf(logProbs, oldLogProbs), 1)), clipRatio), 'float32');
    return tf.div(tf.sum(tf.mul(outside, mask)), tf.maximum(tf.sum(mask), 1)) as tf.Scalar;
  });
}

/** Approximate KL of an update: masked_mean(logp_old − logp_new). */
export function approxKl({
  logProbs,
  oldLogProbs,
  mask,
}: {
  logProbs: tf.Tensor2D;
  oldLogProbs: tf.Tensor2D;
  mask: tf.Tensor2D;
}): tf.Scalar {
  return tf.tidy(() => maskedMean(tf.sub(oldLogProbs, logProbs) as tf.Tensor2D, mask));
}
