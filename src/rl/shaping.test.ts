import { describe, expect, it } from 'vitest';
import { shapeRewards } from './shaping';
import { t1, t2, values } from './testUtil';


describe('shapeRewards', () => {
  const logProbs = t2([[-1, -2, -0.5, -3], [-1, -1, -1, -1]]);
  const refLogProbs = t2([[-1.5, -1, -0.5, -1], [-2, -1, -1, -1]]);
  const mask = t2([[1, 1, 1, 0], [1, 1, 0, 0]]);

  it('puts −β·kl on every real token and R at each row’s own last real token (reward stream)', async () => {
    const out = shapeRewards({ logProbs, refLogProbs, mask, score: t1([2, -4]), klCoeff: 0.1, clipRangeScore: 50, stream: 'reward' });
    const expected = [-0.05, 0.1, 0 + 2, 0, -0.1 , 0 - 4, 0, 0];
    (await values(out)).forEach((v, i) => expect(v).toBeCloseTo(expected[i], 6));
  });

  it('uses +β·kl in the cost stream and clamps to ±clipRangeScore', async () => {
    const out = shapeRewards({ logProbs, refLogProbs, mask, score: t1([2, -4]), klCoeff: 0.1, clipRangeScore: 1, stream: 'cost' });
    const expected = [0.05, -0.1, 1, 0, 0.1, -1, 0, 0];
    (await values(out)).forEach((v, i) => expect(v).toBeCloseTo(expected[i], 6));
  });

  it('padding does not move the score: R lands on the last real token (invariant 8)', async () => {
    const short = shapeRewards({
      logProbs: t2([[-1, -1]]), refLogProbs: t2([[-1, -1]]), mask: t2([[1, 1]]), score: t1([3]),
      klCoeff: 0.02, clipRangeScore: 50, stream: 'reward',
    });
    const padded = shapeRewards({
      logProbs: t2([[-1, -1, -7, -7]]), refLogProbs: t2([[-1, -1, -2, -9]]), mask: t2([[1, 1, 0, 0]]), score: t1([3]),
      klCoeff: 0.02, clipRangeScore: 50, stream: 'reward',
    });
    expect((await values(padded)).slice(0, 2)).toEqual(await values(short));
    expect((await values(padded)).slice(2).every((v) => v === 0)).toBe(true);
  });
});
