import { describe, expect, it } from 'vitest';
import { defaultConfig, FRONTIER_LAMBDAS } from '../../config/params';
import { frontierConfigs, frontierPlanText, frontierProgressText } from './frontierPlan';

describe('frontierConfigs', () => {
  it('is reward shaping at each λ of the runner’s grid, everything else as edited', () => {
    const base = { ...defaultConfig(), iterations: 7, seed: 3, threshold: -1 };
    const configs = frontierConfigs(base);
    expect(configs.map((c) => c.lambdaInit)).toEqual([...FRONTIER_LAMBDAS]);
    for (const config of configs) {
      expect(config.algorithm).toBe('reward-shaping');
      expect({ ...config, algorithm: base.algorithm, lambdaInit: base.lambdaInit }).toEqual(base);
    }
    expect(frontierConfigs(base, [0, 2]).map((c) => c.lambdaInit)).toEqual([0, 2]);
  });
});

describe('frontier labels', () => {
  it('says how many runs, which λ, how long and which seed(s)', () => {
    expect(frontierPlanText({ iterations: 40, seed: 7, seeds: 1 }, [0, 1, 4])).toBe(
      '3 fixed-λ runs (reward shaping at λ = 0, 1, 4), 40 iterations each, seed 7, on the loaded data with the other settings as edited in Train.',
    );
    expect(frontierPlanText({ iterations: 40, seed: 7, seeds: 4 }, [0, 1])).toMatch(/seeds 7–10 \(a group of 4 per λ\)/);
  });

  it('states progress, cancel and failure', () => {
    expect(frontierProgressText({ status: 'idle' })).toBe('');
    expect(frontierProgressText({ status: 'running', index: 1, total: 6, lambda: 0.25, cancelling: false })).toBe('Running the frontier: run 2 of 6 (λ = 0.25)…');
    expect(frontierProgressText({ status: 'running', index: 1, total: 6, lambda: 0.25, cancelling: true })).toMatch(/^Stopping the frontier/);
    expect(frontierProgressText({ status: 'done', total: 6 })).toBe('The frontier is done: 6 fixed-λ runs saved in the run list.');
    expect(frontierProgressText({ status: 'cancelled', finished: 2, total: 6 })).toMatch(/2 of 6 runs finished/);
    expect(frontierProgressText({ status: 'failed', finished: 0, total: 6, message: 'no data' })).toBe('The frontier stopped after 0 of 6 runs: no data');
  });
});
