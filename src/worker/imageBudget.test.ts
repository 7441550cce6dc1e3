// Issue 26 item 6: image bombs under the 40 MP per-image cap (24 images of 6000×6000 in a few KB) are held to a
// budget for the whole set-up: the large images past it are skipped with a notice naming how many and the first,
// the set-up finishes quickly with flat memory, and a normal file encodes fully afterwards.
import { describe, expect, it } from 'vitest';
import { asyncBufferFromArrayBuffer, openParquet, readParquetIndex } from '../data/parquet';
import { encodePng } from '../data/nodePng';
import { ImageBudget } from '../data/imageBudget';
import { writePairsParquet } from '../data/testing/parquetFixtures';
import { claimedPng, pairRow, tinyPng } from '../data/testing/rows';
import { Vocabulary } from '../data/tokenizer';
import { workerContext } from './context';
import { DataStore } from './dataStore';
import type { StatusEvent } from './protocol';

async function addParquet(store: DataStore, id: string, images: Uint8Array[]): Promise<void> {
  const buffer = writePairsParquet(images.map((bytes, i) => pairRow({ image: { bytes, path: null } }, i)));
  const parquet = await openParquet(`${id}.parquet`, asyncBufferFromArrayBuffer(buffer));
  const { records } = await readParquetIndex(parquet, { sourceId: id, split: 'train' });
  store.addSource({
    summary: { id, name: `${id}.parquet`, kind: 'parquet', variant: 'pairs', rows: records.length, split: 'train', files: 1, warnings: [] },
    records,
    images: new Map([[id, { kind: 'parquet', parquet }]]),
  });
}

async function warnings(run: () => Promise<unknown>): Promise<string[]> {
  const events: StatusEvent[] = [];
  workerContext.callbacks = { onStatus: (event) => events.push(event), onMetrics: () => {} };
  try {
    await run();
  } finally {
    workerContext.callbacks = null;
  }
  return events.filter((e) => e.kind === 'warning').map((e) => e.message);
}

const sizes = { imageSize: 4, maxQuestionTokens: 8, maxResponseTokens: 12 };

describe('image budget for a training set-up', () => {
  it('skips the 6000×6000 bombs past the budget with a notice; memory stays flat; the next file encodes fully', async () => {
    const store = new DataStore();
    // 24 bombs, then two good images (rows 24 and 25).
    await addParquet(store, 'bombs', [...Array.from({ length: 24 }, () => claimedPng(6000, 6000)), tinyPng(1), tinyPng(2)]);
    const rss = process.memoryUsage().rss;
    const t0 = Date.now();
    let encoded: Awaited<ReturnType<DataStore['encodeWithVocab']>> | undefined;
    const notes = await warnings(async () => (encoded = await store.encodeWithVocab(Vocabulary.build(['lock']), sizes)));
    expect(Date.now() - t0).toBeLessThan(30_000);
    expect(process.memoryUsage().rss - rss).toBeLessThan(1024 ** 3);
    // 160 MP of large images admitted (4 × 36 MP), the other 20 skipped before any decoding.
    expect(notes).toContain(
      'Image budget: 20 large images were skipped (those rows are left out of training) after 144.0 MP of images over 16.0 MP each (the budget is 160.0 MP per set-up). First skipped: bombs.parquet, row 4, 6000×6000 (36.0 MP).',
    );
    // Skipped rows do not train (as undecodable ones): only the two good images are encoded, none with a blank image.
    expect(encoded!.recordIds).toEqual(store.getRecords().slice(24).map((r) => r.id));
    expect(store.imageProblems.budgetSkipped).toBe(20);
    expect(store.imageProblems.failed).toBe(4); // the four admitted bombs claim pixels they do not hold

    const fresh = new DataStore();
    await addParquet(fresh, 'good', Array.from({ length: 8 }, (_, i) => tinyPng(i)));
    const goodNotes = await warnings(() => fresh.encodeWithVocab(Vocabulary.build(['lock']), sizes));
    expect(goodNotes).toEqual([]);
    expect(fresh.imageFailures).toBe(0);
  });

  it('decodes real large images one at a time within the budget, the rest skipped (deterministic: file order)', async () => {
    const budget = new ImageBudget({ largeImagePixels: 1000, maxLargePixels: 5000, maxSeconds: 60 });
    const large = encodePng(40, 40, new Uint8Array(40 * 40 * 3)); // 1,600 px: large under these limits
    let running = 0;
    let most = 0;
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        budget.decode(i === 0 ? tinyPng(0) : large, `f, row ${i}`, async () => {
          most = Math.max(most, ++running);
          await new Promise((resolve) => setTimeout(resolve, 5));
          running--;
          return i;
        }),
      ),
    );
    expect(results).toEqual([0, 1, 2, 3, null, null]);
    expect(most).toBe(2); // the small image beside one large one, never two large ones at once
    expect(budget.notice()).toBe('Image budget: 2 large images were skipped (those rows are left out of training) after 4,800 px of images over 1,000 px each (the budget is 5,000 px per set-up). First skipped: f, row 4, 40×40 (1,600 px).');
  });

  it('ends a set-up that runs past its time budget with an error that says so', async () => {
    let now = 0;
    const budget = new ImageBudget({ largeImagePixels: 1000, maxLargePixels: 5000, maxSeconds: 10 }, () => now);
    expect(await budget.decode(tinyPng(1), 'f, row 0', async () => 'ok')).toBe('ok');
    now = 10_001;
    await expect(budget.decode(tinyPng(1), 'f, row 1', async () => 'ok')).rejects.toThrow('Decoding the images took over 10 s (the image time budget)');
  });
});
