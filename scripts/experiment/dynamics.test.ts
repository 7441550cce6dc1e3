import { beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig, type ExperimentConfig } from '../../src/config/params';
import type { PpoMetricRow } from '../../src/train/ppo/types';
import { runExperiment, type RunBundle } from './run';

// Integration: constrained dynamics of the start-up config (PID Lagrangian) through the headless runner on the
// bundled sample with the shipped weights (wasm); evaluation only at the start and the end. Issue 11 also asks for
// J_C within ±0.15 of the threshold over the last 50 iterations, a monotone reward frontier across thresholds and
// the additive rule following a threshold change; on the current sample those are not met (docs/dynamics.md).
const START: ExperimentConfig = defaultConfig();
const THRESHOLD = START.threshold;
const CHANGE_AT = 100;

function config(overrides: Partial<ExperimentConfig>): ExperimentConfig {
  const merged = { ...START, evalPrompts: 32, ...overrides };
  return { ...merged, evalEvery: merged.iterations };
}

const mean = (rows: readonly PpoMetricRow[], key: keyof PpoMetricRow) => rows.reduce((s, r) => s + r[key], 0) / rows.length;

describe('start-up config (pid rule) on the bundled sample, 200 iterations', () => {
  let run: RunBundle;
  beforeAll(async () => {
    run = await runExperiment(config({ iterations: 200 }), { backend: 'wasm' });
  }, 1_200_000);

  it('λ rises above λ₀ while J_C exceeds the limit, and stays responsive (last-50 mean > 0.05)', () => {
    expect(START.lambdaRule).toBe('pid');
    expect(Math.max(...run.metrics.slice(0, 100).map((r) => r.lambda))).toBeGreaterThan(START.lambdaInit);
    expect(mean(run.metrics.slice(-50), 'lambda')).toBeGreaterThan(0.05);
  });

  it('reward ends above the SFT policy’s, without truncation hacking', () => {
    const last50 = run.metrics.slice(-50);
    expect(mean(last50, 'rewardMean')).toBeGreaterThan(run.metrics[0].rewardMean);
    const evaluation = run.evaluations.at(-1)!;
    expect(evaluation.rewardMean).toBeGreaterThan(evaluation.sftRewardMean);
    expect(mean(last50, 'truncationRate')).toBeLessThan(0.1);
  });
});

// Issue 11's "J_C within ±0.2 of the new threshold by iteration 150" is not asserted: with the pid start-up rule it
// measured 0.10 on one build and 0.63 on another whose kernels sum floats in another order (same seed), so on this
// sample it is not a property of the rule (docs/dynamics.md). What is asserted is the scripted edit itself.
describe('--set-at: the threshold tightened by 1.0 at iteration 100', () => {
  it('is made before iteration 100 exactly like a live edit, recorded in the run and in its threshold column', async () => {
    const run = await runExperiment(config({ iterations: 110 }), {
      backend: 'wasm',
      schedule: [{ iteration: CHANGE_AT, key: 'threshold', value: THRESHOLD - 1 }],
    });
    expect(run.configChanges).toEqual([{ afterIteration: CHANGE_AT, key: 'threshold', from: THRESHOLD, to: THRESHOLD - 1 }]);
    expect(run.metrics[CHANGE_AT - 1].threshold).toBe(THRESHOLD);
    expect(run.metrics[CHANGE_AT].threshold).toBe(THRESHOLD - 1);
    expect(run.metrics.at(-1)!.threshold).toBe(THRESHOLD - 1);
  }, 1_200_000);
});

describe('unconstrained PPO on the same seed', () => {
  it('ends clearly above the threshold', async () => {
    const ppo = await runExperiment(config({ iterations: 80, algorithm: 'ppo' }), { backend: 'wasm' });
    expect(mean(ppo.metrics.slice(-20), 'episodeCost')).toBeGreaterThan(THRESHOLD + 0.5);
  }, 1_200_000);
});
