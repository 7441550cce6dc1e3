import * as tf from '@tensorflow/tfjs';
import seedrandom from 'seedrandom';
import type { ExperimentConfig } from '../config/params';
import { createAdam } from '../compute/select';
import type { Policy } from '../models/policy';
import { clippedStep } from './ppo/optimizerStep';
import { promptTensors, SPLIT_TRAIN, type PromptData } from './ppo/prompts';
import { shuffledIndices } from '../models/sampling';

/** Columns of the 'sft' metric stream, one row per step. */
export const SFT_COLUMNS = ['step', 'epoch', 'loss', 'tokenAccuracy'] as const;
export type SftRow = Record<(typeof SFT_COLUMNS)[number], number>;

export const SFT_BATCH = 32;

/** One SFT target: response `k` (0 | 1) of record `record`. */
export interface SftExample {
  record: number;
  k: number;
}

/**
 * The SFT targets from the train split's trainable records: every response ('all'), the more helpful one
 * ('helpful') or the safer one ('safer').
 */
export function sftExamples(data: PromptData, source: ExperimentConfig['sftSource']): SftExample[] {
  const out: SftExample[] = [];
  for (let i = 0; i < data.count; i++) {
    if (data.split[i] !== SPLIT_TRAIN || !data.trainable[i]) continue;
    if (source === 'all') out.push({ record: i, k: 0 }, { record: i, k: 1 });
    else out.push({ record: i, k: source === 'helpful' ? data.moreHelpful[i] : data.safer[i] });
  }
  return out;
}

export interface SftControl {
  /** Checked between steps: true stops training (the weights so far are kept). */
  shouldStop?: () => boolean;
  /** Awaited between steps (the worker yields to its message queue here; also where pause waits). */
  betweenSteps?: () => Promise<void>;
  onStep?: (row: SftRow) => void;
}

export interface SftResult {
  steps: number;
  loss: number;
  tokenAccuracy: number;
  stopped: boolean;
}

/**
 * Teacher-forced cross-entropy of the policy on dataset responses:
 *   L = Σ_{b,t} −log π(y_t | x, y_<t)·m_t / Σ m_t
 * Adam (createAdam, never tf.train.adam) with gradient-norm clipping, seeded shuffles each epoch.
 */
export async function trainSft(
  policy: Policy,
  data: PromptData,
  config: ExperimentConfig,
  control: SftControl = {},
): Promise<SftResult> {
  const examples = sftExamples(data, config.sftSource);
  if (examples.length === 0) throw new Error('SFT has no targets: the data has no trainable train-split records.');
  const random = seedrandom.alea(`${config.seed}:sft`);
  const optimizer = createAdam(config.sftLr, 0.9, 0.999);
  const steps = data.maxResponseTokens;
  const batchesPerEpoch = Math.ceil(examples.length / SFT_BATCH);
  let step = 0;
  let last = { loss: NaN, tokenAccuracy: NaN };
  try {
    for (let epoch = 0; epoch < config.sftEpochs; epoch++) {
      const order = shuffledIndices(examples.length, random);
      for (let batch = 0; batch < batchesPerEpoch; batch++) {
        if (control.shouldStop?.()) return { steps: step, ...last, stopped: true };
        const chosen = order.slice(batch * SFT_BATCH, (batch + 1) * SFT_BATCH).map((i) => examples[i]);
        const stats = sftStep(policy, optimizer, data, chosen, steps, config.maxGradNorm);
        const [loss, tokenAccuracy] = await stats.data();
        stats.dispose();
        if (!Number.isFinite(loss)) throw new Error(`SFT loss became ${loss} at step ${step}; lower the SFT learning rate.`);
        last = { loss, tokenAccuracy };
        control.onStep?.({ step, epoch: epoch + (batch + 1) / batchesPerEpoch, loss, tokenAccuracy });
        step++;
        await control.betweenSteps?.();
      }
    }
  } finally {
    optimizer.dispose();
  }
  return { steps: step, ...last, stopped: false };
}

/** One SFT step; returns [loss, token accuracy] (kept, for one batched readback). */
function sftStep(
  policy: Policy,
  optimizer: tf.Optimizer,
  data: PromptData,
  chosen: SftExample[],
  steps: number,
  maxGradNorm: number,
): tf.Tensor1D {
  const tokens = new Int32Array(chosen.length * steps);
  const mask = new Float32Array(chosen.length * steps);
  chosen.forEach(({ record, k }, row) => {
    const offset = (record * 2 + k) * steps;
    tokens.set(data.responses.subarray(offset, offset + steps), row * steps);
    const length = data.responseLengths[record * 2 + k];
    for (let t = 0; t < length; t++) mask[row * steps + t] = 1;
  });
  const { images, questions } = promptTensors(data, chosen.map((c) => c.record));
  return tf.tidy(() => {
    const responses = tf.tensor2d(tokens, [chosen.length, steps], 'int32');
    const m = tf.tensor2d(mask, [chosen.length, steps]);
    const realTokens = tf.maximum(tf.sum(m), 1);
    let accuracy: tf.Scalar = tf.scalar(0);
    const loss = clippedStep(optimizer, policy.variables, () => {
      const logits = policy.logits(images, questions, responses);
      const logp = tf.logSoftmax(logits);
      const picked = tf.sum(tf.mul(logp, tf.oneHot(responses, logp.shape[2]!).toFloat()), 2);
      // Accuracy from the same forward pass, outside the gradient (kept past the loss function's scope).
      accuracy = tf.keep(
        tf.div(tf.sum(tf.mul(tf.cast(tf.equal(tf.argMax(logits, 2), responses), 'float32'), m)), realTokens) as tf.Scalar,
      );
      return tf.div(tf.neg(tf.sum(tf.mul(picked, m))), realTokens) as tf.Scalar;
    }, maxGradNorm);
    const out = tf.stack([loss, accuracy]) as tf.Tensor1D;
    accuracy.dispose();
    tf.dispose([images, questions]);
    return out;
  });
}
