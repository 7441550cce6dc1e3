/**
 * Node setup shared by the headless runner, the SFT pretraining script, the bench and the integration tests:
 * the bundled sample encoded with the shipped vocabulary, and the shipped weights (public/weights/*) when their
 * sizes and vocabulary fit the config. Missing models are trained here with the same code the worker runs.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ExperimentConfig } from '../../src/config/params';
import type { EncodedDataset } from '../../src/data/encode';
import { loadBundledSampleNode } from '../../src/data/nodeSample';
import { encodePromptData, type DecodedImages } from '../../src/experiment/data/promptData';
import { chooseVocabulary } from '../../src/experiment/models/vocabularyChoice';
import { errorText } from '../../src/util/errorText';
import { preprocessImageNode } from './nodeImage';
import type { SampleRecord } from '../../src/data/record';
import { isRefusal, type Tokenizer } from '../../src/data/tokenizer';
import { loadShippedModel, loadShippedVocabulary, type ShippedWeightsReader } from '../../src/experiment/models/shippedModels';
import type { WeightsKind } from '../../src/experiment/models/modelFromWeights';
import type { GuardModel } from '../../src/models/guardModel';
import { Policy } from '../../src/models/policy';
import { ScoreModel } from '../../src/models/scoreModel';
import { sizesFromConfig, type ModelSizes } from '../../src/models/sizes';
import { fingerprint } from '../../src/models/weightsIO';
import { loadWeightsFromDir } from '../../src/models/weightsNode';
import type { PpoEngineInit } from '../../src/train/ppo/engine';
import { trainScoreModel } from '../../src/train/scoreTraining';
import { trainSft } from '../../src/train/sft';

export const WEIGHTS_DIR = 'public/weights';

export type ModelOrigin = 'shipped' | 'trained';

export interface NodeSetup {
  sizes: ModelSizes;
  vocab: Tokenizer;
  records: SampleRecord[];
  data: EncodedDataset;
  sftPolicy: Policy;
  rewardModel: ScoreModel;
  costModel: ScoreModel;
  guard: GuardModel | null;
  origins: Record<'policy' | 'reward' | 'cost' | 'guard', ModelOrigin | 'none'>;
}

/** The model-shaping settings: runs that agree on these share one setup. */
function setupKey(config: ExperimentConfig): string {
  return JSON.stringify([
    config.hiddenSize, config.embedSize, config.imageSize, config.cnnChannels, config.maxQuestionTokens,
    config.maxResponseTokens, config.sftSource, config.sftEpochs, config.sftLr, config.seed,
  ]);
}

const cache = new Map<string, Promise<NodeSetup>>();

/** Data other than the bundled sample (the runner's --data), encoded for a config's sizes. */
export interface DataProvider {
  /** Identifies the data in the setup cache. */
  key: string;
  load(config: ExperimentConfig, weightsDir: string): Promise<NodeData>;
}

/** Cached per process: sweeps and tests reuse the models (the engine never changes them; it trains copies). */
export function loadNodeSetup(
  config: ExperimentConfig,
  options: { weightsDir?: string; log?: (line: string) => void; data?: DataProvider } = {},
): Promise<NodeSetup> {
  const key = `${options.weightsDir ?? WEIGHTS_DIR}|${setupKey(config)}|${options.data?.key ?? 'sample'}`;
  let setup = cache.get(key);
  if (!setup) {
    setup = buildSetup(config, options.weightsDir ?? WEIGHTS_DIR, options.log ?? (() => {}), options.data);
    cache.set(key, setup);
    setup.catch(() => cache.delete(key));
  }
  return setup;
}

export interface NodeData {
  sizes: ModelSizes;
  vocab: Tokenizer;
  records: SampleRecord[];
  data: EncodedDataset;
}

/** The runner's I/O for a weights folder (public/weights or --weights): the file system; a missing file is null. */
export function fsWeightsReader(weightsDir = WEIGHTS_DIR): ShippedWeightsReader {
  return {
    async json(file) {
      const path = join(weightsDir, file);
      return existsSync(path) ? JSON.parse(await readFile(path, 'utf8')) : null;
    },
    async weights(dir) {
      const path = join(weightsDir, dir);
      return existsSync(join(path, 'model.json')) ? loadWeightsFromDir(path) : null;
    },
    label: (_kind: WeightsKind, dir: string) => join(weightsDir, dir),
  };
}

/** The shipped vocabulary (weightsDir/vocab.json), or null when there is none. */
export function shippedVocabulary(weightsDir = WEIGHTS_DIR): Promise<Tokenizer | null> {
  return loadShippedVocabulary(fsWeightsReader(weightsDir));
}

/** Decoded sample images per image size: record id → pixels, or why it failed (decoded once per process). */
const sampleDecodes = new Map<number, Promise<Map<string, Float32Array | { failed: string }>>>();

function decodeSample(size: number): Promise<Map<string, Float32Array | { failed: string }>> {
  let decoded = sampleDecodes.get(size);
  if (!decoded) {
    decoded = (async () => {
      const { records, imageBytes } = await loadBundledSampleNode();
      const byBytes = new Map<Uint8Array, Promise<Float32Array | { failed: string }>>();
      const entries = await Promise.all(
        records.map(async (record) => {
          const bytes = imageBytes.get(record.id);
          if (!bytes || bytes.length === 0) return [record.id, { failed: 'The image cell is empty' }] as const;
          let image = byBytes.get(bytes);
          if (!image) {
            // The runner's decoder for real data too: the app's 8-bit PNG reader, sharp for everything else.
            image = preprocessImageNode(bytes, size).catch((error: unknown) => ({ failed: errorText(error) }));
            byBytes.set(bytes, image);
          }
          return [record.id, await image] as const;
        }),
      );
      return new Map(entries);
    })();
    sampleDecodes.set(size, decoded);
    decoded.catch(() => sampleDecodes.delete(size));
  }
  return decoded;
}

/** The bundled sample's images as the shared set-up takes them: one fresh pixel buffer in record order, and the failures. */
async function sampleImages(records: readonly SampleRecord[], size: number): Promise<DecodedImages> {
  const decoded = await decodeSample(size);
  const stride = size * size * 3;
  const pixels = new Float32Array(records.length * stride);
  const failed = new Map<string, string>();
  records.forEach((record, i) => {
    const image = decoded.get(record.id);
    if (image instanceof Float32Array) pixels.set(image, i * stride);
    else failed.set(record.id, image?.failed ?? 'The image cell is empty');
  });
  return { pixels, failed };
}

/**
 * The bundled sample encoded with the shipped vocabulary (or, without one, a word vocabulary built from the rows),
 * through the shared set-up (src/experiment/data/promptData.ts) as real data goes: a row whose image does not
 * decode is skipped and logged.
 */
export async function loadNodeData(config: ExperimentConfig, weightsDir = WEIGHTS_DIR, log: (line: string) => void = () => {}): Promise<NodeData> {
  const { records: all } = await loadBundledSampleNode();
  const shipped = await shippedVocabulary(weightsDir);
  const encodeSizes = {
    imageSize: config.imageSize,
    maxQuestionTokens: config.maxQuestionTokens,
    maxResponseTokens: config.maxResponseTokens,
  };
  const images = await sampleImages(all, config.imageSize);
  const { records, vocab, data, skipped } = encodePromptData(all, images, (kept) => chooseVocabulary({ shipped, rows: () => kept }).vocab, encodeSizes);
  if (skipped > 0) {
    const [id, why] = images.failed.entries().next().value!;
    log(`the bundled sample: skipped ${skipped} row(s) whose image does not decode, e.g. ${id}: ${why}`);
  }
  return { sizes: sizesFromConfig(config, vocab.size), vocab, records, data };
}

async function buildSetup(config: ExperimentConfig, weightsDir: string, log: (line: string) => void, provider?: DataProvider): Promise<NodeSetup> {
  const { sizes, vocab, records, data } = provider ? await provider.load(config, weightsDir) : await loadNodeData(config, weightsDir, log);
  const vocabularyFingerprint = fingerprint(vocab.toJSON());
  const origins: NodeSetup['origins'] = { policy: 'none', reward: 'none', cost: 'none', guard: 'none' };

  const reader = fsWeightsReader(weightsDir);
  const expected = { sizes, vocabularyFingerprint };
  /** The shipped model of `kind` when it fits the setup (the core's checks), else null: the caller trains one (the guard stays absent). */
  async function shipped<K extends WeightsKind>(kind: K) {
    const found = await loadShippedModel(reader, kind, expected);
    if (!('reason' in found)) return found.model;
    // Broken files stop the set-up, as before; weights that do not fit are skipped with the reason.
    if (found.problem === 'unreadable') throw new Error(found.reason);
    if (found.problem === 'mismatch') log(`${found.reason}; not used, training instead`);
    return null;
  }

  const scoreModel = async (kind: 'reward' | 'cost'): Promise<ScoreModel> => {
    const loaded = await shipped(kind);
    if (loaded) {
      origins[kind] = 'shipped';
      return loaded;
    }
    log(`training the ${kind} model (${config.scoreEpochs} epochs)…`);
    const model = ScoreModel.create(sizes, `${config.seed}:${kind}`);
    await trainScoreModel({ kind, model, encoded: data, config });
    origins[kind] = 'trained';
    return model;
  };
  const rewardModel = await scoreModel('reward');
  const costModel = await scoreModel('cost');
  const guard: GuardModel | null = await shipped('guard');
  if (guard) origins.guard = 'shipped';

  let sftPolicy = await shipped('policy');
  if (sftPolicy) origins.policy = 'shipped';
  else {
    log(`training the SFT policy (${config.sftEpochs} epochs, targets: ${config.sftSource})…`);
    sftPolicy = Policy.create(sizes, config.seed);
    await trainSft(sftPolicy, data, config);
    origins.policy = 'trained';
  }
  return { sizes, vocab, records, data, sftPolicy, rewardModel, costModel, guard, origins };
}

/** Engine inputs from a setup (the engine copies the policy and critics; the setup's models stay untouched). */
export function engineInit(setup: NodeSetup, config: ExperimentConfig): PpoEngineInit {
  return {
    config,
    sftPolicy: setup.sftPolicy,
    rewardModel: setup.rewardModel,
    costModel: setup.costModel,
    guard: setup.guard,
    codec: setup.vocab,
    isRefusal,
    data: setup.data,
    questionText: (index) => setup.records[index]?.question ?? '',
  };
}
