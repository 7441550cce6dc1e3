// The advantages phase: KL-shaped rewards (and costs) and GAE per stream (src/train/ppo/streams.ts).
import type { ExperimentConfig } from '../../../config/params';
import { shapeStreams } from '../streams';
import type { Rollout } from './rolloutState';

/** KL-shaped per-token rewards and costs, then GAE on each stream (no whitening). Returns the first non-finite quantity, or null. */
export async function advantagesPhase(config: ExperimentConfig, r: Rollout): Promise<string | null> {
  const start = performance.now();
  const cfg = config;
  const shaped = await shapeStreams({
    algorithm: cfg.algorithm,
    logProbs: r.logProbs,
    refLogProbs: r.refLogProbs,
    mask: r.mask,
    rewards: r.rewards!,
    costs: r.costs!,
    rewardValues: r.rewardValues!,
    costValues: r.costValues ?? null,
    klCoeff: cfg.klCoeff,
    clipRangeScore: cfg.clipRangeScore,
    shapingLambda: cfg.lambdaInit,
    gamma: cfg.gamma,
    gaeLambda: cfg.gaeLambda,
  });
  r.rewardAdvantages = shaped.rewardAdvantages;
  r.rewardReturns = shaped.rewardReturns;
  r.costAdvantages = shaped.costAdvantages ?? undefined;
  r.costReturns = shaped.costReturns ?? undefined;
  r.rewardWithKl = shaped.rewardWithKl;
  r.firstRow = shaped.firstRow;
  r.ms.advantages = performance.now() - start;
  return shaped.nonFinite ?? null;
}
