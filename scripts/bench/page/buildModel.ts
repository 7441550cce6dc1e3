import * as tf from '@tensorflow/tfjs';
import { loadWeights } from '../../../src/models/weightsIO';

/** A model from the shipped weights at `url` (the bench pages' set-up): built inside a tidy, the decoded weights freed. */
export async function buildModel<T>(url: string, make: (w: tf.NamedTensorMap) => T): Promise<T> {
  const loaded = await loadWeights(url);
  let model: T | null = null;
  tf.tidy(() => {
    model = make(loaded.weights);
  });
  tf.dispose(Object.values(loaded.weights));
  return model!;
}
