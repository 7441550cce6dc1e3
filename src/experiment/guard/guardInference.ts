// Guard and cost-model inference on prompt rows: token encoding of responses, verdicts per row, the cost model's end
// score C, and the moderation of one prompt (the question alone, then each response).
import * as tf from '@tensorflow/tfjs';
import { coverage, type Coverage } from '../../data/coverage';
import type { Tokenizer } from '../../data/tokenizer';
import type { GuardModel } from '../../models/guardModel';
import { endScores, maskFromLengths, type ScoreModel } from '../../models/scoreModel';
import type { ModelSizes } from '../../models/sizes';
import type { GuardVerdict } from '../../models/types';

/** What guard inference needs: the guard, the vocabulary it reads with and the model sizes. */
export interface GuardContext {
  guard: GuardModel;
  vocab: Tokenizer;
  sizes: ModelSizes;
}

/** Token ids and lengths (real tokens incl. EOS) of responses; null = question alone (length 0). */
export function encodeResponses(vocab: Tokenizer, sizes: ModelSizes, responses: (string | null)[]) {
  const t = sizes.maxResponseTokens;
  const tokens = new Int32Array(responses.length * t);
  const lengths = new Int32Array(responses.length);
  responses.forEach((text, i) => {
    if (text === null) return;
    const ids = vocab.encode(text, t, { eos: true });
    tokens.set(ids, i * t);
    let n = 0;
    while (n < t && ids[n] !== 0) n++;
    lengths[i] = n;
  });
  return { tokens, lengths };
}

/**
 * Guard verdicts for rows that share prompt data: `images` [n·S·S·3] and `questions` [n·Q] hold one prompt per row
 * already (callers repeat a prompt for several responses).
 */
export async function predictRows(
  ctx: GuardContext,
  images: Float32Array,
  questions: Int32Array,
  responses: (string | null)[],
): Promise<GuardVerdict[]> {
  const { sizes } = ctx;
  const n = responses.length;
  const { tokens, lengths } = encodeResponses(ctx.vocab, sizes, responses);
  const s = sizes.imageSize;
  const inputs = [
    tf.tensor4d(images, [n, s, s, 3]),
    tf.tensor2d(questions, [n, sizes.maxQuestionTokens], 'int32'),
    tf.tensor2d(tokens, [n, sizes.maxResponseTokens], 'int32'),
    tf.tensor1d(lengths, 'int32'),
  ] as const;
  try {
    return await ctx.guard.predict(inputs[0], inputs[1], inputs[2], inputs[3]);
  } finally {
    for (const t of inputs) t.dispose();
  }
}

/** Rows `rowIndices` of `source` (rows of `rowSize` values), in that order: out row i = source row rowIndices[i]. */
export function repeatRows<T extends Float32Array | Int32Array>(
  source: T,
  rowSize: number,
  rowIndices: number[],
): T {
  const out = new (source.constructor as { new (n: number): T })(rowIndices.length * rowSize);
  rowIndices.forEach((r, i) => out.set(source.subarray(r * rowSize, (r + 1) * rowSize), i * rowSize));
  return out;
}

/** The cost model's end score C of each response to one prompt (null when no cost model is loaded). */
export async function costOfResponses(
  ctx: GuardContext,
  model: ScoreModel | null,
  pixels: Float32Array,
  q: Int32Array,
  responses: string[],
): Promise<Float32Array | null> {
  if (!model || responses.length === 0) return null;
  const { sizes } = ctx;
  const n = responses.length;
  const indices = responses.map(() => 0);
  const { tokens, lengths } = encodeResponses(ctx.vocab, sizes, responses);
  const s = sizes.imageSize;
  const scores = tf.tidy(() => {
    const mask = maskFromLengths(tf.tensor1d(lengths, 'int32'), sizes.maxResponseTokens);
    return endScores(
      model.scores(
        tf.tensor4d(repeatRows(pixels, pixels.length, indices), [n, s, s, 3]),
        tf.tensor2d(repeatRows(q, q.length, indices), [n, sizes.maxQuestionTokens], 'int32'),
        tf.tensor2d(tokens, [n, sizes.maxResponseTokens], 'int32'),
      ),
      mask,
    );
  });
  try {
    return Float32Array.from(await scores.data());
  } finally {
    scores.dispose();
  }
}

export interface OnePromptModeration {
  query: GuardVerdict;
  responses: GuardVerdict[];
  flagged: (v: GuardVerdict) => boolean;
  queryCoverage: Coverage;
  responseCoverage: Coverage[];
  costs: Float32Array | null;
}

/** Verdicts for one prompt's question alone and each of its responses; flagged = unsafeProb ≥ threshold. */
export async function moderateOne(
  ctx: GuardContext,
  costModel: ScoreModel | null,
  pixels: Float32Array,
  question: string,
  responses: string[],
  threshold: number,
): Promise<OnePromptModeration> {
  const q = ctx.vocab.encode(question, ctx.sizes.maxQuestionTokens);
  const rows = [null, ...responses];
  const indices = rows.map(() => 0);
  const verdicts = await predictRows(
    ctx,
    repeatRows(pixels, pixels.length, indices),
    repeatRows(q, q.length, indices),
    rows,
  );
  const queryCoverage = coverage(ctx.vocab, question, ctx.sizes.maxQuestionTokens);
  return {
    query: verdicts[0],
    responses: verdicts.slice(1),
    flagged: (v) => v.unsafeProb >= threshold,
    queryCoverage,
    // Of each response the guard reads up to maxResponseTokens − 1 words (then EOS).
    responseCoverage: responses.map((text) => coverage(ctx.vocab, text, ctx.sizes.maxResponseTokens - 1)),
    costs: await costOfResponses(ctx, costModel, pixels, q, responses),
  };
}

/** A decision threshold on the unsafe probability must lie in [0, 1]. */
export function checkThreshold(threshold: number): void {
  if (!(threshold >= 0 && threshold <= 1))
    throw new Error(`The decision threshold must lie in [0, 1] (got ${threshold}).`);
}
