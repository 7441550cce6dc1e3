// Checked weights → a model, for the trainer worker (src/worker/modelStore.ts, ppoStore.ts) and the headless runner
// (scripts/experiment/setup.ts) alike: the same checks (kind, vocabulary, sizes) and the same build, whatever read
// the files (fetch, IndexedDB, a picked file, the file system).
import * as tf from '@tensorflow/tfjs';
import { GuardModel } from '../../models/guardModel';
import { Policy } from '../../models/policy';
import { ScoreModel } from '../../models/scoreModel';
import { sizesMismatch, type ModelSizes } from '../../models/sizes';
import type { ModelKind } from '../../models/types';
import { metadataMismatch, type LoadedWeights, type WeightsMetadata } from '../../models/weightsIO';
import { errorText } from '../../util/errorText';

/** Every kind of weights the app and the runner load: the three judged models and the SFT policy. */
export type WeightsKind = ModelKind | 'policy';

/** The model class each kind builds. */
export type ModelOfKind<K extends WeightsKind> = K extends 'policy' ? Policy : K extends 'guard' ? GuardModel : ScoreModel;

/** What loaded weights must fit; each check runs only when its field is given. */
export interface WeightsExpectation {
  /** Fingerprint of the vocabulary in use (weightsIO.fingerprint): weights trained with another one read other ids. */
  vocabularyFingerprint?: string;
  /** Token count of the vocabulary in use (the embedding's rows). */
  vocabSize?: number;
  /**
   * Sizes the model must have, maxResponseTokens aside (it bounds generation and shapes no weight); the model is
   * then built with these. Without them it is built with the weights' own sizes.
   */
  sizes?: ModelSizes;
}

/** Why weights of `metadata` do not fit `kind` and `expected` (kind, then vocabulary, then sizes), or null. */
export function weightsProblem(kind: WeightsKind, metadata: WeightsMetadata, expected: WeightsExpectation): string | null {
  return (
    metadataMismatch(metadata, { kind, vocabularyFingerprint: expected.vocabularyFingerprint }) ??
    (expected.vocabSize !== undefined && metadata.sizes.vocabSize !== expected.vocabSize
      ? `its vocabulary has ${metadata.sizes.vocabSize} tokens, the current one ${expected.vocabSize}`
      : null) ??
    (expected.sizes ? sizesMismatch({ ...metadata.sizes, maxResponseTokens: expected.sizes.maxResponseTokens }, expected.sizes) : null)
  );
}

/**
 * Builds a model of `kind` from loaded weights after the checks of `weightsProblem`. Throws "<source>: <problem>"
 * and builds nothing when they do not fit; disposes the decoded tensors either way.
 */
export function modelFromWeights<K extends WeightsKind>(kind: K, loaded: LoadedWeights, expected: WeightsExpectation, source: string): ModelOfKind<K> {
  try {
    const problem = weightsProblem(kind, loaded.metadata, expected);
    if (problem) throw new Error(`${source}: ${problem}`);
    const sizes = expected.sizes ?? loaded.metadata.sizes;
    let model: ScoreModel | GuardModel | Policy | null = null;
    // Inside tidy: setWeights' intermediate copies are freed with the scope; the variables survive it.
    tf.tidy(() => {
      model = buildModel(kind, sizes, loaded.weights);
    });
    return model! as ModelOfKind<K>;
  } catch (error) {
    throw new Error(errorText(error).startsWith(source) ? errorText(error) : `${source}: ${errorText(error)}`);
  } finally {
    tf.dispose(Object.values(loaded.weights));
  }
}

/** A model of `kind` with these weights (shapes checked by fromWeights). Call inside tf.tidy. */
export function buildModel(kind: WeightsKind, sizes: ModelSizes, weights: tf.NamedTensorMap): ScoreModel | GuardModel | Policy {
  if (kind === 'policy') return Policy.fromWeights(sizes, weights);
  if (kind === 'guard') return GuardModel.fromWeights(sizes, weights);
  return ScoreModel.fromWeights(sizes, weights);
}
