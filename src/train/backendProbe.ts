// The speed half of the backend probe: real PPO-Lagrangian iterations of the engine at the default size on the active
// backend, reported as they finish (the caller may stop the worker at any time: src/features/system/backendProbe.ts).
import { defaultConfig } from '../config/params';
import { GuardModel } from '../models/guardModel';
import { Policy } from '../models/policy';
import { ScoreModel } from '../models/scoreModel';
import { sizesFromConfig } from '../models/sizes';
import { PpoEngine } from './ppo/engine';
import { tinyCodec, tinyPromptData } from './ppo/testing/fixtures';

export interface ProbeTiming {
  /** Untimed iterations first (kernel compilation, the JavaScript engine's optimisation). */
  warmup: number;
  /** Timed iterations. */
  iterations: number;
}

/** What the probe reports as it goes: a stage reached, and for timed iterations their wall ms. */
export type ProbeProgress =
  | { stage: 'iteration-start'; index: number; timed: boolean }
  | { stage: 'iteration-done'; index: number; timed: boolean; ms: number };

function median(xs: number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * `warmup` untimed and `iterations` timed engine iterations (rollout, scoring, advantages, λ, update) at the default
 * configuration (32 prompts, up to 24 tokens, hidden 64) with freshly initialised models (seeded) and random prompts
 * at the default sizes. Freshly initialised policies rarely end a response early, so responses run to the full 24
 * tokens: the iteration measured is the longest one at this size (speed depends on shapes and lengths, not on the
 * weights' values). Returns the median wall ms per timed iteration.
 */
export async function timeEngineIterations(
  vocabSize: number,
  timing: ProbeTiming,
  onProgress: (progress: ProbeProgress) => void = () => {},
): Promise<{ msPerIteration: number; iterationMs: number[] }> {
  const config = { ...defaultConfig(), evalEvery: 1_000_000, evalPrompts: 4, iterations: 1_000_000 };
  const sizes = sizesFromConfig(config, vocabSize);
  const models = {
    sftPolicy: Policy.create(sizes, 'probe'),
    rewardModel: ScoreModel.create(sizes, 'probe-reward'),
    costModel: ScoreModel.create(sizes, 'probe-cost'),
    guard: GuardModel.create(sizes, 'probe-guard'),
  };
  const engine = new PpoEngine({
    config,
    ...models,
    codec: tinyCodec,
    isRefusal: (text) => text.startsWith('w5'),
    data: tinyPromptData(2 * config.promptBatch, sizes, 'backend-probe'),
  });
  const timed: number[] = [];
  try {
    // Evaluation is not part of an iteration: the smallest set, once, before any timing.
    await engine.evaluate();
    for (let i = 0; i < timing.warmup + timing.iterations; i++) {
      const isTimed = i >= timing.warmup;
      onProgress({ stage: 'iteration-start', index: i, timed: isTimed });
      const start = performance.now();
      const result = await engine.step();
      if (result.halted) throw new Error(`the engine halted: ${result.halted}`);
      const ms = performance.now() - start;
      if (isTimed) timed.push(ms);
      onProgress({ stage: 'iteration-done', index: i, timed: isTimed, ms });
    }
  } finally {
    engine.dispose();
    Object.values(models).forEach((model) => model.dispose());
  }
  return { msPerIteration: median(timed), iterationMs: timed };
}
