import { describe, expect, it } from 'vitest';
import { compareFingerprints, scaledDeviation, stampOf, verdictText } from './numerics';

const tol = { relative: 1e-3, floor: 1e-4 };

describe('scaledDeviation', () => {
  it('is the relative error, absolute below the floor, Infinity for missing or non-finite values', () => {
    expect(scaledDeviation(2, 2.002, 1e-4)).toBeCloseTo(1e-3, 12);
    // |r| = 1e-6 < floor: (3e-6 − 1e-6) / 1e-4 = 2e-2.
    expect(scaledDeviation(1e-6, 3e-6, 1e-4)).toBeCloseTo(2e-2, 12);
    expect(scaledDeviation(-4, 4, 1e-4)).toBe(2);
    expect(scaledDeviation(1, NaN, 1e-4)).toBe(Infinity);
    expect(scaledDeviation(1, Infinity, 1e-4)).toBe(Infinity);
    expect(scaledDeviation(1, undefined, 1e-4)).toBe(Infinity);
  });
});

describe('compareFingerprints', () => {
  const reference = { 'policy loss': 2, 'policy ∇gru/wh': 0.5, 'critic ∇head/b': 1e-6 };

  it('passes values within the tolerance and reports the largest deviation', () => {
    // 0.001 / 2 = 5e-4; below the floor the difference counts absolutely: (1.02e-6 − 1e-6) / 1e-4 = 2e-4.
    const verdict = compareFingerprints('wasm', reference, { 'policy loss': 2.001, 'policy ∇gru/wh': 0.5, 'critic ∇head/b': 1.02e-6 }, tol);
    expect(verdict.passed).toBe(true);
    expect(verdict.compared).toBe(3);
    expect(verdict.worst!.name).toBe('policy loss');
    expect(verdict.maxDeviation).toBeCloseTo(5e-4, 9);
  });

  it('refuses an all-zero gradient (tfjs issue 8590), naming it first', () => {
    const verdict = compareFingerprints('webgpu', { 'policy loss': 2, 'policy ∇gru/wh': 0.5 }, { 'policy loss': 2, 'policy ∇gru/wh': 0 }, tol);
    expect(verdict.passed).toBe(false);
    expect(verdict.maxDeviation).toBe(1);
    expect(verdict.failures.map((f) => f.name)).toEqual(['policy ∇gru/wh']);
    expect(verdictText(verdict)).toBe(
      'webgpu refused by the numerics check: policy ∇gru/wh is 0.00000 on webgpu, 0.500000 on cpu (deviation 1.0e+0, tolerance 1.0e-3; 1 of 2 values outside)',
    );
    expect(stampOf(verdict)).toEqual({ backend: 'webgpu', passed: false, maxDeviation: 1, worst: 'policy ∇gru/wh', tolerance: 1e-3 });
  });

  it('refuses NaN and missing values and never passes an empty comparison', () => {
    const nan = compareFingerprints('webgl', { a: 1, b: 1 }, { a: NaN }, tol);
    expect(nan.passed).toBe(false);
    expect(nan.failures).toHaveLength(2);
    expect(verdictText(nan)).toMatch(/is NaN on webgl/);
    expect(stampOf(nan).maxDeviation).toBeNull();
    expect(compareFingerprints('x', {}, {}, tol).passed).toBe(false);
  });

  it('describes a pass with its largest deviation', () => {
    const verdict = compareFingerprints('wasm', { a: 1 }, { a: 1.0000001 }, tol);
    expect(verdictText(verdict)).toBe('wasm passed the numerics check: 1 values within 1.0e-3 of cpu (largest deviation 1.0e-7, a)');
  });
});
