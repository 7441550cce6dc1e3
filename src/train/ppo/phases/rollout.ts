// The rollout phase: one sampled response per drawn prompt, with the policy's and the frozen reference's per-token
// log-probs, the KL and entropy statistics, and which responses hit the length cap.
import * as tf from '@tensorflow/tfjs';
import type { ExperimentConfig } from '../../../config/params';
import { logProbsAndEntropyOf, type Policy } from '../../../models/policy';
import type { FrozenPromptEncodings } from '../promptEncodings';
import { promptTensors, type PromptData } from '../prompts';
import { drawFrom } from '../../../models/sampling';
import type { TextCodec } from '../types';
import type { Rollout } from './rolloutState';
import { distinctOpeningShare, OPENING_TOKENS, truncatedRows } from './rowStats';

export interface RolloutContext {
  config: ExperimentConfig;
  /** Completed iterations (the rollout's 0-based iteration). */
  iteration: number;
  promptPool: readonly number[];
  promptRandom: () => number;
  sampleRandom: () => number;
  data: PromptData;
  codec: TextCodec;
  actor: Policy;
  reference: Policy;
  frozenEncodings: FrozenPromptEncodings;
}

/** Sample one response per prompt; per-token log-probs of the policy and the frozen reference. */
export async function rolloutPhase(ctx: RolloutContext): Promise<Rollout> {
  const start = performance.now();
  const cfg = ctx.config;
  const indices = drawFrom(ctx.promptPool, cfg.promptBatch, ctx.promptRandom);
  const { images, questions } = promptTensors(ctx.data, indices);
  const steps = cfg.maxResponseTokens;
  const sampled = await ctx.actor.sample(images, questions, {
    maxTokens: steps,
    temperature: cfg.temperature,
    topP: cfg.topP,
    random: ctx.sampleRandom,
    decode: (ids) => ctx.codec.decode(ids),
    // The sampling steps' logits are the teacher-forced logits of the responses: no second actor pass.
    keepLogits: true,
  });
  const batch = indices.length;
  const tokens = tf.tensor2d(sampled.tokens, [batch, steps], 'int32');
  const mask = tf.tensor2d(sampled.mask, [batch, steps]);
  const sampledLogits = sampled.logits!;
  let refEncoding: tf.Tensor2D;
  try {
    [refEncoding] = await ctx.frozenEncodings.encode([ctx.reference.prompt], indices);
  } catch (error) {
    tf.dispose([sampledLogits, images, questions, tokens, mask]);
    throw error;
  }
  let computed: [tf.Tensor2D, tf.Tensor2D, tf.Tensor1D];
  try {
    computed = tf.tidy(() => {
      const current = logProbsAndEntropyOf(sampledLogits, tokens, cfg.temperature);
      const ref = ctx.reference.logProbsFromPrompt(refEncoding, tokens, cfg.temperature);
      // KL metric: mean over samples of Σ_t (logp_old − logp_ref)·m_t; entropy: mean per real token.
      const perSample = tf.sum(tf.mul(tf.sub(current.logProbs, ref), mask), 1);
      const tokenCount = tf.maximum(tf.sum(mask), 1);
      const entropy = tf.div(tf.sum(tf.mul(current.entropy, mask)), tokenCount);
      return [current.logProbs, ref, tf.stack([tf.mean(perSample), entropy, tf.div(tf.sum(perSample), tokenCount)])];
    }) as [tf.Tensor2D, tf.Tensor2D, tf.Tensor1D];
  } finally {
    sampledLogits.dispose();
    refEncoding.dispose();
  }
  const [logProbs, refLogProbs, stats] = computed;
  const [kl, entropy, klPerToken] = await stats.data();
  stats.dispose();
  const generated = sampled.lengths.reduce((sum, n) => sum + n, 0);
  const truncated = truncatedRows(sampled.tokens, sampled.lengths, steps);
  return {
    iteration: ctx.iteration,
    batch,
    steps,
    indices,
    tokenIds: sampled.tokens,
    images,
    questions,
    tokens,
    mask,
    lengths: sampled.lengths,
    texts: sampled.texts,
    logProbs,
    refLogProbs,
    kl,
    klPerToken,
    entropy,
    generated,
    truncated,
    distinctOpenings: distinctOpeningShare(sampled.tokens, batch, steps, OPENING_TOKENS),
    ms: { rollout: performance.now() - start, scoring: 0, advantages: 0, update: 0 },
  };
}
