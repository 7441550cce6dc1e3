// Downloads for the data area: whole files with streamed progress, and big Parquet files opened with range
// requests. Every request goes through guardedFetch (size limit, announced size, stall timeout).
import { asyncBufferFromUrl, cachedAsyncBuffer, type AsyncBuffer } from 'hyparquet';
import { guardedFetch } from '../data/guardedFetch';
import { DataError } from '../data/schema';
import { errorText } from '../util/errorText';
import { emitStatus } from './context';
import type { DataEnv } from './dataEnv';

export const CANCELLED_MESSAGE = 'Loading cancelled; the data loaded before is unchanged';

/** Progress at most this often while bytes arrive (and so at least this often while they do). */
const PROGRESS_MS = 100;

export interface Downloader {
  /** Downloads a URL, streaming progress; errors name the URL and the problem. */
  download(url: string, signal: AbortSignal): Promise<ArrayBuffer>;
  /** A big Parquet file on a server that supports range requests, opened without downloading it whole; else null. */
  rangeBuffer(url: string, signal: AbortSignal): Promise<{ buffer: AsyncBuffer; byteLength: number } | null>;
}

export function createDownloader(env: DataEnv): Downloader {
  const dataFetch = guardedFetch((input, init) => env.fetch(input, init), env.limits);

  async function download(url: string, signal: AbortSignal): Promise<ArrayBuffer> {
    let response: Response;
    try {
      response = await dataFetch(url, { signal });
    } catch (error) {
      if (signal.aborted) throw new DataError(CANCELLED_MESSAGE);
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
        if (now - lastReport > PROGRESS_MS) {
          lastReport = now;
          const mb = (received / 1e6).toFixed(1);
          emitStatus({ job: 'data', kind: 'progress', progress: total ? received / total : undefined, message: total ? `Downloading ${mb} of ${(total / 1e6).toFixed(1)} MB` : `Downloading ${mb} MB` });
        }
      }
    } catch (error) {
      if (signal.aborted) throw new DataError(CANCELLED_MESSAGE);
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

  async function rangeBuffer(url: string, signal: AbortSignal): Promise<{ buffer: AsyncBuffer; byteLength: number } | null> {
    try {
      const head = await dataFetch(url, { method: 'HEAD', signal });
      const length = Number(head.headers.get('content-length') ?? 0);
      // Accept-Ranges is not a CORS-safelisted header, so it is often invisible: only an explicit "none" rules
      // ranges out. A server that ignores Range answers 200 with the whole file, which hyparquet also handles.
      if (!head.ok || length < env.rangeThreshold || head.headers.get('accept-ranges') === 'none') return null;
      const buffer = cachedAsyncBuffer(await asyncBufferFromUrl({ url, byteLength: length, fetch: dataFetch, requestInit: { signal } }));
      return { buffer, byteLength: length };
    } catch {
      return null; // fall back to a plain download, which reports errors clearly
    }
  }

  return { download, rangeBuffer };
}
