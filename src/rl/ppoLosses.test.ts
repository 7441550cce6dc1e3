import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { gae } from './gae';
import { actorLoss, approxKl, clipFraction, criticLoss, mixAdvantages } from './ppoLosses';
import { shapeRewards } from './shaping';
import { scalar, t1, t2, values } from './testUtil';


describe('mixAdvantages', () => {
  it('computes (A_r − λ·A_c)/(1+λ) and equals A_r at λ = 0 (invariant 1)', async () => {
    const ar = t2([[1, 2]]);
    const ac = t2([[3, -1]]);
    expect(await values(mixAdvantages(ar, ac, 0))).toEqual([1, 2]);
    const mixed = await values(mixAdvantages(ar, ac, 2));
    expect(mixed[0]).toBeCloseTo((1 - 6) / 3, 6);
    expect(mixed[1]).toBeCloseTo((2 + 2) / 3, 6);
  });

  it('effective KL weight is β for every λ (invariant 2)', async () => {
    const logProbs = t2([[-1, -0.3, -2], [-0.5, -1, -1]]);
    const refLogProbs = t2([[-1.4, -0.1, -1], [-0.2, -1.5, -1]]);
    const mask = t2([[1, 1, 1], [1, 1, 0]]);
    const zeros = t1([0, 0]);
    const stream = async (s: 'reward' | 'cost') => {
      const shaped = await tf.tensor2d(await values(shapeRewards({ logProbs, refLogProbs, mask, score: zeros, klCoeff: 0.05, clipRangeScore: 50, stream: s })), [2, 3]).array();
      return gae({ rewards: shaped, values: [[0, 0, 0], [0, 0, 0]], mask: await mask.array(), gamma: 1, lambda: 0.95 }).advantages;
    };
    const ar = t2(await stream('reward'));
    const ac = t2(await stream('cost'));
    const plain = await values(ar);
    for (const lambda of [0, 0.5, 3, 20]) {
      const mixed = await values(mixAdvantages(ar, ac, lambda));
      mixed.forEach((v, i) => expect(v).toBeCloseTo(plain[i], 6));
    }
  });
});

describe('actorLoss', () => {
  const mask = t2([[1, 1, 0]]);
  const advantages = t2([[1, -2, 5]]);

  it('at ρ = 1 the clipped and unclipped losses are equal: −masked_mean(A) (invariant 3)', async () => {
    const logp = t2([[-1, -2, -3]]);
    const loss = actorLoss({ logProbs: logp, oldLogProbs: logp, advantages, mask, clipRatio: 0.2 });
    expect(await scalar(loss)).toBeCloseTo(-(1 - 2) / 2, 6);
    const wide = actorLoss({ logProbs: logp, oldLogProbs: logp, advantages, mask, clipRatio: 100 });
    expect(await scalar(wide)).toBeCloseTo(await scalar(loss), 7);
  });

  it('clips the ratio as PPO does (hand-computed)', async () => {
    // ρ = e^{0.5} ≈ 1.6487 on token 0 (A = 1 → clipped to 1.2), ρ = e^{−0.5} ≈ 0.6065 on token 1 (A = −2 → min picks 0.8·−2)
    const loss = actorLoss({
      logProbs: t2([[-0.5, -1.5, 0]]), oldLogProbs: t2([[-1, -1, 0]]), advantages, mask, clipRatio: 0.2,
    });
    const token0 = Math.min(Math.exp(0.5) * 1, 1.2 * 1);
    const token1 = Math.min(Math.exp(-0.5) * -2, 0.8 * -2);
    expect(await scalar(loss)).toBeCloseTo(-(token0 + token1) / 2, 5);
  });

  it('averages per sample first, then over the batch', async () => {
    const loss = actorLoss({
      logProbs: t2([[0, 0, 0], [0, 0, 0]]), oldLogProbs: t2([[0, 0, 0], [0, 0, 0]]),
      advantages: t2([[1, 1, 1], [4, 0, 0]]), mask: t2([[1, 1, 1], [1, 0, 0]]), clipRatio: 0.2,
    });
    expect(await scalar(loss)).toBeCloseTo(-(1 + 4) / 2, 6);
  });
});

describe('criticLoss', () => {
  it('is ½·masked_mean(max((V−G)², (V_clip−G)²)) and never lets the clip move V more than ε_v (invariant 10)', async () => {
    const loss = criticLoss({
      values: t2([[3, 0.5, 9]]), oldValues: t2([[0, 0, 0]]), returns: t2([[1, 1, 1]]), mask: t2([[1, 1, 0]]), clipRangeValue: 1,
    });
    // token 0: (3−1)² = 4 vs (clip→1 − 1)² = 0 → 4; token 1: 0.25 vs 0.25 → 0.25
    expect(await scalar(loss)).toBeCloseTo(0.5 * ((4 + 0.25) / 2), 6);
  });
});

describe('diagnostics', () => {
  it('clip fraction and approximate KL', async () => {
    const args = { logProbs: t2([[-0.5, -1, -1]]), oldLogProbs: t2([[-1, -1, -1]]), mask: t2([[1, 1, 0]]) };
    expect(await scalar(clipFraction({ ...args, clipRatio: 0.2 }))).toBeCloseTo(0.5, 6);
    expect(await scalar(approxKl(args))).toBeCloseTo((-0.5 + 0) / 2, 6);
  });
});

describe('no tensor leaks (invariant 14)', () => {
  it('keeps tf.memory().numTensors flat across many calls', async () => {
    const logp = t2([[-1, -2]]);
    const mask = t2([[1, 1]]);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 50; i++) {
      const loss = actorLoss({ logProbs: logp, oldLogProbs: logp, advantages: logp, mask, clipRatio: 0.2 });
      const critic = criticLoss({ values: logp, oldValues: logp, returns: logp, mask, clipRangeValue: 5 });
      await loss.data();
      loss.dispose();
      critic.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
  });
});
