// Issue 26 item 10: the runner's arguments: one number grammar (no hex anywhere), --set-at inside the run, unknown
// config keys named, sweeps and --parallel bounded with a clear message before any folder or compute.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { defaultConfig } from '../../src/config/params';
import { configFromJson, parseSetAt, parseSweep } from './args';
import { MAX_SWEEP_RUNS, checkParallel, checkSetAt, checkSweepSize } from './runLimits';

const scratch = mkdtempSync(join(tmpdir(), 'run-limits-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('runner argument limits', () => {
  it('one number grammar for --set-at and --sweep: hex, binary, underscores and Infinity are refused', () => {
    expect(() => parseSetAt('10:threshold=0x10')).toThrow('--set-at: threshold=0x10 is not a decimal number (write it in decimal digits, like -1.25)');
    expect(() => parseSetAt('0x10:threshold=-1')).toThrow('--set-at: "0x10:threshold=-1" must look like ITERATION:key=value');
    expect(() => parseSweep('threshold=0b1,1')).toThrow('--sweep: threshold=0b1 is not a decimal number');
    expect(() => parseSweep('threshold=1_000')).toThrow('is not a decimal number');
    expect(() => parseSweep('threshold=Infinity')).toThrow('is not a decimal number');
    expect(() => parseSweep('evalEvery=1.5')).toThrow('--sweep: evalEvery=1.5 is not a whole number');
    expect(parseSetAt('5:threshold=-1.25e0')).toEqual({ iteration: 5, key: 'threshold', value: -1.25 });
    expect(parseSweep('threshold=-0.5,.5')).toEqual([{ key: 'threshold', values: [-0.5, 0.5] }]);
  });

  it('--set-at iterations must fall inside every run', () => {
    const runs = [{ name: 'a', config: { iterations: 100 } }, { name: 'b', config: { iterations: 50 } }];
    expect(() => checkSetAt([parseSetAt('99:threshold=-1')], runs)).toThrow('--set-at 99:threshold=-1 is past the end of run b, which has 50 iterations (0–49)');
    expect(() => checkSetAt([parseSetAt('49:threshold=-1')], runs)).not.toThrow();
    expect(() => checkSetAt([parseSetAt('200:threshold=-1')], [{ name: 'run', config: { iterations: 200 } }])).toThrow('past the end of the run, which has 200 iterations (0–199)');
  });

  it('unknown --config keys are named (an error in a config file, a warning when rerunning a bundle)', () => {
    expect(() => configFromJson('{"treshold": -1, "lambdaLr": 0.2}', 'run.json')).toThrow('run.json: treshold: unknown setting "treshold" (ignored)');
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const config = configFromJson(JSON.stringify({ schema: 'srlhfv-run', config: { ...defaultConfig(), oldSetting: 1 } }), 'metrics.json');
    expect(config.threshold).toBe(defaultConfig().threshold);
    expect(warn).toHaveBeenCalledWith('metrics.json: config has settings this version does not know, ignored: oldSetting');
    warn.mockRestore();
  });

  it('sweeps and --parallel are bounded with a clear message', () => {
    const axis = (key: string, n: number) => ({ key, values: Array.from({ length: n }, (_, i) => i) });
    expect(() => checkSweepSize([axis('threshold', 200), axis('lambdaLr', 200)])).toThrow(
      `--sweep expands to 40,000 runs (200 threshold × 200 lambdaLr); one call runs at most ${MAX_SWEEP_RUNS}: split the sweep over several calls`,
    );
    expect(checkSweepSize([axis('threshold', 20), axis('lambdaLr', 25)])).toBe(500);
    expect(() => checkParallel(256, 2)).toThrow('--parallel 256: this machine has 2 cores, and each worker takes ~300 MB; use at most --parallel 2 (or --parallel alone for one per core)');
    expect(() => checkParallel(2, 2)).not.toThrow();
  });

  it('the runner refuses a 200×200 sweep before making a single folder', () => {
    const out = join(scratch, 'sweep');
    const values = (from: number, step: number) => Array.from({ length: 200 }, (_, i) => (from + i * step).toFixed(3)).join(',');
    const t0 = Date.now();
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/experiment.ts', '--sweep', `threshold=${values(-5, 0.05)};lambdaLr=${values(0, 0.01)}`, '--out', out], { encoding: 'utf8', timeout: 60_000 });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('--sweep expands to 40,000 runs (200 threshold × 200 lambdaLr)');
    expect(Date.now() - t0).toBeLessThan(30_000);
    expect(existsSync(out) ? readdirSync(out) : []).toEqual([]);
  }, 60_000);
});
