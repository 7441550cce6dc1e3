// Downloads the person agreed to, bounded: a size limit they can see and raise, the size the server announces
// enforced, and a stall timeout. Used for every data request in the app's worker and in the runner's http(s)
// --data, so an endless, lying or stalled server ends in a clear message instead of gigabytes or a hang.
import { DataError } from './schema';
import { DEFAULT_DOWNLOAD_LIMIT_MB, DOWNLOAD_STALL_MS } from './downloadLimits';
import { formatBytes } from './urlProbe';

export { DEFAULT_DOWNLOAD_LIMIT_MB, DOWNLOAD_STALL_MS, MAX_DOWNLOAD_LIMIT_MB } from './downloadLimits';

export interface DownloadLimits {
  /** Most bytes one response may bring. */
  maxBytes: number;
  /** Longest wait for the response headers or for the next chunk of the body. */
  stallMs: number;
}

/**
 * A cross-origin response may be compressed without showing `Content-Encoding`; its body then decodes to more
 * than `Content-Length`. Such bodies may reach this many times the announced size (JSON compresses 5–10×).
 */
export const HIDDEN_ENCODING_FACTOR = 32;

export function defaultDownloadLimits(): DownloadLimits {
  return { maxBytes: DEFAULT_DOWNLOAD_LIMIT_MB * 1e6, stallMs: DOWNLOAD_STALL_MS };
}

type Fetch = (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>;

function announcedLength(headers: Headers): number | null {
  const text = headers.get('content-length');
  if (!text || !/^\s*\d{1,16}\s*$/.test(text)) return null;
  return Number(text);
}

function urlOf(input: RequestInfo | URL): string {
  return typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
}

/** Status codes whose responses cannot carry a body (new Response refuses one). */
const NO_BODY = new Set([101, 103, 204, 205, 304]);

/**
 * `fetch` with limits. Refuses a response announcing more than `maxBytes`; errors a body that brings more than it
 * announced (or than `maxBytes`), or that stalls for `stallMs`. Messages name the URL, the sizes and the way out.
 */
export function guardedFetch(fetchFn: Fetch, limits: DownloadLimits): Fetch {
  return async (input, init) => {
    const url = urlOf(input);
    const controller = new AbortController();
    const outer = init?.signal;
    const forward = () => controller.abort(outer?.reason);
    if (outer?.aborted) forward();
    outer?.addEventListener('abort', forward, { once: true });
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stalled = false;
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        stalled = true;
        controller.abort();
      }, limits.stallMs);
    };
    const seconds = `${Math.round(limits.stallMs / 100) / 10} s`;
    arm();
    let response: Response;
    try {
      response = await fetchFn(input, { ...init, signal: controller.signal });
    } catch (error) {
      clearTimeout(timer);
      if (stalled) throw new DataError(`${url}: the server did not answer within ${seconds}; try again later or check the address`);
      throw error;
    }
    clearTimeout(timer);
    const announced = announcedLength(response.headers);
    if (announced !== null && announced > limits.maxBytes && init?.method !== 'HEAD') {
      await response.body?.cancel().catch(() => undefined);
      throw new DataError(`${url}: the server announces ${formatBytes(announced)}, more than the download limit of ${formatBytes(limits.maxBytes)}; raise the limit (Download limit, next to Load from URL) to load it`);
    }
    if (!response.body || NO_BODY.has(response.status) || init?.method === 'HEAD') return response;
    const encoding = response.headers.get('content-encoding');
    const maybeEncoded = (encoding !== null && encoding !== 'identity') || response.type === 'cors';
    const allowed = announced === null ? limits.maxBytes : Math.min(limits.maxBytes, maybeEncoded ? announced * HIDDEN_ENCODING_FACTOR + 1e6 : announced);
    const over = (received: number) =>
      announced !== null && allowed < limits.maxBytes
        ? `${url}: the server announced ${formatBytes(announced)} but sent more (${formatBytes(received)} so far); the download was stopped`
        : `${url}: the download passed the limit of ${formatBytes(limits.maxBytes)} and was stopped; raise the limit (Download limit, next to Load from URL) to load bigger files`;
    const reader = response.body.getReader();
    let received = 0;
    const body = new ReadableStream<Uint8Array>({
      async pull(sink) {
        arm();
        let chunk: ReadableStreamReadResult<Uint8Array>;
        try {
          chunk = await reader.read();
        } catch (error) {
          clearTimeout(timer);
          sink.error(stalled ? new DataError(`${url}: no data arrived for ${seconds} after ${formatBytes(received)}; the server stalled and the download was stopped`) : error);
          return;
        } finally {
          clearTimeout(timer);
        }
        if (chunk.done) {
          outer?.removeEventListener('abort', forward);
          sink.close();
          return;
        }
        received += chunk.value.length;
        if (received > allowed) {
          controller.abort();
          sink.error(new DataError(over(received)));
          return;
        }
        sink.enqueue(chunk.value);
      },
      cancel(reason) {
        clearTimeout(timer);
        return reader.cancel(reason);
      },
    });
    return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
  };
}
