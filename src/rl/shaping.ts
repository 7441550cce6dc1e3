import * as tf from '@tensorflow/tfjs';
import { endOneHot } from './masks';

/**
 * Per-token rewards with the KL penalty, docs/algorithm.md §4.3:
 *   kl_t = logp_t − logp_ref_t
 *   reward stream: r_t = −β·kl_t + [t = end]·R        cost stream: c_t = +β·kl_t + [t = end]·C
 *   then clamp to ±clipRangeScore and zero where the mask is 0.
 * The +β·kl in the cost stream makes the effective KL weight of the mixed advantage exactly β for every λ
 * (pitfall P4): do not drop it. `score` [B] is each row's end score, added at its own last real token.
 */
export function shapeRewards({
  logProbs,
  refLogProbs,
  mask,
  score,
  klCoeff,
  clipRangeScore,
  stream,
}: {
  logProbs: tf.Tensor2D;
  refLogProbs: tf.Tensor2D;
  mask: tf.Tensor2D;
  score: tf.Tensor1D;
  klCoeff: number;
  clipRangeScore: number;
  stream: 'reward' | 'cost';
}): tf.Tensor2D {
  return tf.tidy(() => {
    const kl = tf.sub(logProbs, refLogProbs);
    const signedBeta = stream === 'reward' ? -klCoeff : klCoeff;
    const atEnd = tf.mul(endOneHot(mask), score.reshape([-1, 1]));
    const shaped = tf.add(tf.mul(signedBeta, kl), atEnd);
    return tf.mul(tf.clipByValue(shaped, -clipRangeScore, clipRangeScore), mask) as tf.Tensor2D;
  });
}
