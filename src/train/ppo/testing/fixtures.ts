// Small random fixtures for PPO/SFT unit tests: a hand-made prompt table and random models (Node tests only).
import seedrandom from 'seedrandom';
import { defaultConfig, type ExperimentConfig } from '../../../config/params';
import { GuardModel } from '../../../models/guardModel';
import { Policy } from '../../../models/policy';
import { ScoreModel } from '../../../models/scoreModel';
import type { ModelSizes } from '../../../models/sizes';
import type { PpoEngineInit, TextCodec } from '../engine';
import type { PromptData } from '../prompts';

export const TINY_SIZES: ModelSizes = {
  vocabSize: 16, embedSize: 6, hiddenSize: 8, imageSize: 8, cnnChannels: 2, maxQuestionTokens: 4, maxResponseTokens: 6,
};

/** `count` records, alternating train/evaluation, random pixels, questions and EOS-terminated responses. */
export function tinyPromptData(count = 24, sizes: ModelSizes = TINY_SIZES, seed = 'fixture'): PromptData {
  const random = seedrandom.alea(seed);
  const s = sizes.imageSize;
  const q = sizes.maxQuestionTokens;
  const t = sizes.maxResponseTokens;
  const word = () => 4 + Math.floor(random() * (sizes.vocabSize - 4));
  const responses = new Int32Array(count * 2 * t);
  const responseLengths = new Int32Array(count * 2);
  for (let r = 0; r < count * 2; r++) {
    const length = 2 + Math.floor(random() * (t - 1));
    for (let i = 0; i < length - 1; i++) responses[r * t + i] = word();
    responses[r * t + length - 1] = 2;
    responseLengths[r] = length;
  }
  return {
    count,
    imageSize: s,
    maxQuestionTokens: q,
    maxResponseTokens: t,
    recordIds: Array.from({ length: count }, (_, i) => `rec-${i}`),
    images: Float32Array.from({ length: count * s * s * 3 }, () => random()),
    questions: Int32Array.from({ length: count * q }, (_, i) => (i % q === q - 1 ? 0 : word())),
    responses,
    responseLengths,
    moreHelpful: Uint8Array.from({ length: count }, () => (random() < 0.5 ? 0 : 1)),
    safer: Uint8Array.from({ length: count }, () => (random() < 0.5 ? 0 : 1)),
    category: Int32Array.from({ length: count }, (_, i) => i % 20),
    split: Uint8Array.from({ length: count }, (_, i) => i % 2),
    trainable: new Uint8Array(count).fill(1),
  };
}

export const tinyCodec: TextCodec = {
  decode: (ids) => {
    const words: string[] = [];
    for (let i = 0; i < ids.length && ids[i] !== 2; i++) if (ids[i] > 2) words.push(`w${ids[i]}`);
    return words.join(' ');
  },
  tokens: (ids) => Array.from(ids, (id) => (id === 2 ? '<eos>' : `w${id}`)),
};

export function tinyConfig(overrides: Partial<ExperimentConfig> = {}): ExperimentConfig {
  return {
    ...defaultConfig(),
    hiddenSize: 8, embedSize: 6, imageSize: 8, cnnChannels: 2, maxQuestionTokens: 4, maxResponseTokens: 6,
    promptBatch: 4, evalPrompts: 4, evalEvery: 50, iterations: 200,
    ...overrides,
  };
}

/** Random frozen models and an SFT policy at TINY_SIZES; dispose with `disposeModels`. */
export function tinyModels(seed = 1): Pick<PpoEngineInit, 'sftPolicy' | 'rewardModel' | 'costModel' | 'guard'> {
  return {
    sftPolicy: Policy.create(TINY_SIZES, seed),
    rewardModel: ScoreModel.create(TINY_SIZES, `r${seed}`),
    costModel: ScoreModel.create(TINY_SIZES, `c${seed}`),
    guard: GuardModel.create(TINY_SIZES, seed),
  };
}

export function disposeModels(models: Pick<PpoEngineInit, 'sftPolicy' | 'rewardModel' | 'costModel' | 'guard'>): void {
  models.sftPolicy.dispose();
  models.rewardModel.dispose();
  models.costModel.dispose();
  models.guard?.dispose();
}

export function tinyInit(config: ExperimentConfig, models = tinyModels(), data = tinyPromptData()): PpoEngineInit {
  return { config, ...models, codec: tinyCodec, isRefusal: (text) => text.startsWith('w5'), data };
}
