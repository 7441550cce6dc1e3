import { describe, expect, it } from 'vitest';
import { formatBytes, probeDataUrl, totalFromContentRange } from './urlProbe';

type Call = { url: string; method: string; range: string | null };

function fakeFetch(answer: (call: Call) => Response | Error) {
  const calls: Call[] = [];
  const fetchFn = async (url: string, init?: RequestInit) => {
    const call = { url, method: init?.method ?? 'GET', range: new Headers(init?.headers).get('range') };
    calls.push(call);
    const out = answer(call);
    if (out instanceof Error) throw out;
    return out;
  };
  return { calls, fetchFn };
}

describe('data URL probe', () => {
  it('reads the size from HEAD without downloading anything', async () => {
    const { calls, fetchFn } = fakeFetch(() => new Response(null, { headers: { 'content-length': '209715200' } }));
    expect(await probeDataUrl('https://hub.example/a/train.parquet', fetchFn)).toEqual({
      url: 'https://hub.example/a/train.parquet',
      host: 'hub.example',
      bytes: 209_715_200,
    });
    expect(calls).toEqual([{ url: 'https://hub.example/a/train.parquet', method: 'HEAD', range: null }]);
  });

  it('falls back to a one-byte range request when HEAD fails or gives no length', async () => {
    const { calls, fetchFn } = fakeFetch((call) =>
      call.method === 'HEAD'
        ? new Error('HEAD refused')
        : new Response('x', { status: 206, headers: { 'content-range': 'bytes 0-0/5000' } }),
    );
    expect((await probeDataUrl('https://hub.example:8443/f.json', fetchFn)).bytes).toBe(5000);
    expect(calls[1]).toEqual({ url: 'https://hub.example:8443/f.json', method: 'GET', range: 'bytes=0-0' });
  });

  it('says "unknown" (null) when the server tells nothing or cannot be reached; never throws', async () => {
    const silent = fakeFetch(() => new Response('whole file', { status: 200 }));
    expect((await probeDataUrl('https://a.example/x', silent.fetchFn)).bytes).toBeNull();
    const down = fakeFetch(() => new TypeError('Failed to fetch'));
    expect(await probeDataUrl('https://b.example/x', down.fetchFn)).toEqual({ url: 'https://b.example/x', host: 'b.example', bytes: null });
    expect((await probeDataUrl('not a url', down.fetchFn)).bytes).toBeNull();
  });

  it('parses Content-Range totals and formats sizes', () => {
    expect(totalFromContentRange('bytes 0-0/12345')).toBe(12345);
    expect(totalFromContentRange('bytes 0-0/*')).toBeNull();
    expect(totalFromContentRange(null)).toBeNull();
    expect(formatBytes(209_715_200)).toBe('209.7 MB');
    expect(formatBytes(812_000)).toBe('812 KB');
    expect(formatBytes(3_500_000_000)).toBe('3.50 GB');
    expect(formatBytes(null)).toBe('unknown size');
  });
});
