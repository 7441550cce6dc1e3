import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../config/params';
import { groupSeriesOf } from '../util/groupRows';
import { seedSpread, seriesFromColumns, summarize } from './series';
import { runsSummaryCsv, SUMMARY_CSV_COLUMNS } from './summaryCsv';
import type { MetricSeries } from './types';

const config = { ...defaultConfig(), algorithm: 'ppo-lag' as const, lambdaRule: 'pid' as const, threshold: -1, episodeCostWindow: 32, promptBatch: 32, seed: 5 };

/** J_C per iteration against limit −1 (window full from iteration 0): overshoots 0.5 and 0.25 at iterations 1, 3. */
function metrics(costs: number[]): MetricSeries {
  const n = costs.length;
  return seriesFromColumns(
    ['iteration', 'episodeCost', 'threshold', 'lambda', 'rewardMean'],
    [costs.map((_, i) => i), costs, costs.map(() => -1), costs.map((_, i) => i * 0.1), costs.map((_, i) => i)],
    n,
  );
}
const evaluations = seriesFromColumns(['iteration', 'safeRateCost', 'sftSafeRateCost'], [[0, 4], [0.5, 0.9], [0.7, 0.7]], 2);

function parse(csv: string): Record<string, string>[] {
  const [head, ...lines] = csv.trim().split('\r\n');
  const names = head.split(',');
  return lines.map((line) => Object.fromEntries(line.split(',').map((cell, i) => [names[i], cell])));
}

describe('runsSummaryCsv', () => {
  it('writes the runner’s summary names, violation columns included', () => {
    const csv = runsSummaryCsv([{ name: 'pid at −1', config, metrics: metrics([-1.2, -0.5, -1.1, -0.75, -1]), evaluations }]);
    expect(csv.split('\r\n')[0]).toBe(SUMMARY_CSV_COLUMNS.join(','));
    for (const name of ['maxOvershoot', 'timeAboveLimit', 'cumulativeViolation', 'feasibility', 'last50_episodeCost', 'eval_safeRateCost']) {
      expect(SUMMARY_CSV_COLUMNS).toContain(name);
    }
    const [row] = parse(csv);
    expect(row.run).toBe('pid at −1');
    expect(row.seed).toBe('5');
    expect(row.lambdaRule).toBe('pid');
    expect(row.iterations).toBe('5');
    // max(0.5, 0.25); 2 of 5 iterations above; 0.5 + 0.25.
    expect(Number(row.maxOvershoot)).toBeCloseTo(0.5, 12);
    expect(Number(row.timeAboveLimit)).toBeCloseTo(0.4, 12);
    expect(Number(row.cumulativeViolation)).toBeCloseTo(0.75, 12);
    expect(row.feasibility).toBe('ok');
    expect(Number(row.last10_episodeCost)).toBeCloseTo((-1.2 - 0.5 - 1.1 - 0.75 - 1) / 5, 12);
    expect(row.eval_safeRateCost).toBe('0.9');
    // Columns the run never recorded are empty, not 0.
    expect(row.last10_kl).toBe('');
  });

  it('calls a limit slack as the runner does: λ = 0 with J_C below it', () => {
    const n = 30;
    const series = seriesFromColumns(
      ['iteration', 'episodeCost', 'threshold', 'lambda'],
      [Array.from({ length: n }, (_, i) => i), Array(n).fill(-2), Array(n).fill(3), Array(n).fill(0)],
      n,
    );
    const [row] = parse(runsSummaryCsv([{ name: 'slack', config: { ...config, threshold: 3 }, metrics: series, evaluations }]));
    expect(row.feasibility).toBe('slack');
    expect(row.maxOvershoot).toBe('0');
  });

  it('gives a seed group one row per seed, and no feasibility verdict for a fixed-λ run', () => {
    const group = groupSeriesOf([
      { seed: 5, series: metrics([-0.5, -0.5]) },
      { seed: 6, series: metrics([-1.5, -1.5]) },
    ]);
    const rows = parse(runsSummaryCsv([{ name: 'group', config: { ...config, algorithm: 'reward-shaping' }, metrics: group, evaluations }]));
    expect(rows.map((row) => row.seed)).toEqual(['5', '6']);
    expect(rows.map((row) => Number(row.maxOvershoot))).toEqual([0.5, 0]);
    expect(rows.map((row) => row.feasibility)).toEqual(['', '']);
    expect(rows[0].lambdaRule).toBe('');
  });

  it('neutralises a run name that looks like a formula', () => {
    const csv = runsSummaryCsv([{ name: '=HYPERLINK("x")', config, metrics: metrics([-1]), evaluations }]);
    expect(csv.split('\r\n')[1].startsWith("\"'=HYPERLINK")).toBe(true);
  });
});

describe('seedSpread (the run summary of a group)', () => {
  it('is the group rows’ sd, min and max at the last iteration; absent for a single run', () => {
    const group = groupSeriesOf([
      { seed: 5, series: metrics([-0.5, -0.6]) },
      { seed: 6, series: metrics([-1.5, -1.4]) },
    ]);
    const spread = seedSpread(group)!;
    expect(spread.seeds).toBe(2);
    expect(spread.episodeCost.min).toBeCloseTo(-1.4, 12);
    expect(spread.episodeCost.max).toBeCloseTo(-0.6, 12);
    // Sample sd of {−0.6, −1.4}: |−0.6 + 1.4| / √2.
    expect(spread.episodeCost.sd).toBeCloseTo(0.8 / Math.SQRT2, 12);
    expect(spread.reward).toEqual({ sd: 0, min: 1, max: 1 });
    expect(summarize(group, evaluations).spread).toEqual(spread);
    expect(seedSpread(metrics([-1]))).toBeUndefined();
    expect('spread' in summarize(metrics([-1]), evaluations)).toBe(false);
  });
});
