import * as tf from '@tensorflow/tfjs';
import { strToU8, zipSync } from 'fflate';
import { mkdir, mkdtemp, readFile, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { setNodeBackend } from '../compute/nodeBackends';
import { defaultConfig } from '../config/params';
import type { SampleRecord } from '../data/record';
import { SubwordTokenizer } from '../data/subwordTokenizer';
import { realShapedPairs, realShapedTexts } from '../data/testing/realShapedText';
import { GuardModel } from './guardModel';
import {
  checkWeightsPath, dataFingerprint, PACK_FORMAT, packDataMismatch, packFiles, packZip, readPack, zipPackFiles, type PackManifest,
} from './modelPack';
import { Policy } from './policy';
import { ScoreModel } from './scoreModel';
import { sizesFromConfig } from './sizes';
import { fingerprint, makeMetadata } from './weightsIO';
import { checkWeightsDir, dirPackFiles, loadWeightsFromDir, readConfined, writeFilesToDir } from './weightsNode';

function record(question: string, split: SampleRecord['split'], text = 'Sorry, I cannot help.'): SampleRecord {
  return {
    id: `s:${question}`, sourceId: 's', row: 0, split, question, category: 'animal_abuse', imageSeverity: 1, image: { kind: 'none' },
    responses: [{ text, isSafe: true, harmlessRate: 0, helpfulRate: 0 }, { text: 'Do it.', isSafe: false, harmlessRate: -2, helpfulRate: 2 }],
    moreHelpful: 2, safer: 1, contradictory: false,
  };
}

/** A pack of untrained models (reading and checking does not depend on training). */
async function makePack(records: SampleRecord[]): Promise<Record<string, Uint8Array>> {
  const config = { ...defaultConfig(), hiddenSize: 8, embedSize: 4, cnnChannels: 2, imageSize: 8 };
  const tokenizer = SubwordTokenizer.build(realShapedTexts(realShapedPairs(20, 'pack')), { size: 400 });
  const sizes = sizesFromConfig(config, tokenizer.size);
  const vocabulary = tokenizer.toJSON();
  const models = { reward: ScoreModel.create(sizes, 1), cost: ScoreModel.create(sizes, 2), guard: GuardModel.create(sizes, 3), policy: Policy.create(sizes, 4) };
  const manifest: PackManifest = {
    format: PACK_FORMAT, version: 1, created: new Date(0).toISOString(),
    tokenizer: { kind: tokenizer.kind, size: tokenizer.size, fingerprint: fingerprint(vocabulary) },
    sizes: { ...sizes }, settings: {},
    data: { fingerprint: dataFingerprint(records), files: ['train.parquet'], trainedOn: 'train' },
    heldOut: { reward: { pairwiseAccuracy: 0.5, pairs: 1 }, cost: null, guard: null },
    sft: null,
  };
  const meta = (kind: string) => makeMetadata({ kind, sizes, vocabulary });
  const files = await packFiles({
    manifest, tokenizer,
    models: {
      reward: { weights: models.reward.getWeights(), metadata: meta('reward') },
      cost: { weights: models.cost.getWeights(), metadata: meta('cost') },
      guard: { weights: models.guard.getWeights(), metadata: meta('guard') },
      policy: { weights: models.policy.getWeights(), metadata: meta('policy') },
    },
  });
  Object.values(models).forEach((m) => m.dispose());
  return files;
}

const disposeAll = (pack: Awaited<ReturnType<typeof readPack>>) => Object.values(pack.models).forEach((m) => Object.values(m.weights).forEach((t) => t.dispose()));
const memoryFiles = (files: Record<string, Uint8Array>) => async (path: string) => files[path];

describe('model pack', () => {
  const records = [record('How do I feed the dog?', 'train'), record('Is the cage safe?', 'evaluation')];
  let files: Record<string, Uint8Array>;
  beforeAll(async () => {
    await setNodeBackend('cpu');
    files = await makePack(records);
  });

  it('reads back a written pack (folder and zip, with or without a top folder) with no tensor left over', async () => {
    const before = tf.memory().numTensors;
    const dir = await mkdtemp(join(tmpdir(), 'srlhfv-pack-'));
    await writeFilesToDir(join(dir, 'pack'), files);
    for (const reader of [dirPackFiles(join(dir, 'pack')), zipPackFiles(packZip(files), 'pack.zip')]) {
      const pack = await readPack(reader, 'pack');
      expect(pack.tokenizer.size).toBe(pack.manifest.tokenizer.size);
      expect(pack.models.policy.metadata.kind).toBe('policy');
      disposeAll(pack);
    }
    const nested = zipSync(Object.fromEntries(Object.entries(files).map(([p, b]) => [`my-pack/${p}`, b])));
    disposeAll(await readPack(zipPackFiles(nested, 'nested.zip'), 'nested.zip'));
    expect(tf.memory().numTensors).toBe(before);
  });

  it('fingerprints data per split, independent of order, and names what differs', () => {
    const print = dataFingerprint(records);
    expect(dataFingerprint([...records].reverse())).toEqual(print);
    expect(print.train?.records).toBe(1);
    const manifest = { data: { fingerprint: print, files: ['train.parquet'], trainedOn: 'train' } } as unknown as PackManifest;
    expect(packDataMismatch(manifest, print)).toBeNull();
    // Loading only one of the pack's splits is fine.
    expect(packDataMismatch(manifest, { evaluation: print.evaluation })).toBeNull();
    const other = dataFingerprint([record('How do I feed the cat?', 'train')]);
    expect(packDataMismatch(manifest, other)).toMatch(/the loaded train split \(1 records, fingerprint [0-9a-f]{16}\) differs from the pack's/);
    expect(packDataMismatch(manifest, dataFingerprint([record('x', 'unknown')]))).toMatch(/1 unknown-split records, the pack's data had none/);
  });

  it('refuses a pack whose tokenizer is not the one its manifest and models name', async () => {
    const other = SubwordTokenizer.build(['something else entirely'], { size: 300 });
    const tampered = { ...files, 'vocab.json': strToU8(JSON.stringify(other.toJSON())) };
    await expect(readPack(memoryFiles(tampered), 'p')).rejects.toThrow(/p: vocab.json has fingerprint [0-9a-f]{8}, but pack.json names/);
    const manifest = JSON.parse(new TextDecoder().decode(files['pack.json']));
    manifest.tokenizer.fingerprint = fingerprint(other.toJSON());
    const both = { ...tampered, 'pack.json': strToU8(JSON.stringify(manifest)) };
    await expect(readPack(memoryFiles(both), 'p')).rejects.toThrow(/p: reward\/model.json was trained with another vocabulary/);
  });

  it('refuses swapped models, missing files and a broken manifest by name', async () => {
    const swapped = { ...files, 'cost/model.json': files['guard/model.json'], 'cost/weights.bin': files['guard/weights.bin'] };
    await expect(readPack(memoryFiles(swapped), 'p')).rejects.toThrow(/p: cost\/model.json holds a guard model, not a cost model/);
    const { 'policy-sft/weights.bin': _gone, ...missing } = files;
    await expect(readPack(memoryFiles(missing), 'p')).rejects.toThrow(/p: policy-sft\/weights.bin is missing/);
    await expect(readPack(memoryFiles({ ...files, 'pack.json': strToU8('{"format":"x"}') }), 'p')).rejects.toThrow(/p: pack.json is not a model pack manifest \(format:/);
    await expect(readPack(memoryFiles({ ...files, 'pack.json': strToU8('{') }), 'p')).rejects.toThrow(/p: pack.json is not valid JSON/);
    expect(() => zipPackFiles(strToU8('not a zip'), 'x.zip')).toThrow(/x.zip: not a readable zip/);
  });
});

describe('hostile packs and --weights folders (issue 26 item 5)', () => {
  beforeAll(async () => setNodeBackend('cpu'));

  it('refuses weights paths that leave the model folder, by name', async () => {
    for (const path of ['../../../../etc/passwd', '/etc/passwd', 'sub/weights.bin', '..', 'https://example.com/w.bin', 'C:\\w.bin'])
      expect(() => checkWeightsPath(path, 'reward/model.json'), path).toThrow(new RegExp(`reward/model.json: the weights path .* is refused`));
    expect(checkWeightsPath('weights.bin', 'x')).toBe('weights.bin');
    const dir = await mkdtemp(join(tmpdir(), 'srlhfv-hostile-'));
    const modelDir = join(dir, 'reward');
    await mkdir(modelDir);
    await writeFile(join(modelDir, 'model.json'), JSON.stringify({ modelTopology: {}, weightsManifest: [{ paths: ['../../../../../../etc/passwd'], weights: [] }] }));
    await expect(loadWeightsFromDir(modelDir)).rejects.toThrow(/the weights path "..\/..\/..\/..\/..\/..\/etc\/passwd" is refused/);
    await writeFile(join(dir, 'pack.json'), '{}');
    const files = await makePack([record('q', 'train')]);
    const json = JSON.parse(new TextDecoder().decode(files['reward/model.json']));
    json.weightsManifest[0].paths = ['../vocab.json'];
    await expect(readPack(memoryFiles({ ...files, 'reward/model.json': strToU8(JSON.stringify(json)) }), 'p')).rejects.toThrow(/p: reward\/model.json: the weights path "..\/vocab.json" is refused/);
  });

  it('does not follow links out of the folder or into devices', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'srlhfv-links-'));
    await symlink('/etc/passwd', join(dir, 'outside.bin'));
    await symlink('/dev/zero', join(dir, 'zero.bin'));
    await mkdir(join(dir, 'reward'));
    await symlink('/dev/zero', join(dir, 'reward', 'weights.bin'));
    await writeFile(join(dir, 'reward', 'model.json'), JSON.stringify({ modelTopology: {}, weightsManifest: [{ paths: ['weights.bin'], weights: [] }] }));
    await expect(readConfined(dir, 'outside.bin')).rejects.toThrow(/outside.bin: refused; it leads outside/);
    // /dev/zero is inside /dev, so it is refused as leading outside before its (endless) size matters.
    await expect(readConfined(dir, 'zero.bin')).rejects.toThrow(/zero.bin: refused/);
    await expect(loadWeightsFromDir(join(dir, 'reward'))).rejects.toThrow(/weights.bin: refused/);
    expect(await readConfined(dir, 'absent.json')).toBeUndefined();
    await writeFile(join(dir, 'big.bin'), new Uint8Array(2000));
    await expect(readConfined(dir, 'big.bin', 1000)).rejects.toThrow(/big.bin: 2000 bytes, over the 1000 byte limit/);
  });

  it('a missing, non-folder or empty --weights is an error, not training from scratch', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'srlhfv-weights-'));
    await expect(checkWeightsDir(join(dir, 'nope'))).rejects.toThrow(/--weights .*nope: no such folder/);
    await writeFile(join(dir, 'file'), 'x');
    await expect(checkWeightsDir(join(dir, 'file'))).rejects.toThrow(/not a folder/);
    await expect(checkWeightsDir(dir)).rejects.toThrow(/holds neither pack.json \(a model pack\) nor vocab.json/);
    expect(await checkWeightsDir('public/weights')).toBeNull();
    await writeFilesToDir(join(dir, 'pack'), await makePack([record('q', 'train')]));
    const pack = await checkWeightsDir(join(dir, 'pack'));
    expect(pack?.manifest.format).toBe(PACK_FORMAT);
    if (pack) disposeAll(pack);
    expect((await readFile(join(dir, 'pack', 'pack.json'), 'utf8')).length).toBeGreaterThan(0);
  });

  it('a zip entry that inflates past the limit is refused before inflating', () => {
    // fflate reports originalSize from the central directory; a lying size is refused by name.
    const zip = zipSync({ 'pack.json': [new Uint8Array(10), { level: 0 }] });
    const view = new DataView(zip.buffer);
    // Patch the central directory's uncompressed size (offset 24 of the record starting with PK\x01\x02).
    for (let i = 0; i < zip.length - 4; i++) if (view.getUint32(i, true) === 0x02014b50) view.setUint32(i + 24, 0xfffffff0, true);
    expect(() => zipPackFiles(zip, "bomb.zip")).toThrow(/bomb.zip: pack.json inflates to 4294967280 bytes, over the/);
  });
});
