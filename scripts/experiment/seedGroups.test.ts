import { execFile } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/config/params';
import { memberSeries, seedsInSeries } from '../../src/util/groupRows';
import { parseBundle } from '../../src/runs/bundle';
import { seriesFromRows } from '../../src/runs/series';
import { PPO_METRIC_COLUMNS, type PpoMetricRow } from '../../src/train/ppo/types';
import { parseArgs } from './args';
import { expandSeeds, GROUP_CSV_COLUMNS, groupCsvRows, groupSummaryRow, parseSeedsFlag, seedsFor, summaryColumns } from './seedGroups';

const metricRow = (values: Partial<PpoMetricRow>): PpoMetricRow =>
  ({ ...Object.fromEntries(PPO_METRIC_COLUMNS.map((column) => [column, 0])), ...values }) as PpoMetricRow;

describe('--seeds', () => {
  it('takes a count (the run seed and the next ones) or a list', () => {
    expect(parseSeedsFlag('4')).toEqual({ count: 4 });
    expect(parseSeedsFlag('7,8,9,10')).toEqual({ list: [7, 8, 9, 10] });
    expect(seedsFor({ ...defaultConfig(), seed: 99 }, { count: 4 })).toEqual([99, 100, 101, 102]);
    expect(seedsFor(defaultConfig(), { list: [7, 8] })).toEqual([7, 8]);
    // Without the flag, the config's own group (a link with seeds=3 runs three seeds).
    expect(seedsFor({ ...defaultConfig(), seed: 5, seeds: 3 })).toEqual([5, 6, 7]);
    expect(seedsFor(defaultConfig())).toEqual([42]);
    expect(parseArgs(['--seeds', '7,8', '--parallel', '2']).seeds).toEqual({ list: [7, 8] });
  });

  it.each([
    ['0', /count from 1 to 8/],
    ['9', /count from 1 to 8/],
    ['four', /count from 1 to 8/],
    ['1,2,3,4,5,6,7,8,9', /at most 8/],
    ['7,-8', /"-8" is not a seed/],
    ['7,2147483648', /"2147483648" is not a seed/],
    ['7,7', /seed 7 is listed twice/],
  ])('rejects %s with a message naming the flag and the value', (text, message) => {
    expect(() => parseSeedsFlag(text)).toThrow(/^--seeds: /);
    expect(() => parseSeedsFlag(text)).toThrow(message);
  });

  it('nests members inside sweep points, each the solo run with its seed', () => {
    const base = { ...defaultConfig(), seeds: 2 };
    const points = [
      { name: 'threshold=-1', overrides: { threshold: -1 }, config: { ...base, threshold: -1 } },
      { name: 'threshold=0', overrides: { threshold: 0 }, config: { ...base, threshold: 0 } },
    ];
    const members = expandSeeds(points, [7, 8], true);
    expect(members.map((member) => member.dir)).toEqual(['threshold=-1/seed=7', 'threshold=-1/seed=8', 'threshold=0/seed=7', 'threshold=0/seed=8']);
    expect(members[3].config).toEqual({ ...defaultConfig(), threshold: 0, seed: 8, seeds: 1 });
    expect(members.map((member) => member.point)).toEqual([0, 0, 1, 1]);
    expect(expandSeeds(points.slice(0, 1), [7], false)[0].dir).toBe('seed=7');
  });
});

describe('group.csv', () => {
  it('gives per-iteration mean, sd, min and max of every metric across seeds', () => {
    const rows = groupCsvRows([
      [metricRow({ iteration: 0, lambda: 1, episodeCost: -1 }), metricRow({ iteration: 1, lambda: 2 })],
      [metricRow({ iteration: 0, lambda: 3, episodeCost: -3 })],
    ]);
    expect(rows.length).toBe(2);
    // iteration 0: λ 1 and 3 → mean 2, sd √((1 + 1)/1) = √2; iteration 1: only the first seed reached it.
    expect(rows[0]).toMatchObject({ iteration: 0, seeds: 2, lambda_mean: 2, lambda_min: 1, lambda_max: 3, episodeCost_mean: -2 });
    expect(rows[0].lambda_sd).toBeCloseTo(Math.SQRT2, 14);
    expect(rows[1]).toMatchObject({ iteration: 1, seeds: 1, lambda_mean: 2, lambda_min: 2, lambda_max: 2 });
    expect(rows[1].lambda_sd).toBeNaN();
    expect(GROUP_CSV_COLUMNS.slice(0, 6)).toEqual(['iteration', 'seeds', 'rewardMean_mean', 'rewardMean_sd', 'rewardMean_min', 'rewardMean_max']);
    for (const key of Object.keys(rows[0])) expect(GROUP_CSV_COLUMNS).toContain(key);
  });
});

describe('summary group row', () => {
  it('holds the mean and sample sd of every result column, and counts halted seeds', () => {
    const seedRows = [
      { run: 'seed=7', seed: 7, threshold: 0, iterations: 10, halted: '', last50_episodeCost: 0.1, eval_safeRateCost: 0.5, feasibility: 'ok' },
      { run: 'seed=8', seed: 8, threshold: 0, iterations: 10, halted: 'NaN in λ', last50_episodeCost: 0.3, eval_safeRateCost: 0.7, feasibility: 'slack' },
    ];
    const group = groupSummaryRow('threshold=0', { threshold: 0 }, seedRows);
    expect(group).toMatchObject({ run: 'threshold=0', seed: 'group', threshold: 0, iterations: 10, iterations_sd: 0, seeds: 2 });
    expect(group.last50_episodeCost).toBeCloseTo(0.2, 14);
    // sd of {0.1, 0.3} = √(2 · 0.1² / 1) = 0.141421…
    expect(group.last50_episodeCost_sd).toBeCloseTo(Math.SQRT2 * 0.1, 14);
    expect(group.eval_safeRateCost).toBeCloseTo(0.6, 14);
    expect(group.halted).toBe('1 of 2 seeds halted');
    expect(group.feasibility).toBe('ok / slack');
    expect(summaryColumns(seedRows, [group])).toEqual([
      'run', 'seed', 'threshold', 'iterations', 'iterations_sd', 'halted', 'last50_episodeCost', 'last50_episodeCost_sd',
      'eval_safeRateCost', 'eval_safeRateCost_sd', 'feasibility', 'seeds',
    ]);
  });
});

// The CLI end to end: a 2-seed group nested in a 2-point sweep, in two worker processes; the member seed=8 at
// threshold 0 must equal the solo run with seed 8 there (every column but the wall-clock ones, to the bit).
const run = promisify(execFile);
const TSX = join(process.cwd(), 'node_modules', 'tsx', 'dist', 'cli.mjs');
const withoutTimings = (csv: string) => {
  const rows = csv.trim().split(/\r?\n/).map((line) => line.split(','));
  const keep = rows[0].map((column, i) => (column.startsWith('ms') || column === 'tokensPerSecond' ? -1 : i)).filter((i) => i >= 0);
  return rows.map((row) => keep.map((i) => row[i]).join(','));
};

describe('seed groups in the runner', () => {
  it('writes seed=S/ folders identical to solo runs, group.csv per point and a group row per point', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'srlhfv-seeds-'));
    const tiny = { promptBatch: 4, evalEvery: 2, evalPrompts: 4 };
    await writeFile(join(dir, 'group.json'), JSON.stringify(tiny));
    await writeFile(join(dir, 'solo.json'), JSON.stringify({ ...tiny, seed: 8, threshold: 0 }));
    const common = ['--iterations', '2', '--backend', 'wasm'];
    const grouped = await run(process.execPath, [TSX, 'scripts/experiment.ts', '--config', join(dir, 'group.json'), ...common,
      '--seeds', '7,8', '--sweep', 'threshold=-1,0', '--parallel', '2', '--out', join(dir, 'group')], { timeout: 400_000 });
    await run(process.execPath, [TSX, 'scripts/experiment.ts', '--config', join(dir, 'solo.json'), ...common, '--out', join(dir, 'solo')], { timeout: 400_000 });
    expect(grouped.stdout).toMatch(/4 runs in 2 worker processes/);

    const member = join(dir, 'group', 'threshold=0', 'seed=8');
    const solo = join(dir, 'solo');
    expect(withoutTimings(await readFile(join(member, 'metrics.csv'), 'utf8'))).toEqual(withoutTimings(await readFile(join(solo, 'metrics.csv'), 'utf8')));
    expect(await readFile(join(member, 'evaluations.csv'), 'utf8')).toBe(await readFile(join(solo, 'evaluations.csv'), 'utf8'));
    const bundle = (text: string) => {
      const { startedAt: _s, endedAt: _e, metrics, ...rest } = JSON.parse(text);
      return { ...rest, metrics: metrics.map((row: Record<string, number>) => Object.fromEntries(Object.entries(row).filter(([key]) => !key.startsWith('ms') && key !== 'tokensPerSecond'))) };
    };
    expect(bundle(await readFile(join(member, 'metrics.json'), 'utf8'))).toEqual(bundle(await readFile(join(solo, 'metrics.json'), 'utf8')));

    const groupCsv = (await readFile(join(dir, 'group', 'threshold=0', 'group.csv'), 'utf8')).trim().split(/\r?\n/);
    expect(groupCsv[0].split(',')).toEqual(GROUP_CSV_COLUMNS);
    expect(groupCsv.length).toBe(3); // header and 2 iterations
    const summary = (await readFile(join(dir, 'group', 'summary.csv'), 'utf8')).trim().split(/\r?\n/).map((line) => line.split(','));
    expect(summary.map((row) => row.slice(0, 2))).toEqual([
      ['run', 'seed'],
      ['threshold=-1/seed=7', '7'],
      ['threshold=-1/seed=8', '8'],
      ['threshold=-1', 'group'],
      ['threshold=0/seed=7', '7'],
      ['threshold=0/seed=8', '8'],
      ['threshold=0', 'group'],
    ]);
    expect(summary[0]).toContain('last50_episodeCost_sd');
    expect(summary[0]).toContain('eval_safeRateCost_sd');

    // group.json: the group as one run the app imports, its members recoverable to the bit.
    const imported = parseBundle(await readFile(join(dir, 'group', 'threshold=0', 'group.json'), 'utf8'), 'group.json');
    if (!imported.ok) throw new Error(imported.error);
    expect(imported.run.config).toMatchObject({ seed: 7, seeds: 2, threshold: 0 });
    expect(seedsInSeries(imported.run.metrics)).toEqual([7, 8]);
    const own = JSON.parse(await readFile(join(member, 'metrics.json'), 'utf8'));
    expect(memberSeries(imported.run.metrics, 8)).toEqual(seriesFromRows(own.metrics));
    expect(memberSeries(imported.run.evaluations, 8)).toEqual(seriesFromRows(own.evaluations));
  }, 800_000);
});
