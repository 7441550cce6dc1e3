/**
 * What the reward, cost and guard trainers read from the encoded dataset (src/data/encode.ts `EncodedDataset`
 * satisfies this structurally), plus helpers shared by those trainers: the train/eval index lists, a seeded
 * shuffle, the whole dataset uploaded once as tensors, and a pause/resume/stop signal.
 */
import * as tf from '@tensorflow/tfjs';
import type { EncodedDataset } from '../data/encode';
import type { Rng } from '../models/layers';
import type { ModelSizes } from '../models/sizes';

export type EncodedPairs = Pick<
  EncodedDataset,
  | 'count'
  | 'images'
  | 'questions'
  | 'responses'
  | 'responseLengths'
  | 'moreHelpful'
  | 'safer'
  | 'isSafe'
  | 'harmlessRate'
  | 'severity'
  | 'category'
  | 'split'
  | 'trainable'
  | 'recordIds'
>;

/** Trainable pairs of one split (0 train, 1 evaluation). */
export function pairIndices(data: EncodedPairs, split: 0 | 1): number[] {
  const out: number[] = [];
  for (let i = 0; i < data.count; i++) if (data.split[i] === split && data.trainable[i] === 1) out.push(i);
  return out;
}

/** Fisher–Yates with a seeded stream (never Math.random, never tf.util.shuffle). */
export function seededShuffle<T>(items: readonly T[], rng: Rng): T[] {
  const out = items.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** The dataset on the backend, uploaded once per training job; batches are tf.gather'ed from it. */
export class DatasetTensors {
  readonly images: tf.Tensor4D;
  readonly questions: tf.Tensor2D;
  /** [count·2, T]: row 2i + k = record i response k. */
  readonly responses: tf.Tensor2D;
  readonly lengths: tf.Tensor1D;

  constructor(data: EncodedPairs, sizes: ModelSizes) {
    const s = sizes.imageSize;
    const expectImages = data.count * s * s * 3;
    if (data.images.length !== expectImages)
      throw new Error(`Encoded images have ${data.images.length} values; expected ${expectImages} for ${s}×${s}×3`);
    if (data.questions.length !== data.count * sizes.maxQuestionTokens)
      throw new Error(`Encoded questions do not match maxQuestionTokens = ${sizes.maxQuestionTokens}`);
    if (data.responses.length !== data.count * 2 * sizes.maxResponseTokens)
      throw new Error(`Encoded responses do not match maxResponseTokens = ${sizes.maxResponseTokens}`);
    this.images = tf.tensor4d(data.images, [data.count, s, s, 3]);
    this.questions = tf.tensor2d(data.questions, [data.count, sizes.maxQuestionTokens], 'int32');
    this.responses = tf.tensor2d(data.responses, [data.count * 2, sizes.maxResponseTokens], 'int32');
    this.lengths = tf.tensor1d(data.responseLengths, 'int32');
  }

  dispose(): void {
    tf.dispose([this.images, this.questions, this.responses, this.lengths]);
  }
}

/**
 * Pause / resume / stop for a training loop, checked between steps. `checkpoint()` resolves false once stopped;
 * while paused it waits (letting the worker handle other messages).
 */
export class TrainingSignal {
  paused = false;
  stopped = false;
  /** Aborted by stop(): cancels work that runs before the first step (decoding the images). */
  private readonly controller = new AbortController();
  readonly abortSignal = this.controller.signal;

  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
  }

  stop(): void {
    this.stopped = true;
    this.paused = false;
    this.controller.abort();
  }

  async checkpoint(onPaused?: () => void): Promise<boolean> {
    if (this.paused && !this.stopped) {
      onPaused?.();
      while (this.paused && !this.stopped) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return !this.stopped;
  }
}
