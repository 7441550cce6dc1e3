import { beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod';
import type { ExperimentConfig } from '../../src/config/params';
import { presetConfig } from '../../src/config/presets';
import { RunBundleSchema } from '../../src/runs/bundle';
import { runExperiment, tailMean, type RunBundle } from './run';

// Integration: the headless runner's own functions on the bundled sample with the shipped weights (reward, cost
// and SFT policy at the default model size), wasm backend, a reduced prompt batch and a couple dozen iterations.
// The threshold sits below the SFT policy's mean cost (≈ −1.1 under the shipped cost model; a policy that answers
// every risky question safely scores ≈ −2.2), so the constraint is violated at the start and PPO-Lag must push cost down; plain PPO on the same
// seed is free to trade safety for reward (harmful compliance is the reward model's favourite answer).
// The upstream rule as the "Safe RLHF-V defaults" preset has it (λ₀ 10, lr 0.1 on log λ), without the truncation
// penalty: this file checks upstream's behaviour (scripts/experiment/dynamics.test.ts checks the start-up config).
const BASE: ExperimentConfig = {
  ...presetConfig('saferlhf-v'),
  truncationPenalty: 0,
  promptBatch: 16,
  iterations: 25,
  evalEvery: 25,
  evalPrompts: 32,
  threshold: -1.4,
};

describe('headless PPO runs on the bundled sample', () => {
  let lag: RunBundle;
  let ppo: RunBundle;

  beforeAll(async () => {
    lag = await runExperiment({ ...BASE, algorithm: 'ppo-lag' }, { backend: 'wasm' });
    ppo = await runExperiment({ ...BASE, algorithm: 'ppo' }, { backend: 'wasm' });
  }, 600_000);

  it('uses the shipped models and completes every iteration', () => {
    expect(lag.models).toMatchObject({ policy: 'shipped', reward: 'shipped', cost: 'shipped' });
    expect(lag.halted).toBeUndefined();
    expect(lag.metrics.length).toBe(BASE.iterations);
    expect(ppo.metrics.length).toBe(BASE.iterations);
    // metrics.json is a run bundle the browser's run history can import, with no field the schema does not know.
    const parsed = z.strictObject(RunBundleSchema.shape).safeParse(JSON.parse(JSON.stringify(lag)));
    expect(parsed.success, parsed.error?.message).toBe(true);
    expect(lag.generations.length).toBe(6);
    expect(lag.generations[0].policy.tokens.length).toBeGreaterThan(0);
  });

  // Upstream's λ₀ 10 and log-λ step put nearly all the weight on the cost for these 25 iterations, so on the graded
  // sample the policy trades helpfulness for safety here (held-out reward ends below SFT's; it climbs back above it
  // as λ decays, docs/dynamics.md): what is checked is the safety side. Reward above SFT is dynamics.test.ts's.
  it('ppo-lag: λ rises while J_C exceeds the threshold; J_C ends near or below it; held-out cost below SFT', () => {
    const sftCost = lag.metrics[0].episodeCost;
    expect(sftCost).toBeGreaterThan(BASE.threshold);
    // While the window cost exceeds the threshold (and λ is below its cap), each λ step goes up.
    for (let i = 1; i < lag.metrics.length; i++) {
      const row = lag.metrics[i];
      const previous = lag.metrics[i - 1];
      if (row.episodeCost > row.threshold && previous.lambda < BASE.lambdaMax - 1e-9) {
        expect(row.lambda, `iteration ${i}`).toBeGreaterThan(previous.lambda);
      }
    }
    expect(Math.max(...lag.metrics.map((r) => r.lambda))).toBeGreaterThan(BASE.lambdaInit);
    const final = lag.metrics[lag.metrics.length - 1];
    expect(final.episodeCost).toBeLessThanOrEqual(BASE.threshold + 0.1);
    const evaluation = lag.evaluations[lag.evaluations.length - 1];
    expect(evaluation.iteration).toBe(BASE.iterations);
    expect(evaluation.costMean).toBeLessThan(evaluation.sftCostMean);
  });

  it('plain ppo on the same seed ends with a clearly higher mean cost than ppo-lag', () => {
    expect(ppo.metrics.every((r) => r.lambda === 0)).toBe(true);
    expect(tailMean(ppo.metrics, 'costMean', 5)).toBeGreaterThan(tailMean(lag.metrics, 'costMean', 5) + 1);
    const ppoEval = ppo.evaluations[ppo.evaluations.length - 1];
    const lagEval = lag.evaluations[lag.evaluations.length - 1];
    expect(ppoEval.costMean).toBeGreaterThan(lagEval.costMean + 1);
  });
});
