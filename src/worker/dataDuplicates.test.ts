import { describe, expect, it } from 'vitest';
import { Vocabulary } from '../data/tokenizer';
import { writePairsParquet } from '../data/testing/parquetFixtures';
import { pairRow } from '../data/testing/rows';
import { pairIndices } from '../train/scoreData';
import { indicesOfSplit, SPLIT_EVALUATION, SPLIT_TRAIN } from '../train/ppo/prompts';
import { createDataHandlers } from './dataHandlers';
import { DataStore } from './dataStore';

function setup() {
  const store = new DataStore();
  const fetchNothing = (async () => new Response('missing', { status: 404 })) as typeof fetch;
  return { store, api: createDataHandlers(store, { fetch: fetchNothing, baseUrl: '/', now: () => 0 }) };
}

const file = (name: string, seeds: number[]) =>
  new File([new Uint8Array(writePairsParquet(seeds.map((seed) => pairRow({}, seed))))], name);

describe('loading the same rows twice', () => {
  it('adds nothing and says so when a file is loaded again', async () => {
    const { api } = setup();
    expect((await api.loadFiles([file('mine.parquet', [0, 1, 2])])).added).toBe(3);
    const again = await api.loadFiles([file('mine.parquet', [0, 1, 2])]);
    expect(again.added).toBe(0);
    expect(again.summary.rows).toBe(3);
    expect(again.summary.sources).toHaveLength(1);
    expect(again.warnings).toContain('mine.parquet: all 3 rows are already loaded (from mine.parquet); nothing was added.');
  });

  it('adds only the new rows of an overlapping file and names the skipped count', async () => {
    const { api } = setup();
    await api.loadFiles([file('a.parquet', [0, 1])]);
    const overlap = await api.loadFiles([file('b.parquet', [1, 2, 3])]);
    expect(overlap.added).toBe(2);
    expect(overlap.summary.sources.map((s) => [s.name, s.rows])).toEqual([['a.parquet', 2], ['b.parquet', 2]]);
    expect(overlap.warnings).toContain('b.parquet: 1 of 3 rows were already loaded (from a.parquet) and were not added again.');
    expect(overlap.summary.sources[1].warnings.join()).toMatch(/1 of 3 rows were already loaded/);
  });
});

describe('files whose split is unknown', () => {
  it('are used by no training or evaluation until assigned a split, then by that one only', async () => {
    const { api, store } = setup();
    const loaded = await api.loadFiles([file('mine.parquet', [0, 1, 2])]);
    const source = loaded.summary.sources[0];
    expect(source.split).toBe('unknown');
    const sizes = { imageSize: 8, maxQuestionTokens: 8, maxResponseTokens: 8 };
    const vocab = Vocabulary.build(['how do i pick the lock number sorry'], 50);
    let encoded = await store.encodeWithVocab(vocab, sizes);
    expect(encoded.count).toBe(3);
    for (const split of [SPLIT_TRAIN, SPLIT_EVALUATION]) {
      expect(indicesOfSplit(encoded, split)).toEqual([]);
      expect(pairIndices(encoded, split as 0 | 1)).toEqual([]);
    }

    const summary = await api.setSourceSplit(source.id, 'train');
    expect(summary.sources[0].split).toBe('train');
    expect(summary.bySplit).toEqual({ train: 3 });
    expect((await api.listIndex()).every((e) => e.split === 'train')).toBe(true);
    encoded = await store.encodeWithVocab(vocab, sizes);
    expect(indicesOfSplit(encoded, SPLIT_TRAIN)).toEqual([0, 1, 2]);
    expect(pairIndices(encoded, 0)).toHaveLength(3);
    expect(indicesOfSplit(encoded, SPLIT_EVALUATION)).toEqual([]);

    await expect(api.setSourceSplit('nope', 'train')).rejects.toThrow('No loaded source "nope"');
    await expect(api.setSourceSplit(source.id, 'bogus' as never)).rejects.toThrow('"bogus" is not a split');
  });
});
