import * as tf from '@tensorflow/tfjs';

/** Reads a tensor for assertions (tests only). */
export async function values(t: tf.Tensor): Promise<number[]> {
  const data = Array.from(await t.data());
  return data;
}

export async function scalar(t: tf.Tensor): Promise<number> {
  const [value] = await t.data();
  return value;
}

export const t2 = (rows: number[][]) => tf.tensor2d(rows);
export const t1 = (row: number[]) => tf.tensor1d(row);
