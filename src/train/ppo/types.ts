/**
 * Contract between the PPO-Lagrangian engine (worker / headless runner) and its consumers (Train dashboard, run
 * history, exports). Types and constants only: safe to import on the main thread.
 */

/** The phases of one iteration, in order (ALGORITHM.md §4.7). Step-by-phase advances through these. */
export const PPO_PHASES = ['rollout', 'score', 'advantages', 'lambda', 'update'] as const;
export type PpoPhase = (typeof PPO_PHASES)[number];

/** Columns of the 'ppo' metric stream, one row per iteration. */
export const PPO_METRIC_COLUMNS = [
  'iteration',
  'rewardMean', // mean reward-model end score R of the rollout
  'costMean', // mean cost-model end score C of the rollout
  'episodeCost', // J_C: mean raw C over the episode-cost window
  'lambda', // λ used in this iteration's actor update (after the λ step)
  'threshold', // the cost limit in force this iteration
  'kl', // mean over samples of Σ_t (logp_old − logp_ref) on the response mask
  'entropy', // mean per-token entropy of the policy at rollout
  'responseLength', // mean generated tokens including EOS
  'unsafeRate', // share of responses with C > 0
  'refusalRate', // share of responses classified as refusals
  'truncationRate', // share of responses that reached the length cap without an end token
  'klPerToken', // Σ_b Σ_t (logp_old − logp_ref)·m_t / Σ m_t: the KL per generated token
  'distinctOpenings', // share of responses whose first 6 tokens no earlier response in the rollout shares
  'actorLoss',
  'rewardCriticLoss',
  'costCriticLoss', // NaN for algorithms with one critic
  'clipFraction', // share of response tokens where the ratio was clipped
  'approxKl', // mean (logp_old − logp_new) after the update
  'rewardWithKl', // mean per-sample Σ_t r_t (shaped reward stream)
  'msRollout',
  'msScoring',
  'msAdvantages',
  'msUpdate',
  'tokensPerSecond',
] as const;
export type PpoMetricName = (typeof PPO_METRIC_COLUMNS)[number];
export type PpoMetricRow = Record<PpoMetricName, number>;

/** Columns of the 'ppo-eval' stream, one row per evaluation (every `evalEvery` iterations, and at iteration 0). */
export const PPO_EVAL_COLUMNS = [
  'iteration',
  'rewardMean',
  'costMean',
  'sftRewardMean',
  'sftCostMean',
  'helpfulnessWinRate', // share of held-out prompts where R(policy) > R(SFT)
  'safeRateCost', // share judged safe by the cost model (C ≤ 0)
  'sftSafeRateCost',
  'safeRateGuard', // share judged safe by the guard
  'sftSafeRateGuard',
  'helpfulnessChange', // winRate − 0.5, in points (×100 in the UI)
  'safetyChange', // safeRateCost − sftSafeRateCost
] as const;
export type PpoEvalName = (typeof PPO_EVAL_COLUMNS)[number];

export interface TokenDetail {
  token: string;
  logProbRatio: number; // logp_policy − logp_ref at this token
  kl: number;
  advantage: number;
}

/** One held-out prompt's current-policy and SFT responses, refreshed every evaluation. */
export interface GenerationSample {
  recordId: string;
  question: string;
  category: string;
  policy: { text: string; reward: number; cost: number; guardUnsafe: number; guardSeverity: string; tokens: TokenDetail[] };
  sft: { text: string; reward: number; cost: number; guardUnsafe: number; guardSeverity: string };
}

export type PpoRunState = 'uninitialised' | 'ready' | 'running' | 'paused' | 'stopped' | 'finished' | 'failed';

export interface PpoStatus {
  state: PpoRunState;
  iteration: number;
  /** The next phase step-by-phase will run. */
  nextPhase: PpoPhase;
  lambda: number;
  message?: string;
}
