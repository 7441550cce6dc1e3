import type { Algorithm } from '../../config/params';
import type { AlgorithmModule } from './algorithm';
import { ppoAlgorithm } from './ppo';
import { ppoLagAlgorithm } from './ppoLag';
import { rewardShapingAlgorithm } from './rewardShaping';

/**
 * Every PPO algorithm, by its id (config.algorithm). The engine, the phase panel, the explanations and the
 * align-anything export read algorithms only from here. Adding one: its module (see rewardShaping.ts), one line
 * here, its id in ALGORITHMS (src/config/params.ts). docs/architecture.md.
 */
export const ALGORITHM_MODULES: { readonly [A in Algorithm]: AlgorithmModule } = {
  'ppo-lag': ppoLagAlgorithm,
  ppo: ppoAlgorithm,
  'reward-shaping': rewardShapingAlgorithm,
};

/** The module of `algorithm` (config values are validated against ALGORITHMS, so every id has one). */
export function algorithmModule(algorithm: Algorithm): AlgorithmModule {
  return ALGORITHM_MODULES[algorithm];
}
