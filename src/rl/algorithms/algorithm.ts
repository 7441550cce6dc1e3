import type * as tf from '@tensorflow/tfjs';
import type { Algorithm, ExperimentConfig } from '../../config/params';

/**
 * What differs between the PPO algorithms (ppoLag.ts, ppo.ts, rewardShaping.ts); registry.ts lists them. The engine
 * (src/train/ppo), the phase panel, the explanations and the align-anything export ask a module these questions
 * instead of branching on config.algorithm, so an algorithm's choices and the words about them live in one file.
 * Everything else (rollout, scoring, GAE, the clipped losses) is the same code for every algorithm.
 */

/** The settings an algorithm module reads. */
export type AlgorithmConfig = Pick<ExperimentConfig, 'lambdaInit' | 'lambdaUpdateDelay'>;

export interface AlgorithmModule {
  id: Algorithm;
  /** Short name for labels, e.g. "PPO-Lagrangian". */
  name: string;
  /**
   * true: a cost critic and a cost stream (KL-shaped costs, GAE) beside the reward ones, and the actor's advantage
   * mixes them, A = (A_r − λ·A_c)/(1 + λ). false: one critic; the advantage is the reward stream's alone.
   */
  usesCostCritic: boolean;
  /** true: the λ rule (config.lambdaRule) steps λ each iteration from `lambdaUpdateDelay` on; false: λ never moves. */
  learnsLambda: boolean;
  /** λ in force, given the learned log λ (read only when `learnsLambda`). */
  lambda(config: AlgorithmConfig, logLambda: number): number;
  /** λ before any step (the readouts' value before the first row). */
  initialLambda(config: AlgorithmConfig): number;
  /** The reward stream's end score per row from R and C [B] (added at each row's last real token). Call inside tf.tidy. */
  rewardEndScore(rewards: tf.Tensor1D, costs: tf.Tensor1D, config: Pick<AlgorithmConfig, 'lambdaInit'>): tf.Tensor1D;
  /** The same for one row in plain numbers (the phase panel's "reward score"); equal to `rewardEndScore` up to float32. */
  rewardEndScoreValue(reward: number, cost: number, config: Pick<AlgorithmConfig, 'lambdaInit'>): number;
  /** Why λ did not move in `iteration` (the λ phase's note when no step ran). */
  lambdaHeldNote(config: AlgorithmConfig, iteration: number): string;
  /**
   * "What λ does" in the explanations, given λ's current value as text; null for a two-stream algorithm, whose
   * paragraph shows the mixing weights 1/(1+λ) and λ/(1+λ) with their numbers.
   */
  lambdaRole(lambda: string): string | null;
  /** The λ chart's note when λ is not learned (null for a learned λ: the chart describes the rule instead). */
  lambdaChartNote: string | null;
  /** The align-anything export: the `algorithm` setting's counterpart, and the warning the files carry (empty: none). */
  alignAnything: { counterpart: string; warning: readonly string[] };
}
