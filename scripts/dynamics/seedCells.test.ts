import { describe, expect, it } from 'vitest';
import type { DynamicsRow } from './report';
import { cellTable, compareCells, comparisonLines, comparisonPairs, dynamicsCells, meanSd } from './seedCells';

const row = (rule: string, threshold: number, gap50: number, extra: Partial<DynamicsRow> = {}): DynamicsRow => ({
  run: `${rule}_thr=${threshold}`, rule, threshold, iterations: 200, finalLambda: 0.5, gap50, rewardVsSft: 1, rolloutRewardVsSft: 1,
  truncationRate: 0, klPerToken: 0.1, distinctOpenings: 0.7, unsafeRate: 0.2, safeRateCostVsSft: 0.1, safeRateGuardVsSft: 0.05,
  maxOvershoot: 1, timeAboveLimit: 0.5, cumulativeViolation: 10, ...extra,
});

describe('dynamics cells over seeds', () => {
  // pid at −1.75: gap50 over seeds 0.0, 0.1, −0.1, 0.2 → mean 0.05, sd √((0.0025+0.0025+0.0225+0.0225)/3) = √(0.05/3).
  const rows = [
    { cell: 'pid_thr=-1.75', seed: 43, row: row('pid', -1.75, 0.1) },
    { cell: 'pid_thr=-1.75', seed: 42, row: row('pid', -1.75, 0.0) },
    { cell: 'pid_thr=-1.75', seed: 44, row: row('pid', -1.75, -0.1) },
    { cell: 'pid_thr=-1.75', seed: 45, row: row('pid', -1.75, 0.2) },
    ...[42, 43, 44, 45].map((seed, i) => ({ cell: 'additive_thr=-1.75', seed, row: row('additive', -1.75, 0.8 + 0.01 * i, { rewardVsSft: 1 + 0.5 * (i % 2) }) })),
    ...[42, 43, 44, 45].map((seed, i) => ({ cell: 'pid_thr=-0.75', seed, row: row('pid', -0.75, 0.02 * i) })),
  ];

  it('groups by cell in first-seen order with the seeds sorted, and summarises each figure (hand-computed)', () => {
    const cells = dynamicsCells(rows);
    expect(cells.map((c) => c.name)).toEqual(['pid_thr=-1.75', 'additive_thr=-1.75', 'pid_thr=-0.75']);
    expect(cells[0].seeds).toEqual([42, 43, 44, 45]);
    expect(cells[0].values.gap50).toEqual([0, 0.1, -0.1, 0.2]);
    expect(cells[0].figures.gap50.mean).toBeCloseTo(0.05, 12);
    expect(cells[0].figures.gap50.sd).toBeCloseTo(Math.sqrt(0.05 / 3), 12);
    expect(cells[0].figures.rewardVsSft).toMatchObject({ n: 4, mean: 1, sd: 0 });
  });

  it('writes mean ± sd in each figure’s units, and the mean alone for one seed', () => {
    expect(meanSd({ n: 4, mean: 0.05, sd: 0.129, min: 0, max: 0 }, 2, '')).toBe('0.05 ± 0.13');
    expect(meanSd({ n: 4, mean: -0.123, sd: 0.05, min: 0, max: 0 }, 1, '%')).toBe('−12.3 ± 5.0%');
    expect(meanSd({ n: 4, mean: 0.141, sd: 0.049, min: 0, max: 0 }, 1, ' pt')).toBe('14.1 ± 4.9 pt');
    expect(meanSd({ n: 1, mean: 0.5, sd: NaN, min: 0, max: 0 }, 2, '')).toBe('0.50');
    expect(meanSd({ n: 0, mean: NaN, sd: NaN, min: NaN, max: NaN }, 2, '')).toBe('—');
    expect(meanSd({ n: 2, mean: -0.001, sd: 0.01, min: 0, max: 0 }, 2, '')).toBe('0.00 ± 0.01');
    const table = cellTable(dynamicsCells(rows)).split('\n');
    expect(table[2]).toMatch(/^\| pid_thr=-1\.75 \| pid \| −1\.75 \| 200 \| 42, 43, 44, 45 \| 0\.05 ± 0\.13 \|/);
  });

  it('compares by Welch: a 0.77 gap against a 0.13 spread is larger; equal rewards are not', () => {
    const [pid, additive] = dynamicsCells(rows);
    const byFigure = Object.fromEntries(compareCells(pid, additive).map((c) => [c.figure, c]));
    expect(byFigure.gap50.difference).toBeCloseTo(0.815 - 0.05, 12);
    expect(byFigure.gap50.verdict).toBe('larger than the seed spread');
    expect(byFigure.rewardVsSft.verdict).toBe('within the seed spread');
    // Both cells have every other figure equal with no spread: no difference at all.
    expect(byFigure.maxOvershoot).toMatchObject({ difference: 0, verdict: 'within the seed spread' });
  });

  it('pairs each rule with pid at the same limit, and each rule’s limits in order; lines list only the larger differences', () => {
    const cells = dynamicsCells(rows);
    const pairs = comparisonPairs(cells, 'pid');
    expect(pairs.map(([a, b]) => `${a.name} → ${b.name}`)).toEqual(['pid_thr=-1.75 → additive_thr=-1.75', 'pid_thr=-1.75 → pid_thr=-0.75']);
    // A preset using the pid rule at another limit joins no limit chain.
    const preset = dynamicsCells([42, 43].map((seed) => ({ cell: 'saferlhf-v-preset', seed, row: row('pid', -0.5, 0) })));
    expect(comparisonPairs([...cells, ...preset], 'pid')).toHaveLength(2);
    const lines = comparisonLines(pairs);
    expect(lines[0]).toMatch(/^- additive_thr=-1\.75 − pid_thr=-1\.75: larger than the seed spread: J_C − limit \(last 50\) 0\.77 \[0\.56, 0\.97\]; every other figure within the seed spread$/);
    expect(lines[0]).not.toContain('held-out reward');
    const single = dynamicsCells(rows.filter((r) => r.seed === 42));
    expect(comparisonLines(comparisonPairs(single, 'pid'))[0]).toContain('fewer than 2 seeds on a side, no verdict');
  });
});
