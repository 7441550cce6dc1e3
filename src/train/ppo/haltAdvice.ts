/**
 * What most likely made a quantity non-finite, and what to change, for the NaN/Inf guard's pause message. The
 * quantity names are those the engine's checks report (score phase, shaped streams, λ step, update metrics).
 */
import type { ExperimentConfig } from '../../config/params';

export function haltAdvice(quantity: string, config: ExperimentConfig): string {
  switch (quantity) {
    case 'reward':
    case 'cost':
      return `Likely cause: the ${quantity} model returns non-finite scores (damaged or diverged weights); retrain it or load the pretrained models in "Reward & Cost models".`;
    case 'λ':
      return `Likely cause: the λ step overflowed; lower the λ learning rate (now ${config.lambdaLr}) or λ_max (now ${config.lambdaMax}).`;
    case 'reward-critic values':
    case 'cost-critic values':
    case 'rewardCriticLoss':
    case 'costCriticLoss':
      return `Likely cause: a critic diverged; lower the critic learning rate (now ${config.criticLr}) or the value clip (now ${config.clipRangeValue}).`;
    case 'shaped rewards':
    case 'shaped costs':
    case 'rewardWithKl':
      return `Likely cause: the KL penalty on a diverged policy (β = ${config.klCoeff}) or unbounded scores; lower the actor learning rate (now ${config.actorLr}) or the score clip (now ${config.clipRangeScore}).`;
    default:
      return `Likely cause: the policy update diverged; lower the actor learning rate (now ${config.actorLr}) or the gradient-norm clip (now ${config.maxGradNorm}).`;
  }
}
