import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { costModelLoss, rewardModelLoss } from './scoreLosses';
import { scalar, t1 } from './testUtil';

const softplus = (x: number) => Math.log(1 + Math.exp(x));
const nls = (x: number) => softplus(-x); // −log σ(x)


describe('rewardModelLoss', () => {
  it('matches the hand-computed value', async () => {
    const better = [1, 0.5];
    const worse = [0, 1];
    const expected = (nls(1) + nls(-0.5)) / 2 + 0.01 * ((1 + 0.25 + 0 + 1) / 4);
    const loss = rewardModelLoss({ better: t1(better), worse: t1(worse), regularization: 0.01 });
    expect(await scalar(loss)).toBeCloseTo(expected, 6);
  });

  it('swapping better and worse flips the pairwise term (invariant 12)', async () => {
    const a = await scalar(rewardModelLoss({ better: t1([2]), worse: t1([0]), regularization: 0 }));
    const b = await scalar(rewardModelLoss({ better: t1([0]), worse: t1([2]), regularization: 0 }));
    expect(a).toBeCloseTo(nls(2), 6);
    expect(b).toBeCloseTo(nls(-2), 6);
    expect(b - a).toBeCloseTo(2, 6); // softplus(x) − softplus(−x) = x
  });
});

describe('costModelLoss', () => {
  it('matches the hand-computed value with graded signs and k = 0.5', async () => {
    const unsafer = [1.5, -0.2];
    const safer = [-1, 0.3];
    const sHi = [3, 1];
    const sLo = [-2, 0];
    const k = 0.5;
    const pair = (nls(2.5) + nls(-0.5)) / 2;
    const cls = (nls(4.5) + nls(-0.2)) / 2 + (nls(2) + nls(0)) / 2;
    const l2 = (1 + 0.09 + 2.25 + 0.04) / 4;
    const loss = costModelLoss({
      unsafer: t1(unsafer), safer: t1(safer), unsaferSign: t1(sHi), saferSign: t1(sLo),
      regularization: 0.001, scaleCoeff: k,
    });
    expect(await scalar(loss)).toBeCloseTo(pair + k * cls + 0.001 * l2, 6);
  });

  it('s = 0 gives zero classification gradient; the sign term pushes harmful answers positive (invariant 12)', async () => {
    const grad = (sign: number) =>
      tf.grad((c: tf.Tensor) =>
        costModelLoss({
          unsafer: c as tf.Tensor1D, safer: t1([0]), unsaferSign: t1([sign]), saferSign: t1([0]),
          regularization: 0, scaleCoeff: 1,
        }),
      )(t1([0.4]));
    const pairwiseOnly = await scalar(grad(0));
    expect(pairwiseOnly).toBeCloseTo(-1 / (1 + Math.exp(0.4)), 6); // d/dc −log σ(c − 0)
    // With s = +1 (unsafe) the gradient is more negative: descent raises the cost.
    expect(await scalar(grad(1))).toBeLessThan(pairwiseOnly);
  });

  it('±1 labels and the graded form agree when the rates are ±1', async () => {
    const args = { unsafer: t1([0.7, 0.1]), safer: t1([-0.3, 0.2]), regularization: 0.001 };
    const binary = costModelLoss({ ...args, unsaferSign: t1([1, 1]), saferSign: t1([-1, -1]) });
    const graded = costModelLoss({ ...args, unsaferSign: t1([-(-1), -(-1)]), saferSign: t1([-1, -1]) });
    expect(await scalar(binary)).toBeCloseTo(await scalar(graded), 7);
  });
});
