/**
 * Trains the four models of a model pack (reward, cost, guard, SFT policy) on encoded data with one tokenizer,
 * one after another, with progress (share of all steps done, and an ETA from the steps' pace so far) and
 * cancel; then evaluates them on the held-out split and returns the pack's files. The same code runs in Node
 * (`npm run pretrain -- --data … --out DIR`) and in the app's worker ("Build a model pack"), so both write the
 * same pack for the same data, config and backend, and `evaluatePack` gives both the same held-out figures.
 */
import type { ExperimentConfig } from '../config/params';
import type { EncodedDataset } from '../data/encode';
import type { Tokenizer } from '../data/tokenizer';
import { GuardModel } from '../models/guardModel';
import {
  PACK_FORMAT, PACK_VERSION, packFiles, type DataFingerprint, type PackManifest, type PackModel,
} from '../models/modelPack';
import { Policy } from '../models/policy';
import { ScoreModel } from '../models/scoreModel';
import { sizesFromConfig, type ModelSizes } from '../models/sizes';
import type { GuardEvalMetrics, ScoreEvalMetrics } from '../models/types';
import { fingerprint, makeMetadata } from '../models/weightsIO';
import { evaluateGuard, guardExamples, trainGuard } from './guardTraining';
import { pairIndices, type TrainingSignal } from './scoreData';
import { evaluateScoreModel, trainScoreModel } from './scoreTraining';
import { SFT_BATCH, sftExamples, trainSft } from './sft';

export interface PretrainProgress {
  model: PackModel;
  /** Steps done over all four models / all steps planned, in [0, 1]. */
  fraction: number;
  /** Seconds left at the pace so far (null until a step has run). */
  etaSeconds: number | null;
  line: string;
}

export interface PretrainOptions {
  config: ExperimentConfig;
  tokenizer: Tokenizer;
  encoded: EncodedDataset;
  data: { fingerprint: DataFingerprint; files: string[]; trainedOn: 'train' | 'evaluation' };
  signal?: TrainingSignal;
  onProgress?: (progress: PretrainProgress) => void;
  /** Awaited every few steps (the worker yields to its message queue there). */
  yieldEvery?: () => Promise<void>;
}

export interface PretrainResult {
  manifest: PackManifest;
  files: Record<string, Uint8Array>;
  stopped: boolean;
}

/** Steps each model will take: score models and the guard step over pairs/examples, SFT over targets. */
function plannedSteps(config: ExperimentConfig, encoded: EncodedDataset): Record<PackModel, number> {
  const pairs = pairIndices(encoded, 0).length;
  const score = Math.ceil(pairs / config.scoreBatch) * config.scoreEpochs;
  const guard = Math.ceil(guardExamples(encoded, 0).record.length / (config.scoreBatch * 2)) * config.scoreEpochs;
  const sft = Math.ceil(sftExamples(encoded, config.sftSource).length / SFT_BATCH) * config.sftEpochs;
  return { reward: score, cost: score, guard, policy: sft };
}

export type HeldOut = PackManifest['heldOut'];

export function heldOutFigures(
  reward: ScoreEvalMetrics | null,
  cost: ScoreEvalMetrics | null,
  guard: GuardEvalMetrics | null,
): HeldOut {
  const finite = (x: number | undefined) => (x !== undefined && Number.isFinite(x) ? x : null);
  return {
    reward: reward ? { pairwiseAccuracy: reward.pairwiseAccuracy, pairs: reward.pairs } : null,
    cost: cost ? { pairwiseAccuracy: cost.pairwiseAccuracy, signAccuracy: finite(cost.signAccuracy), pairs: cost.pairs } : null,
    guard: guard
      ? { accuracy: guard.unsafeAccuracy, precision: finite(guard.unsafePrecision) ?? 0, recall: finite(guard.unsafeRecall) ?? 0, examples: guard.examples }
      : null,
  };
}

/** Held-out figures of a pack's reward, cost and guard models on encoded data (the browser and Node share this). */
export async function evaluatePack(
  models: { reward: ScoreModel; cost: ScoreModel; guard: GuardModel },
  encoded: EncodedDataset,
  config: ExperimentConfig,
): Promise<HeldOut> {
  const reward = await evaluateScoreModel('reward', models.reward, encoded, config);
  const cost = await evaluateScoreModel('cost', models.cost, encoded, config);
  const guard = await evaluateGuard(models.guard, encoded);
  return heldOutFigures(reward, cost, guard);
}

export async function pretrainPack(options: PretrainOptions): Promise<PretrainResult> {
  const { config, tokenizer, encoded, signal } = options;
  const sizes: ModelSizes = sizesFromConfig(config, tokenizer.size);
  const vocabulary = tokenizer.toJSON();
  const { dataUrls: _urls, ...settings } = config;
  const planned = plannedSteps(config, encoded);
  const total = Object.values(planned).reduce((a, b) => a + b, 0) || 1;
  let done = 0;
  let stepMs = 0;
  const seconds: Record<string, number> = {};
  let last = performance.now();
  const report = (model: PackModel, line: string) => {
    const now = performance.now();
    stepMs += now - last;
    last = now;
    done++;
    const eta = done > 0 ? ((stepMs / done) * Math.max(0, total - done)) / 1000 : null;
    options.onProgress?.({ model, fraction: Math.min(1, done / total), etaSeconds: eta, line });
  };
  const common = { signal, yieldEvery: options.yieldEvery };
  const reward = ScoreModel.create(sizes, `${config.seed}:reward`);
  const cost = ScoreModel.create(sizes, `${config.seed}:cost`);
  const guard = GuardModel.create(sizes, config.seed);
  const policy = Policy.create(sizes, config.seed);
  try {
    let started = performance.now();
    const rewardResult = await trainScoreModel({ kind: 'reward', model: reward, encoded, config, ...common, onStep: (row) => report('reward', `reward: epoch ${row.epoch + 1}, loss ${row.loss.toFixed(3)}`) });
    seconds.reward = (performance.now() - started) / 1000;
    let stopped = rewardResult.stopped;
    let costResult = null;
    let guardResult = null;
    let sftResult = null;
    if (!stopped) {
      started = performance.now();
      costResult = await trainScoreModel({ kind: 'cost', model: cost, encoded, config, ...common, onStep: (row) => report('cost', `cost: epoch ${row.epoch + 1}, loss ${row.loss.toFixed(3)}`) });
      seconds.cost = (performance.now() - started) / 1000;
      stopped = costResult.stopped;
    }
    if (!stopped) {
      started = performance.now();
      guardResult = await trainGuard({ model: guard, encoded, config, ...common, onStep: (row) => report('guard', `guard: epoch ${row.epoch + 1}, loss ${row.loss.toFixed(3)}`) });
      seconds.guard = (performance.now() - started) / 1000;
      stopped = guardResult.stopped;
    }
    if (!stopped) {
      started = performance.now();
      sftResult = await trainSft(policy, encoded, config, {
        shouldStop: () => signal?.stopped ?? false,
        betweenSteps: options.yieldEvery,
        onStep: (row) => report('policy', `SFT policy: epoch ${Math.ceil(row.epoch)}, loss ${row.loss.toFixed(3)}`),
      });
      seconds.policy = (performance.now() - started) / 1000;
      stopped = sftResult.stopped;
    }
    const heldOut = heldOutFigures(rewardResult.metrics, costResult?.metrics ?? null, guardResult?.metrics ?? null);
    const sft = sftResult && Number.isFinite(sftResult.loss) ? { loss: sftResult.loss, tokenAccuracy: sftResult.tokenAccuracy, steps: sftResult.steps } : null;
    const manifest: PackManifest = {
      format: PACK_FORMAT,
      version: PACK_VERSION,
      created: new Date().toISOString(),
      tokenizer: { kind: tokenizer.kind, size: tokenizer.size, fingerprint: fingerprint(vocabulary) },
      sizes: { ...sizes },
      settings,
      data: options.data,
      heldOut,
      sft,
      seconds,
    };
    if (stopped) return { manifest, files: {}, stopped: true };
    const meta = (kind: string, metrics: unknown) => makeMetadata({ kind, sizes, vocabulary, config: settings, metrics });
    const files = await packFiles({
      manifest,
      tokenizer,
      models: {
        reward: { weights: reward.getWeights(), metadata: meta('reward', rewardResult.metrics) },
        cost: { weights: cost.getWeights(), metadata: meta('cost', costResult?.metrics ?? null) },
        guard: { weights: guard.getWeights(), metadata: meta('guard', guardResult?.metrics ?? null) },
        policy: { weights: policy.getWeights(), metadata: meta('policy', sftResult ? { loss: sftResult.loss, tokenAccuracy: sftResult.tokenAccuracy, steps: sftResult.steps } : null) },
      },
    });
    return { manifest, files, stopped: false };
  } finally {
    reward.dispose();
    cost.dispose();
    guard.dispose();
    policy.dispose();
  }
}
