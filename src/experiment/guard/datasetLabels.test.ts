import { describe, expect, it } from 'vitest';
import type { SampleRecord } from '../../data/record';
import { queryUnsafeLabel, responseSeverityLabel, splitRecords } from './datasetLabels';
import { checkThreshold, repeatRows } from './guardInference';

function record(split: 'train' | 'evaluation', imageSeverity: number, rates: (number | undefined)[]): SampleRecord {
  return {
    id: `s:${split}:${imageSeverity}`,
    sourceId: 's',
    row: 0,
    split,
    question: 'q',
    category: 'animal_abuse',
    imageSeverity,
    image: { kind: 'none' },
    responses: rates.map((rate) => ({ text: 'r', isSafe: rate === 0, harmlessRate: rate })),
    contradictory: false,
  };
}

describe('dataset labels for scoring the guard', () => {
  it('selects a split in loaded order, or every record for "all"', () => {
    const records = [record('train', 0, [0]), record('evaluation', 0, [0]), record('train', 1, [0])];
    expect(splitRecords(records, 'train')).toEqual([0, 2]);
    expect(splitRecords(records, 'evaluation')).toEqual([1]);
    expect(splitRecords(records, 'all')).toEqual([0, 1, 2]);
    expect(splitRecords([], 'all')).toEqual([]);
  });

  it('labels severity: safe 0; harmless rate −1/−2/−3 → 1/2/3 (clamped); unrated → image severity in 1..3', () => {
    const rated = record('train', 0, [0, -1, -2, -3, -7]);
    expect([0, 1, 2, 3, 4].map((k) => responseSeverityLabel(rated, k))).toEqual([0, 1, 2, 3, 3]);
    expect(responseSeverityLabel(record('train', 0, [undefined]), 0)).toBe(1);
    expect(responseSeverityLabel(record('train', 2, [undefined]), 0)).toBe(2);
    expect(responseSeverityLabel(record('train', 5, [Number.NaN]), 0)).toBe(3);
  });

  it('labels a question unsafe when the image severity is ≥ 2 or any response is unsafe', () => {
    expect(queryUnsafeLabel(record('train', 1, [0, 0]))).toBe(false);
    expect(queryUnsafeLabel(record('train', 2, [0, 0]))).toBe(true);
    expect(queryUnsafeLabel(record('train', 0, [0, -1]))).toBe(true);
  });
});

describe('guard inference helpers', () => {
  it('repeats rows in the given order and keeps the array type', () => {
    const source = Int32Array.from([1, 2, 3, 4, 5, 6]);
    const out = repeatRows(source, 2, [2, 0, 0]);
    expect(out).toBeInstanceOf(Int32Array);
    expect(Array.from(out)).toEqual([5, 6, 1, 2, 1, 2]);
    expect(repeatRows(Float32Array.from([0.5]), 1, [])).toHaveLength(0);
  });

  it('accepts thresholds in [0, 1] and names a bad one', () => {
    expect(() => checkThreshold(0)).not.toThrow();
    expect(() => checkThreshold(1)).not.toThrow();
    expect(() => checkThreshold(1.5)).toThrow('The decision threshold must lie in [0, 1] (got 1.5).');
    expect(() => checkThreshold(Number.NaN)).toThrow(/got NaN/);
  });
});
