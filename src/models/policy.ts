import * as tf from '@tensorflow/tfjs';
import { sampleTopP } from './sampling';
import {
  addDense,
  addEmbedding,
  addGru,
  dense,
  embed,
  gruSequence,
  gruStepFromProjection,
  gruWeights,
  ParamStore,
  seededRng,
} from './layers';
import { PICK_LAST } from '../compute/wasmKernels';
import { PromptConditionedNetwork } from './promptConditionedNetwork';
import type { ModelSizes } from './sizes';

/** Token ids shared with src/data/tokenizer.ts (PAD = 0, BOS = 1, EOS = 2). */
export const POLICY_PAD = 0;
export const POLICY_BOS = 1;
export const POLICY_EOS = 2;

export interface SampleOptions {
  /** Generation stops at EOS or after this many tokens. */
  maxTokens: number;
  temperature: number;
  topP: number;
  /** One seeded uniform stream (seedrandom.alea); every draw comes from it, in row order, step by step. */
  random: () => number;
  /** Turns token ids into text for `texts`; omitted ⇒ `texts` is empty. */
  decode?: (ids: Int32Array) => string;
  /**
   * Also return every step's logits, stacked as `logits` [B, T, V] (all T steps, also those after every row has
   * ended): the teacher-forced logits of the sampled responses, without a second pass. The caller disposes them.
   */
  keepLogits?: boolean;
}

/** Sampled responses, row-major [B, T] with T = maxTokens. */
export interface SampledResponses {
  batch: number;
  steps: number;
  /** Token ids; PAD after each row's EOS. */
  tokens: Int32Array;
  /** 1 on real tokens through EOS inclusive, 0 after (a real mask: pitfall P-V1). */
  mask: Float32Array;
  /** Real tokens per row, including EOS. */
  lengths: Int32Array;
  texts: string[];
  /** With `keepLogits`: logits [B, T, V] of every step (= `logits(images, questions, tokens)`). */
  logits?: tf.Tensor3D;
}

/**
 * The policy: an autoregressive GRU language model over the shared vocabulary, conditioned on its own
 * PromptEncoder (initial GRU state = prompt encoding). Inputs are [BOS, y_0, …, y_{T−2}]; the output at step t is
 * the distribution of y_t, so logp[t] = log π(y_t | x, y_<t) with response-only indexing (start = 0, the Safe RLHF-V
 * layout) and a real mask.
 */
export class Policy extends PromptConditionedNetwork {
  private constructor(sizes: ModelSizes, store: ParamStore, init: boolean, seed: string) {
    const rng = init ? seededRng(seed) : undefined;
    super(sizes, store, rng);
    if (rng) {
      addEmbedding(store, 'token_embedding', rng, sizes.vocabSize, sizes.embedSize);
      addGru(store, 'gru', rng, sizes.embedSize, sizes.hiddenSize);
      addDense(store, 'head', rng, sizes.hiddenSize, sizes.vocabSize);
    }
  }

  /** A freshly initialised policy; the same seed gives the same weights on every backend. */
  static create(sizes: ModelSizes, seed: string | number): Policy {
    return new Policy(sizes, new ParamStore(), true, `policy:${seed}`);
  }

  /** Builds a policy around loaded weights (names and shapes are checked by setWeights). */
  static fromWeights(sizes: ModelSizes, weights: tf.NamedTensorMap): Policy {
    const policy = Policy.create(sizes, 0);
    try {
      policy.setWeights(weights);
    } catch (error) {
      policy.dispose();
      throw error;
    }
    return policy;
  }

  /** Logits [B, T, V] for teacher-forced responses [B, T] (the step-t output predicts y_t). */
  logits(images: tf.Tensor4D, questions: tf.Tensor2D, responses: tf.Tensor2D): tf.Tensor3D {
    return tf.tidy(() => this.logitsFromPrompt(this.prompt.encode(images, questions), responses));
  }

  /** Logits [B, T, V] from an already encoded prompt h0 [B, H] (lets PPO keep a frozen policy's encodings). */
  logitsFromPrompt(promptEncoding: tf.Tensor2D, responses: tf.Tensor2D): tf.Tensor3D {
    return tf.tidy(() => {
      const xs = embed(this.store, 'token_embedding', shiftRight(responses)) as tf.Tensor3D;
      const states = gruSequence(gruWeights(this.store, 'gru'), xs, promptEncoding);
      return dense(this.store, 'head', states) as tf.Tensor3D;
    });
  }

  /** logp[b, t] = log π(y_t | x, y_<t) at the given temperature: [B, T]. */
  logProbs(images: tf.Tensor4D, questions: tf.Tensor2D, responses: tf.Tensor2D, temperature = 1): tf.Tensor2D {
    return tf.tidy(() => tokenLogProbs(this.logits(images, questions, responses), responses, temperature));
  }

  /** `logProbs` from an already encoded prompt h0 [B, H]. */
  logProbsFromPrompt(promptEncoding: tf.Tensor2D, responses: tf.Tensor2D, temperature = 1): tf.Tensor2D {
    return tf.tidy(() => tokenLogProbs(this.logitsFromPrompt(promptEncoding, responses), responses, temperature));
  }

  /** Per-step log-probs and entropies H_t = −Σ_v p_v log p_v, both [B, T], from one forward pass. */
  logProbsAndEntropy(
    images: tf.Tensor4D,
    questions: tf.Tensor2D,
    responses: tf.Tensor2D,
    temperature = 1,
  ): { logProbs: tf.Tensor2D; entropy: tf.Tensor2D } {
    return tf.tidy(() => logProbsAndEntropyOf(this.logits(images, questions, responses), responses, temperature));
  }

  /** Per-step entropy [B, T] of the policy along the given responses. */
  entropy(images: tf.Tensor4D, questions: tf.Tensor2D, responses: tf.Tensor2D, temperature = 1): tf.Tensor2D {
    return tf.tidy(() => this.logProbsAndEntropy(images, questions, responses, temperature).entropy);
  }

  /**
   * Generates up to `maxTokens` tokens per row, step by step. Each step's probabilities are read back once for the
   * whole batch and sampled in JS from `options.random`, so cpu, wasm and GPU backends draw identically for
   * (numerically) identical probabilities. Rows stop at EOS; the rest of the row is PAD with mask 0.
   */
  async sample(images: tf.Tensor4D, questions: tf.Tensor2D, options: SampleOptions): Promise<SampledResponses> {
    const batch = images.shape[0];
    const steps = options.maxTokens;
    const vocab = this.sizes.vocabSize;
    const tokens = new Int32Array(batch * steps).fill(POLICY_PAD);
    const mask = new Float32Array(batch * steps);
    const lengths = new Int32Array(batch);
    const done = new Uint8Array(batch);
    const weights = gruWeights(this.store, 'gru');
    // Every token's input projection embedding·Wx + b [V, 3H], once: each step gathers its rows (the same values
    // as embedding rows times Wx plus b; two kernels per step fewer).
    const projection = tf.tidy(() => tf.matMul(this.store.get('token_embedding') as tf.Tensor2D, weights.wx).add(weights.b) as tf.Tensor2D);
    let state = this.prompt.encode(images, questions);
    let previous = new Int32Array(batch).fill(POLICY_BOS);
    const kept: tf.Tensor2D[] = [];
    let ended = false;
    try {
      for (let t = 0; t < steps; t++) {
        const input = previous;
        const [nextState, logits, probs] = tf.tidy(() => {
          const h = gruStepFromProjection(weights, tf.gather(projection, tf.tensor1d(input, 'int32')), state);
          const logits = dense(this.store, 'head', h) as tf.Tensor2D;
          return [h, logits, ended ? null : tf.softmax(options.temperature === 1 ? logits : tf.div(logits, options.temperature))];
        });
        state.dispose();
        state = nextState;
        if (options.keepLogits) kept.push(logits);
        else logits.dispose();
        if (!probs) {
          // Every row has ended: the remaining steps only complete the kept logits (inputs are PAD from here on).
          previous = new Int32Array(batch).fill(POLICY_PAD);
          continue;
        }
        const values = (await probs.data()) as Float32Array;
        probs.dispose();
        const next = new Int32Array(batch).fill(POLICY_PAD);
        for (let b = 0; b < batch; b++) {
          if (done[b]) continue;
          const token = sampleTopP(values, b * vocab, vocab, options.topP, options.random());
          next[b] = token;
          tokens[b * steps + t] = token;
          mask[b * steps + t] = 1;
          lengths[b] = t + 1;
          if (token === POLICY_EOS) done[b] = 1;
        }
        previous = next;
        if (done.every((d) => d === 1)) {
          if (!options.keepLogits) break;
          ended = true;
        }
      }
    } catch (error) {
      tf.dispose(kept);
      throw error;
    } finally {
      state.dispose();
      projection.dispose();
    }
    const texts = options.decode
      ? Array.from({ length: batch }, (_, b) => options.decode!(tokens.subarray(b * steps, (b + 1) * steps)))
      : [];
    const logits = options.keepLogits ? (tf.stack(kept, 1) as tf.Tensor3D) : undefined;
    tf.dispose(kept);
    return { batch, steps, tokens, mask, lengths, texts, logits };
  }

  /** Deep copy with fresh variables (the frozen reference policy, snapshots). */
  clone(): Policy {
    return new Policy(this.sizes, this.store.clone(), false, '');
  }
}

/** Teacher-forcing input: [BOS, y_0, …, y_{T−2}] (int32). */
export function shiftRight(responses: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => {
    const [batch, steps] = responses.shape;
    const bos = tf.fill([batch, 1], POLICY_BOS, 'int32');
    if (steps === 1) return bos as tf.Tensor2D;
    return tf.concat([bos, tf.slice(responses.toInt(), [0, 0], [batch, steps - 1])], 1) as tf.Tensor2D;
  });
}

/**
 * Per-step log-probs and entropies H_t = −Σ_v p_v log p_v, both [B, T], of logits [B, T, V] at the given temperature
 * along the responses [B, T].
 */
export function logProbsAndEntropyOf(
  logits: tf.Tensor3D,
  responses: tf.Tensor2D,
  temperature = 1,
): { logProbs: tf.Tensor2D; entropy: tf.Tensor2D } {
  return tf.tidy(() => {
    const x = scaled(logits, temperature);
    const { probs, logSumExp } = softmaxAndLogSumExp(x);
    // H = −Σ p (x − lse) = lse − Σ p·x
    const entropy = tf.sub(logSumExp, tf.sum(tf.mul(probs, x), 2)) as tf.Tensor2D;
    return { logProbs: tf.sub(gatherTokens(x, responses), logSumExp) as tf.Tensor2D, entropy };
  });
}

/** logits / temperature; at temperature 1 the logits themselves (x / 1 = x: one full pass fewer, same values). */
function scaled(logits: tf.Tensor3D, temperature: number): tf.Tensor3D {
  return (temperature === 1 ? logits : tf.div(logits, temperature)) as tf.Tensor3D;
}

/**
 * Picks x[b, t, y_t] from [B, T, V] (not differentiated): on wasm one read per token (src/compute/wasmKernels.ts,
 * PICK_LAST); elsewhere a one-hot product. Both give x[b, t, y_t] exactly for finite x (0 for ids outside [0, V)).
 */
function gatherTokens(x: tf.Tensor3D, responses: tf.Tensor2D): tf.Tensor2D {
  const ids = responses.toInt();
  if (tf.getKernel(PICK_LAST, tf.getBackend())) return tf.engine().runKernel(PICK_LAST, { x, indices: ids }, {}) as tf.Tensor2D;
  const vocab = x.shape[2];
  return tf.sum(tf.mul(x, tf.oneHot(ids, vocab).toFloat()), 2) as tf.Tensor2D;
}

/**
 * p = softmax(x) and lse = log Σ_v exp(x_v) over the last axis, from ONE exponential pass (the Softmax kernel):
 * lse = max(x) − log(max(p)), since the largest p is exp(max(x) − lse) ≥ 1/V (never underflows).
 */
function softmaxAndLogSumExp(x: tf.Tensor3D): { probs: tf.Tensor3D; logSumExp: tf.Tensor2D } {
  const probs = tf.softmax(x) as tf.Tensor3D;
  const logSumExp = tf.sub(tf.max(x, 2), tf.log(tf.max(probs, 2))) as tf.Tensor2D;
  return { probs, logSumExp };
}

/**
 * log softmax(logits / temperature) gathered at the response tokens: [B, T]. logp_y = x_y − lse(x) with x =
 * logits / temperature; its gradient is d logp_y / dx = onehot(y) − softmax(x), written out (no second
 * exponential pass in the backward, unlike the generic logSoftmax gradient).
 */
export function tokenLogProbs(logits: tf.Tensor3D, responses: tf.Tensor2D, temperature = 1): tf.Tensor2D {
  return tf.tidy(() => {
    const ids = responses.toInt() as tf.Tensor2D;
    const pick = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
      const x = args[0] as tf.Tensor3D;
      const save = args[1] as tf.GradSaveFunc;
      const { probs, logSumExp } = softmaxAndLogSumExp(x);
      // Saved (kept) copies: the tidy scopes around this op end before the backward pass runs. The one-hot is made
      // in the backward pass only (forward-only calls never need it).
      save([probs, ids]);
      return {
        value: tf.sub(gatherTokens(x, ids), logSumExp),
        gradFunc: (dy: tf.Tensor, [p, y]: tf.Tensor[]) =>
          tf.mul(tf.expandDims(dy, 2), tf.sub(tf.oneHot(y as tf.Tensor2D, p.shape[2] as number).toFloat(), p)),
      };
    });
    return pick(scaled(logits, temperature)) as tf.Tensor2D;
  });
}
