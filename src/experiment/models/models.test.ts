import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { setNodeBackend } from '../../compute/nodeBackends';
import { vocabularyTexts } from '../../data/encode';
import type { SampleRecord } from '../../data/record';
import { Vocabulary } from '../../data/tokenizer';
import { GuardModel } from '../../models/guardModel';
import { Policy } from '../../models/policy';
import { ScoreModel } from '../../models/scoreModel';
import { TINY } from '../../models/testFixtures';
import { decodeArtifacts, encodeArtifacts, fingerprint, makeMetadata, type LoadedWeights } from '../../models/weightsIO';
import { modelFromWeights, weightsProblem } from './modelFromWeights';
import { buildPackModels } from './packModels';
import { loadShippedModel, loadShippedVocabulary, SHIPPED_WEIGHTS_DIRS, type ShippedWeightsReader } from './shippedModels';
import { chooseVocabulary } from './vocabularyChoice';

const vocab = Vocabulary.build(['a cat', 'a dog']);
const sizes = { ...TINY, vocabSize: vocab.size };
const print = fingerprint(vocab.toJSON());

async function weightsOf(model: ScoreModel | GuardModel | Policy, kind: string, vocabulary: unknown = vocab.toJSON()): Promise<LoadedWeights> {
  const artifacts = await encodeArtifacts(model.getWeights(), makeMetadata({ kind, sizes: model.sizes, vocabulary }));
  return decodeArtifacts(artifacts, `${kind}.json`);
}

async function sameWeights(a: tf.NamedTensorMap, b: tf.NamedTensorMap): Promise<boolean> {
  for (const name of Object.keys(a)) if ((await a[name].data()).join() !== (await b[name].data()).join()) return false;
  return Object.keys(a).length === Object.keys(b).length;
}

describe('experiment core: models from weights', () => {
  beforeAll(async () => setNodeBackend('cpu'));

  it('names the first problem: kind, then vocabulary, then vocabulary size, then sizes (maxResponseTokens aside)', async () => {
    const reward = ScoreModel.create(sizes, 1);
    const { metadata } = await weightsOf(reward, 'reward');
    expect(weightsProblem('cost', metadata, {})).toBe('it holds a reward model, not a cost model');
    expect(weightsProblem('reward', metadata, { vocabularyFingerprint: 'other' })).toMatch(/^it was trained with another vocabulary/);
    expect(weightsProblem('reward', metadata, { vocabSize: sizes.vocabSize + 1 })).toBe(
      `its vocabulary has ${sizes.vocabSize} tokens, the current one ${sizes.vocabSize + 1}`,
    );
    expect(weightsProblem('reward', metadata, { sizes: { ...sizes, hiddenSize: sizes.hiddenSize + 1 } })).toMatch(/hidden/i);
    // maxResponseTokens only bounds generation: weights fit a config with another one.
    expect(weightsProblem('reward', metadata, { vocabularyFingerprint: print, vocabSize: sizes.vocabSize, sizes: { ...sizes, maxResponseTokens: 99 } })).toBeNull();
    reward.dispose();
  });

  it('builds each kind with the same weights, throws "<source>: <problem>" on a misfit, and leaks no tensor either way', async () => {
    const originals = { reward: ScoreModel.create(sizes, 1), guard: GuardModel.create(sizes, 2), policy: Policy.create(sizes, 3) };
    for (const [kind, original] of Object.entries(originals) as [keyof typeof originals, ScoreModel | GuardModel | Policy][]) {
      const before = tf.memory().numTensors;
      await expect(weightsOf(original, kind, { version: 1, words: ['other'] }).then((w) => modelFromWeights(kind, w, { vocabularyFingerprint: print }, 'f.json'))).rejects.toThrow(
        /^f\.json: it was trained with another vocabulary/,
      );
      expect(tf.memory().numTensors).toBe(before);
      const built = modelFromWeights(kind, await weightsOf(original, kind), { vocabularyFingerprint: print, sizes }, 'g.json');
      expect(built).toBeInstanceOf(original.constructor);
      expect(await sameWeights(built.getWeights(), original.getWeights())).toBe(true);
      const variables = built.variables.length;
      built.dispose();
      expect(tf.memory().numTensors).toBe(before);
      expect(variables).toBeGreaterThan(0);
      original.dispose();
    }
  });

  it('builds a pack all or nothing: a broken model disposes those already built', async () => {
    const models = { reward: ScoreModel.create(sizes, 1), cost: ScoreModel.create(sizes, 2), guard: GuardModel.create(sizes, 3), policy: Policy.create(sizes, 4) };
    const pack = async () => ({
      manifest: {} as never,
      tokenizer: vocab,
      models: {
        reward: await weightsOf(models.reward, 'reward'),
        cost: await weightsOf(models.cost, 'cost'),
        guard: await weightsOf(models.guard, 'guard'),
        policy: await weightsOf(models.policy, 'policy'),
      },
    });
    const before = tf.memory().numTensors;
    const good = buildPackModels(await pack(), 'p.zip');
    expect(await sameWeights(good.policy.getWeights(), models.policy.getWeights())).toBe(true);
    expect(good.sizes).toEqual(sizes);
    for (const model of [good.reward, good.cost, good.guard, good.policy]) model.dispose();
    expect(tf.memory().numTensors).toBe(before);

    const broken = await pack();
    // The guard's file holds the policy's weights: its shapes do not fit a guard.
    tf.dispose(Object.values(broken.models.guard.weights));
    broken.models.guard = await weightsOf(models.policy, 'guard');
    expect(() => buildPackModels(broken, 'q.zip')).toThrow(/^q\.zip: /);
    expect(tf.memory().numTensors).toBe(before);
    Object.values(models).forEach((model) => model.dispose());
  });

  it('reads a shipped folder through any reader: missing, unreadable and misfitting weights each say so', async () => {
    const reward = ScoreModel.create(sizes, 1);
    const files: Record<string, LoadedWeights | Error | undefined> = {
      [SHIPPED_WEIGHTS_DIRS.reward]: await weightsOf(reward, 'reward'),
      [SHIPPED_WEIGHTS_DIRS.cost]: await weightsOf(reward, 'reward'),
      [SHIPPED_WEIGHTS_DIRS.guard]: new Error('guard/model.json: HTTP 500'),
    };
    const reader: ShippedWeightsReader = {
      json: async (file) => (file === 'vocab.json' ? vocab.toJSON() : null),
      weights: async (dir) => {
        const found = files[dir];
        if (found instanceof Error) throw found;
        return found ?? null;
      },
      label: (_kind, dir) => `weights/${dir}`,
    };
    expect((await loadShippedVocabulary(reader))?.toJSON()).toEqual(vocab.toJSON());
    const expected = { vocabularyFingerprint: print, sizes };
    const loaded = await loadShippedModel(reader, 'reward', expected);
    expect(loaded.model).toBeInstanceOf(ScoreModel);
    expect('metadata' in loaded && loaded.metadata.kind).toBe('reward');
    expect(await loadShippedModel(reader, 'cost', expected)).toEqual({ model: null, problem: 'mismatch', reason: 'weights/cost: it holds a reward model, not a cost model' });
    expect(await loadShippedModel(reader, 'guard', expected)).toEqual({ model: null, problem: 'unreadable', reason: 'guard/model.json: HTTP 500' });
    expect(await loadShippedModel(reader, 'policy', expected)).toEqual({ model: null, problem: 'missing', reason: 'weights/policy-sft: no model.json' });
    loaded.model?.dispose();
    reward.dispose();
  });
});

describe('experiment core: vocabulary choice', () => {
  const rows = [{ question: 'a red cat', responses: [{ text: 'a cat' }] }] as unknown as SampleRecord[];
  const shipped = Vocabulary.build(['shipped words']);
  const pack = Vocabulary.build(['pack words']);

  it('takes a pack, else the shipped vocabulary, else builds one from the rows (read only then)', () => {
    let read = 0;
    const rowsOnce = () => {
      read++;
      return rows;
    };
    expect(chooseVocabulary({ pack, shipped, rows: rowsOnce })).toEqual({ vocab: pack, source: 'pack' });
    expect(chooseVocabulary({ pack: null, shipped, rows: rowsOnce })).toEqual({ vocab: shipped, source: 'shipped' });
    expect(read).toBe(0);
    const built = chooseVocabulary({ shipped: null, rows: rowsOnce });
    expect(built.source).toBe('data');
    expect(read).toBe(1);
    expect(built.vocab.toJSON()).toEqual(Vocabulary.build(vocabularyTexts(rows)).toJSON());
    expect(built.vocab.knowsWord('red')).toBe(true);
  });
});
