import { describe, expect, it } from 'vitest';
import { defaultConfig } from './params';
import { groupSeeds, memberConfig, seedShares } from './seedGroup';

describe('seed groups', () => {
  it('are the seeds s, s+1, …, s+K−1', () => {
    expect(groupSeeds({ seed: 7, seeds: 4 })).toEqual([7, 8, 9, 10]);
    expect(groupSeeds({ seed: 42, seeds: 1 })).toEqual([42]);
  });

  it('stay within the seed range at its top', () => {
    const top = 2 ** 31 - 1;
    expect(groupSeeds({ seed: top, seeds: 3 })).toEqual([top - 2, top - 1, top]);
  });

  it("give each member the solo run's config with its seed", () => {
    const group = { ...defaultConfig(), seed: 7, seeds: 4, threshold: 0 };
    expect(memberConfig(group, 9)).toEqual({ ...defaultConfig(), seed: 9, threshold: 0 });
  });

  it('split into contiguous shares whose sizes differ by at most one', () => {
    expect(seedShares([7, 8, 9, 10], 2)).toEqual([[7, 8], [9, 10]]);
    expect(seedShares([1, 2, 3, 4, 5], 2)).toEqual([[1, 2, 3], [4, 5]]);
    expect(seedShares([1, 2, 3], 3)).toEqual([[1], [2], [3]]);
    expect(seedShares([5, 6], 4)).toEqual([[5], [6]]);
    expect(seedShares([5], 1)).toEqual([[5]]);
  });
});
