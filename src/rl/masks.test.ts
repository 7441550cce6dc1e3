import { describe, expect, it } from 'vitest';
import { endOneHot, lastMaskIndex, maskedMean } from './masks';
import { scalar, t2, values } from './testUtil';


describe('masks', () => {
  it('finds each row’s last real token wherever the padding sits (invariant 13)', async () => {
    const mask = t2([[1, 1, 1, 0], [1, 0, 0, 0], [0, 1, 1, 0], [0, 0, 0, 0]]);
    expect(await values(lastMaskIndex(mask))).toEqual([2, 0, 2, 0]);
    expect(await values(endOneHot(mask))).toEqual([0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0]);
  });

  it('masked mean averages per sample, then over the batch', async () => {
    expect(await scalar(maskedMean(t2([[2, 4, 100], [3, 100, 100]]), t2([[1, 1, 0], [1, 0, 0]])))).toBeCloseTo(3, 6);
  });
});
