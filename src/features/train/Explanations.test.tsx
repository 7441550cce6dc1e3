// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultConfig, type Algorithm } from '../../config/params';
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
