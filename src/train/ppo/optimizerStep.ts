import * as tf from '@tensorflow/tfjs';
import { PlaygroundAdam } from '../../compute/fusedAdam';

/**
 * Rescales gradients so their global L2 norm is at most `maxNorm` (upstream gradient clipping 1.0):
 * g ← g · min(1, maxNorm / ‖g‖₂).
 */
export function clipByGlobalNorm(grads: tf.NamedTensorMap, maxNorm: number): tf.NamedTensorMap {
  return tf.tidy(() => {
    const names = Object.keys(grads);
    if (names.length === 0) return {};
    const scale = clipScale(grads, maxNorm);
    const clipped: tf.NamedTensorMap = {};
    for (const name of names) clipped[name] = tf.mul(grads[name], scale);
    return clipped;
  });
}

/** min(1, maxNorm / (‖g‖₂ + 1e-6)) over all gradients: the factor clipByGlobalNorm multiplies them by. */
export function clipScale(grads: tf.NamedTensorMap, maxNorm: number): tf.Scalar {
  return tf.tidy(() => {
    const squares = Object.keys(grads).map((name) => tf.sum(tf.square(grads[name])));
    const norm = tf.sqrt(tf.addN(squares));
    return tf.minimum(tf.scalar(1), tf.div(tf.scalar(maxNorm), tf.add(norm, 1e-6))) as tf.Scalar;
  });
}

/**
 * One optimiser step on `variables` for the scalar `loss()`, with global-norm clipping. Synchronous; returns the
 * (kept) loss value for a batched readback later.
 */
export function clippedStep(
  optimizer: tf.Optimizer,
  variables: tf.Variable[],
  loss: () => tf.Scalar,
  maxGradNorm: number,
): tf.Scalar {
  return tf.tidy(() => {
    const { value, grads } = tf.variableGrads(loss, variables);
    if (optimizer instanceof PlaygroundAdam && optimizer.fusedStepAvailable() && Object.keys(grads).length > 0) {
      // The fused Adam step multiplies by the clipping factor itself (the same float32 product).
      optimizer.applyScaledGradients(grads, clipScale(grads, maxGradNorm));
    } else optimizer.applyGradients(clipByGlobalNorm(grads, maxGradNorm));
    return value;
  });
}

/** Applies a live learning-rate change (tf.js reads `learningRate` on every step). */
export function setLearningRate(optimizer: tf.Optimizer, learningRate: number): void {
  (optimizer as unknown as { learningRate: number }).learningRate = learningRate;
}
