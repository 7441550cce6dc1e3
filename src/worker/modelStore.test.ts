import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { setNodeBackend } from '../compute/nodeBackends';
import { GuardModel } from '../models/guardModel';
import { ScoreModel } from '../models/scoreModel';
import { TINY } from '../models/testFixtures';
import { encodeArtifacts, decodeArtifacts, makeMetadata } from '../models/weightsIO';
import { getGuardModel, getScoreModel, getSizes, getVocabulary, modelFromLoaded, modelInfo, onModelsChanged, setModel } from './modelStore';

async function loadedOf(model: ScoreModel | GuardModel, kind: string, vocabulary: unknown) {
  const artifacts = await encodeArtifacts(model.getWeights(), makeMetadata({ kind, sizes: model.sizes, vocabulary }));
  return decodeArtifacts(artifacts, `${kind}.json`);
}

describe('model store', () => {
  beforeAll(async () => setNodeBackend('cpu'));

  it('installs models, checks kind, vocabulary and sizes, and never swaps in a bad file', async () => {
    const vocab = getVocabulary(); // no data loaded: the four special tokens
    const sizes = { ...TINY, vocabSize: vocab.size };
    let changes = 0;
    const unsubscribe = onModelsChanged(() => changes++);
    const reward = ScoreModel.create(sizes, 1);
    setModel('reward', reward, 'trained', null);
    expect(getScoreModel('reward')).toBe(reward);
    expect(getSizes()).toEqual(sizes);
    expect(modelInfo('reward')?.parameters).toBeGreaterThan(0);
    expect(changes).toBe(1);

    const cost = ScoreModel.create(sizes, 2);
    const before = tf.memory().numTensors;
    await expect(loadedOf(cost, 'reward', vocab.toJSON()).then((l) => modelFromLoaded('cost', l, 'x.json'))).rejects.toThrow(
      /x\.json: it holds a reward model, not a cost model/,
    );
    await expect(
      loadedOf(cost, 'cost', { version: 1, words: ['other'] }).then((l) => modelFromLoaded('cost', l, 'y.json')),
    ).rejects.toThrow(/another vocabulary/);
    expect(tf.memory().numTensors).toBe(before);
    expect(getScoreModel('cost')).toBeNull();
    const good = modelFromLoaded('cost', await loadedOf(cost, 'cost', vocab.toJSON()), 'z.json');
    setModel('cost', good, 'imported', null);
    expect(getScoreModel('cost')).toBe(good);

    // A guard with other sizes becomes the store's sizes; the models that no longer fit are removed.
    const guard = GuardModel.create({ ...sizes, hiddenSize: 10 }, 3);
    setModel('guard', guard, 'trained', null);
    expect(getGuardModel()).toBe(guard);
    expect(getScoreModel('reward')).toBeNull();
    expect(getScoreModel('cost')).toBeNull();
    expect(getSizes().hiddenSize).toBe(10);
    unsubscribe();
    cost.dispose();
  });
});
