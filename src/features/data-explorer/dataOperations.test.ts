import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { DatasetSummary, LoadResult, RecordIndexEntry, SourceSummary } from '../../data/summary';

// A fake worker: sources keyed by id, each with some index rows. Loads of names containing "bad" fail.
const fake = vi.hoisted(() => ({
  sources: [] as { source: SourceSummary; rows: number }[],
  nextId: 1,
  loadDelay: null as Promise<void> | null,
  urlOptions: [] as unknown[],
  cancels: 0,
}));

function summaryOf(): DatasetSummary {
  const rows = fake.sources.reduce((n, s) => n + s.rows, 0);
  return {
    sources: fake.sources.map((s) => s.source),
    rows,
    pairs: rows,
    contradictory: 0,
    bySplit: { train: rows },
    byCategory: { animal_abuse: rows },
    bySeverity: { 1: rows },
    unsafeByCategory: { animal_abuse: { responses: 2 * rows, unsafe: rows } },
  };
}

function add(name: string, rows: number, kind: SourceSummary['kind']): LoadResult {
  if (name.includes('bad')) {
    return { summary: summaryOf(), added: 0, errors: [{ source: name, message: 'not a Parquet file (bad magic bytes)' }], warnings: [] };
  }
  const id = `s${fake.nextId++}`;
  fake.sources.push({ source: { id, name, kind, variant: 'pairs', rows, split: 'train', warnings: [] }, rows });
  return { summary: summaryOf(), added: rows, errors: [], warnings: [] };
}

vi.mock('../../worker/client', () => ({
  trainer: () => ({
    loadBundledSample: async () => add('sample', 2000, 'sample'),
    loadFiles: async (files: File[]) => {
      if (fake.loadDelay) await fake.loadDelay;
      const results = files.map((f) => add(f.name, 3, 'parquet'));
      return { ...results[results.length - 1], errors: results.flatMap((r) => r.errors) };
    },
    loadUrl: async (url: string, options?: unknown) => {
      fake.urlOptions.push(options);
      if (url.includes('throw')) throw new Error('HTTP 404 Not Found');
      return add(url, 30, 'parquet');
    },
    cancelLoad: async () => {
      fake.cancels++;
    },
    removeSource: async (id: string) => {
      fake.sources = fake.sources.filter((s) => s.source.id !== id);
      return summaryOf();
    },
    listIndex: async (): Promise<RecordIndexEntry[]> =>
      fake.sources.flatMap(({ source, rows }) =>
        Array.from({ length: Math.min(rows, 5) }, (_, i) => ({
          id: `${source.id}:${i}`,
          sourceId: source.id,
          split: 'train',
          category: 'animal_abuse',
          imageSeverity: 1,
          question: 'q',
          safe1: true,
          safe2: false,
          helpfulIsSafer: true,
          contradictory: false,
        })),
      ),
  }),
}));

const { useAppStore } = await import('../../state/store');
const ops = await import('./dataOperations');

const state = () => useAppStore.getState();
const file = (name: string) => new File([new Uint8Array([1, 2, 3])], name);

describe('data operations against the worker', () => {
  beforeEach(async () => {
    for (const { source } of [...fake.sources]) await ops.removeSource(source.id);
    state().dataActions.clearProblems();
  });

  it('loads the sample, then files; a bad file adds an error naming it and keeps the rows', async () => {
    await ops.loadBundledSample();
    expect(state().data.summary?.rows).toBe(2000);
    expect(state().data.loadState).toEqual({ status: 'ready' });
    await ops.loadFiles([file('fixture.parquet')]);
    expect(state().data.summary?.rows).toBe(2003);
    await ops.loadFiles([file('bad.parquet')]);
    expect(state().data.summary?.rows).toBe(2003);
    expect(state().data.loadState.status).toBe('ready');
    expect(state().data.errors.map((e) => `${e.source}: ${e.message}`)).toEqual([
      'bad.parquet: not a Parquet file (bad magic bytes)',
    ]);
    state().dataActions.dismissError(state().data.errors[0].id);
    expect(state().data.errors).toEqual([]);
  });

  it('runs loads one at a time, in order', async () => {
    let release = () => {};
    fake.loadDelay = new Promise<void>((resolve) => (release = resolve));
    const first = ops.loadFiles([file('one.parquet')]);
    const second = ops.loadFiles([file('two.parquet')]);
    await new Promise((r) => setTimeout(r, 10));
    expect(state().data.loadState).toMatchObject({ status: 'loading', what: 'one.parquet' });
    fake.loadDelay = null;
    release();
    await Promise.all([first, second]);
    expect(fake.sources.map((s) => s.source.name)).toEqual(['one.parquet', 'two.parquet']);
    expect(state().data.loadState.status).toBe('ready');
  });

  it('keeps loaded URLs in the shareable config and drops them when removed or failing', async () => {
    const url = 'https://example.org/data/animal_abuse/evaluation.parquet';
    await ops.loadUrl(url);
    expect(state().config.dataUrls).toEqual([url]);
    const id = fake.sources.find((s) => s.source.name === url)!.source.id;
    await ops.removeSource(id);
    expect(state().config.dataUrls).toEqual([]);

    state().configActions.set('dataUrls', ['https://example.org/throw.parquet']);
    ops.loadPendingConfigUrls();
    await ops.acceptLinkData('https://example.org/throw.parquet');
    await vi.waitFor(() => expect(state().data.errors).toHaveLength(1));
    expect(state().data.errors[0]).toMatchObject({ source: 'https://example.org/throw.parquet', message: 'HTTP 404 Not Found' });
    expect(state().config.dataUrls).toEqual([]);
    // Nothing was loaded: an error state that says why.
    expect(state().data.loadState).toEqual({ status: 'error', message: 'https://example.org/throw.parquet: HTTP 404 Not Found' });
  });

  it('asks before loading the data a link names: host shown, not one request to any host until agreed', async () => {
    await ops.loadBundledSample();
    const big = 'https://huggingface.co/datasets/x/y/blob/main/data/train.parquet';
    const other = 'https://files.example/other.parquet';
    const network = vi.spyOn(globalThis, 'fetch').mockRejectedValue(new Error('no request may leave before a yes'));
    state().configActions.set('dataUrls', [big, other]);
    ops.loadPendingConfigUrls();
    expect(state().data.linkRequests).toEqual([
      { url: big, host: 'huggingface.co', status: 'asking' },
      { url: other, host: 'files.example', status: 'asking' },
    ]);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(network).not.toHaveBeenCalled();
    expect(fake.sources.map((s) => s.source.name)).toEqual(['sample']);
    network.mockRestore();

    state().dataActions.setDownloadLimit(2048);
    await ops.acceptLinkData(big);
    expect(fake.sources.map((s) => s.source.name)).toEqual(['sample', big]);
    expect(fake.urlOptions.at(-1)).toEqual({ downloadLimitMb: 2048 }); // the person's limit goes with the load
    ops.declineLinkData(other);
    expect(state().data.linkRequests).toEqual([]);
    expect(state().config.dataUrls).toEqual([big]);
    expect(fake.sources.map((s) => s.source.name)).toEqual(['sample', big]);
  });

  it('a stuck worker never holds the page: Cancel settles at once, the watchdog ends a silent load, the next file loads', async () => {
    fake.loadDelay = new Promise<void>(() => undefined); // a worker wedged in this load: it never answers
    const cancelsBefore = fake.cancels;
    const cancelled = ops.loadFiles([file('stuck.parquet')]);
    await vi.waitFor(() => expect(state().data.loadState.status).toBe('loading'));
    void ops.cancelLoad();
    expect(await cancelled).toBeNull();
    expect(state().data.loadState.status).not.toBe('loading');

    ops.setLoadQuietMs(1000);
    const silent = ops.loadFiles([file('silent.parquet')]);
    expect(await silent).toBeNull();
    expect(state().data.errors.at(-1)?.message).toBe(
      'Loading silent.parquet stopped: the trainer worker sent no progress for 1 s, so the load was cancelled. The data loaded before is unchanged; other files can be loaded.',
    );
    expect(fake.cancels - cancelsBefore).toBe(2); // Cancel, then the watchdog, each told the worker to stop
    ops.setLoadQuietMs(20_000);
    fake.loadDelay = null;
    await ops.loadFiles([file('next.parquet')]);
    expect(fake.sources.map((s) => s.source.name)).toContain('next.parquet');
  });

  it('clears the selection when its record is gone', async () => {
    await ops.loadFiles([file('keep.parquet')]);
    const id = fake.sources[0].source.id;
    state().dataActions.select(`${id}:0`);
    await ops.removeSource(id);
    expect(state().data.selectedId).toBeNull();
  });
});
