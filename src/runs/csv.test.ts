import { describe, expect, it } from 'vitest';
import { groupSeriesOf } from '../util/groupRows';
import { runsToCsv } from './csv';
import { seriesFromColumns } from './series';
import { makeTestRun } from './testRun';

describe('CSV', () => {
  it('neutralises formula-like column names from imported bundles and run names; metric values stay numbers', () => {
    const run = {
      name: '=HYPERLINK("http://evil")',
      metrics: seriesFromColumns(['iteration', '=cmd|calc', '@SUM(A1)', '-x'], [[0], [-0.5], [-2], [3]], 1),
      evaluations: seriesFromColumns(['iteration', '+risk'], [[0], [-1]], 1),
    };
    const other = { ...run, name: 'plain' };
    const lines = runsToCsv([run, other]).trimEnd().split('\r\n');
    expect(lines[0]).toBe("run,iteration,'=cmd|calc,'@SUM(A1),'-x,eval_+risk");
    expect(lines[1]).toBe('"\'=HYPERLINK(""http://evil"")",0,-0.5,-2,3,-1');
    expect(lines[2]).toBe('plain,0,-0.5,-2,3,-1');
  });

  it('writes every metric and evaluation column, one row per iteration, NaN as empty', () => {
    const run = {
      name: 'r',
      metrics: seriesFromColumns(
        ['iteration', 'lambda', 'kl'],
        [
          [1, 2],
          [10, NaN],
          [0.5, 1e-7],
        ],
        2,
      ),
      evaluations: seriesFromColumns(
        ['iteration', 'helpfulnessChange'],
        [
          [0, 2],
          [0, 0.25],
        ],
        2,
      ),
    };
    expect(runsToCsv([run])).toBe(
      'iteration,lambda,kl,eval_helpfulnessChange\r\n0,,,0\r\n1,10,0.5,\r\n2,,1e-7,0.25\r\n',
    );
  });

  it('prefixes a quoted run column when several runs share one file', () => {
    const csv = runsToCsv([
      makeTestRun('a', 2, { name: 'thr −0.5, "x"' }),
      makeTestRun('b', 1, { name: 'b' }),
    ]);
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0].startsWith('run,iteration,rewardMean,')).toBe(true);
    expect(lines[0]).toContain('eval_safetyChange');
    expect(lines[1].startsWith('"thr −0.5, ""x""",0,')).toBe(true);
    expect(lines.filter((line) => line.startsWith('b,'))).toHaveLength(2); // eval-only iteration 0, then iteration 1 (metrics + eval)
    const width = lines[0].split(',').length;
    expect(
      lines.filter((line) => line.startsWith('b,')).every((line) => line.split(',').length === width),
    ).toBe(true);
  });

  it("writes a seed group as its members' rows with a seed column", () => {
    const a = seriesFromColumns(['iteration', 'lambda'], [[0, 1], [0.5, 0.6]], 2);
    const b = seriesFromColumns(['iteration', 'lambda'], [[0, 1], [0.7, 0.8]], 2);
    const evaluations = seriesFromColumns(['iteration', 'safeRateCost'], [[0], [0.5]], 1);
    const group = {
      name: 'g',
      metrics: groupSeriesOf([{ seed: 7, series: a }, { seed: 8, series: b }]),
      evaluations: groupSeriesOf([{ seed: 7, series: evaluations }, { seed: 8, series: evaluations }]),
    };
    const lines = runsToCsv([group]).trimEnd().split('\r\n');
    expect(lines).toEqual(['seed,iteration,lambda,eval_safeRateCost', '7,0,0.5,0.5', '7,1,0.6,', '8,0,0.7,0.5', '8,1,0.8,']);
    const single = { name: 's', metrics: a, evaluations };
    expect(runsToCsv([single, group]).split('\r\n')[1]).toBe('s,,0,0.5,0.5');
  });
});

