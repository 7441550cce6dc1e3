// A checked model pack (src/models/modelPack.ts readPack) → its four models, for whoever installs it (the worker's
// modelStore today; the runner reads the same packs with the same reader).
import * as tf from '@tensorflow/tfjs';
import type { GuardModel } from '../../models/guardModel';
import type { LoadedPack } from '../../models/modelPack';
import type { Policy } from '../../models/policy';
import type { ScoreModel } from '../../models/scoreModel';
import type { ModelSizes } from '../../models/sizes';
import { errorText } from '../../util/errorText';
import { buildModel } from './modelFromWeights';

export interface PackModels {
  /** The pack's sizes (its reward model's; readPack checked that all four agree). */
  sizes: ModelSizes;
  reward: ScoreModel;
  cost: ScoreModel;
  guard: GuardModel;
  policy: Policy;
}

/**
 * Builds all four models or none: a failure disposes those already built and throws "<source>: <why>". The decoded
 * tensors are disposed either way.
 */
export function buildPackModels(pack: LoadedPack, source: string): PackModels {
  const built: (ScoreModel | GuardModel | Policy)[] = [];
  try {
    const sizes = pack.models.reward.metadata.sizes;
    let models!: PackModels;
    // Inside tidy: setWeights' intermediate copies are freed with the scope; the variables survive it.
    tf.tidy(() => {
      const build = <M extends ScoreModel | GuardModel | Policy>(model: M): M => {
        built.push(model);
        return model;
      };
      models = {
        sizes,
        reward: build(buildModel('reward', sizes, pack.models.reward.weights) as ScoreModel),
        cost: build(buildModel('cost', sizes, pack.models.cost.weights) as ScoreModel),
        guard: build(buildModel('guard', sizes, pack.models.guard.weights) as GuardModel),
        policy: build(buildModel('policy', sizes, pack.models.policy.weights) as Policy),
      };
    });
    return models;
  } catch (error) {
    built.forEach((model) => model.dispose());
    throw new Error(`${source}: ${errorText(error)}`);
  } finally {
    for (const loaded of Object.values(pack.models)) tf.dispose(Object.values(loaded.weights));
  }
}
