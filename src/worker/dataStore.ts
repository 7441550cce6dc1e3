// The trainer worker's dataset: loaded sources, their records, lazy image access and encoded model inputs.
// One singleton (`dataStore`); the models and PPO modules read from it and subscribe to changes.
import { encodeRecords, vocabularyTexts, type EncodeSizes, type EncodedDataset } from '../data/encode';
import { preprocessImage } from '../data/image';
import { readParquetImages, type ParquetSource } from '../data/parquet';
import { recordContentKey } from '../data/duplicates';
import type { SampleRecord, Split } from '../data/record';
import { sniffImage } from '../data/sniff';
import { summarize, type DatasetSummary, type SourceSummary } from '../data/summary';
import { Vocabulary } from '../data/tokenizer';
import { emitStatus } from './context';

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
  private encodedCache = new WeakMap<Vocabulary, Map<string, Promise<EncodedDataset>>>();
  private preprocessed = new Map<string, Float32Array>();
  /** Bumped on every change; caches compare against it. */
  version = 0;
  /** Images that failed to load or decode during the last encoding. */
  imageFailures = 0;

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
  async getEncoded(sizes: EncodeSizes, onProgress?: (fraction: number) => void): Promise<{ vocab: Vocabulary; encoded: EncodedDataset }> {
    const vocab = this.vocabulary();
    return { vocab, encoded: await this.encodeWithVocab(vocab, sizes, onProgress) };
  }

  /**
   * Encodes the loaded data with a given vocabulary (pretrained models bring their own). Decodes each image once
   * per image size; a record whose image cannot be read or decoded gets a zero image (reported via `warnings`).
   */
  encodeWithVocab(vocab: Vocabulary, sizes: EncodeSizes, onProgress?: (fraction: number) => void): Promise<EncodedDataset> {
    let bySizes = this.encodedCache.get(vocab);
    if (!bySizes) {
      bySizes = new Map();
      this.encodedCache.set(vocab, bySizes);
    }
    const key = `${sizes.imageSize}|${sizes.maxQuestionTokens}|${sizes.maxResponseTokens}`;
    let encoded = bySizes.get(key);
    if (!encoded) {
      const version = this.version;
      encoded = (async () => {
        const records = this.getRecords();
        const images = await this.preprocessImages(records, sizes.imageSize, onProgress);
        if (version !== this.version) throw new Error('The data changed while it was being encoded; try again');
        return encodeRecords(records, images, vocab, sizes);
      })();
      bySizes.set(key, encoded);
      const cache = bySizes;
      encoded.catch(() => cache.delete(key));
    }
    return encoded;
  }


  private async preprocessImages(records: SampleRecord[], size: number, onProgress?: (fraction: number) => void): Promise<Map<string, Float32Array>> {
    const out = new Map<string, Float32Array>();
    let failures = 0;
    let done = 0;
    const queue = records.filter((r) => r.image.kind !== 'none');
    const worker = async () => {
      for (let record = queue.pop(); record; record = queue.pop()) {
        const key = `${size}|${record.id}`;
        let data = this.preprocessed.get(key);
        if (!data) {
          try {
            const image = await this.getImageBytes(record.id);
            const bytes = 'bytes' in image ? image.bytes : await fetchBytes(image.url);
            data = await preprocessImage(bytes, size);
            this.preprocessed.set(key, data);
          } catch {
            failures++;
          }
        }
        if (data) out.set(record.id, data);
        done++;
        if (done % 64 === 0) onProgress?.(done / records.length);
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    onProgress?.(1);
    this.imageFailures = failures;
    if (failures > 0) {
      emitStatus({ job: 'data', kind: 'warning', message: `${failures} image${failures > 1 ? 's' : ''} could not be read or decoded; those records train with a blank image` });
    }
    return out;
  }
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
export function encodeWithVocab(vocab: Vocabulary, sizes: EncodeSizes, onProgress?: (fraction: number) => void): Promise<EncodedDataset> {
  return dataStore.encodeWithVocab(vocab, sizes, onProgress);
}
