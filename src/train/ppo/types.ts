/**
 * Contract between the PPO-Lagrangian engine (worker / headless runner) and its consumers (Train dashboard, run
 * history, exports). Types and constants only: safe to import on the main thread.
 */
import type { LambdaTerm } from '../../rl/lambdaRules/rule';

/** The phases of one iteration, in order (docs/algorithm.md §4.7). Step-by-phase advances through these. */
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
  /** Workers the run's members are spread over (a seed group's member workers plus the trainer); 1 for one seed. */
  workers?: number;
  /** In a seed group: the member whose phase step-by-phase runs next (members run their phases in turn). */
  nextSeed?: number;
}

/** One sampled response as the teaching mode shows it. */
export interface PhaseSample {
  question: string;
  response: string;
  /** Generated tokens including EOS. */
  length: number;
  /** End scores, set from the score phase on. */
  reward?: number;
  cost?: number;
}

/**
 * What a phase produced, small enough to cross the worker boundary (plain numbers and strings, no tensors): shown
 * by the teaching mode after each step-by-phase or slow-mode phase. `seed`: in a seed group, the member whose phase
 * it was (the group runs each member's phases in turn).
 */
export type PhaseOutput = { seed?: number } & (
  | { phase: 'rollout'; iteration: number; batch: number; samples: PhaseSample[] }
  | {
      phase: 'score';
      iteration: number;
      batch: number;
      samples: PhaseSample[];
      rewardMean: number;
      costMean: number;
      /** J_C after this rollout's costs entered the window. */
      episodeCost: number;
    }
  | {
      phase: 'advantages';
      iteration: number;
      /** The response the streams belong to (the first of the batch). */
      sample: PhaseSample;
      /** Per real token (EOS included): the token text, the shaped streams and their GAE advantages. */
      tokens: string[];
      shapedReward: number[];
      rewardAdvantage: number[];
      /** null for the one-critic algorithms (ppo, reward-shaping). */
      shapedCost: number[] | null;
      costAdvantage: number[] | null;
      klCoeff: number;
      /** The end score placed on the reward stream's last token: R, or R − λ·C for reward shaping. */
      rewardScore: number;
    }
  | {
      phase: 'lambda';
      iteration: number;
      /**
       * The multiplier rule that ran (config.lambdaRule where the config has one): 'upstream' = log λ ← log λ +
       * lr·λ·(J_C − threshold) capped at λ_max; 'additive' = λ ← clip(λ + lr·(J_C − threshold), 0, λ_max); 'pid'.
       */
      rule: string;
      /** Every number the rule used and produced (its gains, PID's I, P, D…), when it ran (src/rl/lambdaRules). */
      terms?: LambdaTerm[];
      before: number;
      after: number;
      /** Whether the rule ran this iteration (false: fixed λ, plain PPO, or the update delay). */
      updated: boolean;
      /** The numbers the rule read: J_C (window mean including this rollout), the threshold, lr and λ_max. */
      episodeCost: number;
      threshold: number;
      lambdaLr: number;
      lambdaMax: number;
      /** Why λ did not move, when the rule did not run. */
      note?: string;
    }
  | {
      phase: 'update';
      iteration: number;
      actorLoss: number;
      rewardCriticLoss: number;
      /** NaN for the one-critic algorithms. */
      costCriticLoss: number;
      clipFraction: number;
      approxKl: number;
      lambda: number;
    }
);

/** Text helpers the engine and the evaluator need from the vocabulary (src/data/tokenizer.ts). */
export interface TextCodec {
  decode(ids: ArrayLike<number>): string;
  tokens(ids: ArrayLike<number>): string[];
}
