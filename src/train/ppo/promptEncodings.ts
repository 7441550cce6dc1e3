import * as tf from '@tensorflow/tfjs';
import type { PromptEncoder } from '../../models/promptEncoder';
import { promptTensors, type PromptData } from './prompts';

/**
 * Prompt encodings [B, H] of the FROZEN models (the reference policy, the reward and cost models), kept per record
 * across iterations: each prompt is encoded once per model, when it is first drawn, and later draws read the kept
 * row. Exact: the frozen weights never change while an engine holds them (the worker builds a new engine for new
 * models), and a prompt's encoding does not depend on the other prompts in its batch (every row of the CNN, the
 * masked mean and the dense layer is computed alone; checked bit for bit on wasm and cpu), so a kept row is the value
 * a fresh encode of the whole batch gives. Rows live in JS (no tensors held), keyed by the encoder object, so a
 * replaced model never reads another's rows. Trained models (actor, critics) are never cached.
 */
export class FrozenPromptEncodings {
  private readonly rows = new Map<PromptEncoder, Map<number, Float32Array>>();

  constructor(private readonly data: PromptData) {}

  /** Encodings [B, H] of the given records, one tensor per encoder (the caller disposes them). */
  async encode(encoders: readonly PromptEncoder[], indices: readonly number[]): Promise<tf.Tensor2D[]> {
    const out: tf.Tensor2D[] = [];
    try {
      for (const encoder of encoders) out.push(await this.encodeOne(encoder, indices));
    } catch (error) {
      tf.dispose(out);
      throw error;
    }
    return out;
  }

  private async encodeOne(encoder: PromptEncoder, indices: readonly number[]): Promise<tf.Tensor2D> {
    let kept = this.rows.get(encoder);
    if (!kept) {
      kept = new Map();
      this.rows.set(encoder, kept);
    }
    const hidden = encoder.sizes.hiddenSize;
    const missing = [...new Set(indices.filter((record) => !kept.has(record)))];
    if (missing.length > 0) {
      const encoded = tf.tidy(() => {
        const { images, questions } = promptTensors(this.data, missing);
        return encoder.encode(images, questions);
      });
      const values = (await encoded.data()) as Float32Array;
      encoded.dispose();
      missing.forEach((record, row) => kept.set(record, values.slice(row * hidden, (row + 1) * hidden)));
    }
    const batch = new Float32Array(indices.length * hidden);
    indices.forEach((record, row) => batch.set(kept.get(record)!, row * hidden));
    return tf.tensor2d(batch, [indices.length, hidden]);
  }

  /** Forgets every kept row. */
  clear(): void {
    this.rows.clear();
  }
}
