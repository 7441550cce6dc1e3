// Node-only loader for the bundled synthetic sample (public/sample): used by model and PPO tests, the headless
// runner and pretrain scripts. Cached per process, so many tests can call it cheaply.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { encodeRecords, vocabularyTexts, type EncodeSizes, type EncodedDataset } from './encode';
import { preprocessImage } from './image';
import { asyncBufferFromArrayBuffer, openParquet, readParquetImages, readParquetIndex } from './parquet';
import type { SampleRecord } from './record';
import { SAMPLE_SOURCE_ID, parseSampleManifest, samplePartId, type SampleManifest } from './sample';
import { Vocabulary } from './tokenizer';

export interface NodeSample {
  records: SampleRecord[];
  /** Record id → encoded image bytes (PNG). */
  imageBytes: Map<string, Uint8Array>;
  manifest: SampleManifest;
}

const sampleCache = new Map<string, Promise<NodeSample>>();

async function load(root: string): Promise<NodeSample> {
  const manifest = parseSampleManifest(await readFile(join(root, 'manifest.json'), 'utf8'));
  const records: SampleRecord[] = [];
  const imageBytes = new Map<string, Uint8Array>();
  for (const file of manifest.files) {
    const buffer = await readFile(join(root, file.path));
    const arrayBuffer = buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength) as ArrayBuffer;
    const source = await openParquet(file.path, asyncBufferFromArrayBuffer(arrayBuffer));
    const { records: fileRecords, rowErrors } = await readParquetIndex(source, { sourceId: SAMPLE_SOURCE_ID, partId: samplePartId(file), split: file.split });
    if (rowErrors) throw new Error(rowErrors);
    const images = await readParquetImages(source, 0, source.rows);
    for (const record of fileRecords) {
      const bytes = images[record.row];
      if (bytes) imageBytes.set(record.id, bytes);
      records.push(record);
    }
  }
  return { records, imageBytes, manifest };
}

export function loadBundledSampleNode(root = 'public/sample'): Promise<NodeSample> {
  let cached = sampleCache.get(root);
  if (!cached) {
    cached = load(root);
    sampleCache.set(root, cached);
    cached.catch(() => sampleCache.delete(root));
  }
  return cached;
}

const imageCache = new Map<string, Promise<Map<string, Float32Array>>>();

/** Record id → size × size × 3 floats; identical image bytes are decoded once. */
export function sampleImagesNode(size: number, root = 'public/sample'): Promise<Map<string, Float32Array>> {
  const key = `${root}|${size}`;
  let cached = imageCache.get(key);
  if (!cached) {
    cached = (async () => {
      const { imageBytes } = await loadBundledSampleNode(root);
      const byBytes = new Map<Uint8Array, Promise<Float32Array>>();
      const entries = await Promise.all(
        [...imageBytes].map(async ([id, bytes]) => {
          let decoded = byBytes.get(bytes);
          if (!decoded) {
            decoded = preprocessImage(bytes, size, (data) => new Uint8Array(inflateSync(data)));
            byBytes.set(bytes, decoded);
          }
          return [id, await decoded] as const;
        }),
      );
      return new Map(entries);
    })();
    imageCache.set(key, cached);
    cached.catch(() => imageCache.delete(key));
  }
  return cached;
}

export interface EncodedSample {
  records: SampleRecord[];
  vocab: Vocabulary;
  encoded: EncodedDataset;
}

const encodedCache = new Map<string, Promise<EncodedSample>>();

/**
 * The whole sample, encoded: vocabulary from every question and response (the same one the browser worker
 * builds for the sample), all 2,000 pairs in manifest order. Cached per sizes: callers share the arrays and
 * must not modify them.
 */
export function loadEncodedSampleNode(sizes: EncodeSizes, root = 'public/sample'): Promise<EncodedSample> {
  const key = `${root}|${sizes.imageSize}|${sizes.maxQuestionTokens}|${sizes.maxResponseTokens}`;
  let cached = encodedCache.get(key);
  if (!cached) {
    cached = (async () => {
      const { records } = await loadBundledSampleNode(root);
      const images = await sampleImagesNode(sizes.imageSize, root);
      const vocab = Vocabulary.build(vocabularyTexts(records));
      return { records, vocab, encoded: encodeRecords(records, images, vocab, sizes) };
    })();
    encodedCache.set(key, cached);
    cached.catch(() => encodedCache.delete(key));
  }
  return cached;
}
