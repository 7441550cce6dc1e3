/**
 * Real BeaverTails-V files for the headless runner and pretraining (`--data FILE_OR_URL …`): local paths or
 * http(s) URLs of the published Parquet files, preference or single-response variant (one variant per run).
 * Rows go through the app's own reader and schema (src/data/parquet.ts, schema.ts), images through the browser's
 * preprocessing (nodeImage.ts), text through the given vocabulary (the shipped one, so shipped weights stay
 * valid; unknown words become <unk> and are counted). Rows whose image is missing or does not decode are
 * skipped and counted; rows the schema rejects are skipped and reported with the schema's messages.
 */
import { DEFAULT_DOWNLOAD_LIMIT_MB, DOWNLOAD_STALL_MS, guardedFetch } from '../../src/data/guardedFetch';
import { readFile } from 'node:fs/promises';
import { vocabularyTexts, type EncodeSizes, type EncodedDataset } from '../../src/data/encode';
import { encodePromptData } from '../../src/experiment/data/promptData';
import { chooseVocabulary } from '../../src/experiment/models/vocabularyChoice';
import { asyncBufferFromArrayBuffer, openParquet, readParquetImages, readParquetIndex, type ParquetSource } from '../../src/data/parquet';
import type { SampleRecord, Split } from '../../src/data/record';
import { DataError, type Variant } from '../../src/data/schema';
import { isParquet, sniffFile, splitFromName } from '../../src/data/sniff';
import { words, type Tokenizer } from '../../src/data/tokenizer';
import { sizesFromConfig } from '../../src/models/sizes';
import { errorText } from '../../src/util/errorText';
import { preprocessImageNode } from './nodeImage';
import { StepWatchdog } from './stepWatchdog';
import { shippedVocabulary, type DataProvider, type NodeData } from './setup';

export interface RealDataOptions {
  sources: readonly string[];
  /** The split of files whose name does not say (…/train.parquet, …/evaluation.parquet). */
  defaultSplit: 'train' | 'evaluation';
  sizes: EncodeSizes;
  /** The models' tokenizer, or one made from the loaded records (a pack's, learned from them); without one, a word vocabulary is built from the loaded text. */
  vocab?: Tokenizer | ((records: SampleRecord[]) => Tokenizer);
  fetch?: typeof fetch;
  /** Time allowed for a server to answer (headers) or to send the next chunk before the download is stopped. */
  connectTimeoutMs?: number;
  /** Most MB one download may bring (--download-limit; default DEFAULT_DOWNLOAD_LIMIT_MB). */
  downloadLimitMb?: number;
  log?: (line: string) => void;
  /** Longest one step on a file's bytes may take (default STEP_LIMIT_MS, stepWatchdog.ts). */
  stepLimitMs?: number;
  /** Longest such a step may block the thread before the process is ended (default BLOCKED_LIMIT_MS). */
  blockedLimitMs?: number;
}

export interface RealDataFile {
  source: string;
  variant: Variant;
  split: Split;
  rows: number;
  /** Rows kept after the schema check and image decoding. */
  kept: number;
}

export interface RealDataReport {
  files: RealDataFile[];
  /** Rows the schema rejected, with the first messages. */
  rejectedRows: number;
  rejectedMessages: string[];
  undecodableImages: number;
  undecodableExamples: string[];
  missingImages: number;
  words: number;
  unknownWords: number;
}

export interface RealData {
  records: SampleRecord[];
  vocab: Tokenizer;
  data: EncodedDataset;
  report: RealDataReport;
}

const IMAGE_BLOCK = 256;

/** A response body, with a progress line every 2 s for downloads that take that long. */
async function readWithProgress(href: string, response: Response, log?: (line: string) => void): Promise<ArrayBuffer> {
  if (!response.body) return response.arrayBuffer();
  const total = Number(response.headers.get('content-length') ?? 0);
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let received = 0;
  let reported = Date.now();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    received += value.length;
    if (log && Date.now() - reported >= 2000) {
      reported = Date.now();
      log(`downloading ${href}: ${(received / 1e6).toFixed(1)}${total ? ` of ${(total / 1e6).toFixed(1)}` : ''} MB`);
    }
  }
  const out = new Uint8Array(received);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out.buffer;
}

async function readSource(source: string, options: RealDataOptions): Promise<ArrayBuffer> {
  if (/^[a-z]+:\/\//i.test(source)) {
    let url: URL;
    try {
      url = new URL(source);
    } catch {
      throw new DataError(`${source}: not a valid URL`);
    }
    if (!/^https?:$/.test(url.protocol)) throw new DataError(`${source}: only http(s) URLs can be loaded`);
    if (url.hostname === 'huggingface.co') url.pathname = url.pathname.replace(/\/blob\//, '/resolve/');
    // The same limits as the app (guardedFetch): a size limit (--download-limit), the announced size enforced,
    // a stall timeout for the answer and for every chunk; progress in the log.
    const stallMs = options.connectTimeoutMs ?? DOWNLOAD_STALL_MS;
    const limited = guardedFetch(options.fetch ?? fetch, { maxBytes: (options.downloadLimitMb ?? DEFAULT_DOWNLOAD_LIMIT_MB) * 1e6, stallMs });
    let response: Response;
    try {
      response = await limited(url, {});
    } catch (error) {
      if (error instanceof DataError) throw error;
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      throw new DataError(`Could not reach ${url.href} (${cause?.code ?? cause?.message ?? errorText(error)})`);
    }
    if (!response.ok) throw new DataError(`${url.href}: HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`);
    try {
      return await readWithProgress(url.href, response, options.log);
    } catch (error) {
      if (error instanceof DataError) throw error;
      throw new DataError(`${url.href}: the download broke off (${errorText(error)})`);
    }
  }
  try {
    const buffer = await readFile(source);
    return buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength) as ArrayBuffer;
  } catch (error) {
    throw new DataError(`${source}: cannot read the file (${(error as NodeJS.ErrnoException).code ?? errorText(error)})`);
  }
}

async function openBeaverTails(source: string, buffer: ArrayBuffer): Promise<ParquetSource> {
  const bytes = new Uint8Array(buffer);
  if (!isParquet(bytes.subarray(0, 4))) {
    const kind = sniffFile(bytes.subarray(0, 4096), source);
    const shown = Array.from(bytes.subarray(0, 8), (b) => b.toString(16).padStart(2, '0')).join(' ');
    throw new DataError(
      `${source}: not a BeaverTails-V Parquet file (${kind === 'unknown' ? `it starts with bytes ${shown || '(none)'}` : `it looks like ${kind}`}); ` +
        'the runner reads the published Parquet files (data/<category>/<split>.parquet)',
    );
  }
  return openParquet(source, asyncBufferFromArrayBuffer(buffer));
}

/** Loads, checks, decodes and encodes the files; throws a DataError naming the file for anything unusable. */
export async function loadRealData(options: RealDataOptions): Promise<RealData> {
  const log = options.log ?? (() => {});
  if (options.sources.length === 0) throw new DataError('--data names no file');
  // Steps on the files' bytes are bounded (stepWatchdog.ts); downloads have their own limits (guardedFetch).
  const watchdog = new StepWatchdog(options.stepLimitMs, options.blockedLimitMs);
  try {
    return await loadWithin(watchdog, options, log);
  } finally {
    watchdog.dispose();
  }
}

async function loadWithin(watchdog: StepWatchdog, options: RealDataOptions, log: (line: string) => void): Promise<RealData> {
  const opened: { source: string; parquet: ParquetSource; split: Split }[] = [];
  for (const source of options.sources) {
    log(`reading ${source}…`);
    const buffer = await readSource(source, options);
    const parquet = await watchdog.step(`opening ${source}`, () => openBeaverTails(source, buffer));
    const named = splitFromName(source.replace(/[?#].*$/, ''));
    opened.push({ source, parquet, split: named === 'unknown' ? options.defaultSplit : named });
  }
  const variants = new Set(opened.map((o) => o.parquet.variant));
  if (variants.size > 1) {
    throw new DataError(
      `--data mixes the two BeaverTails-V variants (${opened.map((o) => `${o.source}: ${o.parquet.variant === 'pairs' ? 'preference pairs' : 'single responses'}`).join('; ')}); load files of one variant per run`,
    );
  }

  const report: RealDataReport = {
    files: [], rejectedRows: 0, rejectedMessages: [], undecodableImages: 0, undecodableExamples: [], missingImages: 0, words: 0, unknownWords: 0,
  };
  // Every row the schema accepts, in file and row order (so runs are reproducible), and its decoded image.
  const perFile: SampleRecord[][] = [];
  for (const [index, { parquet, split }] of opened.entries()) {
    const { records: fileRecords, rowErrors } = await watchdog.step(`indexing ${parquet.name}`, () => readParquetIndex(parquet, { sourceId: `data${index}`, split }));
    report.rejectedRows += parquet.rows - fileRecords.length;
    if (rowErrors) report.rejectedMessages.push(rowErrors);
    perFile.push(fileRecords.slice().sort((a, b) => a.row - b.row));
  }
  const accepted = perFile.flat();
  const stride = options.sizes.imageSize * options.sizes.imageSize * 3;
  const pixels = new Float32Array(accepted.length * stride);
  const failed = new Map<string, string>();
  let offset = 0;
  for (const [index, { source, parquet, split }] of opened.entries()) {
    const fileRecords = perFile[index];
    const base = offset;
    offset += fileRecords.length;
    let kept = 0;
    for (let start = 0; start < fileRecords.length; start += IMAGE_BLOCK) {
      const block = fileRecords.slice(start, start + IMAGE_BLOCK);
      const first = block[0].row;
      const bytes = await watchdog.step(`reading the images of ${source}, rows ${first}–${block[block.length - 1].row}`, () => readParquetImages(parquet, first, block[block.length - 1].row + 1));
      await Promise.all(
        block.map(async (record, k) => {
          const cell = bytes[record.row - first];
          if (!cell || cell.length === 0) {
            report.missingImages++;
            failed.set(record.id, 'The image cell is empty');
            return;
          }
          try {
            pixels.set(await preprocessImageNode(cell, options.sizes.imageSize), (base + start + k) * stride);
            kept++;
          } catch (error) {
            failed.set(record.id, errorText(error));
            report.undecodableImages++;
            if (report.undecodableExamples.length < 5) report.undecodableExamples.push(`${source} row ${record.row}: ${errorText(error)}`);
          }
        }),
      );
    }
    report.files.push({ source, variant: parquet.variant, split, rows: parquet.rows, kept });
  }
  if (failed.size === accepted.length) throw new DataError(`--data: no usable rows (${describeSkips(report)})`);

  // The shared set-up (src/experiment/data/promptData.ts): rows whose image failed are skipped, as in the browser.
  const { records, vocab, data } = encodePromptData(
    accepted,
    { pixels, failed },
    (kept) => (typeof options.vocab === 'function' ? options.vocab(kept) : chooseVocabulary({ shipped: options.vocab ?? null, rows: () => kept }).vocab),
    options.sizes,
  );
  for (const text of vocabularyTexts(records)) {
    for (const word of words(text)) {
      report.words++;
      if (!vocab.knowsWord(word)) report.unknownWords++;
    }
  }
  return { records, vocab, data, report };
}

/**
 * --data as the runner's data source: loaded once per encoding size with the shipped vocabulary (weightsDir),
 * the report logged on first load.
 */
export function realDataProvider(options: Omit<RealDataOptions, 'sizes' | 'vocab'>): DataProvider {
  const cache = new Map<string, Promise<NodeData>>();
  return {
    key: `data:${JSON.stringify(options.sources)}:${options.defaultSplit}`,
    load(config, weightsDir) {
      const sizes = { imageSize: config.imageSize, maxQuestionTokens: config.maxQuestionTokens, maxResponseTokens: config.maxResponseTokens };
      const key = `${weightsDir}|${JSON.stringify(sizes)}`;
      let loaded = cache.get(key);
      if (!loaded) {
        loaded = (async () => {
          const vocab = (await shippedVocabulary(weightsDir)) ?? undefined;
          const real = await loadRealData({ ...options, sizes, vocab });
          for (const line of reportLines(real.report)) options.log?.(line);
          return { sizes: sizesFromConfig(config, real.vocab.size), vocab: real.vocab, records: real.records, data: real.data };
        })();
        cache.set(key, loaded);
        loaded.catch(() => cache.delete(key));
      }
      return loaded;
    },
  };
}

function describeSkips(report: RealDataReport): string {
  return [
    `${report.rejectedRows} row(s) rejected by the schema`,
    `${report.missingImages} without an image`,
    `${report.undecodableImages} with an image that does not decode`,
  ].join(', ');
}

/** The report as lines for the console: every skip counted, nothing silent. */
export function reportLines(report: RealDataReport): string[] {
  const lines = report.files.map(
    (f) => `${f.source}: ${f.variant === 'pairs' ? 'preference pairs' : 'single responses'}, ${f.split} split, ${f.kept} of ${f.rows} rows used`,
  );
  if (report.rejectedRows) lines.push(`skipped ${report.rejectedRows} row(s) the schema rejected: ${report.rejectedMessages.join(' ')}`);
  if (report.missingImages) lines.push(`skipped ${report.missingImages} row(s) without an image`);
  if (report.undecodableImages) {
    lines.push(`skipped ${report.undecodableImages} row(s) whose image does not decode, e.g. ${report.undecodableExamples.join('; ')}`);
  }
  const share = report.words ? (100 * report.unknownWords) / report.words : 0;
  lines.push(`${report.unknownWords} of ${report.words} words (${share.toFixed(1)}%) are outside the vocabulary and read as <unk>`);
  return lines;
}
