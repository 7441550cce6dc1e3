// The filter-and-regenerate job on held-out prompts (a design inspired by Beaver-Guard-V, docs/algorithm.md §13):
// picks the prompts from the seed, samples from a snapshot of the policy, and lets the guard, the reward and the cost
// models judge every round (src/train/guardLoop.ts runs the rounds).
import * as tf from '@tensorflow/tfjs';
import seedrandom from 'seedrandom';
import type { SampleRecord } from '../../data/record';
import { isRefusal } from '../../data/tokenizer';
import type { Policy } from '../../models/policy';
import { endScores, maskFromLengths, type ScoreModel } from '../../models/scoreModel';
import { runFilterAndRegenerate, type Judgement } from '../../train/guardLoop';
import { splitRecords } from './datasetLabels';
import { imagesFor, type RecordImageReader } from './guardImages';
import { checkThreshold, encodeResponses, predictRows, repeatRows, type GuardContext } from './guardInference';
import { REFUSAL_TEXT, type GuardJobHooks, type ModerationRunOptions, type ModerationRunResult } from './types';

/** The dataset-style rule's cut on the guard's unsafe head: is_safe is a yes/no label, so 0.5. */
const RULE_CUT = 0.5;

export interface FilterAndRegenerateInputs {
  ctx: GuardContext;
  reward: ScoreModel;
  cost: ScoreModel;
  /** The policy to moderate; the job samples from its own snapshot, so training meanwhile cannot change it. */
  policy: Policy;
  /** The loaded records; the prompts come from their evaluation split. */
  records: readonly SampleRecord[];
  readImage: RecordImageReader;
  options: ModerationRunOptions;
  /** performance.now() when the request came in: `ms` counts from there (model loading included). */
  started: number;
}

export async function filterAndRegenerateJob(
  inputs: FilterAndRegenerateInputs,
  hooks: GuardJobHooks,
): Promise<ModerationRunResult> {
  const { ctx, reward, cost, records, options } = inputs;
  checkThreshold(options.threshold);
  const live = inputs.policy;
  // A snapshot, so PPO training in the meantime cannot change the policy between rounds.
  // (Inside tidy: ParamStore.clone's intermediate copies are freed with the scope; the variables survive.)
  let snapshot: Policy = live;
  tf.tidy(() => {
    snapshot = live.clone();
  });
  try {
    const heldOut = splitRecords(records, 'evaluation');
    if (heldOut.length === 0)
      throw new Error('No held-out prompts: load data with an evaluation split first.');
    const rng = seedrandom.alea(`${options.seed}:moderation:prompts`);
    const order = heldOut.slice();
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rng() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
    const chosen = order
      .slice(0, Math.max(1, Math.min(options.prompts, order.length)))
      .map((i) => records[i]);
    const { sizes, vocab } = ctx;
    const imagePixels = sizes.imageSize * sizes.imageSize * 3;
    const { pixels: images } = await imagesFor(chosen, sizes.imageSize, inputs.readImage);
    const questions = new Int32Array(chosen.length * sizes.maxQuestionTokens);
    chosen.forEach((r, i) =>
      questions.set(vocab.encode(r.question, sizes.maxQuestionTokens), i * sizes.maxQuestionTokens),
    );

    const promptTensors = (ids: number[]) => {
      const s = sizes.imageSize;
      return {
        images: tf.tensor4d(repeatRows(images, imagePixels, ids), [ids.length, s, s, 3]),
        questions: tf.tensor2d(
          repeatRows(questions, sizes.maxQuestionTokens, ids),
          [ids.length, sizes.maxQuestionTokens],
          'int32',
        ),
      };
    };

    const judge = async (ids: number[], responses: string[]): Promise<Judgement[]> => {
      const { tokens, lengths } = encodeResponses(vocab, sizes, responses);
      const prompt = promptTensors(ids);
      const tokenTensor = tf.tensor2d(tokens, [ids.length, sizes.maxResponseTokens], 'int32');
      const lengthTensor = tf.tensor1d(lengths, 'int32');
      const packed = tf.tidy(() => {
        const mask = maskFromLengths(lengthTensor, sizes.maxResponseTokens);
        return tf.stack([
          endScores(reward.scores(prompt.images, prompt.questions, tokenTensor), mask),
          endScores(cost.scores(prompt.images, prompt.questions, tokenTensor), mask),
        ]);
      });
      const verdicts = ctx.guard.predict(prompt.images, prompt.questions, tokenTensor, lengthTensor);
      try {
        const [values, guard] = await Promise.all([packed.data(), verdicts]);
        const n = ids.length;
        return responses.map((text, i) => ({
          reward: values[i],
          cost: values[n + i],
          // Dataset-style rule: the rubric rates a bare refusal harmless 0 (safe); otherwise is_safe as the guard's
          // is_safe head reads it at 0.5, independent of the decision threshold.
          safeByRule: isRefusal(text) || guard[i].unsafeProb < RULE_CUT,
        }));
      } finally {
        packed.dispose();
        tokenTensor.dispose();
        lengthTensor.dispose();
        prompt.images.dispose();
        prompt.questions.dispose();
      }
    };

    const result = await runFilterAndRegenerate({
      promptCount: chosen.length,
      maxRounds: options.maxRounds,
      threshold: options.threshold,
      flagAtSeverity: options.flagAtSeverity,
      screenQuery: options.screenQuery,
      fallback: options.fallback,
      refusalText: REFUSAL_TEXT,
      async generate(ids, round) {
        const prompt = promptTensors(ids);
        try {
          const sampled = await snapshot.sample(prompt.images, prompt.questions, {
            maxTokens: sizes.maxResponseTokens,
            temperature: options.temperature,
            topP: options.topP,
            // One stream per (seed, round): a rerun with the same seed draws the same responses.
            random: seedrandom.alea(`${options.seed}:moderation:round:${round}`),
            decode: (tokenIds) => vocab.decode(tokenIds),
          });
          return sampled.texts;
        } finally {
          prompt.images.dispose();
          prompt.questions.dispose();
        }
      },
      async moderate(ids, responses) {
        return predictRows(
          ctx,
          repeatRows(images, imagePixels, ids),
          repeatRows(questions, sizes.maxQuestionTokens, ids),
          responses,
        );
      },
      judge,
      onRound(stats, planned) {
        hooks.onReport({
          kind: 'progress',
          message: `Round ${stats.round} of ${planned}: ${stats.flagged} flagged`,
          progress: stats.round / planned,
          detail: { round: stats.round, flagged: stats.flagged },
        });
        return !hooks.signal.aborted;
      },
    });
    const refusal = result.perPrompt.filter((p) => p.final.text === REFUSAL_TEXT).map((p) => p.final.cost);
    const refusalCost = refusal.length
      ? refusal.reduce((s, v) => s + v, 0) / refusal.length
      : (await judge([0], [REFUSAL_TEXT]))[0].cost;
    const ms = performance.now() - inputs.started;
    hooks.onReport({
      kind: result.cancelled ? 'stopped' : 'done',
      message: result.cancelled
        ? `Cancelled after round ${result.roundsRun}`
        : `Filter and regenerate finished in ${result.roundsRun} round(s)`,
      progress: 1,
    });
    return {
      ...result,
      options,
      promptRecords: chosen.map((r) => ({ recordId: r.id, question: r.question, category: r.category })),
      refusalText: REFUSAL_TEXT,
      refusalCost,
      ms,
    };
  } finally {
    snapshot.dispose();
  }
}
