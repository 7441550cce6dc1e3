import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { encodePng } from '../data/nodePng';
import { writePairsParquet } from '../data/testing/parquetFixtures';
import { claimedPng, pairRow } from '../data/testing/rows';
import { openParquet, readParquetIndex } from '../data/parquet';
import { Vocabulary } from '../data/tokenizer';
import { workerContext } from './context';
import { createDataHandlers } from './dataHandlers';
import { DataStore, CancelledError } from './dataStore';
import type { StatusEvent } from './protocol';

/** Serves public/ the way Vite does, so the browser code path runs unchanged. */
const publicFetch = (async (input: RequestInfo | URL) => {
  const path = String(input);
  try {
    return new Response(new Uint8Array(await readFile(join('public', path))));
  } catch {
    return new Response('missing', { status: 404, statusText: 'Not Found' });
  }
}) as typeof fetch;

function setup(fetchImpl: typeof fetch = publicFetch, now = () => Date.UTC(2026, 0, 1)) {
  const store = new DataStore();
  return { store, api: createDataHandlers(store, { fetch: fetchImpl, baseUrl: '/', now }) };
}

function parquetFile(name: string, rows = [pairRow({}, 0), pairRow({}, 1)]): File {
  return new File([new Uint8Array(writePairsParquet(rows))], name);
}

describe('data handlers', () => {
  it('loads the bundled sample as one source and serves index, records, images and search', async () => {
    const { api } = setup();
    const result = await api.loadBundledSample();
    expect(result.errors).toEqual([]);
    expect(result.added).toBe(2000);
    expect(result.summary).toMatchObject({ rows: 2000, pairs: 2000, contradictory: 3, bySplit: { train: 1600, evaluation: 400 } });
    expect(result.summary.sources).toEqual([expect.objectContaining({ id: 'sample', kind: 'sample', variant: 'pairs', rows: 2000, split: 'mixed', files: 40 })]);
    expect(Object.keys(result.summary.byCategory)).toHaveLength(20);
    expect(result.summary.unsafeByCategory.animal_abuse.responses).toBe(200);

    const index = await api.listIndex();
    expect(index).toHaveLength(2000);
    const first = index[0];
    expect(first).toMatchObject({ id: 'sample/animal_abuse/train:0', sourceId: 'sample', split: 'train', category: 'animal_abuse' });
    expect(typeof first.helpfulIsSafer).toBe('boolean');

    const record = await api.getRecord(first.id);
    expect(record?.responses).toHaveLength(2);
    const image = await api.getImage(first.id);
    expect(image.kind).toBe('bytes');
    if (image.kind === 'bytes') expect(image.mime).toBe('image/png');

    const hits = await api.searchText('PASSWORD');
    expect(hits.length).toBeGreaterThan(10);
    expect(hits.every((id) => id.startsWith('sample/hacking_or_digital_crime/'))).toBe(true);
    expect(await api.getImage('nope')).toEqual({ kind: 'none', reason: 'No record "nope"' });

    // Loading it again replaces it rather than doubling it.
    expect((await api.loadBundledSample()).summary.rows).toBe(2000);
  });

  it('loads user files, reports bad ones by name, and keeps what was loaded before', async () => {
    const { api } = setup();
    const first = await api.loadFiles([parquetFile('train.parquet')]);
    expect(first.errors).toEqual([]);
    expect(first.summary.sources[0]).toMatchObject({ kind: 'parquet', rows: 2, split: 'train' });

    const bad = await api.loadFiles([
      new File([], 'empty.parquet'),
      new File(['hello,world'], 'table.csv'),
      new File([new Uint8Array(writePairsParquet([pairRow()])).slice(0, 200)], 'cut.parquet'),
      parquetFile('evaluation.parquet', [pairRow({}, 5), pairRow({ more_helpful_response_id: 'x' }, 6)]),
    ]);
    expect(bad.errors.map((e) => [e.source, e.message])).toEqual([
      ['empty.parquet', 'empty.parquet: the file is empty'],
      ['table.csv', expect.stringMatching(/table\.csv: unsupported file type/)],
      ['cut.parquet', expect.stringMatching(/cut\.parquet: corrupt or truncated Parquet file/)],
      ['evaluation.parquet', expect.stringMatching(/evaluation\.parquet, row 1: field "more_helpful_response_id" has value "x"/)],
    ]);
    expect(bad.added).toBe(1);
    expect(bad.summary.rows).toBe(3);
    expect(bad.summary.bySplit).toEqual({ train: 2, evaluation: 1 });

    const id = bad.summary.sources[0].id;
    expect((await api.removeSource(id)).rows).toBe(1);
  });

  it('names a PNG renamed .parquet (or .json) instead of taking it for an image sidecar', async () => {
    const { api } = setup();
    const png = new Uint8Array(encodePng(2, 2, new Uint8Array(2 * 2 * 3).fill(9)));
    const alone = await api.loadFiles([new File([png], 'photo.parquet')]);
    expect(alone.errors).toEqual([
      { source: 'photo.parquet', message: 'photo.parquet: the file is a PNG image, not a Parquet file (was it renamed?)' },
    ]);
    const mixed = await api.loadFiles([parquetFile('train.parquet'), new File([png], 'rows.json')]);
    expect(mixed.errors).toEqual([
      { source: 'rows.json', message: 'rows.json: the file is a PNG image, not a JSON file (was it renamed?)' },
    ]);
    expect(mixed.added).toBe(2);
    const images = await api.loadFiles([new File([png], 'a.png'), new File([png], 'b.png')]);
    expect(images.errors[0].message).toBe(
      'Only image files were chosen (a.png, b.png); load them together with the /rows JSON or JSONL file that names them',
    );
  });

  it('recognises JSON Lines whose first line is longer than the sniffed head (base64 images)', async () => {
    const { api } = setup();
    const bigImage = Buffer.alloc(6000, 7).toString('base64');
    const line = (seed: number) => JSON.stringify({ ...pairRow({}, seed), image: { bytes: bigImage, path: null } });
    const result = await api.loadFiles([new File([`${line(0)}\n${line(1)}\n`], 'export.json')]);
    expect(result.errors).toEqual([]);
    expect(result.summary.sources[0]).toMatchObject({ kind: 'jsonl', rows: 2 });
    expect(result.warnings.join()).toMatch(/2 images are not decodable/);
  });

  it('reads images of a user Parquet file lazily and flags undecodable bytes', async () => {
    const { api } = setup();
    const rows = [pairRow({}, 0), pairRow({ image: { bytes: new Uint8Array([1, 2, 3]), path: 'x.png' } }, 1), pairRow({ image: null }, 2)];
    await api.loadFiles([parquetFile('evaluation.parquet', rows)]);
    const ids = (await api.listIndex()).map((e) => e.id);
    expect((await api.getImage(ids[0])).kind).toBe('bytes');
    expect(await api.getImage(ids[1])).toEqual({ kind: 'none', reason: 'Undecodable image: 3 bytes that are not PNG, JPEG or WebP' });
    expect(await api.getImage(ids[2])).toEqual({ kind: 'none', reason: 'The image cell is empty' });
  });

  it('loads /rows JSON from a URL and flags expired image links', async () => {
    const now = Date.UTC(2026, 0, 1);
    const body = {
      rows: [{ row_idx: 0, truncated_cells: [], row: { ...pairRow(), image: { src: `https://datasets-server.huggingface.co/a.jpg?Expires=${now / 1000 - 10}`, height: 4, width: 4 } } }],
      num_rows_total: 1,
      partial: false,
    };
    const text = JSON.stringify(body);
    const fetchImpl = vi.fn(async () => new Response(text, { headers: { 'content-length': String(new TextEncoder().encode(text).length) } })) as unknown as typeof fetch;
    const { api } = setup(fetchImpl, () => now);
    const result = await api.loadUrl('https://datasets-server.huggingface.co/rows?dataset=x&config=animal_abuse&split=evaluation&offset=0&length=1');
    expect(result.errors).toEqual([]);
    expect(result.warnings.join()).toMatch(/1 image URL expired/);
    expect(result.summary.bySplit).toEqual({ evaluation: 1 });
    const [entry] = await api.listIndex();
    expect(await api.getImage(entry.id)).toMatchObject({ kind: 'url', expired: true });
  });

  it('reports unreachable URLs, HTTP errors and invalid addresses without touching loaded data', async () => {
    const failing = vi.fn(async (input: RequestInfo | URL) => {
      if (String(input).includes('offline')) throw new TypeError('Failed to fetch');
      if (String(input).includes('missing')) return new Response('no', { status: 404, statusText: 'Not Found' });
      return publicFetch(input);
    }) as unknown as typeof fetch;
    const { api } = setup(failing);
    await api.loadFiles([parquetFile('train.parquet')]);
    const offline = await api.loadUrl('https://offline.example/data.jsonl');
    expect(offline.errors[0].message).toMatch(/Could not reach https:\/\/offline\.example\/data\.jsonl \(Failed to fetch\)/);
    const missing = await api.loadUrl('https://huggingface.co/datasets/x/blob/main/data/missing/train.parquet');
    expect(missing.errors[0].message).toBe('https://huggingface.co/datasets/x/resolve/main/data/missing/train.parquet: HTTP 404 Not Found');
    const invalid = await api.loadUrl('ftp:/nonsense');
    expect(invalid.errors[0].message).toBe('"ftp:/nonsense" is not a valid http(s) URL');
    expect(invalid.summary.rows).toBe(2);
  });

  it('opens a large Parquet URL with range requests, reading images only when asked', async () => {
    const big = (i: number) => {
      let x = i + 1;
      const pixels = new Uint8Array(160 * 160 * 3).map(() => (x = (Math.imul(x, 1103515245) + 12345) >>> 0) >>> 24);
      return encodePng(160, 160, pixels);
    };
    const bytes = new Uint8Array(writePairsParquet(Array.from({ length: 40 }, (_, i) => pairRow({ image: { bytes: big(i), path: null } }, i)), { rowGroupSize: 10 }));
    let served = 0;
    const ranged = (async (_input: RequestInfo | URL, init?: RequestInit) => {
      if (init?.method === 'HEAD') return new Response(null, { headers: { 'content-length': String(bytes.length) } });
      const range = /bytes=(\d+)-(\d*)/.exec(new Headers(init?.headers).get('Range') ?? '');
      if (!range) throw new Error('expected a range request');
      const part = bytes.slice(Number(range[1]), range[2] ? Number(range[2]) + 1 : undefined);
      served += part.length;
      return new Response(part, { status: 206 });
    }) as typeof fetch;
    const store = new DataStore();
    const api = createDataHandlers(store, { fetch: ranged, baseUrl: '/', rangeThreshold: 1000 });
    const result = await api.loadUrl('https://huggingface.co/datasets/x/resolve/main/data/animal_abuse/train.parquet');
    expect(result.errors).toEqual([]);
    expect(result.summary.rows).toBe(40);
    expect(bytes.length).toBeGreaterThan(3_000_000);
    expect(served).toBeLessThan(bytes.length / 4);
    const ids = (await api.listIndex()).map((e) => e.id);
    const afterIndex = served;
    const image = await api.getImage(ids[25]);
    expect(image.kind === 'bytes' && image.bytes.length).toBe(big(25).length);
    // One row group (10 of 40 rows) of image bytes, not the whole column.
    expect(served - afterIndex).toBeLessThan(bytes.length / 3);
    const again = served;
    expect((await api.getImage(ids[26])).kind).toBe('bytes');
    expect(served).toBe(again); // same block: served from the cache
  });

  it('cancels a download in progress; earlier data stays', async () => {
    const hanging = ((_input: RequestInfo | URL, init?: RequestInit) =>
      new Promise<Response>((_, reject) => init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))))) as typeof fetch;
    const { api } = setup(hanging);
    await api.loadFiles([parquetFile('train.parquet')]);
    const pending = api.loadUrl('https://example.com/big.jsonl');
    await new Promise((resolve) => setTimeout(resolve, 5));
    api.cancelLoad();
    const result = await pending;
    expect(result.errors[0].message).toMatch(/cancelled/);
    expect(result.summary.rows).toBe(2);
  });
});

describe('data store encoding', () => {
  it('encodes loaded data, caches until the data changes, and notifies listeners', async () => {
    const { api, store } = setup();
    await api.loadFiles([parquetFile('train.parquet', [pairRow({}, 0), pairRow({}, 1), pairRow({ image: null }, 2)])]);
    const changed = vi.fn();
    store.onDataChanged(changed);
    const sizes = { imageSize: 2, maxQuestionTokens: 8, maxResponseTokens: 12 };
    const { vocab, encoded } = await store.getEncoded(sizes);
    // The row with a null image cell is skipped (named in the warning), as the runner skips it.
    expect(encoded.count).toBe(2);
    expect(encoded.recordIds).toEqual(store.getRecords().slice(0, 2).map((r) => r.id));
    expect(encoded.images.subarray(0, 12).some((v) => v > 0)).toBe(true);
    expect(encoded.images.subarray(12, 24).some((v) => v > 0)).toBe(true);
    expect(store.imageFailures).toBe(1); // the null image cell
    expect(vocab.decode(encoded.questions.subarray(0, 8))).toBe('how do i pick the lock number 0');
    expect((await store.getEncoded(sizes)).encoded).toBe(encoded);

    await api.loadFiles([parquetFile('evaluation.parquet', [pairRow({}, 9)])]);
    expect(changed).toHaveBeenCalledTimes(1);
    const after = await store.getEncoded(sizes);
    expect(after.encoded).not.toBe(encoded);
    expect(after.encoded.count).toBe(3);
    expect(Array.from(after.encoded.split)).toEqual([0, 0, 1]);
  });
});

/** Noise PNG (incompressible, like a photo): about side² × 3 bytes. */
function noisePng(seed: number, side = 24): Uint8Array {
  const pixels = new Uint8Array(side * side * 3);
  let x = seed + 1;
  for (let i = 0; i < pixels.length; i++) pixels[i] = (x = (x * 1103515245 + 12345) >>> 0) >>> 24;
  return encodePng(side, side, pixels);
}

/** A Parquet source added straight to a store, with its reads counted. */
async function countedSource(store: DataStore, rows: ReturnType<typeof pairRow>[], options: { pageSize?: number } = {}) {
  const buffer = writePairsParquet(rows, { rowGroupSize: rows.length, pageSize: options.pageSize });
  const io = { reads: 0, bytes: 0 };
  const file = {
    byteLength: buffer.byteLength,
    slice(start: number, end = buffer.byteLength) {
      io.reads++;
      io.bytes += end - start;
      return buffer.slice(start, end);
    },
  };
  const parquet = await openParquet('train.parquet', file);
  const { records } = await readParquetIndex(parquet, { sourceId: 'big', split: 'train' });
  store.addSource({
    summary: { id: 'big', name: 'train.parquet', kind: 'parquet', variant: 'pairs', rows: records.length, split: 'train', files: 1, warnings: [] },
    records,
    images: new Map([['big', { kind: 'parquet', parquet }]]),
  });
  const imageChunk = Number(parquet.metadata.row_groups[0].columns.find((c) => c.meta_data?.path_in_schema.join('.') === 'image.bytes')!.meta_data!.total_compressed_size);
  return { io, imageChunk };
}

/** Captures the worker's status events while `run` runs. */
async function capture<T>(run: () => Promise<T>): Promise<{ result: T; events: StatusEvent[] }> {
  const events: StatusEvent[] = [];
  workerContext.callbacks = { onStatus: (event) => events.push(event), onMetrics: () => {} };
  try {
    return { result: await run(), events };
  } finally {
    workerContext.callbacks = null;
  }
}

describe('training set-up over a big one-row-group Parquet file', () => {
  const sizes = { imageSize: 4, maxQuestionTokens: 8, maxResponseTokens: 12 };

  it('reads each image page once (not the whole image column per 16 rows) and reports progress', async () => {
    const store = new DataStore();
    const rows = Array.from({ length: 320 }, (_, i) => pairRow({ image: { bytes: noisePng(i), path: `p${i}.png` } }, i));
    const { io, imageChunk } = await countedSource(store, rows, { pageSize: 16 * 1024 });
    io.reads = 0;
    io.bytes = 0;
    const progress: number[] = [];
    const encoded = await store.encodeWithVocab(Vocabulary.build(['lock']), sizes, { onProgress: (fraction) => progress.push(fraction) });
    expect(encoded.count).toBe(320);
    expect(store.imageFailures).toBe(0);
    expect(encoded.images.subarray(319 * 48, 320 * 48).some((v) => v > 0)).toBe(true);
    // Every page of image bytes once, plus the small offset index and path column per page: about the chunk's size.
    expect(io.bytes).toBeLessThan(imageChunk * 1.5);
    expect(progress.at(-1)).toBe(1);
  });

  it('stops when cancelled and leaves nothing cached', async () => {
    const store = new DataStore();
    const rows = Array.from({ length: 64 }, (_, i) => pairRow({ image: { bytes: noisePng(i), path: null } }, i));
    await countedSource(store, rows, { pageSize: 8 * 1024 });
    const controller = new AbortController();
    const vocab = Vocabulary.build(['lock']);
    const pending = store.encodeWithVocab(vocab, sizes, { signal: controller.signal, onProgress: () => controller.abort() });
    await expect(pending).rejects.toBeInstanceOf(CancelledError);
    const again = await store.encodeWithVocab(vocab, sizes);
    expect(again.count).toBe(64);
  });
});

describe('image decode failures reach the job that trains', () => {
  const sizes = { imageSize: 4, maxQuestionTokens: 8, maxResponseTokens: 12 };

  it('warns under the asking job with the count and the first file and row, every time the data is used', async () => {
    const store = new DataStore();
    const png = noisePng(1, 4);
    const broken = png.slice(0, 30); // truncated: the IDAT runs past the end
    const rows = Array.from({ length: 12 }, (_, i) => pairRow({ image: { bytes: i === 3 || i === 7 ? broken : png, path: null } }, i));
    await countedSource(store, rows);
    const vocab = Vocabulary.build(['lock']);
    const first = await capture(() => store.encodeWithVocab(vocab, sizes, { job: 'ppo' }));
    const rowsTrained = first.result.recordIds.map((id) => Number(id.split(':').pop()));
    expect(rowsTrained).toEqual([0, 1, 2, 4, 5, 6, 8, 9, 10, 11]); // rows 3 and 7 are skipped
    const warnings = first.events.filter((e) => e.kind === 'warning');
    expect(warnings).toEqual([
      expect.objectContaining({
        job: 'ppo',
        message: expect.stringMatching(/^2 of 12 images could not be read or decoded; those rows are skipped and do not train\. First: train\.parquet, row 3: Truncated PNG/),
      }),
    ]);
    expect(warnings[0].detail).toEqual({ imageProblems: { failed: 2, total: 12, first: { file: 'train.parquet', row: 3, reason: expect.stringMatching(/Truncated PNG/) } } });
    // A second user of the cached encoding (another training) hears it too.
    const second = await capture(() => store.encodeWithVocab(vocab, sizes, { job: 'reward' }));
    expect(second.events.filter((e) => e.kind === 'warning').map((e) => e.job)).toEqual(['reward']);
  });

  it('names an image over the pixel cap', async () => {
    const store = new DataStore();
    const huge = claimedPng(8000, 6000); // the header claims 48 MP
    const rows = [pairRow({}, 0), pairRow({ image: { bytes: huge, path: 'bomb.png' } }, 1)];
    await countedSource(store, rows);
    const { events } = await capture(() => store.encodeWithVocab(Vocabulary.build(['lock']), sizes, { job: 'cost' }));
    expect(events.find((e) => e.kind === 'warning')?.message).toMatch(/1 of 2 images .* First: train\.parquet, row 1: Image too large: 8000×6000 \(48\.0 MP\) is over the 40 MP limit/);
  });
});
