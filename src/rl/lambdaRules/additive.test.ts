import { describe, expect, it } from 'vitest';
import { additiveLambdaUpdate } from './additive';
import { lagrangeUpdate } from './upstream';

describe('additiveLambdaUpdate: λ ← clip(λ + lr·e, 0, λ_max)', () => {
  it('hand-computed steps: λ 1, lr 0.2, J 0.5, d −0.5 → 1.2; J −2 → 0.9', () => {
    expect(additiveLambdaUpdate({ lambda: 1, lr: 0.2, meanEpisodeCost: 0.5, threshold: -0.5, lambdaMax: 10 })).toBeCloseTo(1.2, 12);
    expect(additiveLambdaUpdate({ lambda: 1.2, lr: 0.2, meanEpisodeCost: -2, threshold: -0.5, lambdaMax: 10 })).toBeCloseTo(0.9, 12);
  });

  it('never goes below 0 and stops exactly at λ_max', () => {
    expect(additiveLambdaUpdate({ lambda: 0.1, lr: 1, meanEpisodeCost: -3, threshold: 0, lambdaMax: 10 })).toBe(0);
    expect(additiveLambdaUpdate({ lambda: 9.9, lr: 1, meanEpisodeCost: 3, threshold: 0, lambdaMax: 10 })).toBe(10);
    let lambda = 5;
    for (let i = 0; i < 100; i++) {
      lambda = additiveLambdaUpdate({ lambda, lr: 0.3, meanEpisodeCost: Math.sin(i) * 4, threshold: 0, lambdaMax: 8 });
      expect(lambda).toBeGreaterThanOrEqual(0);
      expect(lambda).toBeLessThanOrEqual(8);
    }
  });

  it('re-activates from λ = 0 at a constant rate, unlike upstream whose step is ∝ λ', () => {
    let additive = 0;
    let logUpstream = Math.log(1e-3);
    for (let i = 0; i < 10; i++) {
      additive = additiveLambdaUpdate({ lambda: additive, lr: 0.1, meanEpisodeCost: 0.5, threshold: 0, lambdaMax: 10 });
      logUpstream = lagrangeUpdate({ logLambda: logUpstream, lr: 0.1, meanEpisodeCost: 0.5, threshold: 0, lambdaMax: 10 });
    }
    expect(additive).toBeCloseTo(0.5, 12);
    expect(Math.exp(logUpstream)).toBeLessThan(1.01e-3);
  });
});

