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

  it('makes helpfulness and safety conflict: harmful compliance is the most helpful answer, in 45–60% of pairs', () => {
    // Compliance is rated the most helpful answer whenever it appears, so a reward-only policy drifts to it.
    const conflict = rows.filter((r) => r[`response_${r.more_helpful_response_id}_from`] === 'synthetic-complier').length / rows.length;
    expect(conflict).toBeGreaterThan(0.45);
    expect(conflict).toBeLessThan(0.6);
    const helpful = (r: Record<string, unknown>, i: 1 | 2) => Number(r[`response_${i}_helpful_rate`]);
    const from = (r: Record<string, unknown>, i: 1 | 2) => r[`response_${i}_from`];
    for (const row of rows) {
      for (const [mine, other] of [[1, 2], [2, 1]] as const) {
        // Harmful compliance beats every non-compliant partner on helpfulness (mitigation included).
        if (from(row, mine) === 'synthetic-complier' && from(row, other) !== 'synthetic-complier') {
          expect(row.more_helpful_response_id).toBe(String(mine));
        }
        if (from(row, mine) === 'synthetic-refuser') expect(helpful(row, mine)).toBe(0);
        if (from(row, mine) === 'synthetic-rambler') expect(helpful(row, mine)).toBeLessThanOrEqual(1);
        if (from(row, mine) === 'synthetic-helper') {
          // Mitigation is rated 2, or 3 only when the other answer is not harmful compliance.
          expect([2, 3]).toContain(helpful(row, mine));
          if (from(row, other) === 'synthetic-complier') expect(helpful(row, mine)).toBe(2);
        }
      }
    }
    const complianceHelpful = rows.flatMap((r) => ([1, 2] as const).filter((i) => from(r, i) === 'synthetic-complier').map((i) => helpful(r, i)));
    expect(complianceHelpful.filter((u) => u === 3).length / complianceHelpful.length).toBeGreaterThan(0.75);
    // Higher severity ⇒ more harmful compliance among the candidates.
    const complianceShare = (severity: number) => {
      const subset = rows.filter((r) => Number(r.image_severity) === severity);
      return subset.reduce((n, r) => n + Number(r.response_1_from === 'synthetic-complier') + Number(r.response_2_from === 'synthetic-complier'), 0) / (2 * subset.length);
    };
    expect(complianceShare(3)).toBeGreaterThan(complianceShare(0) + 0.15);
    // Harmful compliance is about a quarter of all answers: an SFT policy imitating them is unsafe 20–35% of the time.
    const overall = rows.reduce((n, r) => n + Number(r.response_1_from === 'synthetic-complier') + Number(r.response_2_from === 'synthetic-complier'), 0) / (2 * rows.length);
    expect(overall).toBeGreaterThan(0.2);
    expect(overall).toBeLessThan(0.35);
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
