// The data area's loading calls: the bundled sample, user files and URLs, and Cancel. Downloads run here (they
// only wait); parsing the bytes runs in the replaceable parse worker (parseSupervisor.ts), so a file that wedges a
// step costs a named error and a fresh parse worker, never this worker. A failed load leaves what was loaded
// before untouched.
import type { AsyncBuffer } from 'hyparquet';
import { MAX_DOWNLOAD_LIMIT_MB } from '../data/guardedFetch';
import { asyncBufferFromArrayBuffer, openParquet } from '../data/parquet';
import type { ParsedData } from '../data/parseDataFile';
import type { SampleRecord, Split } from '../data/record';
import { SAMPLE_NAME, SAMPLE_SOURCE_ID, parseSampleManifest, samplePartId } from '../data/sample';
import { DataError } from '../data/schema';
import { sniffImage, splitFromName } from '../data/sniff';
import type { LoadResult } from '../data/summary';
import { dataFileUrl } from '../data/urlProbe';
import { errorText } from '../util/errorText';
import { emitStatus } from './context';
import { CANCELLED_MESSAGE, createDownloader } from './dataDownload';
import type { DataEnv } from './dataEnv';
import { finish, register, splitOf, type ParsedFile } from './dataRegister';
import type { DataStore, ImageSource } from './dataStore';
import { SIDECAR_URL_PREFIX, type ParseInput } from './parseProtocol';
import { ParseSupervisor } from './parseSupervisor';

/** Names that claim a data file; content that is an image under such a name is reported, not used as a sidecar. */
const DATA_FILE_NAME = /\.(parquet|jsonl|ndjson|json)$/i;

/** What the parse worker reads, and what this worker keeps to read the file's images later. */
type FileInput =
  | { kind: 'blob'; blob: Blob }
  | { kind: 'bytes'; bytes: ArrayBuffer }
  | { kind: 'range'; url: string; byteLength: number; buffer: AsyncBuffer };

interface ParseFileOptions {
  sourceId: string;
  partId?: string;
  split: Split;
  signal: AbortSignal;
  /** Image files chosen beside a JSON file, by name. */
  sidecars?: Map<string, Blob>;
  /** Forward the parse worker's progress messages (a single file); else only its signs of life. */
  showProgress: boolean;
}

export function createLoadingHandlers(store: DataStore, env: DataEnv) {
  const downloader = createDownloader(env);
  const parser = new ParseSupervisor(env.parseEndpoint, env.parseQuietMs);
  let controller: AbortController | null = null;
  let sourceCounter = 0;
  /** Test-only (e2e): a file of this name makes the parse worker spin, as a wedged step would. */
  let wedgeName: string | null = null;

  function begin(label: string): AbortSignal {
    controller?.abort();
    controller = new AbortController();
    emitStatus({ job: 'data', kind: 'started', message: label });
    return controller.signal;
  }

  function checkAborted(signal: AbortSignal): void {
    if (signal.aborted) throw new DataError(CANCELLED_MESSAGE);
  }

  /**
   * Parses one file in the parse worker (its signs of life keep the page's watchdog quiet), then prepares what
   * the store keeps: Parquet is opened again here for its images (with the footer the parse worker parsed, checked again),
   * and sidecar images get object URLs made by this worker.
   */
  async function parseFile(name: string, input: FileInput, options: ParseFileOptions): Promise<ParsedFile & { objectUrls: string[] }> {
    const job: ParseInput = input.kind === 'range' ? { kind: 'range', url: input.url, byteLength: input.byteLength, limits: { ...env.limits } } : input;
    const { data, bytes } = await parser.parse(
      {
        name,
        input: job,
        sourceId: options.sourceId,
        partId: options.partId,
        split: options.split,
        now: env.now(),
        sidecarNames: [...(options.sidecars?.keys() ?? [])],
        spin: wedgeName !== null && name === wedgeName,
      },
      {
        signal: options.signal,
        transfer: input.kind === 'bytes' ? [input.bytes] : [],
        onActivity: (fraction, message) => {
          // Progress the person sees; a heartbeat (or a part of the sample) is a sign of life that changes nothing on screen.
          if (options.showProgress && message) emitStatus({ job: 'data', kind: 'progress', progress: fraction, message });
          else emitStatus({ job: 'data', kind: 'info', message: `Reading ${name}` });
        },
      },
    );
    checkAborted(options.signal);
    const objectUrls = resolveSidecars(data, options.sidecars);
    const images = new Map<string, ImageSource>();
    const imageKey = options.partId ?? options.sourceId;
    if (data.kind === 'parquet') {
      const buffer = input.kind === 'blob' ? blobBuffer(input.blob) : input.kind === 'range' ? input.buffer : asyncBufferFromArrayBuffer(bytes ?? new ArrayBuffer(0));
      images.set(imageKey, { kind: 'parquet', parquet: await openParquet(name, buffer, data.parquetFooter) });
    } else if (data.imageBytes.size) images.set(imageKey, { kind: 'memory', bytes: data.imageBytes });
    return { kind: data.kind, variant: data.variant, records: data.records, images, warnings: data.warnings, rowErrors: data.rowErrors, objectUrls };
  }

  const handlers = {
    /** Loads the bundled synthetic sample (40 Parquet files listed in sample/manifest.json) as one source. */
    async loadBundledSample(): Promise<LoadResult> {
      const signal = begin('Loading the bundled sample');
      const before = store.summary().rows - (store.hasSource(SAMPLE_SOURCE_ID) ? store.summary().sources.find((s) => s.id === SAMPLE_SOURCE_ID)!.rows : 0);
      const root = `${env.baseUrl.replace(/\/?$/, '/')}sample/`;
      try {
        const manifest = parseSampleManifest(new TextDecoder().decode(await downloader.download(`${root}manifest.json`, signal)));
        const records: SampleRecord[] = [];
        const images = new Map<string, ImageSource>();
        let done = 0;
        const parts = await Promise.all(
          manifest.files.map(async (file) => {
            const bytes = await downloader.download(`${root}${file.path}`, signal);
            checkAborted(signal);
            const partId = samplePartId(file);
            const parsed = await parseFile(`sample/${file.path}`, { kind: 'bytes', bytes }, { sourceId: SAMPLE_SOURCE_ID, partId, split: file.split, signal, showProgress: false });
            if (parsed.kind !== 'parquet') throw new DataError(`sample/${file.path}: not a Parquet file`);
            if (parsed.rowErrors) throw new DataError(parsed.rowErrors);
            emitStatus({ job: 'data', kind: 'progress', progress: ++done / manifest.files.length, message: `Reading ${file.path}` });
            return { partId, images: parsed.images, records: parsed.records };
          }),
        );
        for (const part of parts) {
          records.push(...part.records);
          for (const [key, source] of part.images) images.set(key, source);
        }
        checkAborted(signal);
        store.addSource({
          summary: { id: SAMPLE_SOURCE_ID, name: SAMPLE_NAME, kind: 'sample', variant: 'pairs', rows: records.length, split: splitOf(records), files: parts.length, warnings: [] },
          records,
          images,
        });
        return finish(store, before, [], []);
      } catch (error) {
        return finish(store, store.summary().rows, [{ source: 'bundled sample', message: errorText(error) }], []);
      }
    },

    /** Loads user files: Parquet, /rows JSON, JSONL; image files alongside are sidecars named by the JSON. */
    async loadFiles(files: File[]): Promise<LoadResult> {
      const signal = begin(`Loading ${files.length} file${files.length === 1 ? '' : 's'}`);
      const before = store.summary().rows;
      const errors: LoadResult['errors'] = [];
      const warnings: string[] = [];
      if (files.length === 0) return finish(store, before, [{ source: 'files', message: 'No files were chosen' }], []);

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
          const parsed = await parseFile(file.name, { kind: 'blob', blob: file }, { sourceId: id, split: splitFromName(file.name), signal, sidecars, showProgress: true });
          if (parsed.kind === 'parquet' && parsed.records.length === 0) throw new DataError(parsed.rowErrors ?? `${file.name}: the file has no rows`);
          const duplicateNote = register(store, id, file.name, parsed, parsed.objectUrls);
          warnings.push(...parsed.warnings, ...(duplicateNote ? [duplicateNote] : []));
          if (parsed.rowErrors) errors.push({ source: file.name, message: parsed.rowErrors });
        } catch (error) {
          errors.push({ source: file.name, message: errorText(error) });
        }
      }
      return finish(store, before, errors, warnings);
    },

    /** Loads a Parquet, /rows JSON or JSONL file from a URL (Hub "blob" links are turned into "resolve" links). */
    async loadUrl(rawUrl: string, options: { downloadLimitMb?: number } = {}): Promise<LoadResult> {
      const before = store.summary().rows;
      const limitMb = options.downloadLimitMb;
      if (limitMb !== undefined) {
        if (!Number.isFinite(limitMb) || limitMb < 1 || limitMb > MAX_DOWNLOAD_LIMIT_MB) {
          return finish(store, before, [{ source: rawUrl, message: `The download limit must be 1–${MAX_DOWNLOAD_LIMIT_MB} MB (got ${limitMb})` }], []);
        }
        env.limits.maxBytes = limitMb * 1e6;
      }
      let url: URL;
      try {
        url = dataFileUrl(rawUrl);
        if (!/^https?:$/.test(url.protocol)) throw new Error('not http(s)');
      } catch {
        return finish(store, before, [{ source: rawUrl, message: `"${rawUrl}" is not a valid http(s) URL` }], []);
      }
      const href = url.toString();
      const signal = begin(`Loading ${href}`);
      const name = decodeURIComponent(url.pathname.split('/').filter(Boolean).slice(-2).join('/')) || url.hostname;
      const split = url.searchParams.get('split') ? splitFromName(url.searchParams.get('split')!) : splitFromName(url.pathname);
      try {
        const ranged = /\.parquet$/i.test(url.pathname) ? await downloader.rangeBuffer(href, signal) : null;
        const input: FileInput = ranged ? { kind: 'range', url: href, ...ranged } : { kind: 'bytes', bytes: await downloader.download(href, signal) };
        checkAborted(signal);
        const id = `url:${href}`;
        const parsed = await parseFile(name, input, { sourceId: id, split, signal, showProgress: true });
        if (parsed.kind === 'parquet' && parsed.records.length === 0) throw new DataError(parsed.rowErrors ?? `${name}: the file has no rows`);
        const duplicateNote = register(store, id, href, parsed);
        return finish(store, before, parsed.rowErrors ? [{ source: href, message: parsed.rowErrors }] : [], [...parsed.warnings, ...(duplicateNote ? [duplicateNote] : [])]);
      } catch (error) {
        return finish(store, before, [{ source: href, message: errorText(error) }], []);
      }
    },

    /** Cancels the load in progress (its parse worker is stopped and replaced); what was loaded before stays. */
    cancelLoad(): void {
      controller?.abort();
      parser.cancel();
      emitStatus({ job: 'data', kind: 'stopped', message: 'Loading cancelled' });
    },

    /** Test-only (e2e, `?e2e-hooks`): the next parse of a file named `name` wedges its parse worker; null clears it. */
    async wedgeParseOfForTests(name: string | null): Promise<void> {
      wedgeName = name;
    },
  };
  return handlers;
}

function blobBuffer(blob: Blob): AsyncBuffer {
  return { byteLength: blob.size, slice: (start, end) => blob.slice(start, end).arrayBuffer() };
}

/** Replaces the parse worker's sidecar markers with object URLs of the sidecar files; returns the URLs made. */
function resolveSidecars(data: ParsedData, sidecars: Map<string, Blob> | undefined): string[] {
  const urls = new Map<string, string>();
  for (const record of data.records) {
    const image = record.image;
    if (image.kind !== 'url' || !image.url.startsWith(SIDECAR_URL_PREFIX)) continue;
    const fileName = image.url.slice(SIDECAR_URL_PREFIX.length);
    const blob = sidecars?.get(fileName);
    if (!blob) {
      record.image = { kind: 'none' };
      continue;
    }
    let url = urls.get(fileName);
    if (!url) {
      url = URL.createObjectURL(blob);
      urls.set(fileName, url);
    }
    record.image = { kind: 'url', url };
  }
  return [...urls.values()];
}
