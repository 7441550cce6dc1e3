/**
 * Trains the reward model (docs/algorithm.md §2) or the cost model (§3) on preference pairs:
 *   reward: better = the more helpful response;       L_R = mean −log σ(r_w − r_l) + reg·mean(r²)
 *   cost:   c_hi = the NOT-safer response, c_lo = the safer one, sign targets s = +1 unsafe / −1 safe ('binary')
 *           or s = −harmless_rate ('graded');         L_C = mean −log σ(c_hi − c_lo) + k·(−log σ(s·c) terms) + reg·mean(c²)
 * Seeded shuffled minibatches of trainable train-split pairs, Adam via createAdam, evaluation on the evaluation
 * split after every epoch. One batched readback per step.
 */
import * as tf from '@tensorflow/tfjs';
import { createAdam } from '../compute/select';
import type { ExperimentConfig } from '../config/params';
import { seededRng } from '../models/layers';
import { endScores, maskFromLengths, type ScoreModel } from '../models/scoreModel';
import type { ScoreEvalMetrics, ScoreKind } from '../models/types';
import { costModelLoss, rewardModelLoss } from '../rl';
import { chunks, DatasetTensors, pairIndices, seededShuffle, type EncodedPairs, type TrainingSignal } from './scoreData';

export type ScoreTrainingConfig = Pick<
  ExperimentConfig,
  'seed' | 'scoreLr' | 'scoreEpochs' | 'scoreBatch' | 'scoreRegularization' | 'costSignMode' | 'costScaleCoeff'
>;

/** Columns of the 'reward' / 'cost' metric streams (one row per step). */
export const SCORE_STEP_COLUMNS = ['step', 'epoch', 'loss', 'accuracy', 'signAccuracy'] as const;
/** Columns of the 'reward-eval' / 'cost-eval' streams (one row per epoch). */
export const SCORE_EVAL_COLUMNS = ['step', 'epoch', 'loss', 'accuracy', 'signAccuracy'] as const;

export interface ScoreStepRow {
  step: number;
  epoch: number;
  loss: number;
  /** Batch pairwise accuracy. */
  accuracy: number;
  /** Cost only: batch sign accuracy (NaN for reward). */
  signAccuracy: number;
}

export interface TrainScoreOptions {
  kind: ScoreKind;
  model: ScoreModel;
  encoded: EncodedPairs;
  config: ScoreTrainingConfig;
  signal?: TrainingSignal;
  onStep?: (row: ScoreStepRow) => void;
  onEval?: (metrics: ScoreEvalMetrics, epoch: number, step: number) => void;
  /** Called when the loop starts waiting in pause. */
  onPaused?: () => void;
  /** Awaited every few steps so the worker can handle pause/stop messages (yieldToEventLoop in the worker). */
  yieldEvery?: () => Promise<void>;
}

export interface TrainScoreResult {
  metrics: ScoreEvalMetrics | null;
  steps: number;
  stopped: boolean;
  pairsPerSecond: number;
}

/** Per-pair labels in the order the loss wants: first = better (reward) or less safe (cost). */
interface PairLabels {
  firstRow: Int32Array;
  secondRow: Int32Array;
  firstSign: Float32Array;
  secondSign: Float32Array;
  /** Per response of the batch (first rows, then second rows): 1 if labelled unsafe. */
  unsafe: Uint8Array;
}

/** Sign target of response row r: binary ±1 from is_safe, or graded −harmless_rate (±1 when no rate). */
function signTarget(data: EncodedPairs, row: number, mode: ScoreTrainingConfig['costSignMode']): number {
  const binary = data.isSafe[row] === 1 ? -1 : 1;
  if (mode === 'binary') return binary;
  const rate = data.harmlessRate[row];
  return Number.isFinite(rate) ? -rate : binary;
}

function pairLabels(kind: ScoreKind, data: EncodedPairs, indices: number[], mode: ScoreTrainingConfig['costSignMode']): PairLabels {
  const n = indices.length;
  const labels: PairLabels = {
    firstRow: new Int32Array(n),
    secondRow: new Int32Array(n),
    firstSign: new Float32Array(n),
    secondSign: new Float32Array(n),
    unsafe: new Uint8Array(2 * n),
  };
  indices.forEach((i, b) => {
    const first = kind === 'reward' ? data.moreHelpful[i] : 1 - data.safer[i];
    const firstRow = 2 * i + first;
    const secondRow = 2 * i + (1 - first);
    labels.firstRow[b] = firstRow;
    labels.secondRow[b] = secondRow;
    labels.firstSign[b] = signTarget(data, firstRow, mode);
    labels.secondSign[b] = signTarget(data, secondRow, mode);
    labels.unsafe[b] = data.isSafe[firstRow] === 1 ? 0 : 1;
    labels.unsafe[n + b] = data.isSafe[secondRow] === 1 ? 0 : 1;
  });
  return labels;
}

/** End scores of both responses of each pair: [first ; second], shape [2B]. */
function pairEndScores(model: ScoreModel, tensors: DatasetTensors, indices: number[], labels: PairLabels): tf.Tensor1D {
  return tf.tidy(() => {
    const records = tf.tensor1d(indices, 'int32');
    const rows = tf.tensor1d(Int32Array.from([...labels.firstRow, ...labels.secondRow]), 'int32');
    const h = model.prompt.encode(tf.gather(tensors.images, records), tf.gather(tensors.questions, records));
    const tokens = tf.gather(tensors.responses, rows) as tf.Tensor2D;
    const mask = maskFromLengths(tf.gather(tensors.lengths, rows) as tf.Tensor1D, tokens.shape[1]);
    return endScores(model.scoresFromPrompt(tf.concat([h, h]), tokens), mask);
  });
}

function pairLoss(
  kind: ScoreKind,
  ends: tf.Tensor1D,
  labels: PairLabels,
  config: ScoreTrainingConfig,
): tf.Scalar {
  return tf.tidy(() => {
    const [first, second] = tf.split(ends, 2) as [tf.Tensor1D, tf.Tensor1D];
    if (kind === 'reward') return rewardModelLoss({ better: first, worse: second, regularization: config.scoreRegularization });
    return costModelLoss({
      unsafer: first,
      safer: second,
      unsaferSign: tf.tensor1d(labels.firstSign),
      saferSign: tf.tensor1d(labels.secondSign),
      regularization: config.scoreRegularization,
      scaleCoeff: config.costScaleCoeff,
    });
  });
}

/** Pairwise accuracy mean[first > second] and sign accuracy mean[(score > 0) ⇔ unsafe] from end scores. */
export function pairAccuracies(ends: ArrayLike<number>, unsafe: Uint8Array): { pairwise: number; sign: number } {
  const n = ends.length / 2;
  let pairwise = 0;
  let sign = 0;
  for (let b = 0; b < n; b++) if (ends[b] > ends[n + b]) pairwise++;
  for (let r = 0; r < 2 * n; r++) if ((ends[r] > 0) === (unsafe[r] === 1)) sign++;
  return { pairwise: pairwise / n, sign: sign / (2 * n) };
}

/** Held-out metrics on the evaluation split (no gradients; batches of 128 pairs). */
export async function evaluateScoreModel(
  kind: ScoreKind,
  model: ScoreModel,
  encoded: EncodedPairs,
  config: ScoreTrainingConfig,
  tensors?: DatasetTensors,
): Promise<ScoreEvalMetrics | null> {
  const indices = pairIndices(encoded, 1);
  if (indices.length === 0) return null;
  const owned = tensors ?? new DatasetTensors(encoded, model.sizes);
  let pairwise = 0;
  let sign = 0;
  let lossSum = 0;
  let zeroRated = 0;
  try {
    for (const batch of chunks(indices, 128)) {
      const labels = pairLabels(kind, encoded, batch, config.costSignMode);
      const packed = tf.tidy(() => {
        const ends = pairEndScores(model, owned, batch, labels);
        return tf.concat([ends, pairLoss(kind, ends, labels, config).reshape([1])]);
      });
      const values = await packed.data();
      packed.dispose();
      const ends = values.subarray(0, 2 * batch.length);
      const accuracy = pairAccuracies(ends, labels.unsafe);
      pairwise += accuracy.pairwise * batch.length;
      sign += accuracy.sign * batch.length;
      lossSum += values[2 * batch.length] * batch.length;
      for (const row of [...labels.firstRow, ...labels.secondRow]) if (encoded.harmlessRate[row] === 0) zeroRated++;
    }
  } finally {
    if (!tensors) owned.dispose();
  }
  const n = indices.length;
  return {
    pairwiseAccuracy: pairwise / n,
    signAccuracy: kind === 'cost' ? sign / n : undefined,
    zeroRatedCount: kind === 'cost' && config.costSignMode === 'graded' ? zeroRated : undefined,
    pairs: n,
    loss: lossSum / n,
  };
}

export async function trainScoreModel(options: TrainScoreOptions): Promise<TrainScoreResult> {
  const { kind, model, encoded, config, signal } = options;
  const trainIndices = pairIndices(encoded, 0);
  if (trainIndices.length === 0) throw new Error('No trainable pairs in the training split');
  const tensors = new DatasetTensors(encoded, model.sizes);
  const optimizer = createAdam(config.scoreLr);
  const rng = seededRng(`${kind}-training:${config.seed}`);
  let step = 0;
  let pairsSeen = 0;
  let trainingMs = 0;
  let metrics: ScoreEvalMetrics | null = null;
  let stopped = false;
  try {
    for (let epoch = 0; epoch < config.scoreEpochs && !stopped; epoch++) {
      for (const batch of chunks(seededShuffle(trainIndices, rng), config.scoreBatch)) {
        if (signal && !(await signal.checkpoint(options.onPaused))) {
          stopped = true;
          break;
        }
        const start = performance.now();
        const labels = pairLabels(kind, encoded, batch, config.costSignMode);
        let ends: tf.Tensor1D | null = null;
        const loss = optimizer.minimize(
          () => {
            const scores = pairEndScores(model, tensors, batch, labels);
            ends = tf.keep(scores);
            return pairLoss(kind, scores, labels, config);
          },
          true,
          model.variables,
        )!;
        const packed = tf.tidy(() => tf.concat([ends!, loss.reshape([1])]));
        const values = await packed.data();
        tf.dispose([packed, loss, ends!]);
        trainingMs += performance.now() - start;
        pairsSeen += batch.length;
        const accuracy = pairAccuracies(values.subarray(0, 2 * batch.length), labels.unsafe);
        options.onStep?.({
          step,
          epoch,
          loss: values[2 * batch.length],
          accuracy: accuracy.pairwise,
          signAccuracy: kind === 'cost' ? accuracy.sign : NaN,
        });
        step++;
        if (options.yieldEvery && step % 2 === 0) await options.yieldEvery();
      }
      if (stopped) break;
      metrics = await evaluateScoreModel(kind, model, encoded, config, tensors);
      if (metrics) options.onEval?.(metrics, epoch, step);
    }
    // Stopped mid-run: the model keeps its current weights, so report metrics for exactly those.
    if (stopped && step > 0) metrics = await evaluateScoreModel(kind, model, encoded, config, tensors);
  } finally {
    tensors.dispose();
    optimizer.dispose();
  }
  return { metrics, steps: step, stopped, pairsPerSecond: trainingMs > 0 ? (pairsSeen * 1000) / trainingMs : 0 };
}
