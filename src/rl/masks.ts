import * as tf from '@tensorflow/tfjs';

/**
 * masked_mean(x, m) = mean over the batch of ( Σ_t x_t·m_t / Σ_t m_t ): per-sample mean first, then batch mean
 * (docs/algorithm.md notation). A row with an empty mask contributes 0 (its denominator is clamped to 1).
 */
export function maskedMean(x: tf.Tensor2D, mask: tf.Tensor2D): tf.Scalar {
  return tf.tidy(() => {
    const perSample = tf.sum(tf.mul(x, mask), 1).div(tf.maximum(tf.sum(mask, 1), 1));
    return tf.mean(perSample) as tf.Scalar;
  });
}

/** Index of each row's last mask-1 position ("end"); 0 for an all-zero row (callers zero it by the mask). */
export function lastMaskIndex(mask: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() => {
    const length = mask.shape[1];
    const positions = tf.range(1, length + 1, 1, 'float32').reshape([1, length]);
    // argmax of m_t·(t+1) is the last t with m_t = 1, wherever the row's padding sits.
    return tf.argMax(tf.mul(mask, positions), 1) as tf.Tensor1D;
  });
}

/** One-hot [B, T] marking each row's last real token; all zeros for an empty row. */
export function endOneHot(mask: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => {
    const hasAny = tf.cast(tf.greater(tf.sum(mask, 1), 0), 'float32').reshape([-1, 1]);
    return tf.mul(tf.oneHot(lastMaskIndex(mask), mask.shape[1]).toFloat(), hasAny) as tf.Tensor2D;
  });
}
