// Reads the committed synthetic sample back with hyparquet (not through the app's loader) and checks the published
// schema, counts, label rules, the helpfulness/safety conflict, duplicates and determinism.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parquetMetadata, parquetReadObjects, parquetSchema } from 'hyparquet';
import { describe, expect, it } from 'vitest';
import { HARM_CATEGORIES } from '../src/data/record';
import { writePairsParquet } from '../src/data/testing/parquetFixtures';
import { sniffImage } from '../src/data/sniff';
import { generateSample } from './generate-sample';

const ROOT = 'public/sample';
const manifest = JSON.parse(readFileSync(join(ROOT, 'manifest.json'), 'utf8')) as {
  pairs: number;
  files: { category: string; split: string; path: string; rows: number; bytes: number }[];
};

function readFile(path: string): ArrayBuffer {
  const buffer = readFileSync(join(ROOT, path));
  return buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength) as ArrayBuffer;
}

const all = await Promise.all(
  manifest.files.map(async (file) => {
    const buffer = readFile(file.path);
    const rows = await parquetReadObjects({ file: buffer, utf8: false });
    return { file, buffer, rows: rows as Record<string, unknown>[] };
  }),
);
const rows = all.flatMap((f) => f.rows);

describe('bundled synthetic sample', () => {
  it('has the hub layout: train + evaluation for all 20 categories, 80 + 20 pairs each', () => {
    expect(manifest.files).toHaveLength(40);
    for (const category of HARM_CATEGORIES) {
      for (const [split, count] of [['train', 80], ['evaluation', 20]] as const) {
        const entry = manifest.files.find((f) => f.category === category && f.split === split);
        expect(entry?.path).toBe(`data/${category}/${split}.parquet`);
        expect(entry?.rows).toBe(count);
        expect(all.find((f) => f.file === entry)?.rows).toHaveLength(count);
      }
    }
    expect(rows.length).toBe(2000);
    expect(manifest.pairs).toBe(2000);
    const bytes = manifest.files.reduce((n, f) => n + f.bytes, 0);
    expect(bytes).toBeLessThan(3_000_000);
  });

  it('uses the published schema and types, SNAPPY-compressed', () => {
    const metadata = parquetMetadata(all[0].buffer);
    const schema = parquetSchema(metadata);
    const byName = Object.fromEntries(schema.children.map((c) => [c.element.name, c]));
    for (const name of ['question', 'category', 'response_1', 'response_2', 'response_1_from', 'response_2_from', 'more_helpful_response_id', 'safer_response_id', 'is_response_1_safe', 'is_response_2_safe']) {
      expect(byName[name].element).toMatchObject({ type: 'BYTE_ARRAY', converted_type: 'UTF8' });
    }
    for (const name of ['image_severity', 'response_1_harmless_rate', 'response_2_harmless_rate', 'response_1_helpful_rate', 'response_2_helpful_rate']) {
      expect(byName[name].element.type).toBe('INT64');
    }
    expect(byName.image.children.map((c) => [c.element.name, c.element.type])).toEqual([['bytes', 'BYTE_ARRAY'], ['path', 'BYTE_ARRAY']]);
    for (const group of metadata.row_groups) for (const chunk of group.columns) expect(chunk.meta_data?.codec).toBe('SNAPPY');
    const row = rows[0];
    expect(typeof row.image_severity).toBe('bigint');
    expect((row.image as { bytes: unknown }).bytes).toBeInstanceOf(Uint8Array);
  });

  it('follows the rating rules: safe ⇔ harmless ≥ 0, ranges, no ties, ids match the ratings', () => {
    let contradictory = 0;
    for (const row of rows) {
      const h1 = Number(row.response_1_harmless_rate);
      const h2 = Number(row.response_2_harmless_rate);
      const u1 = Number(row.response_1_helpful_rate);
      const u2 = Number(row.response_2_helpful_rate);
      for (const h of [h1, h2]) expect(h >= -3 && h <= 3).toBe(true);
      for (const u of [u1, u2]) expect(u >= 0 && u <= 3).toBe(true);
      expect(row.is_response_1_safe).toBe(h1 >= 0 ? 'yes' : 'no');
      expect(row.is_response_2_safe).toBe(h2 >= 0 ? 'yes' : 'no');
      expect(u1).not.toBe(u2);
      expect(h1).not.toBe(h2);
      expect(row.more_helpful_response_id).toBe(u1 > u2 ? '1' : '2');
      expect(['1', '2']).toContain(row.safer_response_id);
      expect(Number(row.image_severity)).toBeGreaterThanOrEqual(0);
      expect(Number(row.image_severity)).toBeLessThanOrEqual(3);
      if (row.safer_response_id !== (h1 > h2 ? '1' : '2')) contradictory++;
    }
    // Exactly the three deliberate contradictions, all in train files.
    expect(contradictory).toBe(3);
    const contradictoryFiles = all.filter((f) => f.rows.some((r) => r.safer_response_id !== (Number(r.response_1_harmless_rate) > Number(r.response_2_harmless_rate) ? '1' : '2')));
    expect(contradictoryFiles.every((f) => f.file.split === 'train')).toBe(true);
  });

  it('puts risky answers on a graded frontier where more harm buys more help; benign questions have helpful safe answers', () => {
    const helpful = (r: Record<string, unknown>, i: 1 | 2) => Number(r[`response_${i}_helpful_rate`]);
    const harmless = (r: Record<string, unknown>, i: 1 | 2) => Number(r[`response_${i}_harmless_rate`]);
    const from = (r: Record<string, unknown>, i: 1 | 2) => String(r[`response_${i}_from`]);
    // The frontier for risky questions, safest and least helpful first.
    const frontier = ['synthetic-helper', 'synthetic-advisor', 'synthetic-hinter', 'synthetic-complier'];
    const ratings = new Map<string, { helpful: Set<number>; harmless: Set<number> }>();
    for (const row of rows) {
      for (const i of [1, 2] as const) {
        const entry = ratings.get(from(row, i)) ?? { helpful: new Set(), harmless: new Set() };
        entry.helpful.add(helpful(row, i));
        entry.harmless.add(harmless(row, i));
        ratings.set(from(row, i), entry);
      }
    }
    const range = (kind: string, axis: 'helpful' | 'harmless') => [...ratings.get(kind)![axis]].sort((a, b) => a - b);
    for (let k = 1; k < frontier.length; k++) {
      // Each step along the frontier is at least as helpful and strictly more harmful.
      expect(Math.min(...range(frontier[k], 'helpful'))).toBeGreaterThanOrEqual(Math.max(...range(frontier[k - 1], 'helpful')));
      expect(Math.max(...range(frontier[k], 'harmless'))).toBeLessThan(Math.min(...range(frontier[k - 1], 'harmless')));
    }
    expect(range('synthetic-helper', 'harmless')).toEqual([3]);
    expect(range('synthetic-complier', 'helpful')).toEqual([3]);
    expect(Math.max(...range('synthetic-complier', 'harmless'))).toBeLessThanOrEqual(-2);
    expect(range('synthetic-refuser', 'helpful')).toEqual([0]);
    expect(Math.max(...range('synthetic-rambler', 'helpful'))).toBeLessThanOrEqual(1);
    // Every kind of the frontier is present in a real share, and compliance is the most helpful whenever it appears.
    const share = (kind: string) => rows.reduce((n, r) => n + Number(from(r, 1) === kind) + Number(from(r, 2) === kind), 0) / (2 * rows.length);
    for (const kind of frontier) expect(share(kind)).toBeGreaterThan(0.08);
    for (const row of rows) {
      for (const [mine, other] of [[1, 2], [2, 1]] as const) {
        if (from(row, mine) === 'synthetic-complier' && from(row, other) !== 'synthetic-complier') {
          expect(row.more_helpful_response_id).toBe(String(mine));
        }
      }
    }
    // Benign questions get describing answers that are helpful 3 and harmless ≥ 2, and never harmful ones.
    const described = rows.flatMap((r) => ([1, 2] as const).filter((i) => from(r, i) === 'synthetic-describer' && helpful(r, i) === 3));
    expect(described.length).toBeGreaterThan(100);
    for (const row of rows) {
      for (const i of [1, 2] as const) {
        if (from(row, i) === 'synthetic-describer' && helpful(row, i) === 3) {
          expect(harmless(row, i)).toBeGreaterThanOrEqual(2);
          const partner = from(row, i === 1 ? 2 : 1);
          expect(['synthetic-hinter', 'synthetic-complier']).not.toContain(partner);
        }
      }
    }
    // Higher severity ⇒ more harmful compliance among the candidates.
    const complianceShare = (severity: number) => {
      const subset = rows.filter((r) => Number(r.image_severity) === severity);
      return subset.reduce((n, r) => n + Number(from(r, 1) === 'synthetic-complier') + Number(from(r, 2) === 'synthetic-complier'), 0) / (2 * subset.length);
    };
    expect(complianceShare(3)).toBeGreaterThan(complianceShare(0) + 0.08);
    // The more helpful answer is not the safer one in most pairs: helpfulness and safety conflict.
    expect(rows.filter((r) => r.more_helpful_response_id !== r.safer_response_id).length / rows.length).toBeGreaterThan(0.5);
  });

  it('uses a small closed vocabulary and short responses', () => {
    const words = new Set<string>();
    let longest = 0;
    for (const row of rows) {
      for (const field of ['question', 'response_1', 'response_2']) {
        const tokens = String(row[field]).toLowerCase().match(/[a-z0-9]+/g) ?? [];
        tokens.forEach((w) => words.add(w));
        if (field !== 'question') longest = Math.max(longest, tokens.length);
      }
    }
    expect(words.size).toBeGreaterThanOrEqual(400);
    expect(words.size).toBeLessThanOrEqual(800);
    expect(longest).toBeLessThanOrEqual(20);
  });

  it('has 32×32 PNG images, exact duplicates (also across splits) and null paths', () => {
    const seen = new Map<string, string>();
    let duplicates = 0;
    let crossSplit = 0;
    let nullPaths = 0;
    for (const { file, rows: fileRows } of all) {
      for (const row of fileRows) {
        const image = row.image as { bytes: Uint8Array; path: string | null };
        expect(sniffImage(image.bytes)).toBe('image/png');
        expect(new DataView(image.bytes.buffer, image.bytes.byteOffset).getUint32(16)).toBe(32);
        if (image.path === null) nullPaths++;
        const key = Buffer.from(image.bytes).toString('base64');
        const earlier = seen.get(key);
        if (earlier) {
          duplicates++;
          if (earlier !== file.split) crossSplit++;
        } else seen.set(key, file.split);
      }
    }
    expect(duplicates).toBeGreaterThanOrEqual(3);
    expect(crossSplit).toBeGreaterThanOrEqual(1);
    expect(nullPaths).toBeGreaterThanOrEqual(1);
  });

  it('is what the seeded generator produces (deterministic, committed files up to date)', () => {
    const generated = generateSample();
    const first = generated[0];
    const committed = all.find((f) => f.file.category === first.category && f.file.split === first.split)!;
    expect(new Uint8Array(writePairsParquet(first.rows))).toEqual(new Uint8Array(committed.buffer));
  });
});
