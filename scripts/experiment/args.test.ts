import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/config/params';
import { configFromJson, expandSweep, parseArgs, parseSweep } from './args';
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
    expect(() => parseSweep('threshold=abc')).toThrow(/threshold=abc/);
    expect(() => parseSweep('algorithm=dqn')).toThrow(/algorithm=dqn/);
  });

  it('writes CSV with quoting and a summary row per run', () => {
    expect(toCsv(['a', 'b'], [{ a: 1, b: 'x,y' }, { a: NaN, b: 'q"q' }])).toBe('a,b\n1,"x,y"\n,"q""q"\n');
    const row = { iteration: 0, rewardMean: 1, costMean: -1, episodeCost: -1, lambda: 2, unsafeRate: 0, refusalRate: 0, kl: 0 };
    const bundle = { metrics: [row, { ...row, rewardMean: 3 }], evaluations: [] } as unknown as RunBundle;
    const summary = summaryRow('threshold=0', { threshold: 0 }, bundle);
    expect(summary.last10_rewardMean).toBe(2);
    expect(summary.threshold).toBe(0);
    expect(Number.isNaN(summary.eval_helpfulnessWinRate)).toBe(true);
  });
});
