import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { setNodeBackend } from '../compute/nodeBackends';
import { GuardModel } from './guardModel';
import { addConv, addGru, convRelu, gruSequence, gruStep, gruWeights, maxPool2, ParamStore, seededRng } from './layers';
import { endScores, maskFromLengths, ScoreModel } from './scoreModel';
import { modelFixture as fixture, TINY } from './testFixtures';

describe('score model', () => {
  beforeAll(async () => setNodeBackend('cpu'));

  it('end score = score at the last mask-1 index; right padding never changes it', async () => {
    const scores = tf.tensor2d([
      [1, 2, 3, 4],
      [5, 6, 7, 8],
      [9, 10, 11, 12],
    ]);
    const mask = tf.tensor2d([
      [1, 1, 0, 0],
      [1, 1, 1, 1],
      [1, 0, 0, 0],
    ]);
    expect(Array.from(await endScores(scores, mask).data())).toEqual([2, 8, 9]);

    const model = ScoreModel.create(TINY, 1);
    const { images, questions, tokens } = fixture(2, 4);
    const lengths = tf.tensor1d([3, 4], 'int32');
    const short = endScores(model.scores(images, questions, tokens), maskFromLengths(lengths, 4));
    // Same rows with 3 extra PAD (0) columns on the right.
    const padded = tf.concat([tokens, tf.zeros([2, 3], 'int32')], 1) as tf.Tensor2D;
    const long = endScores(model.scores(images, questions, padded), maskFromLengths(lengths, 7));
    const [a, b] = [await short.data(), await long.data()];
    for (let i = 0; i < 2; i++) expect(Math.abs(a[i] - b[i])).toBeLessThan(1e-6);
    tf.dispose([scores, mask, images, questions, tokens, lengths, short, padded, long]);
    model.dispose();
  });

  it('has the documented shapes, clones deeply and starts near zero', async () => {
    const model = ScoreModel.create(TINY, 2);
    const { images, questions, tokens } = fixture(3);
    const scores = model.scores(images, questions, tokens);
    expect(scores.shape).toEqual([3, TINY.maxResponseTokens]);
    expect(Math.max(...Array.from(await scores.abs().data()))).toBeLessThan(2);
    const copy = model.clone();
    const copyScores = copy.scores(images, questions, tokens);
    expect(Array.from(await copyScores.data())).toEqual(Array.from(await scores.data()));
    const headBias = model.store.get('head/b');
    expect(Array.from(await headBias.data())).toEqual([0]);
    copy.store.get('head/b').assign(tf.tensor1d([5]));
    expect(Array.from(await model.store.get('head/b').data())).toEqual([0]);
    tf.dispose([images, questions, tokens, scores, copyScores]);
    copy.dispose();
    model.dispose();
  });

  it('same seed gives the same weights; the GRU sequence equals stepping the cell', async () => {
    const a = ScoreModel.create(TINY, 9);
    const b = ScoreModel.create(TINY, 9);
    const wa = await a.store.get('gru/wh').data();
    const wb = await b.store.get('gru/wh').data();
    expect(Array.from(wa)).toEqual(Array.from(wb));
    a.dispose();
    b.dispose();

    const store = new ParamStore();
    addGru(store, 'g', seededRng(3), 4, 5);
    const params = gruWeights(store, 'g');
    const xs = tf.randomNormal([2, 3, 4], 0, 1, 'float32', 5) as tf.Tensor3D;
    const h0 = tf.randomNormal([2, 5], 0, 1, 'float32', 6) as tf.Tensor2D;
    const sequence = gruSequence(params, xs, h0);
    let h = h0;
    const steps = tf.unstack(xs, 1) as tf.Tensor2D[];
    for (const x of steps) h = gruStep(params, x, h);
    const last = sequence.slice([0, 2, 0], [2, 1, 5]).reshape([2, 5]);
    const diff = await last.sub(h).abs().max().data();
    expect(diff[0]).toBeLessThan(1e-5);
    store.dispose();
  });

  it('guard outputs have the documented shapes; question-only rows are accepted', async () => {
    const guard = GuardModel.create(TINY, 4);
    const { images, questions, tokens } = fixture(2);
    const lengths = tf.tensor1d([0, 4], 'int32');
    const out = guard.forward(images, questions, tokens, lengths);
    expect(out.unsafeLogit.shape).toEqual([2]);
    expect(out.severityLogits.shape).toEqual([2, 4]);
    expect(out.categoryLogits.shape).toEqual([2, 20]);
    const before = tf.memory().numTensors;
    const verdicts = await guard.predict(images, questions, tokens, lengths);
    expect(tf.memory().numTensors).toBe(before);
    expect(verdicts).toHaveLength(2);
    expect(verdicts[0].severityProbs.reduce((x, y) => x + y, 0)).toBeCloseTo(1, 5);
    expect(verdicts[0].topCategories).toHaveLength(3);
    tf.dispose([images, questions, tokens, lengths, out.unsafeLogit, out.severityLogits, out.categoryLogits]);
    guard.dispose();
  });

  it('setWeights rejects wrong shapes and changes nothing', async () => {
    const model = ScoreModel.create(TINY, 1);
    const other = ScoreModel.create({ ...TINY, hiddenSize: 10 }, 1);
    const before = Array.from(await model.store.get('head/w').data());
    expect(() => model.setWeights(other.getWeights())).toThrow(/shape/);
    expect(Array.from(await model.store.get('head/w').data())).toEqual(before);
    model.dispose();
    other.dispose();
  });
});

describe('conv helpers', () => {
  beforeAll(async () => setNodeBackend('cpu'));
  it('im2col convolution and reshape max-pool (the wasm path) match tf.conv2d and tf.maxPool', async () => {
    await setNodeBackend('wasm');
    const store = new ParamStore();
    addConv(store, 'c', seededRng(1), 3, 5);
    const x = tf.randomUniform([2, 6, 6, 3], 0, 1, 'float32', 3) as tf.Tensor4D;
    const ours = convRelu(store, 'c', x);
    const reference = tf.relu(tf.conv2d(x, store.get('c/w') as tf.Tensor4D, 1, 'same').add(store.get('c/b')));
    expect((await ours.sub(reference).abs().max().data())[0]).toBeLessThan(1e-5);
    const pooled = maxPool2(ours);
    const pooledReference = tf.maxPool(ours, 2, 2, 'valid');
    expect((await pooled.sub(pooledReference).abs().max().data())[0]).toBe(0);
    tf.dispose([x, ours, reference, pooled, pooledReference]);
    store.dispose();
    await setNodeBackend('cpu');
  });
});
