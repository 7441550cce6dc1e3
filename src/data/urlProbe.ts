/**
 * What a data URL would cost before it is downloaded: its host and, where the server tells, its size. Used to ask
 * before loading the data a shared link names. The probe downloads no data: a HEAD request, and where HEAD gives no
 * length, a one-byte range request (`Range: bytes=0-0`, read from `Content-Range: bytes 0-0/<total>` when the
 * server exposes it). Pure apart from the injected fetch; never throws.
 */

export interface DataUrlProbe {
  /** The URL that would be fetched (Hub …/blob/… page links become …/resolve/… file links). */
  url: string;
  host: string;
  /** Size in bytes; null when the server did not say (or could not be reached). */
  bytes: number | null;
}

type Fetch = (input: string, init?: RequestInit) => Promise<Response>;

/** The file URL for a data URL: Hugging Face "blob" page links are turned into "resolve" file links. */
export function dataFileUrl(rawUrl: string): URL {
  const url = new URL(rawUrl.trim());
  if (url.hostname === 'huggingface.co') url.pathname = url.pathname.replace(/\/blob\//, '/resolve/');
  return url;
}

function positiveInteger(text: string | null | undefined): number | null {
  if (!text || !/^\d{1,16}$/.test(text.trim())) return null;
  const value = Number(text.trim());
  return value > 0 ? value : null;
}

/** The total size from `Content-Range: bytes 0-0/12345` (null for `*` or anything else). */
export function totalFromContentRange(header: string | null): number | null {
  const match = header?.match(/^\s*bytes\s+\d+-\d+\/(\d+)\s*$/i);
  return match ? positiveInteger(match[1]) : null;
}

export async function probeDataUrl(rawUrl: string, fetchFn: Fetch, signal?: AbortSignal): Promise<DataUrlProbe> {
  let url: URL;
  try {
    url = dataFileUrl(rawUrl);
  } catch {
    return { url: rawUrl, host: rawUrl, bytes: null };
  }
  const href = url.toString();
  const result: DataUrlProbe = { url: href, host: url.host, bytes: null };
  try {
    const head = await fetchFn(href, { method: 'HEAD', signal });
    if (head.ok) result.bytes = positiveInteger(head.headers.get('content-length'));
    if (result.bytes !== null) return result;
  } catch {
    // Some servers refuse HEAD; the range probe below may still answer.
  }
  try {
    const ranged = await fetchFn(href, { headers: { Range: 'bytes=0-0' }, signal });
    // 206 with Content-Range tells the total; a server that ignores Range would send the whole file: stop it.
    result.bytes = ranged.status === 206 ? totalFromContentRange(ranged.headers.get('content-range')) : null;
    await ranged.body?.cancel().catch(() => undefined);
  } catch {
    // Unknown size; the question says so.
  }
  return result;
}

/** "45.2 MB", "812 KB", "unknown size". */
export function formatBytes(bytes: number | null): string {
  if (bytes === null) return 'unknown size';
  if (bytes >= 1e9) return `${(bytes / 1e9).toFixed(2)} GB`;
  if (bytes >= 1e6) return `${(bytes / 1e6).toFixed(1)} MB`;
  if (bytes >= 1e3) return `${Math.round(bytes / 1e3)} KB`;
  return `${bytes} bytes`;
}
