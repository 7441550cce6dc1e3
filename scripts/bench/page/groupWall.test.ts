import { describe, expect, it } from 'vitest';
import { seedShares } from './groupWall';

describe('seedShares', () => {
  it('splits s … s+K−1 into contiguous shares whose sizes differ by at most one', () => {
    expect(seedShares(7, 4, 2)).toEqual([{ seed: 7, seeds: 2 }, { seed: 9, seeds: 2 }]);
    expect(seedShares(1, 5, 2)).toEqual([{ seed: 1, seeds: 3 }, { seed: 4, seeds: 2 }]);
    expect(seedShares(1, 3, 3)).toEqual([{ seed: 1, seeds: 1 }, { seed: 2, seeds: 1 }, { seed: 3, seeds: 1 }]);
  });

  it('gives no empty share when there are more workers than seeds', () => {
    expect(seedShares(5, 2, 4)).toEqual([{ seed: 5, seeds: 1 }, { seed: 6, seeds: 1 }]);
  });
});
