import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/config/params';
import { resizeToTensorData } from '../../src/data/image';
import { writePairsParquet, writeSingleParquet } from '../../src/data/testing/parquetFixtures';
import { pairRow, singleRow } from '../../src/data/testing/rows';
import { UNK } from '../../src/data/tokenizer';
import { preprocessImageNode } from './nodeImage';
import { loadRealData, realDataProvider, reportLines } from './realData';
import { runExperiment } from './run';
import { shippedVocabulary } from './setup';
import { jpeg, jpegPairRows, writeJpegDataset } from './testing/jpegFixture';

// Real-data path of the runner on Parquet files in the published preference schema whose images are JPEG photos
// (bigger than the model's input, so decoding resizes), written by the test.
const sizes = { imageSize: 16, maxQuestionTokens: 16, maxResponseTokens: 24 };
let dir: string;
let train: string;
let evaluation: string;
let single: string;
let notBeaverTails: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'srlhfv-data-'));
  const trainRows = await jpegPairRows(12, 0);
  trainRows.push(pairRow({ image: { bytes: new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4, 5]), path: 'broken.jpg' } }, 50));
  trainRows.push(pairRow({ image: null }, 51));
  trainRows.push(pairRow({ safer_response_id: '3' }, 52));
  ({ train, evaluation } = await writeJpegDataset(dir, trainRows, await jpegPairRows(6, 100)));
  single = join(dir, 'single.parquet');
  notBeaverTails = join(dir, 'other.parquet');
  await writeFile(single, new Uint8Array(writeSingleParquet([singleRow({}, 1), singleRow({}, 2)])));
  await writeFile(notBeaverTails, new Uint8Array(writePairsParquet([pairRow()], { columns: ['question', 'category'] })));
}, 120_000);

describe('--data: real BeaverTails-V files in the runner', () => {
  it('reads JPEG rows with the browser encoding, skips and counts bad rows, and counts unknown words', async () => {
    const vocab = (await shippedVocabulary())!;
    const real = await loadRealData({ sources: [train, evaluation], defaultSplit: 'train', sizes, vocab });
    expect(real.report.files.map((f) => [f.split, f.rows, f.kept])).toEqual([['train', 15, 12], ['evaluation', 6, 6]]);
    expect(real.report).toMatchObject({ rejectedRows: 1, missingImages: 1, undecodableImages: 1 });
    expect(real.report.undecodableExamples[0]).toMatch(/train\.parquet row 12/);
    expect(real.records.length).toBe(18);
    expect(real.data.count).toBe(18);
    // "zqxwv" is not in the shipped vocabulary: it becomes <unk>, and is counted.
    expect(Array.from(real.data.questions.subarray(0, sizes.maxQuestionTokens))).toContain(UNK);
    expect(real.report.unknownWords).toBeGreaterThanOrEqual(18);
    const lines = reportLines(real.report).join('\n');
    expect(lines).toMatch(/skipped 1 row\(s\) whose image does not decode/);
    expect(lines).toMatch(/skipped 1 row\(s\) without an image/);
    expect(lines).toMatch(/skipped 1 row\(s\) the schema rejected/);
    expect(lines).toMatch(/words .* read as <unk>/);
  });

  it('decodes at a reduced size yet matches a full-size decode with the app resize', async () => {
    const bytes = await jpeg(7, 2400, 1600);
    const fast = await preprocessImageNode(bytes, 16);
    const { data, info } = await sharp(bytes).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
    const full = resizeToTensorData({ width: info.width, height: info.height, rgba: new Uint8ClampedArray(data) }, 16);
    const maxDiff = Math.max(...Array.from(fast, (v, i) => Math.abs(v - full[i])));
    expect(maxDiff).toBeLessThan(0.02);
  });

  it('reads the files from http(s) URLs too, taking the split from the path; HTTP errors name the URL', async () => {
    const server = createServer((request, response) => {
      const path = request.url === '/data/animal_abuse/evaluation.parquet' ? evaluation : null;
      if (!path) {
        response.writeHead(404, 'Not Found').end();
        return;
      }
      void readFile(path).then((bytes) => response.writeHead(200, { 'content-type': 'application/octet-stream' }).end(bytes));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const real = await loadRealData({ sources: [`http://127.0.0.1:${port}/data/animal_abuse/evaluation.parquet`], defaultSplit: 'train', sizes });
      expect(real.report.files[0]).toMatchObject({ split: 'evaluation', rows: 6, kept: 6 });
      await expect(loadRealData({ sources: [`http://127.0.0.1:${port}/nope.parquet`], defaultSplit: 'train', sizes })).rejects.toThrow(
        new RegExp(`http://127\\.0\\.0\\.1:${port}/nope\\.parquet: HTTP 404 Not Found`),
      );
    } finally {
      server.close();
    }
  });

  it('rejects unreadable, non-BeaverTails and mixed-variant input with messages naming the file', async () => {
    const load = (sources: string[]) => loadRealData({ sources, defaultSplit: 'train', sizes });
    await expect(load([join(dir, 'missing.parquet')])).rejects.toThrow(/missing\.parquet: cannot read the file \(ENOENT\)/);
    await expect(load([notBeaverTails])).rejects.toThrow(/other\.parquet: missing columns/);
    await expect(load([join(process.cwd(), 'package.json')])).rejects.toThrow(/package\.json: not a BeaverTails-V Parquet file/);
    await expect(load([train, single])).rejects.toThrow(/mixes the two BeaverTails-V variants/);
    await expect(load(['http://127.0.0.1:9/data/x/train.parquet'])).rejects.toThrow(/Could not reach http:\/\/127\.0\.0\.1:9\/data\/x\/train\.parquet/);
  });

  it('the runner trains a few iterations on them with the shipped models', async () => {
    const config = { ...defaultConfig(), promptBatch: 4, iterations: 2, evalEvery: 2, evalPrompts: 4 };
    const lines: string[] = [];
    const bundle = await runExperiment(config, {
      backend: 'wasm',
      data: realDataProvider({ sources: [train, evaluation], defaultSplit: 'train', log: (line) => lines.push(line) }),
    });
    expect(bundle.models).toMatchObject({ policy: 'shipped', reward: 'shipped', cost: 'shipped' });
    expect(bundle.metrics.length).toBe(2);
    expect(bundle.metrics.every((row) => Number.isFinite(row.rewardMean) && Number.isFinite(row.costMean))).toBe(true);
    expect(bundle.evaluations.length).toBeGreaterThan(0);
    expect(lines.join('\n')).toMatch(/train\.parquet: preference pairs, train split, 12 of 15 rows used/);
  }, 300_000);
});
