import { describe, expect, it } from 'vitest';
import type { DatasetSummary } from '../../data/summary';
import { defaultSeverityLabels } from '../../data/severityLabels';
import { categoryBars, severityBars, unsafeRateBars } from './summaryStats';

const SUMMARY: DatasetSummary = {
  sources: [],
  rows: 10,
  pairs: 10,
  contradictory: 1,
  bySplit: { train: 8, evaluation: 2 },
  byCategory: { animal_abuse: 3, sexual_crimes: 7 },
  bySeverity: { 3: 4, 0: 1, 9: 5 },
  unsafeByCategory: { animal_abuse: { responses: 6, unsafe: 3 }, sexual_crimes: { responses: 14, unsafe: 14 }, empty: { responses: 0, unsafe: 0 } },
};

describe('summary chart data', () => {
  it('sorts categories by rows and humanises their names', () => {
    expect(categoryBars(SUMMARY)).toEqual([
      { category: 'sexual_crimes', label: 'sexual crimes', rows: 7 },
      { category: 'animal_abuse', label: 'animal abuse', rows: 3 },
    ]);
  });

  it('orders the severity histogram numerically and labels unknown values by number', () => {
    expect(severityBars(SUMMARY, defaultSeverityLabels()).map((b) => [b.severity, b.label, b.rows])).toEqual([
      [0, 'none (0)', 1],
      [3, 'severe (3)', 4],
      [9, '9 (9)', 5],
    ]);
  });

  it('computes the unsafe-response rate per category and skips categories without responses', () => {
    expect(unsafeRateBars(SUMMARY).map((b) => [b.category, b.unsafePercent])).toEqual([
      ['sexual_crimes', 100],
      ['animal_abuse', 50],
    ]);
  });
});
