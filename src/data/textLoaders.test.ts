import { describe, expect, it } from 'vitest';
import { parseJsonl } from './jsonl';
import { parseRowsJson, urlExpiry } from './rowsJson';
import { sniffFile, sniffImage, splitFromName } from './sniff';
import { pairRow, singleRow, tinyPng } from './testing/rows';

const NOW = Date.UTC(2026, 0, 1);
const options = { name: 'rows.json', sourceId: 'r', split: 'evaluation' as const, now: NOW };
const signed = (expiresSeconds: number) =>
  `https://datasets-server.huggingface.co/cached-assets/x/image.jpg?Expires=${expiresSeconds}&Signature=abc&Key-Pair-Id=K`;

/** A dataset-viewer /rows response: ratings as JSON numbers, ids and yes/no as strings, images as {src}. */
function rowsResponse(rows: object[], extra: object = {}) {
  return {
    features: Object.keys(pairRow()).map((name, i) => ({ feature_idx: i, name, type: { _type: name === 'image' ? 'Image' : 'Value' } })),
    rows: rows.map((row, i) => ({ row_idx: 100 + i, row, truncated_cells: [] as string[] })),
    num_rows_total: rows.length,
    num_rows_per_page: 100,
    partial: false,
    ...extra,
  };
}
const viewerRow = (overrides: object = {}, seed = 0) => ({ ...pairRow({}, seed), image: { src: signed(NOW / 1000 + 3600), height: 4, width: 4 }, ...overrides });

describe('dataset-viewer /rows JSON', () => {
  it('maps rows into the same records as Parquet, with URL images and row_idx ids', () => {
    const result = parseRowsJson(JSON.stringify(rowsResponse([viewerRow({}, 0), viewerRow({}, 1)])), options);
    expect(result.variant).toBe('pairs');
    expect(result.warnings).toEqual([]);
    expect(result.records[1]).toMatchObject({ id: 'r:101', row: 101, split: 'evaluation', moreHelpful: 2, safer: 1, contradictory: false });
    expect(result.records[0].image).toEqual({ kind: 'url', url: signed(NOW / 1000 + 3600), expires: NOW + 3_600_000 });
  });

  it('warns about expired image URLs, truncated cells, partial slices and missing rows', () => {
    const response = rowsResponse([viewerRow({ image: { src: signed(NOW / 1000 - 60) } }), viewerRow()], { partial: true, num_rows_total: 590 });
    response.rows[1].truncated_cells = ['response_1'];
    const result = parseRowsJson(JSON.stringify(response), options);
    expect(result.records[1].truncated).toBe(true);
    expect(result.warnings.join('\n')).toMatch(/1 row has truncated cells/);
    expect(result.warnings.join('\n')).toMatch(/1 image URL expired on 2025-12-31 23:59 UTC/);
    expect(result.warnings.join('\n')).toMatch(/"partial": true/);
    expect(result.warnings.join('\n')).toMatch(/holds 2 of 590 rows/);
  });

  it('accepts data: URLs and sidecar file names', () => {
    const dataUrl = 'data:image/png;base64,iVBORw0KGgo=';
    const rows = [viewerRow({ image: { src: dataUrl } }), viewerRow({ image: { src: 'photo_1.png' } }), viewerRow({ image: { src: 'gone.png' } })];
    const result = parseRowsJson(JSON.stringify(rowsResponse(rows)), { ...options, resolveSidecar: (n) => (n === 'photo_1.png' ? 'blob:x' : undefined) });
    expect(result.records.map((r) => r.image)).toEqual([{ kind: 'url', url: dataUrl }, { kind: 'url', url: 'blob:x' }, { kind: 'none' }]);
    expect(result.warnings.join()).toMatch(/1 image names a file that was not loaded/);
  });

  it.each([
    ['', /rows\.json: the file is empty/],
    ['{"rows": [', /rows\.json: not valid JSON/],
    ['{"data": []}', /not a dataset-viewer \/rows response/],
    ['{"rows": []}', /the "rows" array is empty/],
  ])('rejects %j', (text, pattern) => {
    expect(() => parseRowsJson(text, options)).toThrow(pattern);
  });

  it('rejects a file whose every row is bad, naming row, field and value', () => {
    const text = JSON.stringify(rowsResponse([viewerRow({ is_response_1_safe: 'maybe' })]));
    expect(() => parseRowsJson(text, options)).toThrow(/rows\.json, row 100: field "is_response_1_safe" has value "maybe"/);
  });

  it('accepts a plain array of rows', () => {
    const result = parseRowsJson(JSON.stringify([pairRow({ image: null }, 0), pairRow({ image: null }, 1)]), options);
    expect(result.records.map((r) => [r.id, r.image.kind])).toEqual([['r:0', 'none'], ['r:1', 'none']]);
  });

  it('reads the Expires parameter', () => {
    expect(urlExpiry(signed(1700000000))).toBe(1_700_000_000_000);
    expect(urlExpiry('https://example.com/a.png')).toBeUndefined();
  });
});

describe('JSON Lines', () => {
  it('reads rows with base64 image bytes and skips blank lines', () => {
    const png = tinyPng(3);
    const line = (seed: number) => JSON.stringify({ ...singleRow({}, seed), image: { bytes: Buffer.from(png).toString('base64'), path: null } });
    const result = parseJsonl(`${line(0)}\n\n${line(1)}\n`, { ...options, name: 'single.jsonl' });
    expect(result.variant).toBe('single');
    expect(result.records.map((r) => r.id)).toEqual(['r:0', 'r:1']);
    expect(result.records[1].image).toEqual({ kind: 'bytes', sourceId: 'r', row: 1 });
    expect(result.imageBytes.get(1)).toEqual(png);
  });

  it('flags undecodable image bytes and bad lines without losing the good rows', () => {
    const good = JSON.stringify(pairRow());
    const badImage = JSON.stringify({ ...pairRow(), image: { bytes: Buffer.from('not an image').toString('base64') } });
    const result = parseJsonl(`${good}\n${badImage}\n{oops\n`, { ...options, name: 'pairs.jsonl' });
    expect(result.records).toHaveLength(2);
    expect(result.records[1].image).toEqual({ kind: 'none' });
    expect(result.warnings.join()).toMatch(/pairs\.jsonl: 1 image is not decodable/);
    expect(result.rowErrors).toMatch(/pairs\.jsonl, line 3: not valid JSON/);
  });

  it('rejects empty files and a bad first line', () => {
    expect(() => parseJsonl('\n\n', options)).toThrow(/the file is empty/);
    expect(() => parseJsonl('nope\n', options)).toThrow(/rows\.json: line 1 is not valid JSON/);
  });
});

describe('sniffing', () => {
  it('detects images by magic bytes', () => {
    expect(sniffImage(tinyPng())).toBe('image/png');
    expect(sniffImage(new Uint8Array([0xff, 0xd8, 0xff, 0xdb]))).toBe('image/jpeg');
    expect(sniffImage(new TextEncoder().encode('RIFF\0\0\0\0WEBPVP8 '))).toBe('image/webp');
    expect(sniffImage(new Uint8Array([1, 2, 3]))).toBeNull();
  });

  it('detects file types by content, not extension', () => {
    const enc = (s: string) => new TextEncoder().encode(s);
    expect(sniffFile(enc('PAR1....'), 'data.json')).toBe('parquet');
    expect(sniffFile(enc('{\n  "rows": []\n}'), 'data.parquet')).toBe('rows-json');
    expect(sniffFile(enc('{"a":1}\n{"a":2}\n'), 'data.txt')).toBe('jsonl');
    expect(sniffFile(enc('{"a":1}'), 'one.jsonl')).toBe('jsonl');
    expect(sniffFile(enc('{"rows":[{"row":{}}]}\n'), 'r.json')).toBe('rows-json');
    expect(sniffFile(tinyPng(), 'x.parquet')).toBe('image');
    expect(sniffFile(enc('[{"question": "q"}]'), 'x.json')).toBe('rows-json');
    expect(sniffFile(enc('hello'), 'x.csv')).toBe('unknown');
  });

  it('infers the split from the file name', () => {
    expect(splitFromName('data/animal_abuse/train.parquet')).toBe('train');
    expect(splitFromName('data/animal_abuse/evaluation.parquet')).toBe('evaluation');
    expect(splitFromName('animal_abuse/evaluation/0000.parquet')).toBe('evaluation');
    expect(splitFromName('my-rows.json')).toBe('unknown');
  });
});
