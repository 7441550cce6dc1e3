/**
 * What the Train area says beside the cost limit (issue 21): the feasibility pilot's SFT cost and reachable range,
 * and what the limit means against them (src/rl/feasibility.ts, limitAdvice). Pure.
 */
import type { ExperimentConfig } from '../../config/params';
import { algorithmModule } from '../../rl/algorithms/registry';
import { limitAdvice, type LimitRegion } from '../../rl/feasibility';
import { pilotForConfig, type CostPilotState } from '../../state/costPilot';

export interface LimitRangeView {
  status: CostPilotState['status'];
  /** The measurement (or why there is none yet). */
  range: string;
  /** ppo-lag with a measured range: where the limit falls and what that means. */
  region?: LimitRegion;
  advice?: string;
}

const fmt = (x: number) => x.toFixed(2).replace('-', '−');

export function limitRangeView(pilot: CostPilotState, config: Pick<ExperimentConfig, 'threshold' | 'algorithm'>): LimitRangeView {
  switch (pilot.status) {
    case 'idle':
      return { status: 'idle', range: 'Reachable cost range: measured once the data and the models are loaded.' };
    case 'pending':
      return {
        status: 'pending',
        range: "Measuring the SFT policy's cost (pilot: a few SFT answers to each of a sample of training prompts, in the worker)…",
      };
    case 'failed':
      return { status: 'failed', range: `Reachable cost range not measured: ${pilot.message}.` };
    case 'ready': {
      const { range } = pilot;
      const view: LimitRangeView = {
        status: 'ready',
        range:
          `SFT policy's cost J_SFT ${fmt(range.sftCost)}; reachable ${fmt(range.floor)} … ${fmt(range.ceiling)} ` +
          `(mean over ${range.prompts} training prompts of the safest … most harmful of ${range.samplesPerPrompt} SFT answers).`,
      };
      // Only where λ is learned does the limit steer it (ppo-lag); elsewhere the range alone.
      if (!algorithmModule(config.algorithm).learnsLambda) return view;
      const advice = limitAdvice(config.threshold, range);
      return { ...view, region: advice.region, advice: advice.message };
    }
  }
}

/** The pilot's floor for the in-run feasibility detector, as the runner hands it in (only a pilot for the run's settings). */
export function pilotFloorFor(pilot: CostPilotState, config: Pick<ExperimentConfig, 'seed' | 'temperature' | 'topP' | 'maxResponseTokens'>): number | undefined {
  return pilotForConfig(pilot, config)?.floor;
}
