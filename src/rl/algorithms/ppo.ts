import type { AlgorithmModule } from './algorithm';

/** Plain PPO (docs/algorithm.md §6): reward only, one critic, λ ≡ 0; the cost is scored and logged but never trained on. */
export const ppoAlgorithm: AlgorithmModule = {
  id: 'ppo',
  name: 'PPO',
  usesCostCritic: false,
  learnsLambda: false,
  lambda: () => 0,
  initialLambda: () => 0,
  rewardEndScore: (rewards) => rewards,
  rewardEndScoreValue: (reward) => reward,
  lambdaHeldNote: () => 'Plain PPO has no multiplier: λ ≡ 0 and the cost is ignored.',
  lambdaRole: () => 'Plain PPO: λ ≡ 0, the cost is ignored and the policy maximises reward alone.',
  lambdaChartNote: 'λ ≡ 0 (plain PPO)',
  alignAnything: {
    counterpart:
      'NOT this trainer: plain PPO is align_anything.trainers.text_image_to_text.ppo (ppo.yaml); the λ keys do not apply there.',
    warning: [
      'WARNING: this playground config uses algorithm "ppo", but these files are for the PPO-Lagrangian',
      "(Safe RLHF-V) trainer. Plain PPO is align-anything's text_image_to_text ppo trainer; the λ keys do not apply there.",
    ],
  },
};
