// The trainer worker's reward, cost and guard models (one singleton). Other areas read models from here; the
// models area trains, loads and saves them. All models share one vocabulary and one set of sizes, so the data is
// encoded once for everything (PPO's policy and critics included).
import { defaultConfig } from '../config/params';
import type { Tokenizer } from '../data/tokenizer';
import { modelFromWeights, type WeightsExpectation } from '../experiment/models/modelFromWeights';
import { buildPackModels } from '../experiment/models/packModels';
import { loadShippedModel, loadShippedVocabulary } from '../experiment/models/shippedModels';
import type { GuardModel } from '../models/guardModel';
import type { Policy } from '../models/policy';
import type { ScoreModel } from '../models/scoreModel';
import { sizesFromConfig, sizesMismatch, type ModelSizes } from '../models/sizes';
import type { ModelInfo, ModelKind, ModelMetrics, ModelSource, ScoreKind } from '../models/types';
import { fingerprint, type LoadedWeights } from '../models/weightsIO';
import { dataFingerprint, packDataMismatch, type LoadedPack, type PackManifest } from '../models/modelPack';
import type { SampleRecord } from '../data/record';
import { errorText } from '../util/errorText';
import { emitStatus } from './context';
import { dataStore } from './dataStore';
import { ppoState } from './ppoStore';
import { fetchWeightsReader } from './shippedWeightsReader';

type AnyModel = ScoreModel | GuardModel;

interface Slot {
  model: AnyModel;
  info: ModelInfo;
}

const slots: Record<ModelKind, Slot | null> = { reward: null, cost: null, guard: null };
const listeners = new Set<() => void>();
let vocabulary: Tokenizer | null = null;
/** 'data': built from the loaded data because nothing was shipped yet; replaced by the shipped one while no model uses it. 'pack': a model pack's. */
let vocabularySource: 'shipped' | 'data' | 'pack' | null = null;
/** The model pack whose models are installed (null: the shipped weights or models trained here). */
let activePack: PackManifest | null = null;
let sizes: ModelSizes | null = null;
let pretrained: Promise<void> | null = null;
/**
 * Replaced models are not disposed at once: a PPO run or a moderation request may still hold one. The few most
 * recent stay alive (each is a few hundred kB); older ones are disposed.
 */
const retired: AnyModel[] = [];
const RETIRED_KEPT = 6;

function notify(): void {
  for (const listener of listeners) listener();
}

/** Called after any model, the vocabulary or the sizes change. Returns an unsubscribe function. */
export function onModelsChanged(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The shared vocabulary: the shipped one (vocab.json), or one built from the loaded data when none was shipped. */
export function getVocabulary(): Tokenizer {
  if (!vocabulary) {
    vocabulary = dataStore.vocabulary();
    vocabularySource = 'data';
  }
  return vocabulary;
}

export function vocabularyFingerprint(): string {
  return fingerprint(getVocabulary().toJSON());
}

/** The shared model sizes (those of the current models; the default config's before any exist). */
export function getSizes(): ModelSizes {
  if (!sizes) sizes = sizesFromConfig(defaultConfig(), getVocabulary().size);
  return sizes;
}

export function getScoreModel(kind: ScoreKind): ScoreModel | null {
  return (slots[kind]?.model as ScoreModel | undefined) ?? null;
}

export function getGuardModel(): GuardModel | null {
  return (slots.guard?.model as GuardModel | undefined) ?? null;
}

export function modelInfo(kind: ModelKind): ModelInfo | null {
  return slots[kind]?.info ?? null;
}

function retire(model: AnyModel): void {
  retired.push(model);
  while (retired.length > RETIRED_KEPT) retired.shift()?.dispose();
}

/**
 * Installs a model. Models must share the store's sizes: installing one with other sizes makes those the store's
 * sizes and removes the models that no longer fit (with a warning naming them).
 */
export function setModel(kind: ModelKind, model: AnyModel, source: ModelSource, metrics: ModelMetrics | null, created?: string): void {
  const current = getSizes();
  if (sizesMismatch(model.sizes, current)) {
    for (const other of ['reward', 'cost', 'guard'] as const) {
      const slot = slots[other];
      if (other !== kind && slot && sizesMismatch(slot.model.sizes, model.sizes)) {
        retire(slot.model);
        slots[other] = null;
        emitStatus({ job: other, kind: 'warning', message: `The ${other} model was removed: it was built with other model sizes; train or load it again.` });
      }
    }
    sizes = model.sizes;
  }
  const previous = slots[kind];
  if (previous && previous.model !== model) retire(previous.model);
  let parameters = 0;
  for (const v of model.variables) parameters += v.size;
  slots[kind] = { model, info: { kind, source, created: created ?? new Date().toISOString(), parameters, metrics } };
  notify();
}

/** Updates the stored metrics of the current model (after a re-evaluation). */
export function setMetrics(kind: ModelKind, metrics: ModelMetrics | null): void {
  const slot = slots[kind];
  if (slot) {
    slot.info = { ...slot.info, metrics };
    notify();
  }
}

/** What a model loaded now must fit: the vocabulary in use (its fingerprint once one is set) and its size. */
function currentExpectation(): WeightsExpectation {
  return { vocabularyFingerprint: vocabulary ? vocabularyFingerprint() : undefined, vocabSize: getVocabulary().size };
}

/**
 * Builds a model of `kind` from loaded weights after checking kind, vocabulary and shapes (the experiment core's
 * modelFromWeights). Throws a clear error and changes nothing when they do not fit; disposes the decoded tensors
 * either way.
 */
export function modelFromLoaded(kind: ModelKind, loaded: LoadedWeights, source: string): AnyModel {
  return modelFromWeights(kind, loaded, currentExpectation(), source);
}

/**
 * Installs a checked model pack (modelPack.readPack): its tokenizer becomes the shared one, its sizes the store's,
 * and its reward, cost and guard models replace the current ones. Returns the policy for the PPO store. Builds
 * every model before changing anything (the core's buildPackModels), so a failure leaves the current models.
 */
export function installPack(pack: LoadedPack, source: string): { policy: Policy } {
  const { sizes, reward, cost, guard, policy } = buildPackModels(pack, source);
  vocabulary = pack.tokenizer;
  vocabularySource = 'pack';
  activePack = pack.manifest;
  replaceSizes(sizes);
  const metrics = (kind: 'reward' | 'cost' | 'guard') => (pack.models[kind].metadata.metrics ?? null) as ModelMetrics | null;
  setModel('reward', reward, 'imported', metrics('reward'), pack.models.reward.metadata.created);
  setModel('cost', cost, 'imported', metrics('cost'), pack.models.cost.metadata.created);
  setModel('guard', guard, 'imported', metrics('guard'), pack.models.guard.metadata.created);
  return { policy };
}

/** New sizes for a pack: the current models (other sizes, other tokenizer) are retired. */
function replaceSizes(next: ModelSizes): void {
  for (const kind of ['reward', 'cost', 'guard'] as const) {
    const slot = slots[kind];
    if (slot) {
      retire(slot.model);
      slots[kind] = null;
    }
  }
  sizes = next;
}

/** Back from a pack to the shipped tokenizer: its models and SFT policy read other token ids, so they go. */
function leavePack(): void {
  replaceSizes(sizesFromConfig(defaultConfig(), 1));
  sizes = null;
  vocabulary = null;
  vocabularySource = null;
  activePack = null;
  pretrained = null;
  if (ppoState.sftOrigin === 'imported' && ppoState.sftPolicy) {
    ppoState.sftPolicy.dispose();
    ppoState.sftPolicy = null;
    ppoState.sftOrigin = null;
  }
  notify();
}

/** The installed pack's manifest, or null. */
export function getActivePack(): PackManifest | null {
  return activePack;
}

/** Why the installed pack does not fit these records (before PPO trains on them), or null. */
export function activePackMismatch(records: readonly SampleRecord[]): string | null {
  return activePack ? packDataMismatch(activePack, dataFingerprint(records)) : null;
}

async function useShippedVocabulary(): Promise<void> {
  const inUse = slots.reward || slots.cost || slots.guard;
  if (vocabulary && (vocabularySource === 'shipped' || inUse)) return;
  const shipped = await loadShippedVocabulary(fetchWeightsReader());
  if (!shipped) throw new Error('vocab.json: none shipped');
  vocabulary = shipped;
  vocabularySource = 'shipped';
  sizes = null;
}

async function loadShipped(kind: ModelKind): Promise<{ model: AnyModel; metrics: ModelMetrics | null; created: string }> {
  const shipped = await loadShippedModel(fetchWeightsReader(), kind, currentExpectation());
  if (!shipped.model) throw new Error(shipped.reason);
  return { model: shipped.model, metrics: (shipped.metadata.metrics ?? null) as ModelMetrics | null, created: shipped.metadata.created };
}

/**
 * Loads the shipped weights (public/weights/*) into every empty slot, and the shipped vocabulary if none is set.
 * Idempotent; a failure is reported as a warning and leaves the slot empty (train the model instead).
 */
export function ensurePretrained(): Promise<void> {
  if (!pretrained) {
    pretrained = (async () => {
      try {
        await useShippedVocabulary();
      } catch (error) {
        emitStatus({ job: 'reward', kind: 'warning', message: `No shipped vocabulary (${errorText(error)}); using the loaded data's.` });
        return;
      }
      for (const kind of ['reward', 'cost', 'guard'] as const) {
        if (slots[kind]) continue;
        try {
          const shipped = await loadShipped(kind);
          if (!slots[kind]) setModel(kind, shipped.model, 'pretrained', shipped.metrics, shipped.created);
          else shipped.model.dispose();
        } catch (error) {
          emitStatus({ job: kind, kind: 'warning', message: `Could not load the shipped ${kind} model: ${errorText(error)}` });
        }
      }
    })();
    pretrained.catch(() => (pretrained = null));
  }
  return pretrained;
}

/**
 * The "Load pretrained" button: replaces every model with the shipped one. Each is loaded before its slot changes,
 * so a model whose file fails keeps the current one. Returns the failures.
 */
export async function reloadPretrained(): Promise<string[]> {
  if (vocabularySource === 'pack') leavePack();
  await ensurePretrained();
  const failures: string[] = [];
  for (const kind of ['reward', 'cost', 'guard'] as const) {
    if (slots[kind]?.info.source === 'pretrained') continue;
    try {
      const shipped = await loadShipped(kind);
      setModel(kind, shipped.model, 'pretrained', shipped.metrics, shipped.created);
    } catch (error) {
      failures.push(errorText(error));
    }
  }
  return failures;
}
