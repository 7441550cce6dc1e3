// The data area of the trainer worker API: loading (bundled sample, user files, URLs), browsing and images.
// Parsing happens here, never on the main thread. A failed load leaves what was loaded before untouched.
import { asyncBufferFromUrl, cachedAsyncBuffer, type AsyncBuffer } from 'hyparquet';
import * as Comlink from 'comlink';
import { separateDuplicates } from '../data/duplicates';
import { parseJsonl } from '../data/jsonl';
import { asyncBufferFromArrayBuffer, openParquet, readParquetIndex } from '../data/parquet';
import type { SampleRecord, Split } from '../data/record';
import { parseRowsJson, type TextLoadResult } from '../data/rowsJson';
import { SAMPLE_NAME, SAMPLE_SOURCE_ID, parseSampleManifest, samplePartId } from '../data/sample';
import { DataError } from '../data/schema';
import { sniffFile, sniffImage, splitFromName } from '../data/sniff';
import { indexEntry, type DatasetSummary, type ImagePayload, type LoadResult, type RecordIndexEntry, type SourceKind } from '../data/summary';
import { dataFileUrl } from '../data/urlProbe';
import { MAX_DOWNLOAD_LIMIT_MB, defaultDownloadLimits, guardedFetch, type DownloadLimits } from '../data/guardedFetch';
import { emitStatus } from './context';
import { dataStore, type DataStore, type ImageSource, type LoadedSource } from './dataStore';
import { errorText } from '../util/errorText';

export interface DataHandlerDeps {
  fetch: typeof fetch;
  /** Where public/ is served (Vite's BASE_URL). */
  baseUrl: string;
  now: () => number;
  /** Parquet over a URL bigger than this is read with HTTP range requests instead of one download. */
  rangeThreshold: number;
  downloadLimits?: Partial<DownloadLimits>;
}


interface ParsedFile {
  kind: SourceKind;
  variant: LoadedSource['summary']['variant'];
  records: SampleRecord[];
  images: Map<string, ImageSource>;
  warnings: string[];
  rowErrors: string | null;
}

function isJsonDocument(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

function splitOf(records: SampleRecord[]): Split | 'mixed' {
  const splits = new Set(records.map((r) => r.split));
  return splits.size === 1 ? [...splits][0] : splits.size === 0 ? 'unknown' : 'mixed';
}

/** Names that claim a data file; content that is an image under such a name is reported, not used as a sidecar. */
const DATA_FILE_NAME = /\.(parquet|jsonl|ndjson|json)$/i;

export function createDataHandlers(store: DataStore = dataStore, deps?: Partial<DataHandlerDeps>) {
  const env: DataHandlerDeps = {
    fetch: deps?.fetch ?? ((input, init) => fetch(input, init)),
    baseUrl: deps?.baseUrl ?? import.meta.env?.BASE_URL ?? '/',
    now: deps?.now ?? (() => Date.now()),
    rangeThreshold: deps?.rangeThreshold ?? 32 * 1024 * 1024,
  };
  let controller: AbortController | null = null;
  let sourceCounter = 0;
  /** Size limit and stall timeout of every data request (guardedFetch); the person's limit arrives with loadUrl. */
  const limits: DownloadLimits = { ...defaultDownloadLimits(), ...deps?.downloadLimits };
  const dataFetch = guardedFetch((input, init) => env.fetch(input, init), limits);

  function begin(label: string): AbortSignal {
    controller?.abort();
    controller = new AbortController();
    emitStatus({ job: 'data', kind: 'started', message: label });
    return controller.signal;
  }

  function checkAborted(signal: AbortSignal): void {
    if (signal.aborted) throw new DataError('Loading cancelled; the data loaded before is unchanged');
  }

  /** Parses one file's content by what it is (magic bytes first, name as a hint). */
  async function parse(
    name: string,
    file: AsyncBuffer,
    options: { sourceId: string; split: Split; signal: AbortSignal; resolveSidecar?: (name: string) => string | undefined },
  ): Promise<ParsedFile> {
    if (file.byteLength === 0) throw new DataError(`${name}: the file is empty`);
    const head = new Uint8Array(await file.slice(0, Math.min(file.byteLength, 4096)));
    let kind = sniffFile(head, name);
    if (kind === 'unknown' && /\.parquet$/i.test(name)) kind = 'parquet'; // so the error says what is wrong with it
    if (kind === 'parquet') {
      const parquet = await openParquet(name, file);
      const { records, rowErrors } = await readParquetIndex(parquet, {
        sourceId: options.sourceId,
        split: options.split,
        signal: options.signal,
        onProgress: (progress) => emitStatus({ job: 'data', kind: 'progress', progress, message: `Indexing ${name}` }),
      });
      if (records.length === 0) throw new DataError(rowErrors ?? `${name}: the file has no rows`);
      return { kind, variant: parquet.variant, records, images: new Map([[options.sourceId, { kind: 'parquet', parquet }]]), warnings: parquet.warnings, rowErrors };
    }
    if (kind === 'rows-json' || kind === 'jsonl') {
      const text = new TextDecoder().decode(await file.slice(0));
      const textOptions = { name, sourceId: options.sourceId, split: options.split, now: env.now(), resolveSidecar: options.resolveSidecar };
      // The first 4 KB may not hold a whole JSONL line (base64 images): decide on the whole text.
      if (kind === 'rows-json' && !isJsonDocument(text) && /\}\s*\r?\n\s*\{/.test(text)) kind = 'jsonl';
      const result: TextLoadResult = kind === 'jsonl' ? parseJsonl(text, textOptions) : parseRowsJson(text, textOptions);
      const images = new Map<string, ImageSource>();
      if (result.imageBytes.size) images.set(options.sourceId, { kind: 'memory', bytes: result.imageBytes });
      return { kind, variant: result.variant, records: result.records, images, warnings: result.warnings, rowErrors: result.rowErrors };
    }
    if (kind === 'image') throw new DataError(`${name}: an image on its own; load it together with the /rows JSON or JSONL file that names it`);
    const shown = Array.from(head.subarray(0, 8), (b) => b.toString(16).padStart(2, '0')).join(' ');
    throw new DataError(`${name}: unsupported file type (expected BeaverTails-V Parquet, dataset-viewer /rows JSON or JSON Lines; the file starts with bytes ${shown || '(none)'})`);
  }

  /**
   * Adds a parsed file, leaving out rows whose content is already loaded (the same file twice, or an overlap).
   * Returns the warning that says what was left out, or null when every row was new.
   */
  function register(id: string, name: string, parsed: ParsedFile, objectUrls?: string[]): string | null {
    const { fresh, duplicates, firstSeenIn } = separateDuplicates(parsed.records, store.contentIndex());
    if (fresh.length === 0) {
      for (const url of objectUrls ?? []) URL.revokeObjectURL(url);
      return `${name}: all ${duplicates.toLocaleString('en-US')} rows are already loaded (from ${firstSeenIn}); nothing was added.`;
    }
    const warnings = [...parsed.warnings, ...(parsed.rowErrors ? [parsed.rowErrors] : [])];
    const skipped = duplicates > 0
      ? `${duplicates.toLocaleString('en-US')} of ${parsed.records.length.toLocaleString('en-US')} rows were already loaded (from ${firstSeenIn}) and were not added again.`
      : null;
    if (skipped) warnings.push(skipped);
    store.addSource({
      summary: { id, name, kind: parsed.kind, variant: parsed.variant, rows: fresh.length, split: splitOf(fresh), files: 1, warnings },
      records: fresh,
      images: parsed.images,
      objectUrls,
    });
    return skipped && `${name}: ${skipped}`;
  }

  function finish(before: number, errors: LoadResult['errors'], warnings: string[]): LoadResult {
    const summary = store.summary();
    const added = summary.rows - before;
    for (const warning of warnings) emitStatus({ job: 'data', kind: 'warning', message: warning });
    if (errors.length) emitStatus({ job: 'data', kind: 'error', message: errors.map((e) => e.message).join('\n') });
    emitStatus({ job: 'data', kind: 'done', message: `${summary.rows} records loaded` });
    return { summary, added, errors, warnings };
  }

  /** Downloads a URL, streaming progress; errors name the URL and the problem. */
  async function download(url: string, signal: AbortSignal): Promise<ArrayBuffer> {
    let response: Response;
    try {
      response = await dataFetch(url, { signal });
    } catch (error) {
      if (signal.aborted) throw new DataError('Loading cancelled; the data loaded before is unchanged');
      if (error instanceof DataError) throw error;
      throw new DataError(`Could not reach ${url} (${errorText(error)}). Check the address and your connection; the server must also allow cross-origin requests.`);
    }
    if (!response.ok) throw new DataError(`${url}: HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`);
    const total = Number(response.headers.get('content-length') ?? 0);
    if (!response.body) return response.arrayBuffer();
    const reader = response.body.getReader();
    const chunks: Uint8Array[] = [];
    let received = 0;
    let lastReport = 0;
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        chunks.push(value);
        received += value.length;
        const now = env.now();
        if (now - lastReport > 100) {
          lastReport = now;
          const mb = (received / 1e6).toFixed(1);
          emitStatus({ job: 'data', kind: 'progress', progress: total ? received / total : undefined, message: total ? `Downloading ${mb} of ${(total / 1e6).toFixed(1)} MB` : `Downloading ${mb} MB` });
        }
      }
    } catch (error) {
      if (signal.aborted) throw new DataError('Loading cancelled; the data loaded before is unchanged');
      if (error instanceof DataError) throw error; // a limit or the stall timeout, already named
      throw new DataError(`${url}: the download broke off after ${received} bytes (${errorText(error)})`);
    }
    const out = new Uint8Array(received);
    let offset = 0;
    for (const chunk of chunks) {
      out.set(chunk, offset);
      offset += chunk.length;
    }
    return out.buffer;
  }

  /** A big Parquet file on a server that supports range requests is opened without downloading it whole. */
  async function rangeBuffer(url: string, signal: AbortSignal): Promise<AsyncBuffer | null> {
    try {
      const head = await dataFetch(url, { method: 'HEAD', signal });
      const length = Number(head.headers.get('content-length') ?? 0);
      // Accept-Ranges is not a CORS-safelisted header, so it is often invisible: only an explicit "none" rules
      // ranges out. A server that ignores Range answers 200 with the whole file, which hyparquet also handles.
      if (!head.ok || length < env.rangeThreshold || head.headers.get('accept-ranges') === 'none') return null;
      return cachedAsyncBuffer(await asyncBufferFromUrl({ url, byteLength: length, fetch: dataFetch, requestInit: { signal } }));
    } catch {
      return null; // fall back to a plain download, which reports errors clearly
    }
  }

  const handlers = {
    /** Loads the bundled synthetic sample (40 Parquet files listed in sample/manifest.json) as one source. */
    async loadBundledSample(): Promise<LoadResult> {
      const signal = begin('Loading the bundled sample');
      const before = store.summary().rows - (store.hasSource(SAMPLE_SOURCE_ID) ? store.summary().sources.find((s) => s.id === SAMPLE_SOURCE_ID)!.rows : 0);
      const root = `${env.baseUrl.replace(/\/?$/, '/')}sample/`;
      try {
        const manifest = parseSampleManifest(new TextDecoder().decode(await download(`${root}manifest.json`, signal)));
        const records: SampleRecord[] = [];
        const images = new Map<string, ImageSource>();
        let done = 0;
        const parts = await Promise.all(
          manifest.files.map(async (file) => {
            const buffer = await download(`${root}${file.path}`, signal);
            checkAborted(signal);
            const parquet = await openParquet(`sample/${file.path}`, asyncBufferFromArrayBuffer(buffer));
            const partId = samplePartId(file);
            const index = await readParquetIndex(parquet, { sourceId: SAMPLE_SOURCE_ID, partId, split: file.split, signal });
            if (index.rowErrors) throw new DataError(index.rowErrors);
            emitStatus({ job: 'data', kind: 'progress', progress: ++done / manifest.files.length, message: `Reading ${file.path}` });
            return { partId, parquet, records: index.records };
          }),
        );
        for (const part of parts) {
          records.push(...part.records);
          images.set(part.partId, { kind: 'parquet', parquet: part.parquet });
        }
        checkAborted(signal);
        store.addSource({
          summary: { id: SAMPLE_SOURCE_ID, name: SAMPLE_NAME, kind: 'sample', variant: 'pairs', rows: records.length, split: splitOf(records), files: parts.length, warnings: [] },
          records,
          images,
        });
        return finish(before, [], []);
      } catch (error) {
        return finish(store.summary().rows, [{ source: 'bundled sample', message: errorText(error) }], []);
      }
    },

    /** Loads user files: Parquet, /rows JSON, JSONL; image files alongside are sidecars named by the JSON. */
    async loadFiles(files: File[]): Promise<LoadResult> {
      const signal = begin(`Loading ${files.length} file${files.length === 1 ? '' : 's'}`);
      const before = store.summary().rows;
      const errors: LoadResult['errors'] = [];
      const warnings: string[] = [];
      if (files.length === 0) return finish(before, [{ source: 'files', message: 'No files were chosen' }], []);

      // Sidecar images: files whose content is an image, looked up by name from the JSON.
      const sidecars = new Map<string, File>();
      const dataFiles: File[] = [];
      for (const file of files) {
        const head = new Uint8Array(await file.slice(0, 16).arrayBuffer());
        const image = sniffImage(head);
        const claimed = DATA_FILE_NAME.exec(file.name);
        // An image named like a data file (a PNG renamed .parquet) is a mistake, not a sidecar: say so by name.
        if (image && claimed) errors.push({ source: file.name, message: `${file.name}: the file is a ${image.slice('image/'.length).toUpperCase()} image, not a ${claimed[1].toLowerCase() === 'parquet' ? 'Parquet' : 'JSON'} file (was it renamed?)` });
        else if (image) sidecars.set(file.name, file);
        else dataFiles.push(file);
      }
      if (dataFiles.length === 0 && errors.length === 0) errors.push({ source: 'files', message: `Only image files were chosen (${[...sidecars.keys()].join(', ')}); load them together with the /rows JSON or JSONL file that names them` });

      for (const file of dataFiles) {
        try {
          checkAborted(signal);
          const id = `file:${++sourceCounter}:${file.name}`;
          const objectUrls: string[] = [];
          const resolveSidecar = (name: string) => {
            const sidecar = sidecars.get(name);
            if (!sidecar) return undefined;
            const url = URL.createObjectURL(sidecar);
            objectUrls.push(url);
            return url;
          };
          const buffer: AsyncBuffer = { byteLength: file.size, slice: (start, end) => file.slice(start, end).arrayBuffer() };
          const parsed = await parse(file.name, buffer, { sourceId: id, split: splitFromName(file.name), signal, resolveSidecar });
          const duplicateNote = register(id, file.name, parsed, objectUrls);
          warnings.push(...parsed.warnings, ...(duplicateNote ? [duplicateNote] : []));
          if (parsed.rowErrors) errors.push({ source: file.name, message: parsed.rowErrors });
        } catch (error) {
          errors.push({ source: file.name, message: errorText(error) });
        }
      }
      return finish(before, errors, warnings);
    },

    /** Loads a Parquet, /rows JSON or JSONL file from a URL (Hub "blob" links are turned into "resolve" links). */
    async loadUrl(rawUrl: string, options: { downloadLimitMb?: number } = {}): Promise<LoadResult> {
      const before = store.summary().rows;
      const limitMb = options.downloadLimitMb;
      if (limitMb !== undefined) {
        if (!Number.isFinite(limitMb) || limitMb < 1 || limitMb > MAX_DOWNLOAD_LIMIT_MB) {
          return finish(before, [{ source: rawUrl, message: `The download limit must be 1–${MAX_DOWNLOAD_LIMIT_MB} MB (got ${limitMb})` }], []);
        }
        limits.maxBytes = limitMb * 1e6;
      }
      let url: URL;
      try {
        url = dataFileUrl(rawUrl);
        if (!/^https?:$/.test(url.protocol)) throw new Error('not http(s)');
      } catch {
        return finish(before, [{ source: rawUrl, message: `"${rawUrl}" is not a valid http(s) URL` }], []);
      }
      const href = url.toString();
      const signal = begin(`Loading ${href}`);
      const name = decodeURIComponent(url.pathname.split('/').filter(Boolean).slice(-2).join('/')) || url.hostname;
      const split = url.searchParams.get('split') ? splitFromName(url.searchParams.get('split')!) : splitFromName(url.pathname);
      try {
        const ranged = /\.parquet$/i.test(url.pathname) ? await rangeBuffer(href, signal) : null;
        const buffer = ranged ?? asyncBufferFromArrayBuffer(await download(href, signal));
        checkAborted(signal);
        const id = `url:${href}`;
        const parsed = await parse(name, buffer, { sourceId: id, split, signal });
        const duplicateNote = register(id, href, parsed);
        return finish(before, parsed.rowErrors ? [{ source: href, message: parsed.rowErrors }] : [], [...parsed.warnings, ...(duplicateNote ? [duplicateNote] : [])]);
      } catch (error) {
        return finish(before, [{ source: href, message: errorText(error) }], []);
      }
    },

    /** Cancels the load in progress; what was loaded before stays. */
    cancelLoad(): void {
      controller?.abort();
      emitStatus({ job: 'data', kind: 'stopped', message: 'Loading cancelled' });
    },

    async removeSource(sourceId: string): Promise<DatasetSummary> {
      store.removeSource(sourceId);
      return store.summary();
    },

    /**
     * Puts every record of a loaded file into the train or evaluation split (its name did not say), or back to
     * 'unknown', which no training or evaluation uses.
     */
    async setSourceSplit(sourceId: string, split: Split): Promise<DatasetSummary> {
      if (!(['train', 'evaluation', 'unknown'] as const).includes(split)) throw new DataError(`"${String(split)}" is not a split (train, evaluation or unknown)`);
      if (sourceId === SAMPLE_SOURCE_ID) throw new DataError('The bundled sample keeps its own train/evaluation split');
      if (!store.setSourceSplit(sourceId, split)) throw new DataError(`No loaded source "${sourceId}"`);
      return store.summary();
    },

    async dataSummary(): Promise<DatasetSummary> {
      return store.summary();
    },

    async listIndex(): Promise<RecordIndexEntry[]> {
      return store.getRecords().map(indexEntry);
    },

    async getRecord(id: string): Promise<SampleRecord | null> {
      return store.getRecord(id);
    },

    /** The record's image: bytes (transferred, not copied twice), a URL (flagged if expired) or why there is none. */
    async getImage(id: string): Promise<ImagePayload> {
      const record = store.getRecord(id);
      if (!record) return { kind: 'none', reason: `No record "${id}"` };
      try {
        const image = await store.getImageBytes(id);
        if ('url' in image) {
          const expires = record.image.kind === 'url' ? record.image.expires : undefined;
          return { kind: 'url', url: image.url, expired: expires !== undefined && expires < env.now() };
        }
        const bytes = image.bytes.slice(); // the store keeps its cached copy; this one is transferred
        return Comlink.transfer({ kind: 'bytes', bytes, mime: image.mime }, [bytes.buffer]);
      } catch (error) {
        return { kind: 'none', reason: errorText(error) };
      }
    },

    /** Ids of records whose question or responses contain `query` (case-insensitive). */
    async searchText(query: string): Promise<string[]> {
      const needle = query.trim().toLowerCase();
      if (!needle) return store.getRecords().map((r) => r.id);
      return store
        .getRecords()
        .filter((r) => r.question.toLowerCase().includes(needle) || r.responses.some((x) => x.text.toLowerCase().includes(needle)))
        .map((r) => r.id);
    },
  };
  return handlers;
}

export const dataHandlers = createDataHandlers();

export type DataApi = typeof dataHandlers;
