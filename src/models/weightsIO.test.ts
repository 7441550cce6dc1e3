import * as tf from '@tensorflow/tfjs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { setNodeBackend } from '../compute/nodeBackends';
import { GuardModel } from './guardModel';
import { ScoreModel } from './scoreModel';
import { TINY } from './testFixtures';
import { decodeArtifacts, fingerprint, loadWeights, saveWeights, type WeightsMetadata } from './weightsIO';
import { loadWeightsFromDir, saveWeightsToDir } from './weightsNode';

function metadata(kind: string, sizes = TINY): WeightsMetadata {
  const vocabulary = { tokens: ['<pad>', '<bos>', '<eos>', '<unk>', 'a'] };
  return {
    format: 'srlhfv-weights',
    version: 1,
    kind,
    sizes,
    vocabulary,
    vocabularyFingerprint: fingerprint(vocabulary),
    created: new Date(0).toISOString(),
  };
}

async function allValues(map: tf.NamedTensorMap): Promise<number[]> {
  const out: number[] = [];
  for (const name of Object.keys(map).sort()) out.push(...(await map[name].data()));
  return out;
}

describe('weights IO', () => {
  beforeAll(async () => setNodeBackend('cpu'));

  it('round-trips through an in-memory handler and a Node directory', async () => {
    const model = ScoreModel.create(TINY, 3);
    let saved: tf.io.ModelArtifacts | undefined;
    await saveWeights(
      tf.io.withSaveHandler(async (artifacts) => {
        saved = artifacts;
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
      }),
      model.getWeights(),
      metadata('reward'),
    );
    const loaded = await loadWeights(tf.io.fromMemory(saved!));
    expect(loaded.metadata.kind).toBe('reward');
    const copy = ScoreModel.fromWeights(loaded.metadata.sizes, loaded.weights);
    tf.dispose(Object.values(loaded.weights));
    expect(await allValues(copy.getWeights())).toEqual(await allValues(model.getWeights()));

    const dir = await mkdtemp(join(tmpdir(), 'srlhfv-'));
    const guard = GuardModel.create(TINY, 1);
    await saveWeightsToDir(dir, guard.getWeights(), metadata('guard'));
    const fromDisk = await loadWeightsFromDir(dir);
    const guardCopy = GuardModel.fromWeights(fromDisk.metadata.sizes, fromDisk.weights);
    tf.dispose(Object.values(fromDisk.weights));
    expect(await allValues(guardCopy.getWeights())).toEqual(await allValues(guard.getWeights()));

    // A truncated weights.bin and a non-model JSON give clear errors.
    await writeFile(join(dir, 'weights.bin'), new Uint8Array(12));
    await expect(loadWeightsFromDir(dir)).rejects.toThrow(/weights\.bin has 12 bytes/);
    await writeFile(join(dir, 'model.json'), JSON.stringify({ modelTopology: { hello: 1 }, weightsManifest: [] }));
    await expect(loadWeightsFromDir(dir)).rejects.toThrow(/not a Safe RLHF-V Playground model file/);
    await rm(dir, { recursive: true });
    for (const m of [model, copy, guard, guardCopy]) m.dispose();
  });

  it('rejects a file whose weights hold NaN or Infinity, naming the tensor, and decodes no tensor', async () => {
    const model = ScoreModel.create(TINY, 1);
    const { data, specs } = await tf.io.encodeWeights(model.getWeights());
    model.dispose();
    const damaged = data.slice(0);
    const floats = new Float32Array(damaged);
    const target = specs[1];
    const start = specs[0].shape.reduce((a, b) => a * b, 1);
    floats[start + 2] = Number.NaN;
    const before = tf.memory().numTensors;
    expect(() =>
      decodeArtifacts({ modelTopology: metadata('reward') as unknown as object, weightSpecs: specs, weightData: damaged }, 'nan.json'),
    ).toThrow(
      `nan.json: tensor "${target.name}" holds NaN (value 3 of ${target.shape.reduce((a, b) => a * b, 1)}); the file is damaged or comes from a diverged run, so it was not loaded`,
    );
    floats[start + 2] = 0;
    floats[floats.length - 1] = Number.NEGATIVE_INFINITY;
    expect(() =>
      decodeArtifacts({ modelTopology: metadata('reward') as unknown as object, weightSpecs: specs, weightData: damaged }, 'inf.json'),
    ).toThrow(new RegExp(`tensor "${specs[specs.length - 1].name}" holds -Infinity`));
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects weights of another architecture without touching the model', async () => {
    const small = ScoreModel.create({ ...TINY, hiddenSize: 6 }, 1);
    const { data, specs } = await tf.io.encodeWeights(small.getWeights());
    const loaded = decodeArtifacts(
      { modelTopology: metadata('reward') as unknown as object, weightSpecs: specs, weightData: data },
      'test.json',
    );
    expect(() => ScoreModel.fromWeights(TINY, loaded.weights)).toThrow(/shape/);
    tf.dispose(Object.values(loaded.weights));
    small.dispose();
  });
});
