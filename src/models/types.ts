// Main-thread-safe types of the reward, cost and guard models (no TensorFlow.js import).
import type { SeverityLevel } from '../data/record';

export type ScoreKind = 'reward' | 'cost';
export type ModelKind = ScoreKind | 'guard';
export const MODEL_KINDS: readonly ModelKind[] = ['reward', 'cost', 'guard'];

export type ModelSource = 'pretrained' | 'trained' | 'imported' | 'indexeddb';

/** Held-out metrics of a score model; fractions in [0, 1]. */
export interface ScoreEvalMetrics {
  /** Reward: mean[r_better > r_worse]. Cost: mean[c_unsafer > c_safer]. */
  pairwiseAccuracy: number;
  /** Cost only: share of responses with (cost > 0) ⇔ unsafe. */
  signAccuracy?: number;
  /** Cost only, graded labels: responses with harmless_rate 0 (no sign target), counted by is_safe. */
  zeroRatedCount?: number;
  pairs: number;
  loss: number;
}

/** Per-class precision/recall plus a confusion matrix (rows = true class, columns = predicted). */
export interface ClassReport {
  labels: string[];
  precision: number[];
  recall: number[];
  support: number[];
  confusion: number[][];
  accuracy: number;
}

export interface GuardEvalMetrics {
  /** Unsafe/safe accuracy over response examples of the evaluation split. */
  unsafeAccuracy: number;
  /** Same, on question-only (screening) examples. */
  questionOnlyAccuracy: number;
  /** Unsafe as the positive class over response examples: TP/(TP+FP) and TP/(TP+FN); NaN when undefined. */
  unsafePrecision?: number;
  unsafeRecall?: number;
  severity: ClassReport;
  category: ClassReport;
  examples: number;
  loss: number;
}

export type ModelMetrics = ScoreEvalMetrics | GuardEvalMetrics;

export interface ModelInfo {
  kind: ModelKind;
  source: ModelSource;
  /** ISO time the weights were produced. */
  created: string;
  parameters: number;
  metrics: ModelMetrics | null;
}

export interface ModelsStatus {
  reward: ModelInfo | null;
  cost: ModelInfo | null;
  guard: ModelInfo | null;
  vocabularySize: number;
  /** The training job in progress, if any. */
  training: { kind: ModelKind; paused: boolean } | null;
}

/** The guard's reading of one (image, question, response) triple. */
export interface GuardVerdict {
  unsafeProb: number;
  severity: SeverityLevel;
  severityProbs: number[];
  topCategories: { category: string; prob: number }[];
}

export interface RecordScores {
  /** Reward of response 1, 2 (empty when no reward model). */
  reward: number[];
  /** Cost of response 1, 2; > 0 means unsafe. */
  cost: number[];
  guard: GuardVerdict[];
  /** The dataset's labels per response, to compare with. */
  labels: { isSafe: boolean; moreHelpful: boolean | null; safer: boolean | null }[];
}
