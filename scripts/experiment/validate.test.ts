import { execFile, execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeSingleParquet } from '../../src/data/testing/parquetFixtures';
import { singleRow } from '../../src/data/testing/rows';
import { parseArgs } from './args';
import { parseIterations } from './numbers';
import { checkOutDir, configFromLink, sweepAxes } from './validate';

// Issue 15 item 7: every runner input is checked before any compute, with the app's own rules.
let dir: string;
let fifo: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'srlhfv-validate-'));
  fifo = join(dir, 'pipe');
  execFileSync('mkfifo', [fifo]);
  await mkdir(join(dir, 'animal_abuse'));
  await writeFile(join(dir, 'animal_abuse', 'train.parquet'), new Uint8Array(writeSingleParquet([singleRow({}, 1), singleRow({}, 2)])));
});

describe('runner input validation', () => {
  it('--iterations takes decimal digits within the config range only', () => {
    expect(parseIterations('50')).toBe(50);
    for (const text of ['1e9', '0x10', '1.0', '+5', ' 5', '0', '100001', '', '-3']) {
      expect(() => parseIterations(text), text).toThrow(/--iterations must be a whole number from 1 to 100000/);
    }
    expect(() => parseArgs(['--iterations', '1e9'])).toThrow(/"1e9"/);
    expect(() => parseArgs(['--parallel', '0x2', '--sweep', 'threshold=0,1'])).toThrow(/--parallel must be a whole number/);
    expect(() => parseArgs(['--split', 'test', '--data', 'a.parquet'])).toThrow(/--split must be train or evaluation/);
    expect(() => parseArgs(['--parallel', '2'])).toThrow(/--parallel runs the members of a --sweep/);
    expect(parseArgs(['--data', 'a.parquet', 'b.parquet', '--split', 'evaluation']).data).toEqual(['a.parquet', 'b.parquet']);
    expect(parseArgs(['--sweep', 'threshold=0,1', '--parallel']).parallel).toBe(0);
  });

  it('a link with any problem is an error, not a warning', () => {
    expect(configFromLink('#v=1&thr=-1').threshold).toBe(-1);
    expect(() => configFromLink('#v=1&thr=abc')).toThrow(/--link is not valid: thr/);
    expect(() => configFromLink('#v=1&nonsense=1')).toThrow(/--link is not valid/);
  });

  it('a sweep must name settings, once each, with decimal numbers', () => {
    expect(sweepAxes('threshold=-1,0').length).toBe(1);
    expect(() => sweepAxes(';;;')).toThrow(/names no setting/);
    expect(() => sweepAxes('')).toThrow(/names no setting/);
    expect(() => sweepAxes('threshold=0x10')).toThrow(/threshold=0x10 is not a decimal number/);
    expect(() => sweepAxes('iterations=1e3')).toThrow(/iterations=1e3 is not a whole number/);
    expect(() => sweepAxes('threshold=0;threshold=1')).toThrow(/twice/);
  });

  it('--out must be a writable directory on a regular filesystem, with no special file where results go', async () => {
    await expect(checkOutDir('/proc/self')).rejects.toThrow(/system folder/);
    await expect(checkOutDir('/proc/self/fd/1/results')).rejects.toThrow(/system folder/);
    await expect(checkOutDir(fifo)).rejects.toThrow(/exists and is not a directory/);
    const file = join(dir, 'a-file');
    await writeFile(file, 'x');
    await expect(checkOutDir(join(file, 'sub'))).rejects.toThrow(/cannot create/);
    const out = join(dir, 'out');
    await checkOutDir(out, ['', 'run=1'], ['run=1/metrics.json']);
    expect((await readdir(out)).sort()).toEqual(['run=1']); // created, and the probe file removed
    execFileSync('mkfifo', [join(out, 'run=1', 'metrics.json')]);
    await expect(checkOutDir(out, ['', 'run=1'], ['run=1/metrics.json'])).rejects.toThrow(/metrics\.json exists and is not a regular file/);
  });
});

const run = promisify(execFile);
const TSX = join(process.cwd(), 'node_modules', 'tsx', 'dist', 'cli.mjs');

async function experiment(args: string[]): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [TSX, 'scripts/experiment.ts', ...args], { timeout: 120_000 });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, output: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

describe('the runner exits non-zero on invalid input before any compute', () => {
  it.each([
    [['--iterations', '1e9'], /--iterations must be a whole number/],
    [['--iterations', '0x10'], /--iterations must be a whole number/],
    [['--link', '#v=1&thr=abc'], /--link is not valid/],
    [['--sweep', ';;;'], /names no setting/],
    [['--iterations', '1', '--out', '/proc/self'], /system folder/],
    [['--iterations', '1', '--out', 'FIFO'], /is not a directory/],
    [['--iterations', '1', '--data', 'package.json', '--out', 'OUT'], /package\.json: not a BeaverTails-V Parquet file/],
    [['--iterations', '1', '--data', 'TRAIN', '--split', 'evaluation', '--out', 'OUT'], /--data has no evaluation-split rows to draw PPO prompts from \(its rows are train\)/],
  ])('%j', async (args, message) => {
    const names: Record<string, string> = { FIFO: fifo, OUT: join(dir, 'cli-out'), TRAIN: join(dir, 'animal_abuse', 'train.parquet') };
    const resolved = args.map((a) => names[a] ?? a);
    const { code, output } = await experiment(resolved);
    expect(code, output).toBe(1);
    expect(output).toMatch(message);
    expect(output).not.toMatch(/\[1\/1\]|it 0 /); // nothing was trained
    expect(existsSync(join(dir, 'cli-out', 'metrics.json'))).toBe(false);
  }, 150_000);
});
