/**
 * What a member worker needs to run some of a seed group's members exactly as the group's own thread would: the
 * frozen models' and the SFT policy's weights (values copied bit for bit), the tokenizer, the encoded prompts and
 * their question texts. Plain data, copied to a worker by structured clone (never transferred: a backend's read of
 * a tensor may be its own storage).
 */
import * as tf from '@tensorflow/tfjs';
import type { ExperimentConfig } from '../../config/params';
import type { Tokenizer } from '../../data/tokenizer';
import { tokenizerFromJSON } from '../../data/tokenizerJson';
import { GuardModel } from '../../models/guardModel';
import { Policy } from '../../models/policy';
import type { PromptConditionedNetwork } from '../../models/promptConditionedNetwork';
import { ScoreModel } from '../../models/scoreModel';
import type { ModelSizes } from '../../models/sizes';
import type { PpoEngineInit } from './engine';
import type { PromptData } from './prompts';

export interface WeightsPayload {
  sizes: ModelSizes;
  tensors: { name: string; shape: number[]; dtype: 'float32' | 'int32'; values: Float32Array | Int32Array }[];
}

export interface MemberPayload {
  /** The group's settings (each member runs them with its own seed). */
  config: ExperimentConfig;
  /** The seeds this worker runs. */
  seeds: number[];
  sftPolicy: WeightsPayload;
  rewardModel: WeightsPayload;
  costModel: WeightsPayload;
  guard: WeightsPayload | null;
  tokenizer: unknown;
  data: PromptData;
  /** Question text per encoded record (generation samples and the teaching mode's phase output). */
  questions: string[];
}

async function weightsPayload(model: PromptConditionedNetwork): Promise<WeightsPayload> {
  const named = model.getWeights();
  const tensors = await Promise.all(
    Object.entries(named).map(async ([name, tensor]) => ({
      name,
      shape: tensor.shape.slice(),
      dtype: tensor.dtype === 'int32' ? ('int32' as const) : ('float32' as const),
      values: (await tensor.data()) as Float32Array | Int32Array,
    })),
  );
  return { sizes: { ...model.sizes }, tensors };
}

/** The payload of a member worker running `seeds` of the group `init` describes. */
export async function memberPayload(init: PpoEngineInit & { codec: Tokenizer }, seeds: number[]): Promise<MemberPayload> {
  const questions = init.data.recordIds.map((_, index) => init.questionText?.(index) ?? '');
  return {
    config: { ...init.config },
    seeds,
    sftPolicy: await weightsPayload(init.sftPolicy),
    rewardModel: await weightsPayload(init.rewardModel),
    costModel: await weightsPayload(init.costModel),
    guard: init.guard ? await weightsPayload(init.guard) : null,
    tokenizer: init.codec.toJSON(),
    data: init.data,
    questions,
  };
}

function fromPayload<T>(payload: WeightsPayload, build: (sizes: ModelSizes, weights: tf.NamedTensorMap) => T): T {
  const weights: tf.NamedTensorMap = {};
  for (const tensor of payload.tensors) weights[tensor.name] = tf.tensor(tensor.values, tensor.shape, tensor.dtype);
  try {
    return build(payload.sizes, weights);
  } finally {
    tf.dispose(weights);
  }
}

/** The models, tokenizer and data of a payload: an engine init without its config (the caller disposes the models). */
export function initFromPayload(payload: MemberPayload, isRefusal: (text: string) => boolean): Omit<PpoEngineInit, 'config'> {
  const sftPolicy = fromPayload(payload.sftPolicy, (sizes, weights) => Policy.fromWeights(sizes, weights));
  const rewardModel = fromPayload(payload.rewardModel, (sizes, weights) => ScoreModel.fromWeights(sizes, weights));
  const costModel = fromPayload(payload.costModel, (sizes, weights) => ScoreModel.fromWeights(sizes, weights));
  const guard = payload.guard ? fromPayload(payload.guard, (sizes, weights) => GuardModel.fromWeights(sizes, weights)) : null;
  return {
    sftPolicy,
    rewardModel,
    costModel,
    guard,
    codec: tokenizerFromJSON(payload.tokenizer),
    isRefusal,
    data: payload.data,
    questionText: (index) => payload.questions[index] ?? '',
  };
}
