// The trainer worker's dataset: loaded sources, their records, lazy image access and encoded model inputs.
// One singleton (`dataStore`); the models and PPO modules read from it and subscribe to changes.
import { encodePromptData } from '../experiment/data/promptData';
import { vocabularyTexts, type EncodeSizes, type EncodedDataset } from '../data/encode';
import { preprocessImage } from '../data/image';
import { ImageBudget, ImageBudgetError, type ImageBudgetLimits } from '../data/imageBudget';
import { imageReadBlocks, readParquetImages, type ParquetSource } from '../data/parquet';
import { recordContentKey } from '../data/duplicates';
import type { SampleRecord, Split } from '../data/record';
import { sniffImage } from '../data/sniff';
import { summarize, type DatasetSummary, type SourceSummary } from '../data/summary';
import { Vocabulary, type Tokenizer } from '../data/tokenizer';
import { errorText } from '../util/errorText';
import { emitStatus } from './context';
import type { JobName } from './protocol';

/** Where a file's image bytes live: a Parquet file read on demand, or bytes held in memory (JSONL). */
export type ImageSource = { kind: 'parquet'; parquet: ParquetSource } | { kind: 'memory'; bytes: Map<number, Uint8Array> };

export interface LoadedSource {
  summary: SourceSummary;
  records: SampleRecord[];
  /** Part id (ImageRef.sourceId) → image bytes. */
  images: Map<string, ImageSource>;
  /** Object URLs this source created (sidecar images); revoked on removal. */
  objectUrls?: string[];
}

export type ImageBytes = { bytes: Uint8Array; mime: string } | { url: string };

/** Rows read together from a Parquet file when one image is asked for (neighbours are usually next). */
const IMAGE_BLOCK = 16;
/** Image bytes kept in memory (≈ 200 KB each for real BeaverTails-V photos). */
const IMAGE_CACHE_LIMIT = 256;

export class DataStore {
  private readonly sources = new Map<string, LoadedSource>();
  private readonly byId = new Map<string, SampleRecord>();
  private readonly listeners = new Set<() => void>();
  private readonly imageCache = new Map<string, Promise<(Uint8Array | null)[]>>();
  private vocabCache: { version: number; vocab: Vocabulary } | null = null;
  private encodedCache = new WeakMap<Tokenizer, Map<string, Promise<{ encoded: EncodedDataset; problems: ImageProblems }>>>();
  private preprocessed = new Map<string, Float32Array>();
  /** Bumped on every change; caches compare against it. */
  version = 0;
  /** Images that failed to load or decode during the last encoding. */
  imageFailures = 0;
  imageProblems: ImageProblems = { failed: 0, total: 0, first: null };

  addSource(source: LoadedSource): void {
    if (this.sources.has(source.summary.id)) this.removeSource(source.summary.id, false);
    this.sources.set(source.summary.id, source);
    for (const record of source.records) this.byId.set(record.id, record);
    this.changed();
  }

  removeSource(id: string, notify = true): boolean {
    const source = this.sources.get(id);
    if (!source) return false;
    this.sources.delete(id);
    for (const record of source.records) this.byId.delete(record.id);
    for (const url of source.objectUrls ?? []) URL.revokeObjectURL(url);
    for (const key of [...this.imageCache.keys()]) if (source.images.has(key.slice(0, key.lastIndexOf('#')))) this.imageCache.delete(key);
    if (notify) this.changed();
    return true;
  }

  /** Content key → name of the first loaded source holding it (a load skips rows already here). */
  contentIndex(): Map<string, string> {
    const out = new Map<string, string>();
    for (const source of this.sources.values()) {
      for (const record of source.records) {
        const key = recordContentKey(record);
        if (!out.has(key)) out.set(key, source.summary.name);
      }
    }
    return out;
  }

  /** Puts every record of one source into `split` (for files whose name did not say). False if there is none. */
  setSourceSplit(id: string, split: Split): boolean {
    const source = this.sources.get(id);
    if (!source) return false;
    for (const record of source.records) record.split = split;
    source.summary = { ...source.summary, split };
    this.changed();
    return true;
  }

  hasSource(id: string): boolean {
    return this.sources.has(id);
  }

  clear(): void {
    for (const id of [...this.sources.keys()]) this.removeSource(id, false);
    this.changed();
  }

  /** Called after every change; returns an unsubscribe function. */
  onDataChanged(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(): void {
    this.version++;
    this.vocabCache = null;
    this.encodedCache = new WeakMap();
    this.preprocessed = new Map();
    for (const listener of this.listeners) listener();
  }

  getRecords(): SampleRecord[] {
    const all: SampleRecord[] = [];
    for (const source of this.sources.values()) for (const record of source.records) all.push(record);
    return all;
  }

  getRecord(id: string): SampleRecord | null {
    return this.byId.get(id) ?? null;
  }

  sourceSummaries(): SourceSummary[] {
    return [...this.sources.values()].map((s) => s.summary);
  }

  summary(): DatasetSummary {
    return summarize(this.sourceSummaries(), this.getRecords());
  }

  private imageSource(partId: string): ImageSource | undefined {
    for (const source of this.sources.values()) {
      const images = source.images.get(partId);
      if (images) return images;
    }
    return undefined;
  }

  /** The record's image: bytes (read lazily from its file, cached) or a URL. Throws with a clear reason. */
  async getImageBytes(id: string): Promise<ImageBytes> {
    const record = this.byId.get(id);
    if (!record) throw new Error(`No record "${id}"`);
    const ref = record.image;
    if (ref.kind === 'url') return { url: ref.url };
    if (ref.kind === 'none') throw new Error('This record has no image');
    const images = this.imageSource(ref.sourceId);
    if (!images) throw new Error(`The file holding the image of "${id}" is no longer loaded`);
    let bytes: Uint8Array | null | undefined;
    if (images.kind === 'memory') bytes = images.bytes.get(ref.row);
    else {
      // A block of neighbouring rows, kept inside the row's row group so one read touches one column chunk.
      const group = rowGroupOf(images.parquet, ref.row);
      const start = Math.max(group.start, Math.floor(ref.row / IMAGE_BLOCK) * IMAGE_BLOCK);
      const end = Math.min(group.end, start + IMAGE_BLOCK);
      const key = `${ref.sourceId}#${start}`;
      let block = this.imageCache.get(key);
      if (!block) {
        block = readParquetImages(images.parquet, start, end);
        this.imageCache.set(key, block);
        block.catch(() => this.imageCache.delete(key));
        // Bounded: drop the oldest blocks first.
        while (this.imageCache.size * IMAGE_BLOCK > IMAGE_CACHE_LIMIT) this.imageCache.delete(this.imageCache.keys().next().value as string);
      }
      bytes = (await block)[ref.row - start];
    }
    if (!bytes || bytes.length === 0) throw new Error('The image cell is empty');
    const mime = sniffImage(bytes);
    if (!mime) throw new Error(`Undecodable image: ${bytes.length} bytes that are not PNG, JPEG or WebP`);
    return { bytes, mime };
  }

  /** Vocabulary from every loaded question and response; cached until the data changes. */
  vocabulary(maxSize = 2000): Vocabulary {
    if (!this.vocabCache || this.vocabCache.version !== this.version || this.vocabCache.vocab.size > maxSize) {
      this.vocabCache = { version: this.version, vocab: Vocabulary.build(vocabularyTexts(this.getRecords()), maxSize) };
    }
    return this.vocabCache.vocab;
  }

  /** Encodes the loaded data with the store's own vocabulary. */
  async getEncoded(sizes: EncodeSizes, options: EncodeOptions = {}): Promise<{ vocab: Tokenizer; encoded: EncodedDataset }> {
    const vocab = this.vocabulary();
    return { vocab, encoded: await this.encodeWithVocab(vocab, sizes, options) };
  }

  /**
   * Encodes the loaded data with a given vocabulary (pretrained models bring their own). Decodes each image once
   * per image size, reading Parquet files page by page; a record whose image cannot be read or decoded is skipped
   * (src/experiment/data/promptData.ts). Every call (cached or not) reports those failures as a warning under `options.job`, with the
   * count and the first file and row, so the area that asked shows it. `signal` cancels a running encoding.
   */
  async encodeWithVocab(vocab: Tokenizer, sizes: EncodeSizes, options: EncodeOptions = {}): Promise<EncodedDataset> {
    let bySizes = this.encodedCache.get(vocab);
    if (!bySizes) {
      bySizes = new Map();
      this.encodedCache.set(vocab, bySizes);
    }
    const key = `${sizes.imageSize}|${sizes.maxQuestionTokens}|${sizes.maxResponseTokens}`;
    let entry = bySizes.get(key);
    if (!entry) {
      const version = this.version;
      entry = (async () => {
        const records = this.getRecords();
        const { pixels, failed, problems } = await this.preprocessImages(records, sizes.imageSize, options);
        if (version !== this.version) throw new Error('The data changed while it was being encoded; try again');
        // Rows whose image failed are skipped (and named in the warning below), as the runner skips them.
        return { encoded: encodePromptData(records, { pixels, failed }, vocab, sizes).data, problems };
      })();
      bySizes.set(key, entry);
      const cache = bySizes;
      entry.catch(() => cache.delete(key));
    }
    const { encoded, problems } = await entry;
    this.imageProblems = problems;
    this.imageFailures = problems.failed;
    const warning = imageProblemsWarning(problems);
    if (warning) emitStatus({ job: options.job ?? 'data', kind: 'warning', message: warning, detail: { imageProblems: problems } });
    if (problems.budgetNotice) emitStatus({ job: options.job ?? 'data', kind: 'warning', message: problems.budgetNotice });
    return encoded;
  }

  /** File name and row of a record, for messages. */
  private locate(record: SampleRecord): { file: string; row: number } {
    const ref = record.image;
    const images = ref.kind === 'bytes' ? this.imageSource(ref.sourceId) : undefined;
    if (images?.kind === 'parquet') return { file: images.parquet.name, row: record.row };
    return { file: this.sources.get(record.sourceId)?.summary.name ?? record.sourceId, row: record.row };
  }

  /**
   * Decodes every record's image into one count × size × size × 3 array (zeros where it fails or the image
   * budget skips it; `failed` says which and why, and the encoding leaves those rows out), the one the encoding uses when every image decoded; the per-size cache keeps views into it, so
   * no second copy of 50,000 images is held (only the kept rows are copied when some failed).
   */
  private async preprocessImages(
    records: SampleRecord[],
    size: number,
    options: EncodeOptions,
  ): Promise<{ pixels: Float32Array; failed: Map<string, string>; problems: ImageProblems }> {
    const stride = size * size * 3;
    const pixels = new Float32Array(records.length * stride);
    const indexOf = new Map(records.map((record, i) => [record.id, i]));
    const problems: ImageProblems = { failed: 0, total: 0, first: null };
    const budget = new ImageBudget(options.imageBudget);
    const withImage = records.filter((r) => r.image.kind !== 'none');
    problems.total = withImage.length;
    let done = 0;
    let reportedAt = -Infinity;
    // At most every 100 ms (and at the end), so a file with thousands of pages does not flood the UI.
    const report = () => {
      const now = performance.now();
      if (now - reportedAt >= 100 || done === withImage.length) {
        reportedAt = now;
        options.onProgress?.(done / Math.max(1, withImage.length), `Decoding images: ${done.toLocaleString('en-US')} of ${withImage.length.toLocaleString('en-US')}`);
      }
    };
    const checkCancelled = () => {
      if (options.signal?.aborted) throw new CancelledError();
    };
    const failed = new Map<string, string>();
    const fail = (record: SampleRecord, error: unknown) => {
      failed.set(record.id, errorText(error));
      problems.failed++;
      if (!problems.first) problems.first = { ...this.locate(record), reason: errorText(error) };
    };
    /** A record whose image the budget skipped: out of training (encodePromptData skips `failed`), named by the notice. */
    const skipByBudget = (record: SampleRecord) => {
      failed.set(record.id, 'skipped by the image budget');
      problems.budgetSkipped = (problems.budgetSkipped ?? 0) + 1;
    };
    /** Decodes one record's image from bytes (or a URL), or takes it from the cache, into `pixels`. */
    const decode = async (record: SampleRecord, bytes: Uint8Array | null | 'fetch') => {
      const key = `${size}|${record.id}`;
      let data = this.preprocessed.get(key);
      if (!data) {
        try {
          let input: Uint8Array;
          if (bytes === 'fetch') {
            const image = await this.getImageBytes(record.id);
            input = 'bytes' in image ? image.bytes : await fetchBytes(image.url);
          } else if (!bytes || bytes.length === 0) throw new Error('The image cell is empty');
          else input = bytes;
          const { file, row } = this.locate(record);
          const decoded = await budget.decode(input, `${file}, row ${row}`, () => preprocessImage(input, size));
          // Past the budget: left out of training like an undecodable image; the budget's notice names it.
          if (decoded === null) skipByBudget(record);
          else data = decoded;
        } catch (error) {
          if (error instanceof ImageBudgetError) throw error; // over the set-up's time: the set-up ends, saying why
          fail(record, error);
        }
      }
      if (data) {
        const at = indexOf.get(record.id)! * stride;
        pixels.set(data, at);
        this.preprocessed.set(key, pixels.subarray(at, at + stride));
      }
      done++;
      report();
    };
    /** Runs `task` over `items` with a few in flight (decoding awaits the platform's inflate). */
    const pool = async <T>(items: T[], task: (item: T) => Promise<void>) => {
      let next = 0;
      const lane = async () => {
        while (next < items.length) {
          checkCancelled();
          await task(items[next++]);
        }
      };
      await Promise.all(Array.from({ length: Math.min(8, items.length) }, lane));
    };

    // Parquet files: block by block (a data page, or a row group without an offset index), reading only the rows
    // still needed and dropping their bytes once decoded. Everything else: record by record.
    const byParquet = new Map<ParquetSource, SampleRecord[]>();
    const others: SampleRecord[] = [];
    for (const record of withImage) {
      const ref = record.image;
      const images = ref.kind === 'bytes' ? this.imageSource(ref.sourceId) : undefined;
      if (images?.kind === 'parquet' && !this.preprocessed.has(`${size}|${record.id}`)) {
        const list = byParquet.get(images.parquet) ?? [];
        list.push(record);
        byParquet.set(images.parquet, list);
      } else others.push(record);
    }
    for (const [parquet, list] of byParquet) {
      list.sort((a, b) => a.row - b.row);
      const blocks = await imageReadBlocks(parquet);
      let at = 0;
      for (const block of blocks) {
        const needed: SampleRecord[] = [];
        while (at < list.length && list[at].row < block.end) {
          if (list[at].row >= block.start) needed.push(list[at]);
          at++;
        }
        if (needed.length === 0) continue;
        checkCancelled();
        const first = needed[0].row;
        let bytes: (Uint8Array | null)[];
        try {
          bytes = await readParquetImages(parquet, first, needed[needed.length - 1].row + 1);
        } catch (error) {
          for (const record of needed) {
            fail(record, error);
            done++;
          }
          report();
          continue;
        }
        await pool(needed, (record) => decode(record, bytes[record.row - first]));
      }
    }
    await pool(others, (record) => decode(record, 'fetch'));
    const budgetNotice = budget.notice();
    if (budgetNotice) problems.budgetNotice = budgetNotice;
    return { pixels, failed, problems };
  }
}

/** Thrown when work is cancelled through its AbortSignal (encoding, training set-up). */
export class CancelledError extends Error {
  constructor(message = 'Cancelled while decoding images') {
    super(message);
    this.name = 'CancelledError';
  }
}

export interface EncodeOptions {
  /** The job the encoding serves: its image warnings go out under this job (default 'data'). */
  job?: JobName;
  onProgress?: (fraction: number, message: string) => void;
  signal?: AbortSignal;
  /** Bounds on all the images this encoding decodes (imageBudget.ts); the defaults where absent. */
  imageBudget?: ImageBudgetLimits;
}

/** Images that could not be read or decoded during an encoding: how many, of how many, and the first one. */
export interface ImageProblems {
  failed: number;
  total: number;
  first: { file: string; row: number; reason: string } | null;
  /** What the image budget skipped, as a notice; null or absent when nothing was. */
  budgetNotice?: string | null;
  /** Rows the image budget left out of training (not counted in `failed`, which the budget notice does not cover). */
  budgetSkipped?: number;
}

/** "30 of 36 images could not be read or decoded … First: file, row 4: reason", or null when all decoded. */
export function imageProblemsWarning(problems: ImageProblems): string | null {
  if (problems.failed === 0) return null;
  const first = problems.first ? ` First: ${problems.first.file}, row ${problems.first.row}: ${problems.first.reason}` : '';
  return `${problems.failed} of ${problems.total} image${problems.total === 1 ? '' : 's'} could not be read or decoded; those rows are skipped and do not train.${first}`;
}

function rowGroupOf(parquet: ParquetSource, row: number): { start: number; end: number } {
  let start = 0;
  for (const group of parquet.metadata.row_groups) {
    const end = start + Number(group.num_rows);
    if (row < end) return { start, end };
    start = end;
  }
  return { start: 0, end: parquet.rows };
}

async function fetchBytes(url: string): Promise<Uint8Array> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

export const dataStore = new DataStore();

/** Encodes the loaded data with a model's own vocabulary (see DataStore.encodeWithVocab). */
export function encodeWithVocab(vocab: Tokenizer, sizes: EncodeSizes, options: EncodeOptions = {}): Promise<EncodedDataset> {
  return dataStore.encodeWithVocab(vocab, sizes, options);
}
