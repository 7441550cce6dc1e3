import type { AlgorithmModule } from './algorithm';

/**
 * PPO-Lagrangian (Safe RLHF-V, docs/algorithm.md §4): two critics and two streams, λ = exp(log λ) learned by the
 * λ rule once `iteration ≥ lambdaUpdateDelay`; the reward stream's end score is R itself.
 */
export const ppoLagAlgorithm: AlgorithmModule = {
  id: 'ppo-lag',
  name: 'PPO-Lagrangian',
  usesCostCritic: true,
  learnsLambda: true,
  lambda: (_config, logLambda) => Math.exp(logLambda),
  initialLambda: (config) => config.lambdaInit,
  rewardEndScore: (rewards) => rewards,
  rewardEndScoreValue: (reward) => reward,
  lambdaHeldNote: (config, iteration) =>
    `λ is held for the first ${config.lambdaUpdateDelay} iteration(s) (λ update delay); this is iteration ${iteration}.`,
  lambdaRole: () => null,
  lambdaChartNote: null,
  alignAnything: { counterpart: 'the saferlhf trainer itself (PPO-Lagrangian).', warning: [] },
};
