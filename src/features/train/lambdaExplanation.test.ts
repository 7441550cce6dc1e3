import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../config/params';
import { MetricTable } from '../../metrics/metricTable';
import { lagrangeUpdate } from '../../rl/lagrange';
import { explainAdditiveStep, explainLambdaStep, explainPidInput, lastLambdaStep, term } from './lambdaExplanation';

describe('explainLambdaStep', () => {
  it('reproduces the worked example of docs/algorithm.md §5 (λ 10, lr 0.1, gap +0.5 → λ ≈ 16.5)', () => {
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

describe('explainAdditiveStep and explainPidInput', () => {
  it('additive: λ + lr·gap, floored at 0 and capped at λ_max', () => {
    const up = explainAdditiveStep({ lambda: 1, episodeCost: 0.5, threshold: -0.5, lambdaLr: 0.2, lambdaMax: 10 });
    expect(up.nextLambda).toBeCloseTo(1.2, 12);
    expect(up.sentence).toContain('0.2');
    const floor = explainAdditiveStep({ lambda: 0.1, episodeCost: -3, threshold: 0, lambdaLr: 1, lambdaMax: 10 });
    expect(floor.nextLambda).toBe(0);
    expect(floor.sentence).toContain('floored at 0');
    expect(explainAdditiveStep({ lambda: 9.9, episodeCost: 3, threshold: 0, lambdaLr: 1, lambdaMax: 10 }).capped).toBe(true);
  });

  it('pid: names the violation and the integral step', () => {
    const text = explainPidInput({ episodeCost: 0.5, threshold: -0.5, ki: 0.1 });
    expect(text).toContain('e = 1');
    expect(text).toContain('grows by K_i·e = 0.1');
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
    const config = { ...defaultConfig(), lambdaRule: 'upstream' as const, lambdaInit: 10, lambdaLr: 0.1, threshold: -0.5, lambdaMax: 20, lambdaUpdateDelay: 1 };
    const table = engineTable([-0.3, -0.4, -0.2], config);
    const last = lastLambdaStep(config, table)!;
    expect(last.iteration).toBe(2);
    expect(last.step.nextLambda).toBeCloseTo(table.last('lambda')!, 12);
    expect(last.step.sentence).toContain('J_C = (−0.2)');
  });

  it('explains an additive step with its own formula and the recorded numbers; none for pid (its state is internal)', () => {
    const config = { ...defaultConfig(), lambdaRule: 'additive' as const, lambdaInit: 1, lambdaLr: 0.5, threshold: -0.5, lambdaMax: 20, lambdaUpdateDelay: 0 };
    const table = new MetricTable(columns);
    table.append([0, 1.25, 0, -0.5]);
    table.append([1, 1.5, 0, -0.5]);
    const last = lastLambdaStep(config, table)!;
    expect(last.step.nextLambda).toBeCloseTo(1.5, 12);
    expect(last.step.rule).toContain('clip(λ + lr·(J_C − threshold)');
    expect(last.step.substituted).toBe('0.5 · (0 − (−0.5)) = 0.25');
    expect(lastLambdaStep({ ...config, lambdaRule: 'pid' }, table)).toBeNull();
  });

  it('is null within the λ update delay, before any row and for algorithms without a learned λ', () => {
    const config = { ...defaultConfig(), lambdaUpdateDelay: 1 };
    expect(lastLambdaStep(config, engineTable([0.1], config))).toBeNull();
    expect(lastLambdaStep(config, new MetricTable(columns))).toBeNull();
    expect(lastLambdaStep({ ...config, algorithm: 'ppo' }, engineTable([0.1, 0.2], config))).toBeNull();
  });
});
