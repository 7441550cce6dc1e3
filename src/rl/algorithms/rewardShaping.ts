import * as tf from '@tensorflow/tfjs';
import type { AlgorithmModule } from './algorithm';

/**
 * Reward shaping with a fixed λ (docs/algorithm.md §6): one critic, λ = λ_init for the whole run, and the reward
 * stream's end score is R − λ_init·C, so the cost enters through the reward alone.
 */
export const rewardShapingAlgorithm: AlgorithmModule = {
  id: 'reward-shaping',
  name: 'Reward shaping (fixed λ)',
  usesCostCritic: false,
  learnsLambda: false,
  lambda: (config) => config.lambdaInit,
  initialLambda: (config) => config.lambdaInit,
  rewardEndScore: (rewards, costs, config) => tf.sub(rewards, tf.mul(config.lambdaInit, costs)),
  rewardEndScoreValue: (reward, cost, config) => reward - config.lambdaInit * cost,
  lambdaHeldNote: () => 'Reward shaping keeps λ fixed at λ initial; the rule does not run.',
  lambdaRole: (lambda) =>
    `Reward shaping keeps λ fixed at λ initial = ${lambda}: each response's end score is R − λ·C, and one critic ` +
    'learns that shaped reward (there is no cost stream to mix).',
  lambdaChartNote: 'fixed λ (reward shaping)',
  alignAnything: {
    counterpart:
      'no counterpart: align-anything has no fixed-λ reward-shaping trainer; with λ fixed, use lambda_lr 0.0 in this trainer as the closest match (it still keeps the cost critic).',
    warning: [
      'WARNING: this playground config uses algorithm "reward-shaping", but these files are for the PPO-Lagrangian',
      '(Safe RLHF-V) trainer. align-anything has no fixed-λ reward-shaping trainer; NOTES.md gives the closest setting.',
    ],
  },
};
