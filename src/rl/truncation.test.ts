import { describe, expect, it } from 'vitest';
import { truncationAdjusted } from './truncation';

describe('truncationAdjusted: score ← score + shift·[truncated]', () => {
  it('shifts only truncated responses (reward −p, cost +p), leaves the input untouched', () => {
    const rewards = Float32Array.from([1.5, -0.5, 2]);
    const flags = Uint8Array.from([0, 1, 1]);
    expect(Array.from(truncationAdjusted(rewards, flags, -2))).toEqual([1.5, -2.5, 0]);
    expect(Array.from(truncationAdjusted([0.25, 1], [1, 0], 2))).toEqual([2.25, 1]);
    expect(Array.from(rewards)).toEqual([1.5, -0.5, 2]);
  });

  it('a zero penalty changes nothing; mismatched lengths are an error', () => {
    expect(Array.from(truncationAdjusted([1, 2], [1, 1], 0))).toEqual([1, 2]);
    expect(() => truncationAdjusted([1, 2], [1], 1)).toThrow(/2 scores but 1/);
  });
});
