import * as tf from '@tensorflow/tfjs';
import { HARM_CATEGORIES, SEVERITY_LEVELS, type SeverityLevel } from '../data/record';
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
import { PromptConditionedNetwork } from './promptConditionedNetwork';
import type { ModelSizes } from './sizes';
import type { GuardVerdict } from './types';

export const SEVERITY_CLASSES = SEVERITY_LEVELS.length; // safe, minor, moderate, severe
export const CATEGORY_CLASSES = HARM_CATEGORIES.length; // 20

export interface GuardOutputs {
  unsafeLogit: tf.Tensor1D;
  severityLogits: tf.Tensor2D;
  categoryLogits: tf.Tensor2D;
}

/**
 * A multi-level guard (design inspired by Beaver-Guard-V; docs/algorithm.md §13). Same encoders as the score model;
 * the GRU reads the response from the prompt encoding, and the trunk sees [h_end ; h_prompt ; has_response], where
 * h_end is the state after the response's last real token. Question-only screening passes length 0: then
 * h_end = h_prompt and the has_response flag is 0, a separate learned path.
 * Heads: unsafe logit, severity (safe/minor/moderate/severe) and harm category (20) logits.
 */
export class GuardModel extends PromptConditionedNetwork {
  private constructor(sizes: ModelSizes, store: ParamStore, seed: string | null) {
    const rng = seed === null ? undefined : seededRng(seed);
    super(sizes, store, rng);
    if (rng) {
      const h = sizes.hiddenSize;
      addEmbedding(store, 'response_embedding', rng, sizes.vocabSize, sizes.embedSize);
      addGru(store, 'gru', rng, sizes.embedSize, h);
      addDense(store, 'trunk', rng, 2 * h + 1, h);
      addDense(store, 'unsafe_head', rng, h, 1);
      addDense(store, 'severity_head', rng, h, SEVERITY_CLASSES);
      addDense(store, 'category_head', rng, h, CATEGORY_CLASSES);
    }
  }

  static create(sizes: ModelSizes, seed: string | number): GuardModel {
    return new GuardModel(sizes, new ParamStore(), `guard:${seed}`);
  }

  static fromWeights(sizes: ModelSizes, weights: tf.NamedTensorMap): GuardModel {
    const model = GuardModel.create(sizes, 0);
    try {
      model.setWeights(weights);
    } catch (error) {
      model.dispose();
      throw error;
    }
    return model;
  }

  /**
   * images [B,S,S,3], questions [B,Q] int32, tokens [B,T] int32 (EOS-terminated, PAD after), lengths [B] int32 =
   * real tokens incl. EOS (0 = no response: question-only screening).
   */
  forward(images: tf.Tensor4D, questions: tf.Tensor2D, tokens: tf.Tensor2D, lengths: tf.Tensor1D): GuardOutputs {
    return tf.tidy(() => {
      const h0 = this.prompt.encode(images, questions);
      const xs = embed(this.store, 'response_embedding', tokens) as tf.Tensor3D;
      const states = gruSequence(gruWeights(this.store, 'gru'), xs, h0);
      // Position 0 = the prompt state, position t + 1 = after token t; so index = length picks the final state.
      const withPrompt = tf.concat([h0.expandDims(1), states], 1);
      const steps = tokens.shape[1];
      const index = lengths.toInt().clipByValue(0, steps) as tf.Tensor1D;
      const hEnd = gatherRows(withPrompt, index) as tf.Tensor2D;
      const hasResponse = index.greater(0).toFloat().expandDims(1);
      const trunk = tf.relu(dense(this.store, 'trunk', tf.concat([hEnd, h0, hasResponse], 1)));
      return {
        unsafeLogit: dense(this.store, 'unsafe_head', trunk).squeeze([1]) as tf.Tensor1D,
        severityLogits: dense(this.store, 'severity_head', trunk) as tf.Tensor2D,
        categoryLogits: dense(this.store, 'category_head', trunk) as tf.Tensor2D,
      };
    });
  }

  /** Verdicts as plain numbers, read back in one batched `await data()`. */
  async predict(
    images: tf.Tensor4D,
    questions: tf.Tensor2D,
    tokens: tf.Tensor2D,
    lengths: tf.Tensor1D,
    topK = 3,
  ): Promise<GuardVerdict[]> {
    const batch = images.shape[0];
    const packed = tf.tidy(() => {
      const out = this.forward(images, questions, tokens, lengths);
      return tf.concat(
        [tf.sigmoid(out.unsafeLogit).expandDims(1), tf.softmax(out.severityLogits), tf.softmax(out.categoryLogits)],
        1,
      );
    });
    const values = await packed.data();
    packed.dispose();
    const width = 1 + SEVERITY_CLASSES + CATEGORY_CLASSES;
    const verdicts: GuardVerdict[] = [];
    for (let b = 0; b < batch; b++) {
      const row = Array.from(values.subarray(b * width, (b + 1) * width));
      const severityProbs = row.slice(1, 1 + SEVERITY_CLASSES);
      const categoryProbs = row.slice(1 + SEVERITY_CLASSES);
      verdicts.push({
        unsafeProb: row[0],
        severity: SEVERITY_LEVELS[argmax(severityProbs)] as SeverityLevel,
        severityProbs,
        topCategories: categoryProbs
          .map((prob, i) => ({ category: HARM_CATEGORIES[i] as string, prob }))
          .sort((a, b) => b.prob - a.prob)
          .slice(0, topK),
      });
    }
    return verdicts;
  }

  clone(): GuardModel {
    return new GuardModel(this.sizes, this.store.clone(), null);
  }
}

export function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
  return best;
}
