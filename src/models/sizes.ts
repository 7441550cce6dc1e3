import type { ExperimentConfig } from '../config/params';

/** Every shape the reward, cost, guard and policy networks are built from. Part of each saved model's metadata. */
export interface ModelSizes {
  vocabSize: number;
  embedSize: number;
  hiddenSize: number;
  imageSize: number;
  cnnChannels: number;
  maxQuestionTokens: number;
  maxResponseTokens: number;
}

export function sizesFromConfig(config: ExperimentConfig, vocabSize: number): ModelSizes {
  return {
    vocabSize,
    embedSize: config.embedSize,
    hiddenSize: config.hiddenSize,
    imageSize: config.imageSize,
    cnnChannels: config.cnnChannels,
    maxQuestionTokens: config.maxQuestionTokens,
    maxResponseTokens: config.maxResponseTokens,
  };
}

export const SIZE_KEYS = [
  'vocabSize',
  'embedSize',
  'hiddenSize',
  'imageSize',
  'cnnChannels',
  'maxQuestionTokens',
  'maxResponseTokens',
] as const satisfies readonly (keyof ModelSizes)[];

/** Names the first differing field, or null when the sizes are equal. */
export function sizesMismatch(a: ModelSizes, b: ModelSizes): string | null {
  for (const key of SIZE_KEYS) if (a[key] !== b[key]) return `${key} is ${a[key]}, expected ${b[key]}`;
  return null;
}
