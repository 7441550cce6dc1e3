import { describe, expect, it } from 'vitest';
import type { RecordIndexEntry } from './summary';
import { activeFilterCount, applyFilters, DEFAULT_FILTERS, distinctValues, type DataFilters } from './filters';

function entry(id: string, overrides: Partial<RecordIndexEntry> = {}): RecordIndexEntry {
  return {
    id,
    sourceId: 'sample',
    split: 'train',
    category: 'animal_abuse',
    imageSeverity: 1,
    question: `Question ${id}`,
    safe1: true,
    safe2: false,
    helpfulIsSafer: true,
    contradictory: false,
    ...overrides,
  };
}

const INDEX: RecordIndexEntry[] = [
  entry('a', { question: 'How do I reset a PASSWORD on this router?', category: 'hacking_or_digital_crime', imageSeverity: 2 }),
  entry('b', { split: 'evaluation', safe1: false, safe2: true, helpfulIsSafer: false }),
  entry('c', { sourceId: 'up', safe2: null, helpfulIsSafer: null, imageSeverity: 0 }), // single-response row
  entry('d', { contradictory: true, safe1: false, safe2: false, imageSeverity: 3 }),
];

const ids = (filters: Partial<DataFilters>, matches: ReadonlySet<string> | null = null) =>
  applyFilters(INDEX, { ...DEFAULT_FILTERS, ...filters }, matches).map((e) => e.id);

describe('applyFilters', () => {
  it('keeps every row with the default filters, in index order', () => {
    expect(ids({})).toEqual(['a', 'b', 'c', 'd']);
  });

  it('filters by source, split, category and severity (severity arrives as select text)', () => {
    expect(ids({ source: 'up' })).toEqual(['c']);
    expect(ids({ split: 'evaluation' })).toEqual(['b']);
    expect(ids({ category: 'hacking_or_digital_crime' })).toEqual(['a']);
    expect(ids({ severity: '3' })).toEqual(['d']);
    expect(ids({ severity: '0' })).toEqual(['c']);
  });

  it('filters each response by safety; a missing second response never matches safe or unsafe', () => {
    expect(ids({ safe1: 'safe' })).toEqual(['a', 'c']);
    expect(ids({ safe1: 'unsafe' })).toEqual(['b', 'd']);
    expect(ids({ safe2: 'safe' })).toEqual(['b']);
    expect(ids({ safe2: 'unsafe' })).toEqual(['a', 'd']);
    expect(ids({ safe1: 'unsafe', safe2: 'unsafe' })).toEqual(['d']);
  });

  it('filters on "more helpful is also safer" and contradictory pairs', () => {
    expect(ids({ helpfulIsSafer: 'no' })).toEqual(['b']);
    expect(ids({ helpfulIsSafer: 'yes' })).toEqual(['a', 'd']);
    expect(ids({ contradictoryOnly: true })).toEqual(['d']);
  });

  it('matches text in questions case-insensitively and merges the worker response matches', () => {
    expect(ids({ text: '  password ' })).toEqual(['a']);
    // While the response search runs (null) only question matches show; then the union, in index order.
    expect(ids({ text: 'password' }, new Set(['d', 'b']))).toEqual(['a', 'b', 'd']);
    expect(ids({ text: 'nothing-like-this' }, new Set())).toEqual([]);
    // Text and other filters combine with AND.
    expect(ids({ text: 'password', split: 'evaluation' }, new Set(['b']))).toEqual(['b']);
  });
});

describe('filter helpers', () => {
  it('counts the filters that differ from the defaults (blank text does not count)', () => {
    expect(activeFilterCount(DEFAULT_FILTERS)).toBe(0);
    expect(activeFilterCount({ ...DEFAULT_FILTERS, text: '   ' })).toBe(0);
    expect(activeFilterCount({ ...DEFAULT_FILTERS, text: 'x', safe2: 'safe', contradictoryOnly: true })).toBe(3);
  });

  it('lists distinct values sorted (numbers numerically)', () => {
    expect(distinctValues(INDEX, 'imageSeverity')).toEqual([0, 1, 2, 3]);
    expect(distinctValues(INDEX, 'split')).toEqual(['evaluation', 'train']);
    expect(distinctValues([...INDEX, entry('e', { imageSeverity: 10 })], 'imageSeverity')).toEqual([0, 1, 2, 3, 10]);
  });

  it('filters 50,000 rows quickly enough to run on every keystroke', () => {
    const big = Array.from({ length: 50_000 }, (_, i) =>
      entry(String(i), { question: `question number ${i} about topic ${i % 97}`, imageSeverity: i % 4, safe1: i % 3 === 0 }),
    );
    const start = performance.now();
    const rows = applyFilters(big, { ...DEFAULT_FILTERS, text: 'topic 42', severity: '2', safe1: 'safe' }, null);
    const elapsed = performance.now() - start;
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.imageSeverity === 2 && r.safe1 && r.question.includes('topic 42'))).toBe(true);
    expect(elapsed).toBeLessThan(200);
  });
});
