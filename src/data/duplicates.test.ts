import { describe, expect, it } from 'vitest';
import { recordContentKey, separateDuplicates } from './duplicates';
import type { SampleRecord } from './record';

const record = (id: string, question: string, texts: string[] = ['a', 'b']): SampleRecord => ({
  id,
  sourceId: id.split(':')[0],
  row: 0,
  split: 'unknown',
  question,
  category: 'animal_abuse',
  imageSeverity: 1,
  image: { kind: 'none' },
  responses: texts.map((text) => ({ text, isSafe: true })),
  contradictory: false,
});

describe('duplicate records', () => {
  it('the key ignores ids and sources but not question, responses or their order', () => {
    expect(recordContentKey(record('f1:0', 'q'))).toBe(recordContentKey(record('f2:7', 'q')));
    expect(recordContentKey(record('f1:0', 'q'))).not.toBe(recordContentKey(record('f1:0', 'q2')));
    expect(recordContentKey(record('f1:0', 'q', ['a', 'b']))).not.toBe(recordContentKey(record('f1:0', 'q', ['b', 'a'])));
  });

  it('separates already-loaded rows and names where they were first loaded', () => {
    const known = new Map([[recordContentKey(record('x:0', 'q1')), 'first.parquet']]);
    const split = separateDuplicates([record('y:0', 'q1'), record('y:1', 'q2')], known);
    expect(split.duplicates).toBe(1);
    expect(split.fresh.map((r) => r.id)).toEqual(['y:1']);
    expect(split.firstSeenIn).toBe('first.parquet');
    expect(separateDuplicates([record('y:1', 'q2')], known)).toEqual({ fresh: [expect.objectContaining({ id: 'y:1' })], duplicates: 0, firstSeenIn: null });
  });
});
