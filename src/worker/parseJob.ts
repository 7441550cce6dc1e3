// One parse request, run to its replies: shared by the parse worker (src/worker/parse.worker.ts) and the in-process
// parser that Node uses (no nested workers there), so both run the same code.
import { asyncBufferFromUrl, cachedAsyncBuffer, type AsyncBuffer } from 'hyparquet';
import { guardedFetch } from '../data/guardedFetch';
import { asyncBufferFromArrayBuffer } from '../data/parquet';
import { parseDataFile } from '../data/parseDataFile';
import { errorText } from '../util/errorText';
import { SIDECAR_URL_PREFIX, type ParseInput, type ParseReply, type ParseRequest } from './parseProtocol';

type Fetch = (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>;

function bufferOf(input: ParseInput, fetchFn: Fetch, signal: AbortSignal): Promise<AsyncBuffer> | AsyncBuffer {
  if (input.kind === 'bytes') return asyncBufferFromArrayBuffer(input.bytes);
  if (input.kind === 'blob') return { byteLength: input.blob.size, slice: (start, end) => input.blob.slice(start, end).arrayBuffer() };
  const limited = guardedFetch(fetchFn, input.limits);
  return asyncBufferFromUrl({ url: input.url, byteLength: input.byteLength, fetch: limited, requestInit: { signal } }).then(cachedAsyncBuffer);
}

/** Test-only: a synchronous loop that never ends, the way a step wedged by a hostile file would behave. */
function spinForever(): never {
  for (;;) if (Date.now() < 0) break; // the clock never goes below 0: this loop never ends
  throw new Error('unreachable');
}

/** Parses the request's file, posting progress and exactly one 'done' or 'failed' reply. */
export async function runParseJob(request: ParseRequest, post: (reply: ParseReply, transfer?: Transferable[]) => void, fetchFn: Fetch, signal: AbortSignal): Promise<void> {
  const { id } = request;
  try {
    if (request.spin) spinForever();
    const sidecars = new Set(request.sidecarNames);
    const data = await parseDataFile(request.name, await bufferOf(request.input, fetchFn, signal), {
      sourceId: request.sourceId,
      partId: request.partId,
      split: request.split,
      now: request.now,
      signal,
      onProgress: (fraction, message) => post({ type: 'progress', id, fraction, message }),
      resolveSidecar: (name) => (sidecars.has(name) ? `${SIDECAR_URL_PREFIX}${name}` : undefined),
    });
    // The downloaded bytes go back to the trainer, which reads Parquet images from them later.
    const bytes = request.input.kind === 'bytes' ? request.input.bytes : undefined;
    const images = [...data.imageBytes.values()].map((b) => b.buffer);
    post({ type: 'done', id, data, bytes }, [...(bytes ? [bytes] : []), ...uniqueBuffers(images)]);
  } catch (error) {
    post({ type: 'failed', id, message: errorText(error) });
  }
}

/** Each ArrayBuffer once (several views may share one), as a transfer list requires. */
function uniqueBuffers(buffers: ArrayBufferLike[]): ArrayBuffer[] {
  return [...new Set(buffers)].filter((b): b is ArrayBuffer => b instanceof ArrayBuffer && b.byteLength > 0);
}
