/**
 * Node setup shared by the headless runner, the SFT pretraining script, the bench and the integration tests:
 * the bundled sample encoded with the shipped vocabulary, and the shipped weights (public/weights/*) when their
 * sizes and vocabulary fit the config. Missing models are trained here with the same code the worker runs.
 */
import * as tf from '@tensorflow/tfjs';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ExperimentConfig } from '../../src/config/params';
import { encodeRecords, type EncodedDataset } from '../../src/data/encode';
import { loadBundledSampleNode, sampleImagesNode } from '../../src/data/nodeSample';
import type { SampleRecord } from '../../src/data/record';
import { isRefusal, Vocabulary, type Tokenizer } from '../../src/data/tokenizer';
import { tokenizerFromJSON } from '../../src/data/tokenizerJson';
import { vocabularyTexts } from '../../src/data/encode';
import { GuardModel } from '../../src/models/guardModel';
import { Policy } from '../../src/models/policy';
import { ScoreModel } from '../../src/models/scoreModel';
import { sizesFromConfig, sizesMismatch, type ModelSizes } from '../../src/models/sizes';
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

/** The shipped vocabulary (weightsDir/vocab.json), or null when there is none. */
export async function shippedVocabulary(weightsDir = WEIGHTS_DIR): Promise<Tokenizer | null> {
  const vocabPath = join(weightsDir, 'vocab.json');
  return existsSync(vocabPath) ? tokenizerFromJSON(JSON.parse(await readFile(vocabPath, 'utf8'))) : null;
}

/** The bundled sample encoded with the shipped vocabulary (or, without one, the same vocabulary rebuilt). */
export async function loadNodeData(config: ExperimentConfig, weightsDir = WEIGHTS_DIR): Promise<NodeData> {
  const { records } = await loadBundledSampleNode();
  const vocab = (await shippedVocabulary(weightsDir)) ?? Vocabulary.build(vocabularyTexts(records));
  const encodeSizes = {
    imageSize: config.imageSize,
    maxQuestionTokens: config.maxQuestionTokens,
    maxResponseTokens: config.maxResponseTokens,
  };
  const data = encodeRecords(records, await sampleImagesNode(config.imageSize), vocab, encodeSizes);
  return { sizes: sizesFromConfig(config, vocab.size), vocab, records, data };
}

async function buildSetup(config: ExperimentConfig, weightsDir: string, log: (line: string) => void, provider?: DataProvider): Promise<NodeSetup> {
  const { sizes, vocab, records, data } = provider ? await provider.load(config, weightsDir) : await loadNodeData(config, weightsDir);
  const vocabularyFingerprint = fingerprint(vocab.toJSON());
  const origins: NodeSetup['origins'] = { policy: 'none', reward: 'none', cost: 'none', guard: 'none' };

  async function shipped<T>(name: string, kind: string, build: (w: tf.NamedTensorMap) => T): Promise<T | null> {
    const dir = join(weightsDir, name);
    if (!existsSync(join(dir, 'model.json'))) return null;
    const loaded = await loadWeightsFromDir(dir);
    try {
      const problem =
        (loaded.metadata.kind !== kind ? `kind ${loaded.metadata.kind}` : null) ??
        // maxResponseTokens only bounds generation; it does not shape any weight.
        sizesMismatch({ ...loaded.metadata.sizes, maxResponseTokens: sizes.maxResponseTokens }, sizes) ??
        (loaded.metadata.vocabularyFingerprint !== vocabularyFingerprint ? 'another vocabulary' : null);
      if (problem) {
        log(`${dir}: not used (${problem}); training instead`);
        return null;
      }
      // Inside tidy: setWeights' intermediate copies are freed with the scope; the variables survive it.
      let model: T | null = null;
      tf.tidy(() => {
        model = build(loaded.weights);
      });
      return model;
    } finally {
      Object.values(loaded.weights).forEach((t) => t.dispose());
    }
  }

  const scoreModel = async (kind: 'reward' | 'cost'): Promise<ScoreModel> => {
    const loaded = await shipped(kind, kind, (w) => ScoreModel.fromWeights(sizes, w));
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
  const guard = await shipped('guard', 'guard', (w) => GuardModel.fromWeights(sizes, w));
  if (guard) origins.guard = 'shipped';

  let sftPolicy = await shipped('policy-sft', 'policy', (w) => Policy.fromWeights(sizes, w));
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
