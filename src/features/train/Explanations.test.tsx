// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultConfig, type Algorithm } from '../../config/params';
import { MetricTable } from '../../metrics/metricTable';
import { Explanations } from './Explanations';

const show = (algorithm: Algorithm) =>
  render(<Explanations config={{ ...defaultConfig(), algorithm, lambdaInit: 2 }} table={undefined} iteration={0} />);

describe('Explanations: what λ does, per algorithm', () => {
  afterEach(cleanup);

  it('ppo-lag mixes the two streams with the weights of λ and explains the λ rule', () => {
    show('ppo-lag');
    expect(screen.getByTestId('lambda-role').textContent).toContain('A = (A_r − λ·A_c)/(1 + λ)');
    expect(screen.getByTestId('lambda-role').textContent).toContain('1/(1+λ) = 0.333');
    expect(screen.queryByTestId('lambda-rule-text')).not.toBeNull();
  });

  it('reward shaping says its single stream scores R − λ·C with the fixed λ, and claims no mixing or λ rule', () => {
    show('reward-shaping');
    const text = screen.getByTestId('lambda-role').textContent ?? '';
    expect(text).toContain('λ initial = 2');
    expect(text).toContain('R − λ·C');
    expect(text).not.toContain('A_c');
    expect(screen.queryByTestId('lambda-rule-text')).toBeNull();
  });

  it('plain PPO: λ ≡ 0, reward alone', () => {
    show('ppo');
    expect(screen.getByTestId('lambda-role').textContent).toBe('Plain PPO: λ ≡ 0, the cost is ignored and the policy maximises reward alone.');
    expect(screen.queryByTestId('lambda-rule-text')).toBeNull();
  });
});

describe('Explanations in a seed group', () => {
  afterEach(cleanup);
  const config = { ...defaultConfig(), algorithm: 'ppo-lag' as const, lambdaRule: 'additive' as const, lambdaInit: 1, lambdaUpdateDelay: 0, seed: 7, seeds: 2 };
  const columns = ['iteration', 'lambda', 'episodeCost', 'threshold'];
  // Iteration 0 of seeds 7 and 8: λ after the additive step λ + lr·(J_C − d) from λ₀ = 1.
  const memberRow = (cost: number) => [1 + config.lambdaLr * (cost - config.threshold), cost, config.threshold];
  const table = new MetricTable([...columns, ...[7, 8].flatMap((seed) => columns.slice(1).map((c) => `${c}_seed${seed}`))]);
  const [seven, eight] = [memberRow(0.5), memberRow(-1)];
  table.append([0, (seven[0] + eight[0]) / 2, (seven[1] + eight[1]) / 2, config.threshold, ...seven, ...eight]);

  it("explains the group's first seed's recorded step and names it, λ included", () => {
    render(<Explanations config={config} table={table} iteration={1} />);
    expect(screen.getByTestId('lambda-explanation').textContent).toMatch(/^Last step \(iteration 0, seed 7\): /);
    expect(Number(screen.getByTestId('lambda-explanation').getAttribute('data-next-lambda'))).toBe(seven[0]);
    expect(screen.getByTestId('lambda-role').textContent).toContain("(seed 7, the group's first: each seed has its own λ)");
  });

  it("names the member of a λ phase stepped before its row lands", () => {
    const output = {
      phase: 'lambda' as const, seed: 8, iteration: 1, rule: 'additive', before: eight[0], after: eight[0] + 0.05, updated: true,
      terms: [], episodeCost: -0.5, threshold: config.threshold, lambdaLr: config.lambdaLr, lambdaMax: config.lambdaMax,
    };
    render(<Explanations config={config} table={table} iteration={1} phaseOutput={output} inProgress={{ iteration: 1, seed: 8, lambda: output.after }} />);
    expect(screen.getByTestId('lambda-explanation').textContent).toMatch(/^Last step \(iteration 1, seed 8\): /);
    expect(screen.getByTestId('lambda-role').textContent).toContain('(seed 8: each seed has its own λ)');
  });
});
