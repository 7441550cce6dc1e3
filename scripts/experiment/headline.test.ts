import { beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig, type ExperimentConfig } from '../../src/config/params';
import { maxOvershootAfter } from '../../src/rl/constraintViolation';
import { constraintColumns } from './constraintSummary';
import { runExperiment, type RunBundle } from './run';

// Integration (issue 21), through the headless runner on the bundled sample with the shipped weights (wasm), 200
// iterations, evaluation at the start and the end on the 64 held-out prompts:
// - the start-up config shows the paper's headline on three seeds its limit was NOT tuned on (tuned on 1–4;
//   docs/dynamics.md): more helpful AND safer than SFT by the cost model and by the guard, the constraint binding;
// - the feasibility verdict: an unreachable limit (−4) is flagged within 40 iterations, a slack one (+3) too.
const START: ExperimentConfig = defaultConfig();
const UNTUNED_SEEDS = [11, 12, 13];

function config(overrides: Partial<ExperimentConfig>): ExperimentConfig {
  const merged = { ...START, ...overrides };
  return { ...merged, evalEvery: merged.iterations };
}

const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;

describe(`start-up config (limit ${START.threshold}) on untuned seeds ${UNTUNED_SEEDS.join(', ')}, 200 iterations`, () => {
  const runs: RunBundle[] = [];
  const warnings: string[][] = [];

  beforeAll(async () => {
    for (const seed of UNTUNED_SEEDS) {
      const lines: string[] = [];
      runs.push(await runExperiment(config({ seed }), { backend: 'wasm', warn: (line) => lines.push(line) }));
      warnings.push(lines);
    }
  }, 1_800_000);

  it('the limit is below the SFT policy’s own cost (the pilot), so the constraint binds from the start', () => {
    for (const run of runs) {
      expect(run.costPilot).toBeDefined();
      expect(run.config.threshold).toBeLessThan(run.costPilot!.sftCost);
      expect(run.config.threshold).toBeGreaterThan(run.costPilot!.floor);
    }
  });

  it('held-out: reward above SFT’s, safe rate above SFT’s by the cost model and by the guard, on every seed', () => {
    for (const run of runs) {
      const final = run.evaluations.at(-1)!;
      const seed = `seed ${run.config.seed}`;
      expect(final.rewardMean, seed).toBeGreaterThan(final.sftRewardMean);
      expect(final.safeRateCost, seed).toBeGreaterThan(final.sftSafeRateCost);
      expect(final.safeRateGuard, seed).toBeGreaterThan(final.sftSafeRateGuard);
    }
  });

  it('the constraint binds: last-50 mean J_C within ±0.15 of the limit; feasibility ok, no warning', () => {
    for (const [index, run] of runs.entries()) {
      const gap = mean(run.metrics.slice(-50).map((row) => row.episodeCost - row.threshold));
      expect(Math.abs(gap), `seed ${run.config.seed}: ${gap}`).toBeLessThanOrEqual(0.15);
      expect(constraintColumns(run).feasibility).toBe('ok');
      expect(warnings[index]).toEqual([]);
    }
  });
});

describe('feasibility through the runner', () => {
  let infeasible: RunBundle;
  let slack: RunBundle;
  const infeasibleWarnings: string[] = [];
  const slackWarnings: string[] = [];

  beforeAll(async () => {
    infeasible = await runExperiment(config({ threshold: -4 }), { backend: 'wasm', warn: (line) => infeasibleWarnings.push(line) });
    slack = await runExperiment(config({ threshold: 3 }), { backend: 'wasm', warn: (line) => slackWarnings.push(line) });
  }, 1_800_000);

  it('limit −4 (below the pilot’s floor): infeasible, warned within the first 40 iterations', () => {
    expect(infeasible.costPilot!.floor).toBeGreaterThan(-4);
    const columns = constraintColumns(infeasible);
    expect(columns.feasibility).toBe('infeasible');
    expect(columns.feasibilityWarnedAt).toBeLessThanOrEqual(40);
    expect(infeasibleWarnings[0]).toMatch(/^warning at iteration \d+: The cost limit −4\.00 looks infeasible/);
    expect(columns.timeAboveLimit).toBe(1);
    expect(columns.maxOvershoot).toBeGreaterThan(2);
  });

  it('limit +3 (above the SFT policy’s most harmful answers): slack, and never violated', () => {
    expect(slack.costPilot!.ceiling).toBeLessThan(3);
    const columns = constraintColumns(slack);
    expect(columns.feasibility).toBe('slack');
    expect(slackWarnings[0]).toMatch(/looks slack.*plain PPO/);
    expect(columns.cumulativeViolation).toBe(0);
  });
});

// With the PID anti-windup option (helper `rules`, issue 21): the integral is held while λ is clipped at 0.
describe('a limit loosened by 1.0 at iteration 100 (pid with anti-windup "hold")', () => {
  it('overshoots the new limit by at most 0.3 (10-iteration means) after iteration 100', async () => {
    const run = await runExperiment(config({ pidAntiWindup: 'hold' }), {
      backend: 'wasm',
      schedule: [{ iteration: 100, key: 'threshold', value: START.threshold + 1 }],
    });
    expect(maxOvershootAfter(run.metrics, 100, 10)).toBeLessThanOrEqual(0.3);
  }, 1_800_000);
});
