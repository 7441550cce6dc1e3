// The feasibility pilot as the main thread holds it (issue 21), and which runs it describes. Pure.
import type { ExperimentConfig } from '../config/params';
import type { ReachableCost } from '../rl/feasibility';

/**
 * The pilot for the edited settings: pending while the worker measures it, ready with the SFT policy's cost and the
 * reachable range, failed with the reason. `key`: data | weights | seed | temperature | top-p | response tokens.
 */
export type CostPilotState =
  | { status: 'idle' }
  | { status: 'pending'; key?: string }
  | { status: 'ready'; key: string; range: ReachableCost }
  | { status: 'failed'; message: string };

type SamplingSettings = Pick<ExperimentConfig, 'seed' | 'temperature' | 'topP' | 'maxResponseTokens'>;

/** The settings that shape the pilot's answers, in the order its cache key ends with (CostPilotCache.key). */
export function pilotSettingsKey(config: SamplingSettings): string {
  return [config.seed, config.temperature, config.topP, config.maxResponseTokens].join('|');
}

/**
 * The pilot that describes a run with these settings: only one measured with the run's own seed and sampling
 * settings (a pilot for other settings says nothing about this run), else undefined.
 */
export function pilotForConfig(pilot: CostPilotState, config: SamplingSettings): ReachableCost | undefined {
  return pilot.status === 'ready' && pilot.key.endsWith(`|${pilotSettingsKey(config)}`) ? pilot.range : undefined;
}
