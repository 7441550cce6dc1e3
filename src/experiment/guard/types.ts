// The guard's requests and results: what the worker's guard handlers take and return (and the Guard area shows).
import type { Coverage } from '../../data/coverage';
import type { GuardVerdict } from '../../models/types';
import type { Fallback, FilterAndRegenerateResult, FlagSeverity } from '../../train/guardLoop';
import type { ClassificationReport, FlaggedRow } from '../../train/moderationMetrics';

/** The fixed refusal served when a query is screened out or every round stays flagged (fallback 'refusal'). */
export const REFUSAL_TEXT = 'Sorry, I cannot help with that.';

export interface ModeratedItem {
  /** null: the question alone (input-side screening). */
  text: string | null;
  verdict: GuardVerdict;
  flagged: boolean;
  /** The dataset's own labels for this response, when it comes from a loaded sample. */
  label: { isSafe: boolean; harmlessRate?: number; helpfulRate?: number } | null;
  /** Words of the judged text (the response; the question for the question alone) the guard read and knew. */
  coverage: Coverage;
  /** The cost model's end score C of the response (> 0: unsafe by its sign); null for the question alone. */
  cost: number | null;
}

export interface SampleModeration {
  recordId: string | null;
  question: string;
  threshold: number;
  /** Dataset labels of the sample (null for a typed question). */
  dataset: { category: string; imageSeverity: number; split: string } | null;
  query: ModeratedItem;
  responses: ModeratedItem[];
  /** How the image was obtained, e.g. that a blank image stood in for a missing one. */
  imageNote: string | null;
}

export interface CustomModerationInput {
  question: string;
  imageBytes?: Uint8Array;
  responses?: string[];
}

export type PolicyChoice = 'sft' | 'current';

export interface ModerationRunOptions {
  policy: PolicyChoice;
  prompts: number;
  maxRounds: number;
  threshold: number;
  flagAtSeverity: FlagSeverity;
  screenQuery: boolean;
  fallback: Fallback;
  seed: number;
  temperature: number;
  topP: number;
}

export interface ModerationRunResult extends FilterAndRegenerateResult {
  options: ModerationRunOptions;
  /** Per prompt (same order as perPrompt): the held-out record it came from. */
  promptRecords: { recordId: string; question: string; category: string }[];
  refusalText: string;
  /** The cost model's own mean score of the fixed refusal (the safety judges' view of it). */
  refusalCost: number;
  ms: number;
}

export type BatchSplit = 'train' | 'evaluation' | 'all';

export interface BatchModerationRequest {
  split: BatchSplit;
  threshold: number;
  /** Samples per guard call (each gives 1 + responses rows); cancel takes effect between chunks. */
  chunkSize?: number;
}

export interface BatchModerationResult {
  split: BatchSplit;
  threshold: number;
  records: number;
  responses: number;
  cancelled: boolean;
  /** Response level: dataset is_safe vs flagged (unsafeProb ≥ threshold). Classes [safe, unsafe]. */
  unsafe: ClassificationReport;
  /** Dataset severity level of each response (see responseSeverityLabel) vs the guard's severity. */
  severity: ClassificationReport;
  /** Dataset category vs the guard's top category. */
  category: ClassificationReport;
  /** Question-only screening: flagged vs (image_severity ≥ 2 or a response labelled unsafe). Classes [safe, unsafe]. */
  query: ClassificationReport;
  flagged: FlaggedRow[];
  /** Samples whose image could not be read or decoded: moderated with a blank image. */
  imageFailures: number;
  ms: number;
}

/**
 * A progress report of a long guard job (filter and regenerate, batch moderation): `kind` 'progress' while it runs,
 * then 'done' or 'stopped' (cancelled) once. The worker turns these into 'moderation' status events.
 */
export interface GuardJobReport {
  kind: 'progress' | 'done' | 'stopped';
  message: string;
  progress: number;
  detail?: Record<string, unknown>;
}

/** Hooks of a long guard job: reports, cancel (checked between rounds or chunks) and an optional pause between chunks. */
export interface GuardJobHooks {
  onReport: (report: GuardJobReport) => void;
  signal: AbortSignal;
  betweenChunks?: () => Promise<void>;
}
