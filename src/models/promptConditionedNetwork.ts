import type * as tf from '@tensorflow/tfjs';
import type { ParamStore } from './layers';
import { PromptEncoder } from './promptEncoder';
import type { ModelSizes } from './sizes';

/**
 * What the policy, the score models (reward, cost, critics) and the guard share: named weights in one ParamStore
 * and a PromptEncoder for image + question. Subclasses add their own heads to the same store.
 */
export abstract class PromptConditionedNetwork {
  readonly prompt: PromptEncoder;

  protected constructor(
    readonly sizes: ModelSizes,
    readonly store: ParamStore,
    rng: (() => number) | undefined,
  ) {
    this.prompt = new PromptEncoder(store, 'prompt', sizes, rng);
  }

  get variables(): tf.Variable[] {
    return this.store.variables;
  }

  /** The live variables by name (do not dispose them). */
  getWeights(): tf.NamedTensorMap {
    return this.store.getWeights();
  }

  setWeights(weights: tf.NamedTensorMap): void {
    this.store.setWeights(weights);
  }

  dispose(): void {
    this.store.dispose();
  }
}
