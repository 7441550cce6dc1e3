import * as tf from '@tensorflow/tfjs';
import type { EncodedDataset } from '../../data/encode';

/**
 * The parts of the encoded dataset (src/data/encode.ts) that PPO and SFT read. A structural subset, so a test can
 * pass a small hand-made table.
 */
export type PromptData = Pick<
  EncodedDataset,
  | 'count'
  | 'imageSize'
  | 'maxQuestionTokens'
  | 'maxResponseTokens'
  | 'recordIds'
  | 'images'
  | 'questions'
  | 'responses'
  | 'responseLengths'
  | 'moreHelpful'
  | 'safer'
  | 'category'
  | 'split'
  | 'trainable'
>;

export const SPLIT_TRAIN = 0;
export const SPLIT_EVALUATION = 1;

/** Record indices of one split, ascending. */
export function indicesOfSplit(data: PromptData, split: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < data.count; i++) if (data.split[i] === split) out.push(i);
  return out;
}

/** Image and question tensors for the given record indices: [B, S, S, 3] and [B, Q] int32. */
export function promptTensors(data: PromptData, indices: readonly number[]): { images: tf.Tensor4D; questions: tf.Tensor2D } {
  const s = data.imageSize;
  const q = data.maxQuestionTokens;
  const pixels = s * s * 3;
  const images = new Float32Array(indices.length * pixels);
  const questions = new Int32Array(indices.length * q);
  indices.forEach((record, row) => {
    images.set(data.images.subarray(record * pixels, (record + 1) * pixels), row * pixels);
    questions.set(data.questions.subarray(record * q, (record + 1) * q), row * q);
  });
  return {
    images: tf.tensor4d(images, [indices.length, s, s, 3]),
    questions: tf.tensor2d(questions, [indices.length, q], 'int32'),
  };
}
