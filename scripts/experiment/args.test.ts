import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/config/params';
import { configFromJson, expandSweep, frontierSweep, parseArgs, parseSetAt, parseSweep } from './args';
import { summaryRow, toCsv, type RunBundle } from './run';

describe('experiment runner arguments', () => {
  it('parses flags and rejects bad ones with a message naming them', () => {
    expect(parseArgs(['--config', 'run.json', '--backend', 'cpu', '--iterations', '5', '--out', 'r/'])).toEqual({
      config: 'run.json', backend: 'cpu', iterations: 5, out: 'r/',
    });
    expect(() => parseArgs(['--backend', 'webgl'])).toThrow(/--backend must be cpu or wasm/);
    expect(() => parseArgs(['--iterations', '0'])).toThrow(/whole number from 1/);
    expect(() => parseArgs(['--frobnicate'])).toThrow(/Unknown argument "--frobnicate"/);
    expect(() => parseArgs(['--config', 'a.json', '--link', '#x'])).toThrow(/either --config or --link/);
  });

  it('validates config files field by field and accepts a run bundle', () => {
    expect(configFromJson('{"threshold": 0.25}', 'run.json').threshold).toBe(0.25);
    expect(() => configFromJson('{"threshold": "high"}', 'run.json')).toThrow(/run\.json: threshold/);
    expect(() => configFromJson('{oops', 'run.json')).toThrow(/run\.json: not valid JSON/);
    const bundle = JSON.stringify({ schema: 'srlhfv-run', version: 1, config: { ...defaultConfig(), lambdaLr: 0.3 } });
    expect(configFromJson(bundle, 'metrics.json').lambdaLr).toBe(0.3);
  });

  it('expands a sweep into the cartesian product with readable names', () => {
    const axes = parseSweep('threshold=-0.5,0,0.5;lambdaLr=0.05,0.1');
    const runs = expandSweep(defaultConfig(), axes);
    expect(runs.map((r) => r.name)).toEqual([
      'threshold=-0.5_lambdaLr=0.05', 'threshold=-0.5_lambdaLr=0.1', 'threshold=0_lambdaLr=0.05',
      'threshold=0_lambdaLr=0.1', 'threshold=0.5_lambdaLr=0.05', 'threshold=0.5_lambdaLr=0.1',
    ]);
    expect(runs[3].config.threshold).toBe(0);
    expect(runs[3].config.lambdaLr).toBe(0.1);
    expect(parseSweep('algorithm=ppo,ppo-lag')[0].values).toEqual(['ppo', 'ppo-lag']);
    expect(() => parseSweep('nonsense=1')).toThrow(/unknown setting "nonsense"/);
    for (const key of ['constructor', 'toString', 'hasOwnProperty', '__proto__'])
      expect(() => parseSweep(`${key}=1`)).toThrow(`--sweep: unknown setting "${key}"`);
    expect(() => parseSweep('threshold=abc')).toThrow(/threshold=abc/);
    expect(() => parseSweep('algorithm=dqn')).toThrow(/algorithm=dqn/);
  });

  it('writes CSV with quoting and a summary row per run', () => {
    expect(toCsv(['a', 'b'], [{ a: 1, b: 'x,y' }, { a: NaN, b: 'q"q' }])).toBe('a,b\r\n1,"x,y"\r\n,"q""q"\r\n');
    // the runner's CSVs share the app's writer: negative numbers stay numbers, formula-like text is neutralised
    expect(toCsv(['=x', 'v'], [{ '=x': '=1+1', v: -0.5 }])).toBe("'=x,v\r\n'=1+1,-0.5\r\n");
    const row = { iteration: 0, rewardMean: 1, costMean: -1, episodeCost: -1, lambda: 2, unsafeRate: 0, refusalRate: 0, kl: 0, threshold: -1.5 };
    const config = { ...defaultConfig(), episodeCostWindow: 32, promptBatch: 32 };
    const bundle = { config, metrics: [row, { ...row, iteration: 1, rewardMean: 3 }], evaluations: [] } as unknown as RunBundle;
    const summary = summaryRow('threshold=0', { threshold: 0 }, bundle);
    expect(summary.last10_rewardMean).toBe(2);
    expect(summary.threshold).toBe(0);
    expect(Number.isNaN(summary.eval_helpfulnessWinRate)).toBe(true);
    expect(Number.isNaN(summary.eval_sftSafeRateGuard)).toBe(true);
    // Violation columns: J_C −1 against −1.5 at both (full-window) iterations → overshoot 0.5, always above, Σ 1.
    expect(summary).toMatchObject({ maxOvershoot: 0.5, timeAboveLimit: 1, cumulativeViolation: 1, feasibility: 'ok', feasibilityWarnedAt: '' });
  });
});

describe('--frontier: the fixed-λ baseline at a grid of λ', () => {
  it('defaults to the shared grid, takes a list, and checks each λ', () => {
    expect(parseArgs(['--frontier']).frontier).toEqual([0, 0.25, 0.5, 1, 2, 4]);
    expect(parseArgs(['--frontier', '--iterations', '5']).frontier).toEqual([0, 0.25, 0.5, 1, 2, 4]);
    expect(parseArgs(['--frontier', '0,1.5']).frontier).toEqual([0, 1.5]);
    expect(() => parseArgs(['--frontier', '1'])).toThrow(/at least two λ values/);
    expect(() => parseArgs(['--frontier', '0,-1'])).toThrow(/--frontier: lambdaInit=-1/);
  });

  it('sweeps reward shaping over the λ, then any --sweep axes', () => {
    expect(frontierSweep([0, 2])).toBe('algorithm=reward-shaping;lambdaInit=0,2');
    const runs = expandSweep(defaultConfig(), parseSweep(frontierSweep([0, 2], 'seed=1,2')));
    expect(runs.map((run) => run.name)).toEqual([
      'algorithm=reward-shaping_lambdaInit=0_seed=1', 'algorithm=reward-shaping_lambdaInit=0_seed=2',
      'algorithm=reward-shaping_lambdaInit=2_seed=1', 'algorithm=reward-shaping_lambdaInit=2_seed=2',
    ]);
    expect(runs.every((run) => run.config.algorithm === 'reward-shaping')).toBe(true);
  });
});

describe('--set-at: scripted live edits', () => {
  it('parses ITERATION:key=value (repeatable) with the same value checks as --sweep', () => {
    const args = parseArgs(['--set-at', '100:threshold=-1.25', '--set-at', '150:lambdaRule=additive']);
    expect(args.setAt).toEqual([
      { iteration: 100, key: 'threshold', value: -1.25 },
      { iteration: 150, key: 'lambdaRule', value: 'additive' },
    ]);
    expect(parseArgs([]).setAt).toBeUndefined();
  });

  it('rejects malformed specs, unknown or invalid settings and settings that need a reset', () => {
    expect(() => parseSetAt('threshold=-1')).toThrow(/ITERATION:key=value/);
    expect(() => parseSetAt('-5:threshold=-1')).toThrow(/ITERATION:key=value/);
    expect(() => parseSetAt('10:nonsense=1')).toThrow(/unknown setting "nonsense"/);
    expect(() => parseSetAt('10:threshold=abc')).toThrow(/threshold=abc/);
    expect(() => parseSetAt('10:lambdaRule=magic')).toThrow(/lambdaRule=magic/);
    expect(() => parseSetAt('10:hiddenSize=32')).toThrow(/not a live setting/);
    expect(() => parseArgs(['--set-at'])).toThrow(/--set-at needs a value/);
  });

  it('summary rows carry last-50 means and the truncation rate', () => {
    const rows = Array.from({ length: 60 }, (_, i) => ({
      iteration: i, rewardMean: i < 10 ? 100 : 1, costMean: 0, episodeCost: i < 10 ? 100 : -0.5, lambda: 2,
      unsafeRate: 0, refusalRate: 0, kl: 0, truncationRate: i % 2 ? 0.1 : 0,
    }));
    const summary = summaryRow('run', {}, { config: defaultConfig(), metrics: rows, evaluations: [] } as unknown as RunBundle);
    expect(summary.last50_rewardMean).toBe(1);
    expect(summary.last50_episodeCost).toBe(-0.5);
    expect(summary.last50_lambda).toBe(2);
    expect(summary.truncationRate).toBeCloseTo(0.05, 12);
  });
});
