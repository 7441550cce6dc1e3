import { parquetWriteBuffer } from 'hyparquet-writer';
import type { AsyncBuffer } from 'hyparquet';
import { describe, expect, it } from 'vitest';
import { encodePng } from './nodePng';
import { asyncBufferFromArrayBuffer, imageReadBlocks, openParquet, readParquetImages, readParquetIndex } from './parquet';
import { writePairsParquet, writeSingleParquet, PAIR_COLUMNS } from './testing/parquetFixtures';
import { pairRow, singleRow } from './testing/rows';

/** Counts the byte-range reads and bytes a reader asks for, to prove what it skips. */
function countingBuffer(buffer: ArrayBuffer): AsyncBuffer & { read: number; reads: number } {
  const counted = {
    byteLength: buffer.byteLength,
    read: 0,
    reads: 0,
    slice(start: number, end?: number) {
      counted.reads++;
      counted.read += (end ?? buffer.byteLength) - start;
      return buffer.slice(start, end);
    },
  };
  return counted;
}

function noisePng(seed: number, side = 64): Uint8Array {
  const pixels = new Uint8Array(side * side * 3);
  let x = seed + 1;
  for (let i = 0; i < pixels.length; i++) pixels[i] = (x = (x * 1103515245 + 12345) >>> 0) >>> 24;
  return encodePng(side, side, pixels);
}

describe('Parquet loader', () => {
  it('reads a SNAPPY pairs file with the nested image struct; the index never reads image bytes', async () => {
    const rows = Array.from({ length: 30 }, (_, i) => pairRow({ image: { bytes: noisePng(i), path: i === 3 ? null : `p${i}.png` } }, i));
    const buffer = writePairsParquet(rows);
    const file = countingBuffer(buffer);
    const source = await openParquet('data/hacking/evaluation.parquet', file);
    expect(source).toMatchObject({ variant: 'pairs', rows: 30, hasImage: true });
    file.read = 0;
    const { records, rowErrors } = await readParquetIndex(source, { sourceId: 's', split: 'evaluation' });
    expect(rowErrors).toBeNull();
    expect(records).toHaveLength(30);
    expect(records[5]).toMatchObject({ id: 's:5', row: 5, split: 'evaluation', question: rows[5].question, image: { kind: 'bytes', sourceId: 's', row: 5 } });
    const imageBytes = rows.reduce((n, r) => n + r.image!.bytes!.length, 0);
    expect(imageBytes).toBeGreaterThan(200_000);
    expect(file.read).toBeLessThan(imageBytes / 4);

    const images = await readParquetImages(source, 2, 5);
    expect(images.map((b) => b?.length)).toEqual([2, 3, 4].map((i) => rows[i].image!.bytes!.length));
    expect(images[1]).toEqual(rows[3].image!.bytes);
  });

  it('reads only the data pages that hold the asked rows (offset index), not the whole image column chunk', async () => {
    // One row group, ≈ 2 KB images, 16 KB pages: about 8 rows per page, some 25 pages of image bytes.
    const rows = Array.from({ length: 200 }, (_, i) => pairRow({ image: { bytes: noisePng(i, 24), path: `p${i}.png` } }, i));
    const buffer = writePairsParquet(rows, { rowGroupSize: 200, pageSize: 16 * 1024 });
    const file = countingBuffer(buffer);
    const source = await openParquet('pages.parquet', file);
    const imageChunk = Number(source.metadata.row_groups[0].columns.find((c) => c.meta_data?.path_in_schema.join('.') === 'image.bytes')!.meta_data!.total_compressed_size);
    file.read = 0;
    file.reads = 0;
    const images = await readParquetImages(source, 100, 104);
    expect(images.map((b) => b?.length)).toEqual([100, 101, 102, 103].map((i) => rows[i].image!.bytes!.length));
    expect(images[2]).toEqual(rows[102].image!.bytes);
    // The page(s) holding rows 100–103 plus the small offset index and path column: far from the whole chunk.
    expect(file.read).toBeLessThan(imageChunk / 5);
    expect(file.reads).toBeLessThanOrEqual(5);

    // Bulk readers go by runs of whole pages (here one page per block): the blocks tile the rows along the pages.
    const blocks = await imageReadBlocks(source, 1);
    expect(blocks.length).toBeGreaterThan(15);
    expect(blocks[0].start).toBe(0);
    expect(blocks.at(-1)!.end).toBe(200);
    blocks.slice(1).forEach((block, i) => expect(block.start).toBe(blocks[i].end));
    expect(await imageReadBlocks(source)).toEqual([{ start: 0, end: 200 }]); // default: ≈ 8 MB of pages per block
  });

  it('reads the single-response variant', async () => {
    const buffer = writeSingleParquet([singleRow({}, 0), singleRow({ is_response_safe: 'no' }, 1)]);
    const source = await openParquet('single.parquet', asyncBufferFromArrayBuffer(buffer));
    const { records } = await readParquetIndex(source, { sourceId: 'x', split: 'train' });
    expect(source.variant).toBe('single');
    expect(records.map((r) => r.responses[0].isSafe)).toEqual([true, false]);
  });

  it('keeps good rows and reports bad ones with file, row, field and value', async () => {
    const rows = [pairRow({}, 0), pairRow({ safer_response_id: '3' }, 1), pairRow({}, 2)];
    const source = await openParquet('mixed.parquet', asyncBufferFromArrayBuffer(writePairsParquet(rows)));
    const { records, rowErrors } = await readParquetIndex(source, { sourceId: 'm', split: 'train' });
    expect(records.map((r) => r.row)).toEqual([0, 2]);
    expect(rowErrors).toMatch(/mixed\.parquet: 1 row rejected.*mixed\.parquet, row 1: field "safer_response_id" has value "3"/);
  });

  it('rejects an empty file', async () => {
    await expect(openParquet('empty.parquet', asyncBufferFromArrayBuffer(new ArrayBuffer(0)))).rejects.toThrow('empty.parquet: the file is empty');
  });

  it('rejects a file that is not Parquet', async () => {
    const json = new TextEncoder().encode('{"rows": []} and some more text').buffer;
    await expect(openParquet('rows.parquet', asyncBufferFromArrayBuffer(json))).rejects.toThrow(/rows\.parquet: not a Parquet file/);
  });

  it('rejects a truncated file', async () => {
    const buffer = writePairsParquet([pairRow()]);
    await expect(openParquet('cut.parquet', asyncBufferFromArrayBuffer(buffer.slice(0, buffer.byteLength - 100)))).rejects.toThrow(/cut\.parquet: corrupt or truncated Parquet file/);
  });

  it('rejects a corrupt footer', async () => {
    const bytes = new Uint8Array(writePairsParquet([pairRow()]));
    const footerLength = new DataView(bytes.buffer).getUint32(bytes.length - 8, true);
    bytes.fill(0xff, bytes.length - 8 - footerLength, bytes.length - 8);
    await expect(openParquet('bad-footer.parquet', asyncBufferFromArrayBuffer(bytes.buffer))).rejects.toThrow(/bad-footer\.parquet: corrupt Parquet footer/);
  });

  it('names missing columns', async () => {
    const buffer = writePairsParquet([pairRow()], { columns: PAIR_COLUMNS.filter((c) => c !== 'is_response_2_safe') });
    await expect(openParquet('cols.parquet', asyncBufferFromArrayBuffer(buffer))).rejects.toThrow(/cols\.parquet: missing column "is_response_2_safe"/);
  });

  it('names mistyped columns', async () => {
    const row = pairRow();
    const columnData = PAIR_COLUMNS.filter((c) => c !== 'image').map((name) => ({
      name,
      data: [name === 'question' ? 42 : (row as unknown as Record<string, unknown>)[name]],
      type: name === 'question' ? ('INT32' as const) : typeof (row as unknown as Record<string, unknown>)[name] === 'number' ? ('INT64' as const) : ('STRING' as const),
    }));
    const fixed = columnData.map((c) => (c.type === 'INT64' ? { ...c, data: c.data.map((v) => BigInt(v as number)) } : c));
    const buffer = parquetWriteBuffer({ columnData: fixed });
    await expect(openParquet('typed.parquet', asyncBufferFromArrayBuffer(buffer))).rejects.toThrow(/typed\.parquet: column "question" must be a string column \(found INT32\)/);
  });

  it('reports an unsupported compression codec', async () => {
    const buffer = parquetWriteBuffer({
      columnData: [{ name: 'question', data: ['q'], type: 'STRING' }],
      codec: 'LZO',
      compressors: { LZO: (input: Uint8Array) => input },
    });
    await expect(openParquet('lzo.parquet', asyncBufferFromArrayBuffer(buffer))).rejects.toThrow(/lzo\.parquet: column "question" uses the LZO compression codec/);
  });

  it('reads a GZIP file through hyparquet-compressors', async () => {
    const { gzipSync } = await import('node:zlib');
    const buffer = parquetWriteBuffer({
      columnData: PAIR_COLUMNS.filter((c) => c !== 'image').map((name) => {
        const value = (pairRow() as unknown as Record<string, unknown>)[name];
        return typeof value === 'number' ? { name, data: [BigInt(value)], type: 'INT64' as const } : { name, data: [value], type: 'STRING' as const };
      }),
      codec: 'GZIP',
      compressors: { GZIP: (input: Uint8Array) => new Uint8Array(gzipSync(input)) },
    });
    const source = await openParquet('gz.parquet', asyncBufferFromArrayBuffer(buffer));
    expect(source.warnings).toEqual(['gz.parquet: no "image" column; records load without images']);
    const { records } = await readParquetIndex(source, { sourceId: 'g', split: 'unknown' });
    expect(records[0].image).toEqual({ kind: 'none' });
    expect(records[0].responses[1].harmlessRate).toBe(-2);
  });
});
