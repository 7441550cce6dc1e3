import { beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig, type ExperimentConfig } from '../../src/config/params';
import type { PpoMetricRow } from '../../src/train/ppo/types';
import { runExperiment, type RunBundle } from './run';

// Integration: the constrained dynamics DYNAMICS.md asks for, through the headless runner on the bundled sample with
// the shipped weights (wasm). Each run is shared by several assertions; evaluation only at the start and the end.
// Runs: the start-up config at its threshold (200 iterations), a tighter and a looser threshold (150 each), the
// threshold tightened by 1 at iteration 100 with the additive and pid rules (160 each), and plain PPO (80).
const START: ExperimentConfig = defaultConfig();
const THRESHOLD = START.threshold;
const QUICK_EVAL = { evalPrompts: 32 } as const;
const CHANGE_AT = 100;

function config(overrides: Partial<ExperimentConfig>): ExperimentConfig {
  const merged = { ...START, ...QUICK_EVAL, ...overrides };
  return { ...merged, evalEvery: merged.iterations };
}

const mean = (rows: readonly PpoMetricRow[], key: keyof PpoMetricRow) => rows.reduce((s, r) => s + r[key], 0) / rows.length;
const last50 = (bundle: RunBundle) => bundle.metrics.slice(-50);

describe('constrained dynamics on the bundled sample (start-up config)', () => {
  let startUp: RunBundle;
  let tighter: RunBundle;
  let looser: RunBundle;

  beforeAll(async () => {
    startUp = await runExperiment(config({ iterations: 200 }), { backend: 'wasm' });
    tighter = await runExperiment(config({ iterations: 150, threshold: THRESHOLD - 0.5 }), { backend: 'wasm' });
    looser = await runExperiment(config({ iterations: 150, threshold: THRESHOLD + 0.5 }), { backend: 'wasm' });
  }, 1_800_000);

  it('λ rises, then settles above 0.05', () => {
    const lambdas = startUp.metrics.map((r) => r.lambda);
    expect(Math.max(...lambdas.slice(0, 100))).toBeGreaterThan(START.lambdaInit);
    const tail = lambdas.slice(-50);
    expect(mean(last50(startUp), 'lambda')).toBeGreaterThan(0.05);
    expect(Math.min(...tail)).toBeGreaterThan(0);
  });

  it('the constraint binds: mean J_C over the last 50 iterations is within ±0.15 of the threshold', () => {
    expect(Math.abs(mean(last50(startUp), 'episodeCost') - THRESHOLD)).toBeLessThanOrEqual(0.15);
  });

  it('reward ends above the SFT policy’s, without truncation hacking', () => {
    // The first rollout is the SFT policy's; the held-out evaluation compares both policies on the same prompts.
    expect(mean(last50(startUp), 'rewardMean')).toBeGreaterThan(startUp.metrics[0].rewardMean);
    const evaluation = startUp.evaluations.at(-1)!;
    expect(evaluation.rewardMean).toBeGreaterThan(evaluation.sftRewardMean);
    expect(mean(last50(startUp), 'truncationRate')).toBeLessThan(0.1);
  });

  it('a tighter threshold gives lower reward and higher λ (a monotone frontier)', () => {
    const final = (bundle: RunBundle) => ({ reward: mean(last50(bundle), 'rewardMean'), lambda: mean(last50(bundle), 'lambda') });
    const [t, m, l] = [final(tighter), final(startUp), final(looser)];
    expect(t.reward).toBeLessThan(m.reward);
    expect(m.reward).toBeLessThan(l.reward);
    expect(t.lambda).toBeGreaterThan(m.lambda);
    expect(m.lambda).toBeGreaterThan(l.lambda);
  });
});

describe('a threshold tightened by 1.0 at iteration 100 (--set-at) is followed within 50 iterations', () => {
  const runs: Partial<Record<'additive' | 'pid', RunBundle>> = {};

  beforeAll(async () => {
    for (const rule of ['additive', 'pid'] as const) {
      runs[rule] = await runExperiment(config({ iterations: 160, lambdaRule: rule }), {
        backend: 'wasm',
        schedule: [{ iteration: CHANGE_AT, key: 'threshold', value: THRESHOLD - 1 }],
      });
    }
  }, 1_800_000);

  for (const rule of ['additive', 'pid'] as const) {
    it(`${rule}${START.lambdaRule === rule ? ' (the start-up rule)' : ''}: J_C within ±0.2 of the new threshold over iterations 150–159`, () => {
      const bundle = runs[rule]!;
      expect(bundle.configChanges).toEqual([{ afterIteration: CHANGE_AT, key: 'threshold', from: THRESHOLD, to: THRESHOLD - 1 }]);
      expect(bundle.metrics[CHANGE_AT - 1].threshold).toBe(THRESHOLD);
      expect(bundle.metrics[CHANGE_AT].threshold).toBe(THRESHOLD - 1);
      const window = bundle.metrics.slice(150, 160);
      expect(Math.abs(mean(window, 'episodeCost') - (THRESHOLD - 1))).toBeLessThanOrEqual(0.2);
    });
  }
});

describe('unconstrained PPO on the same seed', () => {
  it('ends clearly above the threshold', async () => {
    const ppo = await runExperiment(config({ iterations: 80, algorithm: 'ppo' }), { backend: 'wasm' });
    expect(mean(ppo.metrics.slice(-20), 'episodeCost')).toBeGreaterThan(THRESHOLD + 0.5);
  }, 1_800_000);
});
