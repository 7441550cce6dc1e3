// The shipped weights folder (public/weights: vocab.json, reward/, cost/, guard/, policy-sft/), read the same way by
// the trainer worker (over fetch, src/worker/modelStore.ts) and the headless runner (from the file system,
// scripts/experiment/setup.ts): each hands in a reader for its I/O; the names, checks and builds are here.
import type { Tokenizer } from '../../data/tokenizer';
import { tokenizerFromJSON } from '../../data/tokenizerJson';
import type { LoadedWeights, WeightsMetadata } from '../../models/weightsIO';
import { errorText } from '../../util/errorText';
import { modelFromWeights, type ModelOfKind, type WeightsExpectation, type WeightsKind } from './modelFromWeights';

/** Each kind's folder under the weights folder. */
export const SHIPPED_WEIGHTS_DIRS: { readonly [K in WeightsKind]: string } = {
  reward: 'reward',
  cost: 'cost',
  guard: 'guard',
  policy: 'policy-sft',
};

/** The shipped vocabulary's file under the weights folder. */
export const SHIPPED_VOCABULARY_FILE = 'vocab.json';

/** How a runtime reads the weights folder. */
export interface ShippedWeightsReader {
  /** The parsed JSON of `file` (relative to the folder), or null when there is none; throws when it cannot be read. */
  json(file: string): Promise<unknown>;
  /** The weights in `dir`/model.json (relative to the folder), or null when there are none; throws when they cannot be read. */
  weights(dir: string, kind: WeightsKind): Promise<LoadedWeights | null>;
  /** How messages name `dir`, e.g. "shipped reward model" or "public/weights/reward". */
  label(kind: WeightsKind, dir: string): string;
}

/** The shipped vocabulary, or null when the folder has none. */
export async function loadShippedVocabulary(reader: ShippedWeightsReader): Promise<Tokenizer | null> {
  const json = await reader.json(SHIPPED_VOCABULARY_FILE);
  return json === null ? null : tokenizerFromJSON(json);
}

export type ShippedModel<K extends WeightsKind> =
  | { model: ModelOfKind<K>; metadata: WeightsMetadata }
  /**
   * Why there is no model: `missing` (none shipped), `unreadable` (the reader failed: a network error, a broken
   * file) or `mismatch` (it does not fit `expected`: "<label>: <problem>").
   */
  | { model: null; reason: string; problem: 'missing' | 'unreadable' | 'mismatch' };

/** The shipped model of `kind` checked against `expected` (modelFromWeights), or why there is none. Never throws. */
export async function loadShippedModel<K extends WeightsKind>(
  reader: ShippedWeightsReader,
  kind: K,
  expected: WeightsExpectation,
): Promise<ShippedModel<K>> {
  const dir = SHIPPED_WEIGHTS_DIRS[kind];
  const label = reader.label(kind, dir);
  let loaded: LoadedWeights | null;
  try {
    loaded = await reader.weights(dir, kind);
  } catch (error) {
    return { model: null, reason: errorText(error), problem: 'unreadable' };
  }
  if (!loaded) return { model: null, reason: `${label}: no model.json`, problem: 'missing' };
  const metadata = loaded.metadata;
  try {
    return { model: modelFromWeights(kind, loaded, expected, label), metadata };
  } catch (error) {
    return { model: null, reason: errorText(error), problem: 'mismatch' };
  }
}
