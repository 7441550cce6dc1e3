import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../config/params';
import { MetricTable } from '../../metrics/metricTable';
import { lagrangeUpdate } from '../../rl/lagrange';
import { explainLambdaStep, lastLambdaStep, term } from './lambdaExplanation';

describe('explainLambdaStep', () => {
  it('reproduces the worked example of ALGORITHM.md §5 (λ 10, lr 0.1, gap +0.5 → λ ≈ 16.5)', () => {
    const step = explainLambdaStep({ lambda: 10, episodeCost: 0, threshold: -0.5, lambdaLr: 0.1, lambdaMax: 20 });
    expect(step.logStep).toBeCloseTo(0.5, 12);
    expect(step.nextLambda).toBeCloseTo(10 * Math.exp(0.5), 9);
    expect(step.capped).toBe(false);
    expect(step.sentence).toContain('grows');
  });

  it('prints substituted numbers with parentheses around negatives and the difference', () => {
    const step = explainLambdaStep({ lambda: 10, episodeCost: -0.25, threshold: -0.5, lambdaLr: 0.1, lambdaMax: 20 });
    expect(step.substituted).toBe('0.1 · 10 · ((−0.25) − (−0.5)) = 0.25');
    expect(step.sentence).toBe(
      'J_C = (−0.25) > threshold (−0.5) ⇒ log λ grows by lr·λ·(J_C − threshold) = 0.1 · 10 · ((−0.25) − (−0.5)) = 0.25, so λ goes from 10 to 12.84.',
    );
    expect(term(2)).toBe('2');
    expect(term(-2)).toBe('(−2)');
  });

  it('caps at λ_max and shrinks with slack', () => {
    expect(explainLambdaStep({ lambda: 16.5, episodeCost: 0, threshold: -0.5, lambdaLr: 0.1, lambdaMax: 20 }).capped).toBe(true);
    const down = explainLambdaStep({ lambda: 10, episodeCost: -1.5, threshold: -0.5, lambdaLr: 0.1, lambdaMax: 20 });
    expect(down.nextLambda).toBeCloseTo(10 * Math.exp(-1), 9);
    expect(down.sentence).toContain('shrinks');
  });
});

describe('lastLambdaStep', () => {
  const columns = ['iteration', 'lambda', 'episodeCost', 'threshold'];
  /** Rows as the engine writes them: λ after each iteration's step, from λ₀ with the given J_C values. */
  function engineTable(costs: number[], config = defaultConfig()): MetricTable {
    const table = new MetricTable(columns);
    let logLambda = Math.log(config.lambdaInit);
    costs.forEach((cost, iteration) => {
      if (iteration >= config.lambdaUpdateDelay)
        logLambda = lagrangeUpdate({ logLambda, lr: config.lambdaLr, meanEpisodeCost: cost, threshold: config.threshold, lambdaMax: config.lambdaMax });
      table.append([iteration, Math.exp(logLambda), cost, config.threshold]);
    });
    return table;
  }

  it('explains the step with the J_C it used, so its result is the recorded λ (not a stale prediction)', () => {
    const config = { ...defaultConfig(), lambdaInit: 10, lambdaLr: 0.1, threshold: -0.5, lambdaMax: 20, lambdaUpdateDelay: 1 };
    const table = engineTable([-0.3, -0.4, -0.2], config);
    const last = lastLambdaStep(config, table)!;
    expect(last.iteration).toBe(2);
    expect(last.step.nextLambda).toBeCloseTo(table.last('lambda')!, 12);
    expect(last.step.sentence).toContain('J_C = (−0.2)');
  });

  it('is null within the λ update delay, before any row and for algorithms without a learned λ', () => {
    const config = { ...defaultConfig(), lambdaUpdateDelay: 1 };
    expect(lastLambdaStep(config, engineTable([0.1], config))).toBeNull();
    expect(lastLambdaStep(config, new MetricTable(columns))).toBeNull();
    expect(lastLambdaStep({ ...config, algorithm: 'ppo' }, engineTable([0.1, 0.2], config))).toBeNull();
  });
});
