import { describe, expect, it } from 'vitest';
import { DataError, detectVariant, isContradictory, normalizeRow, PAIR_FIELDS, SINGLE_FIELDS } from './schema';
import { pairRow, singleRow } from './testing/rows';

const context = { file: 'train.parquet', sourceId: 'src', row: 7, split: 'train' as const, image: { kind: 'none' as const } };
/** A raw row as hyparquet returns it: INT64 columns as BigInt. */
function asParquet(row: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === 'number' ? BigInt(v) : v]));
}

describe('detectVariant', () => {
  it('recognises both published variants', () => {
    expect(detectVariant([...PAIR_FIELDS], 'f')).toBe('pairs');
    expect(detectVariant([...SINGLE_FIELDS], 'f')).toBe('single');
  });

  it('names the missing columns and the file', () => {
    expect(() => detectVariant(PAIR_FIELDS.filter((f) => f !== 'safer_response_id'), 'x.parquet')).toThrow(/x\.parquet: missing column "safer_response_id".*preference-pair/);
    expect(() => detectVariant(['question', 'response'], 'y.jsonl')).toThrow(/y\.jsonl: missing columns "category", "image_severity", "is_response_safe"/);
  });
});

describe('normalizeRow', () => {
  it('converts published types: ids → 1|2, yes/no → boolean, BigInt → number', () => {
    const record = normalizeRow(asParquet(pairRow()), 'pairs', context);
    expect(record).toMatchObject({
      id: 'src:7', sourceId: 'src', row: 7, split: 'train', imageSeverity: 2, moreHelpful: 2, safer: 1, contradictory: false,
      category: 'hacking_or_digital_crime',
    });
    expect(record.responses).toEqual([
      { text: 'Sorry, I cannot help with that.', from: 'synthetic-refuser', isSafe: true, harmlessRate: 0, helpfulRate: 0 },
      { text: 'First bypass the lock, then take the laptop.', from: 'synthetic-complier', isSafe: false, harmlessRate: -2, helpfulRate: 3 },
    ]);
    expect(typeof record.imageSeverity).toBe('number');
  });

  it('normalises the single-response variant', () => {
    const record = normalizeRow(asParquet(singleRow({ is_response_safe: 'no' })), 'single', { ...context, partId: 'part' });
    expect(record.id).toBe('part:7');
    expect(record.responses).toEqual([{ text: 'Please care for the animal and talk to a veterinarian.', isSafe: false }]);
    expect(record.moreHelpful).toBeUndefined();
  });

  it('decodes un-annotated string columns read as bytes', () => {
    const raw = { ...asParquet(pairRow()), question: new TextEncoder().encode('bytes question') };
    expect(normalizeRow(raw, 'pairs', context).question).toBe('bytes question');
  });

  it.each([
    ['more_helpful_response_id', '3', /row 7: field "more_helpful_response_id" has value "3"; expected "1" or "2"/],
    ['safer_response_id', 'first', /field "safer_response_id" has value "first"/],
    ['is_response_1_safe', 'Yes', /field "is_response_1_safe" has value "Yes"; expected "yes" or "no"/],
    ['response_2_harmless_rate', 5n, /field "response_2_harmless_rate" has value 5; expected an integer in −3\.\.3/],
    ['response_1_helpful_rate', -1n, /field "response_1_helpful_rate" has value -1; expected an integer in 0\.\.3/],
    ['image_severity', 'high', /field "image_severity" has value "high"; expected an integer/],
    ['question', undefined, /field "question" has value missing; expected a string/],
  ])('rejects %s = %s naming file, row, field and value', (field, value, pattern) => {
    const raw = { ...asParquet(pairRow()), [field]: value };
    expect(() => normalizeRow(raw, 'pairs', context)).toThrow(DataError);
    expect(() => normalizeRow(raw, 'pairs', context)).toThrow(/^train\.parquet, row 7/);
    expect(() => normalizeRow(raw, 'pairs', context)).toThrow(pattern);
  });
});

describe('contradictions (docs/data.md §7)', () => {
  it('flags "safer" labelled unsafe while the other is safe', () => {
    expect(normalizeRow(asParquet(pairRow({ safer_response_id: '2' })), 'pairs', context).contradictory).toBe(true);
  });

  it('flags a safer response with the lower harmless rate', () => {
    const row = pairRow({ is_response_2_safe: 'yes', response_2_harmless_rate: 2, safer_response_id: '1' });
    expect(normalizeRow(asParquet(row), 'pairs', context).contradictory).toBe(true);
  });

  it('flags a rating that disagrees with its safety label', () => {
    expect(isContradictory([{ text: '', isSafe: true, harmlessRate: -1 }, { text: '', isSafe: true, harmlessRate: -2 }], 1)).toBe(true);
  });

  it('accepts consistent pairs, including two unsafe responses', () => {
    expect(isContradictory([{ text: '', isSafe: false, harmlessRate: -1 }, { text: '', isSafe: false, harmlessRate: -3 }], 1)).toBe(false);
    expect(isContradictory([{ text: '', isSafe: true, harmlessRate: 0 }, { text: '', isSafe: true, harmlessRate: 3 }], 2)).toBe(false);
  });
});
