import * as tf from '@tensorflow/tfjs';
import {
  addDense,
  addEmbedding,
  addGru,
  dense,
  embed,
  gatherRows,
  gruSequence,
  gruWeights,
  ParamStore,
  seededRng,
} from './layers';
import { lastMaskIndex } from '../rl/masks';
import { PromptConditionedNetwork } from './promptConditionedNetwork';
import type { ModelSizes } from './sizes';

/**
 * The score model (docs/algorithm.md §1): the reward model, the cost model and both PPO critics are this class.
 * PromptEncoder → initial GRU state; the GRU reads the response tokens; a linear head (bias on, initialised 0)
 * gives a score after every token. The sequence score is the score at each row's last real token (`endScores`).
 */
export class ScoreModel extends PromptConditionedNetwork {
  private constructor(sizes: ModelSizes, store: ParamStore, init: boolean, seed: string) {
    const rng = init ? seededRng(seed) : undefined;
    super(sizes, store, rng);
    if (rng) {
      addEmbedding(store, 'response_embedding', rng, sizes.vocabSize, sizes.embedSize);
      addGru(store, 'gru', rng, sizes.embedSize, sizes.hiddenSize);
      addDense(store, 'head', rng, sizes.hiddenSize, 1);
      // Upstream score head: bias on, bias 0 (addDense initialises biases to 0); the weight is scaled down so
      // initial scores start near 0.
      const w = store.get('head/w');
      tf.tidy(() => w.assign(w.mul(0.1)));
    }
  }

  /** A freshly initialised model; the same seed gives the same weights on every backend. */
  static create(sizes: ModelSizes, seed: string | number): ScoreModel {
    return new ScoreModel(sizes, new ParamStore(), true, `score:${seed}`);
  }

  /** Per-position scores: images [B,S,S,3], questions [B,Q] int32, tokens [B,T] int32 → [B,T] (after token t). */
  scores(images: tf.Tensor4D, questions: tf.Tensor2D, tokens: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => this.scoresFromPrompt(this.prompt.encode(images, questions), tokens));
  }

  /** Per-position scores from an already encoded prompt h0 [B,H] (lets PPO encode a prompt once). */
  scoresFromPrompt(promptEncoding: tf.Tensor2D, tokens: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => {
      const xs = embed(this.store, 'response_embedding', tokens) as tf.Tensor3D;
      const states = gruSequence(gruWeights(this.store, 'gru'), xs, promptEncoding);
      return dense(this.store, 'head', states).squeeze([2]) as tf.Tensor2D;
    });
  }

  /** Deep copy with fresh variables (initialises a critic from the reward or cost model). */
  clone(): ScoreModel {
    return new ScoreModel(this.sizes, this.store.clone(), false, '');
  }

  /** Builds a model around existing weights (loaded from a file): shapes are checked by setWeights. */
  static fromWeights(sizes: ModelSizes, weights: tf.NamedTensorMap): ScoreModel {
    const model = ScoreModel.create(sizes, 0);
    try {
      model.setWeights(weights);
    } catch (error) {
      model.dispose();
      throw error;
    }
    return model;
  }
}

/**
 * End score of each row: scores[b, last index where mask[b] = 1] (docs/algorithm.md §1; never column T−1 unconditionally,
 * pitfall P-V2). scores [B,T], mask [B,T] (1 on real response tokens incl. EOS) → [B]. Differentiable in scores.
 */
export function endScores(scores: tf.Tensor2D, mask: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() => gatherRows(scores, lastMaskIndex(mask)) as tf.Tensor1D);
}

/** Mask [B,T] from per-row lengths: 1 for t < length. */
export function maskFromLengths(lengths: tf.Tensor1D, steps: number): tf.Tensor2D {
  return tf.tidy(
    () => tf.range(0, steps, 1, 'int32').expandDims(0).less(lengths.toInt().expandDims(1)).toFloat() as tf.Tensor2D,
  );
}
