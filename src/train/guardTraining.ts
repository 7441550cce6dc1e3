/**
 * Trains the guard (a design inspired by Beaver-Guard-V, docs/algorithm.md §13) on BeaverTails-V labels.
 *
 * Examples (documented rules; docs/data.md says the published integer scales are undocumented):
 * - one per response (image, question, response):
 *     unsafe   = NOT is_safe
 *     severity = safe if is_safe, else minor / moderate / severe for harmless_rate −1 / −2 / −3 (rates below −3
 *                clamp to severe; unrated, the image severity clamped to 1..3)
 *     category = the record's harm category
 * - one question-only screening example per record (image, question, no response):
 *     unsafe   = image_severity ≥ 2 OR either response is labelled unsafe
 *     severity = the larger response severity; if both responses are safe but the image is severe, the image
 *                severity clamped to 1..3; safe otherwise
 *     category = the record's harm category
 * Loss = BCE(unsafe) + CE(severity) + CE(category), written by hand on logits clamped to ±30 (no tfjs-layers
 * losses, whose epsilon differs by backend). Records with an unknown category get no category term.
 */
import * as tf from '@tensorflow/tfjs';
import { createAdam } from '../compute/select';
import { HARM_CATEGORIES, SEVERITY_LEVELS } from '../data/record';
import { argmax, CATEGORY_CLASSES, SEVERITY_CLASSES, type GuardModel } from '../models/guardModel';
import { seededRng } from '../models/layers';
import type { ClassReport, GuardEvalMetrics } from '../models/types';
import { chunks, DatasetTensors, seededShuffle, type EncodedPairs, type TrainingSignal } from './scoreData';
import type { ScoreTrainingConfig } from './scoreTraining';

/** Columns of the 'guard' stream (per step) and the 'guard-eval' stream (per epoch). */
export const GUARD_STEP_COLUMNS = ['step', 'epoch', 'loss', 'accuracy'] as const;
export const GUARD_EVAL_COLUMNS = [
  'step',
  'epoch',
  'loss',
  'accuracy',
  'questionOnlyAccuracy',
  'severityAccuracy',
  'categoryAccuracy',
] as const;

export interface GuardExamples {
  /** Record index of each example. */
  record: Int32Array;
  /** Response row (2i + k) or −1 for question-only. */
  responseRow: Int32Array;
  unsafe: Float32Array;
  severity: Int32Array;
  /** −1 when unknown. */
  category: Int32Array;
}

export function responseSeverity(data: EncodedPairs, row: number): number {
  if (data.isSafe[row] === 1) return 0;
  const rate = data.harmlessRate[row];
  // An unsafe response has rate ≤ −1; 0 / NaN means unrated (single-response variant).
  if (Number.isFinite(rate) && rate < 0) return Math.min(3, Math.max(1, Math.round(-rate)));
  return Math.min(3, Math.max(1, data.severity[row >> 1]));
}

/** Builds the guard examples of one split (all records of it, including ones kept out of score training). */
export function guardExamples(data: EncodedPairs, split: 0 | 1): GuardExamples {
  const record: number[] = [];
  const responseRow: number[] = [];
  const unsafe: number[] = [];
  const severity: number[] = [];
  const category: number[] = [];
  for (let i = 0; i < data.count; i++) {
    if (data.split[i] !== split) continue;
    const cat = data.category[i] >= 0 && data.category[i] < CATEGORY_CLASSES ? data.category[i] : -1;
    const levels: number[] = [];
    for (let k = 0; k < 2; k++) {
      const row = 2 * i + k;
      if (data.responseLengths[row] === 0) continue;
      if (k === 1 && isDuplicateOfFirst(data, i)) continue; // single-response records repeat slot 0 in slot 1
      const level = responseSeverity(data, row);
      levels.push(level);
      record.push(i);
      responseRow.push(row);
      unsafe.push(data.isSafe[row] === 1 ? 0 : 1);
      severity.push(level);
      category.push(cat);
    }
    const anyUnsafe = levels.some((level) => level > 0);
    const imageUnsafe = data.severity[i] >= 2;
    record.push(i);
    responseRow.push(-1);
    unsafe.push(anyUnsafe || imageUnsafe ? 1 : 0);
    severity.push(anyUnsafe ? Math.max(...levels) : imageUnsafe ? Math.min(3, data.severity[i]) : 0);
    category.push(cat);
  }
  return {
    record: Int32Array.from(record),
    responseRow: Int32Array.from(responseRow),
    unsafe: Float32Array.from(unsafe),
    severity: Int32Array.from(severity),
    category: Int32Array.from(category),
  };
}

function isDuplicateOfFirst(data: EncodedPairs, i: number): boolean {
  if (data.trainable[i] === 1 || data.responseLengths[2 * i] !== data.responseLengths[2 * i + 1]) return false;
  const t = data.responses.length / (data.count * 2);
  for (let j = 0; j < t; j++) if (data.responses[2 * i * t + j] !== data.responses[(2 * i + 1) * t + j]) return false;
  return true;
}

function pick(examples: GuardExamples, indices: number[]): GuardExamples {
  return {
    record: Int32Array.from(indices, (i) => examples.record[i]),
    responseRow: Int32Array.from(indices, (i) => examples.responseRow[i]),
    unsafe: Float32Array.from(indices, (i) => examples.unsafe[i]),
    severity: Int32Array.from(indices, (i) => examples.severity[i]),
    category: Int32Array.from(indices, (i) => examples.category[i]),
  };
}

interface Packed {
  /** [B, 1 + 4 + 20]: unsafe logit, severity logits, category logits. */
  logits: tf.Tensor2D;
  loss: tf.Scalar;
}

function forwardWithLoss(model: GuardModel, tensors: DatasetTensors, batch: GuardExamples): Packed {
  return tf.tidy(() => {
    const records = tf.tensor1d(batch.record, 'int32');
    const hasResponse = Int32Array.from(batch.responseRow, (r) => (r >= 0 ? 1 : 0));
    const rows = tf.tensor1d(
      Int32Array.from(batch.responseRow, (r) => Math.max(r, 0)),
      'int32',
    );
    const tokens = tf.gather(tensors.responses, rows) as tf.Tensor2D;
    const lengths = tf.gather(tensors.lengths, rows).mul(tf.tensor1d(hasResponse, 'int32')) as tf.Tensor1D;
    const out = model.forward(tf.gather(tensors.images, records), tf.gather(tensors.questions, records), tokens, lengths);
    const clampLogits = (x: tf.Tensor) => x.clipByValue(-30, 30);
    // BCE on a logit x with target y: max(x, 0) − x·y + log(1 + e^{−|x|}).
    const x = clampLogits(out.unsafeLogit);
    const y = tf.tensor1d(batch.unsafe);
    const bce = tf.relu(x).sub(x.mul(y)).add(tf.log1p(tf.exp(x.abs().neg()))).mean();
    // CE = −log softmax(logits)[target].
    const severityCe = tf
      .logSoftmax(clampLogits(out.severityLogits))
      .mul(tf.oneHot(tf.tensor1d(batch.severity, 'int32'), SEVERITY_CLASSES))
      .sum(1)
      .neg()
      .mean();
    const known = tf.tensor1d(Float32Array.from(batch.category, (c) => (c >= 0 ? 1 : 0)));
    const categoryNll = tf
      .logSoftmax(clampLogits(out.categoryLogits))
      .mul(tf.oneHot(tf.tensor1d(Int32Array.from(batch.category, (c) => Math.max(c, 0)), 'int32'), CATEGORY_CLASSES))
      .sum(1)
      .neg();
    const categoryCe = categoryNll.mul(known).sum().div(known.sum().maximum(1));
    const loss = tf.addN([bce, severityCe, categoryCe]) as tf.Scalar;
    const logits = tf.concat([out.unsafeLogit.expandDims(1), out.severityLogits, out.categoryLogits], 1) as tf.Tensor2D;
    return { logits, loss };
  });
}

export function classReport(labels: readonly string[], truth: ArrayLike<number>, predicted: ArrayLike<number>): ClassReport {
  const n = labels.length;
  const confusion = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  let correct = 0;
  let total = 0;
  for (let i = 0; i < truth.length; i++) {
    if (truth[i] < 0) continue;
    confusion[truth[i]][predicted[i]]++;
    total++;
    if (truth[i] === predicted[i]) correct++;
  }
  const support = confusion.map((row) => row.reduce((a, b) => a + b, 0));
  const predictedCount = labels.map((_, j) => confusion.reduce((a, row) => a + row[j], 0));
  return {
    labels: [...labels],
    precision: labels.map((_, j) => (predictedCount[j] > 0 ? confusion[j][j] / predictedCount[j] : NaN)),
    recall: labels.map((_, j) => (support[j] > 0 ? confusion[j][j] / support[j] : NaN)),
    support,
    confusion,
    accuracy: total > 0 ? correct / total : NaN,
  };
}

/** Held-out guard metrics on the evaluation split, as plain arrays. */
export async function evaluateGuard(
  model: GuardModel,
  encoded: EncodedPairs,
  tensors?: DatasetTensors,
): Promise<GuardEvalMetrics | null> {
  const examples = guardExamples(encoded, 1);
  const total = examples.record.length;
  if (total === 0) return null;
  const owned = tensors ?? new DatasetTensors(encoded, model.sizes);
  const width = 1 + SEVERITY_CLASSES + CATEGORY_CLASSES;
  const predictedUnsafe = new Uint8Array(total);
  const predictedSeverity = new Int32Array(total);
  const predictedCategory = new Int32Array(total);
  let lossSum = 0;
  try {
    const all = Array.from({ length: total }, (_, i) => i);
    for (const indices of chunks(all, 128)) {
      const batch = pick(examples, indices);
      const packed = tf.tidy(() => {
        const { logits, loss } = forwardWithLoss(model, owned, batch);
        return tf.concat([logits.reshape([-1]), loss.reshape([1])]);
      });
      const values = await packed.data();
      packed.dispose();
      indices.forEach((example, b) => {
        const row = values.subarray(b * width, (b + 1) * width);
        predictedUnsafe[example] = row[0] > 0 ? 1 : 0;
        predictedSeverity[example] = argmax(row.subarray(1, 1 + SEVERITY_CLASSES));
        predictedCategory[example] = argmax(row.subarray(1 + SEVERITY_CLASSES));
      });
      lossSum += values[values.length - 1] * indices.length;
    }
  } finally {
    if (!tensors) owned.dispose();
  }
  let responseCorrect = 0;
  let responses = 0;
  let questionCorrect = 0;
  let questions = 0;
  const responseOnly: number[] = [];
  for (let i = 0; i < total; i++) {
    const correct = predictedUnsafe[i] === examples.unsafe[i] ? 1 : 0;
    if (examples.responseRow[i] >= 0) {
      responses++;
      responseCorrect += correct;
      responseOnly.push(i);
    } else {
      questions++;
      questionCorrect += correct;
    }
  }
  return {
    unsafeAccuracy: responses > 0 ? responseCorrect / responses : NaN,
    questionOnlyAccuracy: questions > 0 ? questionCorrect / questions : NaN,
    severity: classReport(
      SEVERITY_LEVELS,
      responseOnly.map((i) => examples.severity[i]),
      responseOnly.map((i) => predictedSeverity[i]),
    ),
    category: classReport(
      HARM_CATEGORIES,
      responseOnly.map((i) => examples.category[i]),
      responseOnly.map((i) => predictedCategory[i]),
    ),
    examples: total,
    loss: lossSum / total,
  };
}

export interface GuardStepRow {
  step: number;
  epoch: number;
  loss: number;
  /** Batch unsafe/safe accuracy. */
  accuracy: number;
}

export interface TrainGuardOptions {
  model: GuardModel;
  encoded: EncodedPairs;
  config: Pick<ScoreTrainingConfig, 'seed' | 'scoreLr' | 'scoreEpochs' | 'scoreBatch'>;
  signal?: TrainingSignal;
  onStep?: (row: GuardStepRow) => void;
  onEval?: (metrics: GuardEvalMetrics, epoch: number, step: number) => void;
  onPaused?: () => void;
  yieldEvery?: () => Promise<void>;
}

export async function trainGuard(options: TrainGuardOptions): Promise<{
  metrics: GuardEvalMetrics | null;
  steps: number;
  stopped: boolean;
  examplesPerSecond: number;
}> {
  const { model, encoded, config, signal } = options;
  const examples = guardExamples(encoded, 0);
  const count = examples.record.length;
  if (count === 0) throw new Error('No guard examples in the training split');
  const tensors = new DatasetTensors(encoded, model.sizes);
  const optimizer = createAdam(config.scoreLr);
  const rng = seededRng(`guard-training:${config.seed}`);
  const all = Array.from({ length: count }, (_, i) => i);
  // Guard examples are single rows, not pairs: twice the batch keeps a step's work close to a score step's.
  const batchSize = config.scoreBatch * 2;
  let step = 0;
  let seen = 0;
  let ms = 0;
  let stopped = false;
  let metrics: GuardEvalMetrics | null = null;
  try {
    for (let epoch = 0; epoch < config.scoreEpochs && !stopped; epoch++) {
      for (const indices of chunks(seededShuffle(all, rng), batchSize)) {
        if (signal && !(await signal.checkpoint(options.onPaused))) {
          stopped = true;
          break;
        }
        const start = performance.now();
        const batch = pick(examples, indices);
        let logits: tf.Tensor2D | null = null;
        const loss = optimizer.minimize(
          () => {
            const out = forwardWithLoss(model, tensors, batch);
            logits = tf.keep(out.logits);
            return out.loss;
          },
          true,
          model.variables,
        )!;
        const packed = tf.tidy(() => tf.concat([logits!.slice([0, 0], [-1, 1]).reshape([-1]), loss.reshape([1])]));
        const values = await packed.data();
        tf.dispose([packed, loss, logits!]);
        ms += performance.now() - start;
        seen += indices.length;
        let correct = 0;
        for (let b = 0; b < indices.length; b++) if ((values[b] > 0 ? 1 : 0) === batch.unsafe[b]) correct++;
        options.onStep?.({ step, epoch, loss: values[indices.length], accuracy: correct / indices.length });
        step++;
        if (options.yieldEvery && step % 2 === 0) await options.yieldEvery();
      }
      if (stopped) break;
      metrics = await evaluateGuard(model, encoded, tensors);
      if (metrics) options.onEval?.(metrics, epoch, step);
    }
    if (stopped && step > 0) metrics = await evaluateGuard(model, encoded, tensors);
  } finally {
    tensors.dispose();
    optimizer.dispose();
  }
  return { metrics, steps: step, stopped, examplesPerSecond: ms > 0 ? (seen * 1000) / ms : 0 };
}
