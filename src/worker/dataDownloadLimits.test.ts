// The data worker's URL loads under the download limits (issue 26 item 4), against loopback servers: an endless
// body stops at the person's limit with a message naming the URL and the limit, and the next good file loads in the
// same worker. Servers bind to 127.0.0.1 and send a bounded amount.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writePairsParquet } from '../data/testing/parquetFixtures';
import { pairRow } from '../data/testing/rows';
import { createDataHandlers } from './dataHandlers';
import { DataStore } from './dataStore';

let server: Server;
let base = '';
const good = new Uint8Array(writePairsParquet([pairRow({}, 0), pairRow({}, 1)]));

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url?.startsWith('/endless')) {
      res.writeHead(200);
      const chunk = new Uint8Array(256 * 1024);
      let sent = 0;
      const more = () => {
        while (sent < 300e6 && !res.destroyed) {
          sent += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', more);
        }
        res.end();
      };
      more();
    } else {
      res.writeHead(200, { 'content-length': String(good.length) });
      res.end(good);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('URL loads under the download limit', () => {
  it('stops an endless download at the limit, then loads the next good file in the same worker', async () => {
    const api = createDataHandlers(new DataStore(), { fetch: (input, init) => fetch(input, init), baseUrl: '/' });
    const rss = process.memoryUsage().rss;
    const endless = await api.loadUrl(`${base}/endless/train.parquet`, { downloadLimitMb: 20 });
    expect(endless.errors).toEqual([
      { source: `${base}/endless/train.parquet`, message: `${base}/endless/train.parquet: the download passed the limit of 20.0 MB and was stopped; raise the limit (Download limit, next to Load from URL) to load bigger files` },
    ]);
    expect(process.memoryUsage().rss - rss).toBeLessThan(1024 ** 3);
    const next = await api.loadUrl(`${base}/data/animal_abuse/evaluation.parquet`, { downloadLimitMb: 20 });
    expect(next.errors).toEqual([]);
    expect(next.summary.rows).toBe(2);
    const wrong = await api.loadUrl(`${base}/x.parquet`, { downloadLimitMb: 0 });
    expect(wrong.errors[0].message).toBe('The download limit must be 1–8192 MB (got 0)');
  });
});
