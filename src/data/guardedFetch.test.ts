// Hostile servers on 127.0.0.1 (issue 26 item 4): an endless body, a body longer than announced, a stalled body,
// an announced size over the limit. Each ends in a clear error within seconds, memory stays flat, and the next good
// download works. Servers bind to loopback only, write a bounded amount and close with the test.
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { guardedFetch } from './guardedFetch';

/** Writes `total` bytes in 64 KB chunks as fast as the client reads, then ends (bounded, so the test can never fill the disk or memory). */
function stream(res: ServerResponse, total: number): void {
  const chunk = new Uint8Array(64 * 1024).fill(7);
  let sent = 0;
  const more = () => {
    while (sent < total && !res.destroyed) {
      sent += chunk.length;
      if (!res.write(chunk)) return void res.once('drain', more);
    }
    res.end();
  };
  res.on('close', () => (sent = total));
  more();
}

let server: Server;
let base = '';
const sockets = new Set<import('node:net').Socket>();

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/endless') {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      stream(res, 600e6);
    } else if (req.url === '/liar') {
      // Announces 1 KB, then sends up to 600 MB (the socket is ended by hand: Node would stop at the length).
      res.socket?.write('HTTP/1.1 200 OK\r\ncontent-length: 1000\r\nconnection: close\r\n\r\n');
      const chunk = Buffer.alloc(64 * 1024, 7);
      let sent = 0;
      const socket = res.socket!;
      const more = () => {
        while (sent < 600e6 && !socket.destroyed) {
          sent += chunk.length;
          if (!socket.write(chunk)) return void socket.once('drain', more);
        }
        socket.end();
      };
      more();
    } else if (req.url === '/stall') {
      res.writeHead(200, { 'content-length': '1000000' });
      res.write(new Uint8Array(1000));
      setTimeout(() => res.destroy(), 20_000).unref(); // never sends the rest; gives up on its own
    } else if (req.url === '/huge') {
      res.writeHead(200, { 'content-length': String(5e9) });
      res.flushHeaders();
      setTimeout(() => res.destroy(), 5_000).unref();
    } else {
      res.writeHead(200, { 'content-length': '5' });
      res.end('hello');
    }
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise((resolve) => server.close(resolve));
});

const limited = guardedFetch(fetch, { maxBytes: 8e6, stallMs: 500 });

async function failure(path: string): Promise<{ message: string; ms: number }> {
  const t0 = Date.now();
  try {
    const response = await limited(`${base}${path}`);
    await response.arrayBuffer();
  } catch (error) {
    return { message: (error as Error).message, ms: Date.now() - t0 };
  }
  throw new Error(`${path} downloaded`);
}

describe('guarded downloads (loopback servers)', () => {
  it('stops an endless body at the limit, naming the limit and the way to raise it; memory stays flat', async () => {
    const rss = process.memoryUsage().rss;
    const { message, ms } = await failure('/endless');
    expect(message).toBe(`${base}/endless: the download passed the limit of 8.0 MB and was stopped; raise the limit (Download limit, next to Load from URL) to load bigger files`);
    expect(ms).toBeLessThan(30_000);
    expect(process.memoryUsage().rss - rss).toBeLessThan(1024 ** 3);
  });

  it('a body longer than its announced size: the loopback client stops at the length, a lying stream is stopped', async () => {
    // Over HTTP/1.1 the client itself reads no further than Content-Length: a safe result.
    const response = await limited(`${base}/liar`);
    expect((await response.arrayBuffer()).byteLength).toBe(1000);
    // Where the body is not cut by the transport (a decoded or proxied stream), the announced size is enforced.
    const body = new ReadableStream<Uint8Array>({
      start(sink) {
        for (let i = 0; i < 100; i++) sink.enqueue(new Uint8Array(64 * 1024));
        sink.close();
      },
    });
    const lying = guardedFetch(async () => new Response(body, { headers: { 'content-length': '1000' } }), { maxBytes: 8e6, stallMs: 500 });
    await expect((await lying('https://data.example/x.parquet')).arrayBuffer()).rejects.toThrow(
      'https://data.example/x.parquet: the server announced 1 KB but sent more (66 KB so far); the download was stopped',
    );
  });

  it('ends a stalled body after the stall timeout with a clear message', async () => {
    const { message, ms } = await failure('/stall');
    expect(message).toBe(`${base}/stall: no data arrived for 0.5 s after 1 KB; the server stalled and the download was stopped`);
    expect(ms).toBeLessThan(5_000);
  });

  it('refuses an announced size over the limit before reading the body', async () => {
    const { message, ms } = await failure('/huge');
    expect(message).toBe(`${base}/huge: the server announces 5.00 GB, more than the download limit of 8.0 MB; raise the limit (Download limit, next to Load from URL) to load it`);
    expect(ms).toBeLessThan(2_000);
  });

  it('the next good download works, and a cancel from the caller still cancels', async () => {
    expect(await (await limited(`${base}/ok`)).text()).toBe('hello');
    const controller = new AbortController();
    const pending = limited(`${base}/stall`, { signal: controller.signal }).then((r) => r.arrayBuffer());
    controller.abort();
    await expect(pending).rejects.toThrow(/abort/i);
  });
});
