import * as tf from '@tensorflow/tfjs';
import seedrandom from 'seedrandom';
import { beforeAll, describe, expect, it } from 'vitest';
import { setNodeBackend } from '../compute/nodeBackends';
import { dense, embed, gruStep, gruWeights } from './layers';
import { Policy, POLICY_BOS, POLICY_EOS, POLICY_PAD, tokenLogProbs } from './policy';
import type { ModelSizes } from './sizes';

const SIZES: ModelSizes = {
  vocabSize: 12, embedSize: 6, hiddenSize: 8, imageSize: 8, cnnChannels: 2, maxQuestionTokens: 4, maxResponseTokens: 7,
};

function prompts(batch: number, seed = 1): { images: tf.Tensor4D; questions: tf.Tensor2D } {
  const random = seedrandom.alea(`prompts:${seed}`);
  const s = SIZES.imageSize;
  const images = tf.tensor4d(Float32Array.from({ length: batch * s * s * 3 }, () => random()), [batch, s, s, 3]);
  const questions = tf.tensor2d(
    Int32Array.from({ length: batch * 4 }, (_, i) => (i % 4 === 3 ? 0 : 4 + Math.floor(random() * 8))),
    [batch, 4], 'int32',
  );
  return { images, questions };
}

describe('Policy', () => {
  beforeAll(async () => setNodeBackend('cpu'));

  it('stops rows at EOS; the mask is 1 through EOS inclusive and 0 after', async () => {
    const policy = Policy.create(SIZES, 3);
    const { images, questions } = prompts(16);
    const out = await policy.sample(images, questions, { maxTokens: 7, temperature: 1.5, topP: 1, random: seedrandom.alea('s') });
    let stopped = 0;
    for (let b = 0; b < 16; b++) {
      const row = Array.from(out.tokens.subarray(b * 7, b * 7 + 7));
      const mask = Array.from(out.mask.subarray(b * 7, b * 7 + 7));
      const length = out.lengths[b];
      expect(mask).toEqual(row.map((_, t) => (t < length ? 1 : 0)));
      const firstEos = row.indexOf(POLICY_EOS);
      if (firstEos >= 0) {
        stopped++;
        expect(length).toBe(firstEos + 1);
        expect(row.slice(length).every((token) => token === POLICY_PAD)).toBe(true);
      } else expect(length).toBe(7);
    }
    expect(stopped).toBeGreaterThan(0);

    // A policy that always says EOS first: every row has length 1, mask [1, 0, …].
    const bias = policy.store.get('head/b');
    bias.assign(tf.oneHot(POLICY_EOS, SIZES.vocabSize).toFloat().mul(50));
    const eos = await policy.sample(images, questions, { maxTokens: 7, temperature: 1, topP: 0.9, random: seedrandom.alea('e') });
    expect(Array.from(eos.lengths)).toEqual(new Array(16).fill(1));
    expect(Array.from(eos.mask.subarray(0, 7))).toEqual([1, 0, 0, 0, 0, 0, 0]);
    tf.dispose([images, questions]);
    policy.dispose();
  });

  it('logp[t] = log π(y_t | x, y_<t), matching a step-by-step decode', async () => {
    const policy = Policy.create(SIZES, 5);
    const { images, questions } = prompts(3);
    const responses = tf.tensor2d([[5, 6, 7, 2, 0], [8, 2, 0, 0, 0], [9, 10, 11, 4, 5]], [3, 5], 'int32');
    const logp = await policy.logProbs(images, questions, responses, 0.8).array();
    const rows = await responses.array();
    const expected = tf.tidy(() => {
      let h = policy.prompt.encode(images, questions);
      const out: tf.Tensor[] = [];
      let previous = tf.tensor1d([POLICY_BOS, POLICY_BOS, POLICY_BOS], 'int32');
      for (let t = 0; t < 5; t++) {
        h = gruStep(gruWeights(policy.store, 'gru'), embed(policy.store, 'token_embedding', previous) as tf.Tensor2D, h);
        const logSoftmax = tf.logSoftmax(tf.div(dense(policy.store, 'head', h), 0.8));
        const current = tf.tensor1d(rows.map((row) => row[t]), 'int32');
        out.push(tf.sum(tf.mul(logSoftmax, tf.oneHot(current, SIZES.vocabSize).toFloat()), 1));
        previous = current;
      }
      return tf.stack(out, 1);
    });
    const expectedRows = (await expected.array()) as number[][];
    for (let b = 0; b < 3; b++) for (let t = 0; t < 5; t++) expect(logp[b][t]).toBeCloseTo(expectedRows[b][t], 5);

    // Causal: changing y_3 leaves logp[0..3) unchanged but changes logp[3].
    const edited = tf.tensor2d([[5, 6, 7, 9, 0], [8, 2, 0, 0, 0], [9, 10, 11, 4, 5]], [3, 5], 'int32');
    const logpEdited = await policy.logProbs(images, questions, edited, 0.8).array();
    expect(logpEdited[0].slice(0, 3)).toEqual(logp[0].slice(0, 3));
    expect(logpEdited[0][3]).not.toBeCloseTo(logp[0][3], 5);
    tf.dispose([images, questions, responses, expected, edited]);
    policy.dispose();
  });

  it('same seed ⇒ identical samples; a different seed differs; no tensors leak', async () => {
    const policy = Policy.create(SIZES, 7);
    const { images, questions } = prompts(8);
    const before = tf.memory().numTensors;
    const options = (seed: string) => ({ maxTokens: 7, temperature: 1, topP: 0.9, random: seedrandom.alea(seed) });
    const a = await policy.sample(images, questions, options('x'));
    const b = await policy.sample(images, questions, options('x'));
    const c = await policy.sample(images, questions, options('y'));
    expect(tf.memory().numTensors).toBe(before);
    expect(Array.from(a.tokens)).toEqual(Array.from(b.tokens));
    expect(Array.from(a.tokens)).not.toEqual(Array.from(c.tokens));
    const copy = policy.clone();
    const d = await copy.sample(images, questions, options('x'));
    expect(Array.from(d.tokens)).toEqual(Array.from(a.tokens));
    tf.dispose([images, questions]);
    copy.dispose();
    policy.dispose();
  });

  it('token log-probs, their gradient and the entropy equal the log-softmax forms (one exponential pass)', async () => {
    const random = seedrandom.alea('logits');
    const logits = tf.tensor3d(Float32Array.from({ length: 2 * 3 * 5 }, () => (random() - 0.5) * 40), [2, 3, 5]);
    const tokens = tf.tensor2d([0, 4, 2, 3, 3, 1], [2, 3], 'int32');
    const weights = tf.tensor2d([1, -2, 0.5, 3, -1, 2], [2, 3]);
    const temperature = 0.7;
    const reference = (x: tf.Tensor) =>
      tf.sum(tf.mul(tf.logSoftmax(tf.div(x, temperature)), tf.oneHot(tokens, 5).toFloat()), 2) as tf.Tensor2D;
    const close = async (a: tf.Tensor, b: tf.Tensor) => {
      const [va, vb] = [await a.data(), await b.data()];
      va.forEach((v, i) => expect(Math.abs(v - vb[i])).toBeLessThan(1e-5 * Math.max(1, Math.abs(vb[i]))));
    };
    await close(tokenLogProbs(logits, tokens, temperature), reference(logits));
    const loss = (f: (x: tf.Tensor) => tf.Tensor) => (x: tf.Tensor) => tf.sum(tf.mul(f(x), weights));
    await close(
      tf.grad(loss((x) => tokenLogProbs(x as tf.Tensor3D, tokens, temperature)))(logits),
      tf.grad(loss(reference))(logits),
    );
    const policy = Policy.create(SIZES, 3);
    const { images, questions } = prompts(2);
    const responses = tf.tensor2d([5, 6, 2, 0, 0, 0, 0, 7, 7, 8, 9, 2, 0, 0], [2, 7], 'int32');
    const both = policy.logProbsAndEntropy(images, questions, responses, temperature);
    const logp = tf.logSoftmax(tf.div(policy.logits(images, questions, responses), temperature));
    await close(both.entropy, tf.neg(tf.sum(tf.mul(tf.exp(logp), logp), 2)));
    await close(both.logProbs, policy.logProbs(images, questions, responses, temperature));
    tf.dispose([logits, tokens, weights, images, questions, responses, both.entropy, both.logProbs, logp]);
    policy.dispose();
  });

  it('keepLogits returns the teacher-forced logits of the samples (all steps, also after every row ended), cpu and wasm', async () => {
    for (const backend of ['cpu', 'wasm'] as const) {
      await setNodeBackend(backend);
      const policy = Policy.create(SIZES, 11);
      const { images, questions } = prompts(6);
      const compare = async (temperature: number, seed: string) => {
        const before = tf.memory().numTensors;
        const out = await policy.sample(images, questions, { maxTokens: 7, temperature, topP: 1, random: seedrandom.alea(seed), keepLogits: true });
        const tokens = tf.tensor2d(out.tokens, [6, 7], 'int32');
        const expected = policy.logits(images, questions, tokens);
        expect(out.logits!.shape).toEqual([6, 7, SIZES.vocabSize]);
        const [got, want] = [await out.logits!.data(), await expected.data()];
        want.forEach((v, i) => expect(Math.abs(got[i] - v)).toBeLessThan(1e-5 * Math.max(1, Math.abs(v))));
        tf.dispose([out.logits!, tokens, expected]);
        expect(tf.memory().numTensors).toBe(before);
        return out;
      };
      await compare(1.3, 'k');
      // Every row ends at step 0: the kept logits still cover all 7 steps (PAD inputs after EOS).
      const bias = policy.store.get('head/b');
      tf.tidy(() => bias.assign(tf.oneHot(POLICY_EOS, SIZES.vocabSize).toFloat().mul(50)));
      const ended = await compare(1, 'e');
      expect(Array.from(ended.lengths)).toEqual(new Array(6).fill(1));
      tf.dispose([images, questions]);
      policy.dispose();
    }
    await setNodeBackend('cpu');
  });
});
