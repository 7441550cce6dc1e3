import * as tf from '@tensorflow/tfjs';
import seedrandom from 'seedrandom';
import type { ExperimentConfig } from '../../config/params';
import { reachableCost, type ReachableCost } from '../../rl/feasibility';
import type { Policy } from '../../models/policy';
import type { ScoreModel } from '../../models/scoreModel';
import { indicesOfSplit, promptTensors, SPLIT_TRAIN, type PromptData } from './prompts';
import { shuffledIndices } from '../../models/sampling';
import { sequenceScores } from './scoring';

/** Pilot size: this many training prompts, each answered this many times (a few rollouts' worth). */
export const PILOT_PROMPTS = 64;
export const PILOT_SAMPLES = 8;

export interface CostPilotInit {
  data: PromptData;
  /** The SFT policy (the run's starting point); only sampled from. */
  policy: Policy;
  costModel: ScoreModel;
}

/**
 * The feasibility pilot (issue 21): PILOT_SAMPLES responses of the SFT policy to each of PILOT_PROMPTS training
 * prompts at the run's temperature, top-p and length, scored by the frozen cost model (raw C, as J_C averages).
 * Its own seeded streams (`<seed>:cost-pilot`), so running it changes no random choice of the run.
 * Returns the SFT cost and the reachable range (src/rl/feasibility.ts).
 */
export async function costPilot(init: CostPilotInit, config: ExperimentConfig, prompts = PILOT_PROMPTS, samples = PILOT_SAMPLES): Promise<ReachableCost> {
  const split = indicesOfSplit(init.data, SPLIT_TRAIN);
  if (split.length === 0) throw new Error('The cost pilot needs training-split prompts; the data has none.');
  const order = shuffledIndices(split.length, seedrandom.alea(`${config.seed}:cost-pilot-prompts`));
  const indices = order.slice(0, Math.min(prompts, split.length)).map((i) => split[i]);
  const random = seedrandom.alea(`${config.seed}:cost-pilot`);
  const costs: number[][] = indices.map(() => []);
  const steps = config.maxResponseTokens;
  const { images, questions } = promptTensors(init.data, indices);
  try {
    for (let s = 0; s < samples; s++) {
      const sampled = await init.policy.sample(images, questions, { maxTokens: steps, temperature: config.temperature, topP: config.topP, random });
      const tokens = tf.tensor2d(sampled.tokens, [indices.length, steps], 'int32');
      const mask = tf.tensor2d(sampled.mask, [indices.length, steps]);
      const scores = sequenceScores(init.costModel, images, questions, tokens, mask);
      const values = await scores.data();
      tf.dispose([tokens, mask, scores]);
      values.forEach((value, p) => costs[p].push(value));
    }
  } finally {
    tf.dispose([images, questions]);
  }
  return reachableCost(costs);
}

/** Pilot results kept per data and weights (and the sampling settings that shape the answers). */
export class CostPilotCache {
  private readonly entries = new Map<string, Promise<ReachableCost>>();

  static key(dataKey: string, weightsKey: string, config: ExperimentConfig): string {
    return [dataKey, weightsKey, config.seed, config.temperature, config.topP, config.maxResponseTokens].join('|');
  }

  get(key: string, compute: () => Promise<ReachableCost>): Promise<ReachableCost> {
    let entry = this.entries.get(key);
    if (!entry) {
      entry = compute();
      this.entries.set(key, entry);
      entry.catch(() => this.entries.delete(key));
    }
    return entry;
  }
}
