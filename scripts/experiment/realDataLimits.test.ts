// Issue 26 item 4, runner side: http(s) --data under the app's download rules, against loopback servers. An
// endless body stops at --download-limit, a stalled one after the stall timeout, each naming the URL; the next good
// file loads in the same process. Servers bind to 127.0.0.1 and send a bounded amount.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writePairsParquet } from '../../src/data/testing/parquetFixtures';
import { parseArgs } from './args';
import { loadRealData } from './realData';
import { jpegPairRows } from './testing/jpegFixture';

const sizes = { imageSize: 16, maxQuestionTokens: 16, maxResponseTokens: 24 };
let server: Server;
let base = '';
let good: Uint8Array;

beforeAll(async () => {
  good = new Uint8Array(writePairsParquet(await jpegPairRows(4, 0)));
  server = createServer((request, response) => {
    if (request.url?.startsWith('/endless')) {
      response.writeHead(200);
      const chunk = new Uint8Array(256 * 1024);
      let sent = 0;
      const more = () => {
        while (sent < 300e6 && !response.destroyed) {
          sent += chunk.length;
          if (!response.write(chunk)) return void response.once('drain', more);
        }
        response.end();
      };
      more();
    } else if (request.url?.startsWith('/stall')) {
      response.writeHead(200, { 'content-length': '1000000' });
      response.write(new Uint8Array(100));
      setTimeout(() => response.destroy(), 10_000).unref();
    } else {
      response.writeHead(200, { 'content-length': String(good.length) }).end(good);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('runner downloads (--data http)', () => {
  it('stops an endless body at --download-limit and a stalled one after the timeout; the next file loads', async () => {
    const rss = process.memoryUsage().rss;
    await expect(loadRealData({ sources: [`${base}/endless/train.parquet`], defaultSplit: 'train', sizes, downloadLimitMb: 16 })).rejects.toThrow(
      `${base}/endless/train.parquet: the download passed the limit of 16.0 MB and was stopped`,
    );
    expect(process.memoryUsage().rss - rss).toBeLessThan(1024 ** 3);
    await expect(loadRealData({ sources: [`${base}/stall/train.parquet`], defaultSplit: 'train', sizes, connectTimeoutMs: 500 })).rejects.toThrow(
      `${base}/stall/train.parquet: no data arrived for 0.5 s after 100 bytes; the server stalled and the download was stopped`,
    );
    const real = await loadRealData({ sources: [`${base}/data/animal_abuse/evaluation.parquet`], defaultSplit: 'train', sizes });
    expect(real.report.files[0]).toMatchObject({ split: 'evaluation', rows: 4 });
  });

  it('--download-limit is a whole number of MB and needs --data', () => {
    expect(parseArgs(['--data', 'x.parquet', '--download-limit', '2048']).downloadLimitMb).toBe(2048);
    expect(() => parseArgs(['--data', 'x.parquet', '--download-limit', '0x10'])).toThrow('--download-limit must be a whole number from 1 to 8192 written in decimal digits, got "0x10"');
    expect(() => parseArgs(['--download-limit', '10'])).toThrow('--download-limit applies to http(s) --data files; give --data too.');
  });
});
