import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/config/params';
import { encodeRecords, vocabularyTexts } from '../../src/data/encode';
import { loadBundledSampleNode, sampleImagesNode } from '../../src/data/nodeSample';
import { Vocabulary } from '../../src/data/tokenizer';
import { fingerprint } from '../../src/models/weightsIO';
import { fsWeightsReader, loadNodeData, shippedVocabulary } from './setup';
import { loadShippedModel } from '../../src/experiment/models/shippedModels';

describe('runner set-up', () => {
  it('encodes the bundled sample through the shared set-up exactly as the direct encoding did (every image decodes)', async () => {
    const config = defaultConfig();
    const sizes = { imageSize: config.imageSize, maxQuestionTokens: config.maxQuestionTokens, maxResponseTokens: config.maxResponseTokens };
    const lines: string[] = [];
    const node = await loadNodeData(config, undefined, (line) => lines.push(line));
    const { records } = await loadBundledSampleNode();
    const vocab = (await shippedVocabulary()) ?? Vocabulary.build(vocabularyTexts(records));
    const direct = encodeRecords(records, await sampleImagesNode(config.imageSize), vocab, sizes);
    expect(lines).toEqual([]);
    expect(node.records.map((r) => r.id)).toEqual(records.map((r) => r.id));
    expect(fingerprint(node.vocab.toJSON())).toBe(fingerprint(vocab.toJSON()));
    for (const key of ['images', 'questions', 'responses', 'responseLengths', 'split', 'trainable'] as const) {
      expect(Buffer.from(node.data[key].buffer).equals(Buffer.from(direct[key].buffer)), key).toBe(true);
    }
    // Each call gets its own pixel buffer: a caller that writes into it cannot change another's.
    const again = await loadNodeData(config);
    expect(again.data.images).not.toBe(node.data.images);
  });

  it('reads the shipped folder from the file system: a folder without weights is missing, not an error', async () => {
    const reader = fsWeightsReader('public/weights');
    expect(reader.label('reward', 'reward')).toBe('public/weights/reward');
    const none = await loadShippedModel(fsWeightsReader('no-such-folder'), 'reward', {});
    expect(none).toEqual({ model: null, problem: 'missing', reason: 'no-such-folder/reward: no model.json' });
    expect(await fsWeightsReader('no-such-folder').json('vocab.json')).toBeNull();
  });
});
