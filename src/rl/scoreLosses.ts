import * as tf from '@tensorflow/tfjs';

/** −log σ(x), computed stably as softplus(−x). */
function negLogSigmoid(x: tf.Tensor): tf.Tensor {
  return tf.softplus(tf.neg(x));
}

/**
 * Reward (helpfulness) model loss, docs/algorithm.md §2:
 *   L_R = mean[ −log σ(r_w − r_l) ] + reg · mean([r_w ; r_l]²)
 * `better` and `worse` are end scores [B] of the more and less helpful responses.
 */
export function rewardModelLoss({
  better,
  worse,
  regularization,
}: {
  better: tf.Tensor1D;
  worse: tf.Tensor1D;
  regularization: number;
}): tf.Scalar {
  return tf.tidy(() => {
    const pairwise = tf.mean(negLogSigmoid(tf.sub(better, worse)));
    const l2 = tf.mean(tf.square(tf.concat([better, worse])));
    return tf.add(pairwise, tf.mul(regularization, l2)) as tf.Scalar;
  });
}

/**
 * Cost (harmlessness) model loss, docs/algorithm.md §3 (cost > 0 ⇔ unsafe):
 *   L_C = mean[ −log σ(c_hi − c_lo) ] + k·( mean[ −log σ(s_hi·c_hi) ] + mean[ −log σ(s_lo·c_lo) ] )
 *         + reg · mean([c_lo ; c_hi]²)
 * c_hi = `unsafer` (end cost of the less safe response), c_lo = `safer`. Signs: +1 unsafe / −1 safe (Safe RLHF),
 * or graded s = −harmless_rate (Safe RLHF-V); s = 0 gives the constant log 2 with zero gradient.
 */
export function costModelLoss({
  unsafer,
  safer,
  unsaferSign,
  saferSign,
  regularization,
  scaleCoeff = 1,
}: {
  unsafer: tf.Tensor1D;
  safer: tf.Tensor1D;
  unsaferSign: tf.Tensor1D;
  saferSign: tf.Tensor1D;
  regularization: number;
  scaleCoeff?: number;
}): tf.Scalar {
  return tf.tidy(() => {
    const pairwise = tf.mean(negLogSigmoid(tf.sub(unsafer, safer)));
    const classification = tf.add(
      tf.mean(negLogSigmoid(tf.mul(unsaferSign, unsafer))),
      tf.mean(negLogSigmoid(tf.mul(saferSign, safer))),
    );
    const l2 = tf.mean(tf.square(tf.concat([safer, unsafer])));
    return tf.addN([pairwise, tf.mul(scaleCoeff, classification), tf.mul(regularization, l2)]) as tf.Scalar;
  });
}
