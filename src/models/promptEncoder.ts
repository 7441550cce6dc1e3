import * as tf from '@tensorflow/tfjs';
import {
  addConv,
  addDense,
  addEmbedding,
  convRelu,
  dense,
  embed,
  globalAveragePool,
  maskedMeanPool,
  maxPool2,
  type ParamStore,
  type Rng,
} from './layers';
import type { ModelSizes } from './sizes';

/** PAD's token id (src/data/tokenizer.ts: PAD = 0); padded question positions are left out of the mean. */
const PAD_ID = 0;

/**
 * Encodes the prompt (image + question) into one vector [B, H]:
 *   image:    conv3×3(C) → ReLU → maxpool 2×2 → conv3×3(2C) → ReLU → global average pool   → [B, 2C]
 *   question: token embeddings, mean over non-PAD tokens                                  → [B, E]
 *   fused:    tanh(W·[image ; question] + b)                                              → [B, H]
 * A view over parameters in a (shared) ParamStore under `prefix`; pass `rng` to create them.
 */
export class PromptEncoder {
  constructor(
    readonly store: ParamStore,
    readonly prefix: string,
    readonly sizes: ModelSizes,
    rng?: Rng,
  ) {
    if (rng) {
      const c = sizes.cnnChannels;
      addConv(store, `${prefix}/conv1`, rng, 3, c);
      addConv(store, `${prefix}/conv2`, rng, c, 2 * c);
      addEmbedding(store, `${prefix}/question_embedding`, rng, sizes.vocabSize, sizes.embedSize);
      addDense(store, `${prefix}/fuse`, rng, 2 * c + sizes.embedSize, sizes.hiddenSize);
    }
  }

  /** images [B, S, S, 3] in [0, 1], questions [B, Q] int32 → [B, H]. */
  encode(images: tf.Tensor4D, questions: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => {
      const p = this.prefix;
      const conv1 = maxPool2(convRelu(this.store, `${p}/conv1`, images));
      const imageFeatures = globalAveragePool(convRelu(this.store, `${p}/conv2`, conv1));
      const tokens = embed(this.store, `${p}/question_embedding`, questions) as tf.Tensor3D;
      const questionFeatures = maskedMeanPool(tokens, tf.notEqual(questions, PAD_ID) as tf.Tensor2D);
      const fused = tf.concat([imageFeatures, questionFeatures], 1);
      return tf.tanh(dense(this.store, `${p}/fuse`, fused)) as tf.Tensor2D;
    });
  }
}
