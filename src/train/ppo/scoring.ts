import * as tf from '@tensorflow/tfjs';
import { shiftRight } from '../../models/policy';
import { endScores, type ScoreModel } from '../../models/scoreModel';

/**
 * Sequence scores of sampled responses from a FROZEN reward or cost model: the score at each row's last real token
 * (docs/algorithm.md §1; never a padded column, pitfall P-V2). → [B].
 */
export function sequenceScores(
  model: ScoreModel,
  images: tf.Tensor4D,
  questions: tf.Tensor2D,
  tokens: tf.Tensor2D,
  mask: tf.Tensor2D,
): tf.Tensor1D {
  return tf.tidy(() => endScores(model.scores(images, questions, tokens), mask));
}

/** `sequenceScores` from an already encoded prompt h0 [B, H] (the frozen models' kept encodings). */
export function sequenceScoresFromPrompt(model: ScoreModel, promptEncoding: tf.Tensor2D, tokens: tf.Tensor2D, mask: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() => endScores(model.scoresFromPrompt(promptEncoding, tokens), mask));
}

/**
 * Per-token critic values aligned with the policy's log-probs: V[t] = value of (x, y_<t) = the critic's score after
 * consuming the shifted input [BOS, y_0, …, y_{T−2}] at position t. → [B, T].
 */
export function criticValues(critic: ScoreModel, images: tf.Tensor4D, questions: tf.Tensor2D, tokens: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => critic.scores(images, questions, shiftRight(tokens)));
}

/** Row-major number[][] view of a flat array. */
export function toRows(values: ArrayLike<number>, batch: number, steps: number, offset = 0): number[][] {
  return Array.from({ length: batch }, (_, b) =>
    Array.from({ length: steps }, (_, t) => values[offset + b * steps + t]),
  );
}
