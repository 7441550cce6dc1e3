// Hostile Parquet files (issue 26, items 1–3): lying footers and page headers are refused naming the file, the
// field and the values; a mutation fuzz of a few hundred files never hangs, never crashes, and every error names
// the file and the reason; the next good file still loads.
import { describe, expect, it } from 'vitest';
import { asyncBufferFromArrayBuffer, openParquet, readParquetImages, readParquetIndex } from './parquet';
import { checkPageHeader } from './parquetPageChecks';
import type { CheckedChunk } from './parquetFooterChecks';
import { writePairsParquet } from './testing/parquetFixtures';
import { pageHeaders, parquetMutants, withFooter, withPageHeader } from './testing/parquetMutations';
import { pairRow, tinyPng } from './testing/rows';
import { serializeTyped, setInt, structAt, type TypedStruct } from './testing/thriftTyped';

const NAME = 'data/hacking/evaluation.parquet';

function goodFile(codec: 'SNAPPY' | 'UNCOMPRESSED' = 'SNAPPY'): ArrayBuffer {
  const rows = Array.from({ length: 60 }, (_, i) => pairRow({ image: { bytes: tinyPng(i), path: `p${i}.png` } }, i));
  // Two row groups, several pages per column (with offset indexes), a dictionary page for repeated values.
  return writePairsParquet(rows, { codec, rowGroupSize: 30, pageSize: 600 });
}

/** Everything a load does with a file: open, index every row, read every image. */
async function load(bytes: ArrayBuffer): Promise<number> {
  const source = await openParquet(NAME, asyncBufferFromArrayBuffer(bytes));
  const { records } = await readParquetIndex(source, { sourceId: 's', split: 'evaluation' });
  await readParquetImages(source, 0, source.rows);
  return records.length;
}

async function refusal(bytes: ArrayBuffer): Promise<string> {
  try {
    await load(bytes);
  } catch (error) {
    expect((error as Error).name).toBe('DataError');
    return (error as Error).message;
  }
  throw new Error('the file loaded');
}

describe('Parquet footer checks', () => {
  it('refuses a footer claiming 2^53 rows at once, naming the field and both counts', async () => {
    const lie = withFooter(goodFile(), (footer) => setInt(footer, 3, 2n ** 53n, 6));
    const message = await refusal(lie);
    expect(message).toMatch(new RegExp(`^${NAME}: the footer's num_rows is 9007199254740992, above the limit of 1,000,000`));
  });

  it('refuses num_rows that disagrees with the sum of its row groups', async () => {
    const lie = withFooter(goodFile(), (footer) => setInt(footer, 3, 61n, 6));
    expect(await refusal(lie)).toBe(`${NAME}: the footer says num_rows = 61 but its 2 row groups hold 60 rows; the file is corrupt`);
  });

  it('refuses a column chunk that reaches past the data region, naming its bytes and the file size', async () => {
    const lie = withFooter(goodFile(), (footer) => setInt(structAt(footer, [4, 0, 1, 1, 3]), 7, 2n ** 31n - 1n, 6));
    expect(await refusal(lie)).toMatch(/column "image\.bytes" in row group 0 claims bytes [\d,]+–2,14[\d,]+, outside the data region \(4–[\d,]+\) of this [\d,]+-byte file/);
  });

  it('refuses a flat column whose num_values is not its row count', async () => {
    const lie = withFooter(goodFile(), (footer) => setInt(structAt(footer, [4, 0, 1, 0, 3]), 5, 2n ** 31n - 1n, 6));
    expect(await refusal(lie)).toBe(`${NAME}: column "question" in row group 0 holds num_values = 2,147,483,647 but its row group has 30 rows`);
  });

  it('refuses a column chunk that points to another file', async () => {
    const lie = withFooter(goodFile(), (footer) => structAt(footer, [4, 0, 1, 0]).set(1, { t: 8, v: new TextEncoder().encode('../../etc/passwd') }));
    expect(await refusal(lie)).toMatch(/points to another file \("\.\.\/\.\.\/etc\/passwd"\), which this app does not follow/);
  });
});

describe('Parquet page-header checks', () => {
  const imagePage = (bytes: ArrayBuffer) => pageHeaders(bytes).find((ref) => ref.column === 1)!;

  it('refuses uncompressed_page_size 2^31−1 before anything is allocated', async () => {
    const good = goodFile();
    const lie = withPageHeader(good, imagePage(good), (header) => setInt(header, 2, 2n ** 31n - 1n));
    const before = process.memoryUsage().rss;
    expect(await refusal(lie)).toMatch(/column "image\.bytes", row group 0\) claims uncompressed_page_size = 2,147,483,647 bytes from [\d,]+ SNAPPY bytes; the most this app accepts is [\d,]+/);
    expect(process.memoryUsage().rss - before).toBeLessThan(256 * 1024 * 1024);
  });

  it('refuses num_values 2^31−1 in a data page, naming the chunk count', async () => {
    const good = goodFile();
    const lie = withPageHeader(good, imagePage(good), (header) => {
      for (const id of [5, 8]) if (header.get(id)?.t === 12) setInt(structAt(header, [id]), 1, 2n ** 31n - 1n);
    });
    expect(await refusal(lie)).toMatch(/claims num_values = 2147483647, but the column chunk holds 30; the file is corrupt/);
  });

  it('refuses a negative compressed_page_size (it would step backwards forever)', async () => {
    const good = goodFile();
    const lie = withPageHeader(good, imagePage(good), (header) => setInt(header, 3, -20n));
    expect(await refusal(lie)).toMatch(/claims compressed_page_size = -20, but the column chunk has [\d,]+ bytes left/);
  });

  it('checks v1 data pages and dictionary pages: PLAIN values that cannot fit, sizes of UNCOMPRESSED pages', () => {
    const chunk: CheckedChunk = { path: 'image_severity', rowGroup: 0, start: 100, end: 1100, codec: 'UNCOMPRESSED', type: 'INT64', values: 500, rows: 500, flat: true, required: true, totalUncompressed: 1000 };
    const header = (fields: [number, bigint][], detail: TypedStruct, detailId = 5) => {
      const struct: TypedStruct = new Map();
      for (const [id, value] of fields) setInt(struct, id, value);
      struct.set(detailId, { t: 12, fields: detail });
      return serializeTyped(struct);
    };
    const v1 = (values: bigint, encoding: bigint): TypedStruct => new Map([[1, { t: 5, v: values }], [2, { t: 5, v: encoding }], [3, { t: 5, v: 3n }], [4, { t: 5, v: 3n }]]);
    const ok = header([[1, 0n], [2, 400n], [3, 400n]], v1(50n, 0n));
    expect(checkPageHeader(NAME, chunk, ok, 100, 100)).toMatchObject({ type: 'DATA_PAGE', compressed: 400, uncompressed: 400, values: 50 });
    const crammed = header([[1, 0n], [2, 400n], [3, 400n]], v1(51n, 0n));
    expect(() => checkPageHeader(NAME, chunk, crammed, 100, 100)).toThrow(/claims 51 INT64 values in a 400-byte page, which cannot hold them/);
    const inflated = header([[1, 0n], [2, 800n], [3, 400n]], v1(50n, 0n));
    expect(() => checkPageHeader(NAME, chunk, inflated, 100, 100)).toThrow(/uncompressed_page_size = 800 bytes from 400 UNCOMPRESSED bytes; the most this app accepts is 400/);
    const dictionary = header([[1, 2n], [2, 16n], [3, 16n]], new Map([[1, { t: 5, v: 3n }], [2, { t: 5, v: 0n }]]), 7);
    expect(() => checkPageHeader(NAME, chunk, dictionary, 100, 100)).toThrow(/claims 3 INT64 values in a 16-byte page/);
    const unknownType = header([[1, 9n], [2, 16n], [3, 16n]], v1(1n, 0n));
    expect(() => checkPageHeader(NAME, chunk, unknownType, 100, 100)).toThrow(/has page type 9, which is not a Parquet page type/);
  });
});

describe('Parquet mutation fuzz', () => {
  it('a few hundred hostile files: none hangs or crashes, every error names the file and the reason, the next good file loads', async () => {
    const rssBefore = process.memoryUsage().rss;
    const outcomes = { loaded: 0, refused: 0 };
    for (const [codec, seed] of [['SNAPPY', 1], ['UNCOMPRESSED', 2]] as const) {
      const good = goodFile(codec);
      const mutants = parquetMutants(good, seed, codec === 'SNAPPY' ? undefined : { truncations: 20, footerFlips: 40, headerFlips: 60 });
      for (const mutant of mutants) {
        try {
          await load(mutant.bytes);
          outcomes.loaded++;
        } catch (error) {
          const err = error as Error;
          // Named: a DataError whose message starts with the file name and goes on to say what is wrong.
          expect({ label: mutant.label, name: err.name }).toEqual({ label: mutant.label, name: 'DataError' });
          expect(err.message.startsWith(`${NAME}: `), `${mutant.label}: ${err.message}`).toBe(true);
          expect(err.message.length, `${mutant.label}: ${err.message}`).toBeGreaterThan(NAME.length + 20);
          expect(err.message, mutant.label).not.toMatch(/undefined|\(null\)|\[object/);
          outcomes.refused++;
        }
      }
      expect(await load(good)).toBe(60);
    }
    console.info(`Parquet mutation fuzz: ${outcomes.loaded + outcomes.refused} files, ${outcomes.refused} refused with a named error, ${outcomes.loaded} loaded`);
    expect(outcomes.loaded + outcomes.refused).toBeGreaterThan(500);
    expect(outcomes.refused).toBeGreaterThan(400);
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(1024 ** 3);
  }, 60_000);
});
