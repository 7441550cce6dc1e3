/**
 * How long a healthy load goes between signs of life (the parse worker's progress), against the watchdogs: the
 * parse worker is replaced after PARSE_QUIET_MS of silence, the page gives up after LOAD_QUIET_MS. Parses a
 * 29,824-pair real-shaped Parquet file (as scripts/bench/realShapedParquet.ts writes it, 64 px images) and the same
 * rows as JSON Lines with base64 images, in this process, and prints the longest gap for each:
 *
 *   npx tsx scripts/bench/loadQuiet.ts [--pairs 29824] [--image 64]
 */
import { writePairsParquet } from '../../src/data/testing/parquetFixtures';
import { realShapedRows } from '../../src/data/testing/realShapedRows';
import { asyncBufferFromArrayBuffer } from '../../src/data/parquet';
import { parseDataFile } from '../../src/data/parseDataFile';
import { PARSE_QUIET_MS } from '../../src/worker/parseSupervisor';
import { LOAD_QUIET_MS } from '../../src/features/data-explorer/loadWatchdog';
import { cliOption } from '../cliOption';

async function longestGap(name: string, bytes: ArrayBuffer): Promise<{ rows: number; seconds: number; gap: number }> {
  const started = performance.now();
  let last = started;
  let gap = 0;
  const data = await parseDataFile(name, asyncBufferFromArrayBuffer(bytes), {
    sourceId: name,
    split: 'train',
    now: 0,
    onProgress: () => {
      const now = performance.now();
      gap = Math.max(gap, now - last);
      last = now;
    },
  });
  const end = performance.now();
  return { rows: data.records.length, seconds: (end - started) / 1000, gap: Math.max(gap, end - last) / 1000 };
}

function toBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

async function main(): Promise<void> {
  const pairs = Number(cliOption('pairs', '29824'));
  const image = Number(cliOption('image', '64'));
  const rows = realShapedRows(pairs, 'load-quiet', image);
  const parquet = writePairsParquet(rows, { rowGroupSize: 5000 });
  const jsonl = new TextEncoder().encode(
    rows.map((row) => JSON.stringify(row, (key, value) => (key === 'bytes' && value instanceof Uint8Array ? toBase64(value) : typeof value === 'bigint' ? Number(value) : value))).join('\n'),
  );
  console.log(`watchdogs: parse worker ${PARSE_QUIET_MS / 1000} s, page ${LOAD_QUIET_MS / 1000} s`);
  for (const [name, bytes] of [['real-shaped.parquet', parquet], ['real-shaped.jsonl', jsonl.buffer]] as const) {
    const { rows: count, seconds, gap } = await longestGap(name, bytes as ArrayBuffer);
    console.log(`${name}: ${(bytes.byteLength / 1e6).toFixed(1)} MB, ${count.toLocaleString('en-US')} rows in ${seconds.toFixed(2)} s; longest gap between signs of life ${gap.toFixed(2)} s`);
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
