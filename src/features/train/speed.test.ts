import { describe, expect, it } from 'vitest';
import { speedFromSamples } from './useTrain';

describe('speedFromSamples', () => {
  it('is iterations per wall-clock second over the window and the mean of the last tokens/s rows', () => {
    const speed = speedFromSamples(
      [
        [1000, 4],
        [1500, 6],
        [3000, 12],
      ],
      [100, NaN, 300],
    );
    expect(speed.iterationsPerSecond).toBeCloseTo(4, 12); // 8 iterations in 2 s
    expect(speed.tokensPerSecond).toBeCloseTo(200, 12);
  });

  it('has no rate from a single sample', () => {
    expect(speedFromSamples([[0, 1]], [])).toEqual({ iterationsPerSecond: null, tokensPerSecond: null });
  });
});
