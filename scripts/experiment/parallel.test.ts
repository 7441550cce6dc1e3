import { execFile } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

// --parallel 2 runs the sweep members in two worker processes; the summary must equal a sequential sweep's.
const run = promisify(execFile);
const TSX = join(process.cwd(), 'node_modules', 'tsx', 'dist', 'cli.mjs');

describe('parallel sweeps', () => {
  it('--parallel 2 writes the same summary and run metrics as a sequential sweep', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'srlhfv-parallel-'));
    const config = join(dir, 'tiny.json');
    await writeFile(config, JSON.stringify({ promptBatch: 4, evalEvery: 2, evalPrompts: 4 }));
    const common = ['scripts/experiment.ts', '--config', config, '--iterations', '2', '--sweep', 'threshold=-1,0;lambdaLr=0.05,0.2', '--backend', 'wasm'];
    const sequential = await run(process.execPath, [TSX, ...common, '--out', join(dir, 'seq')], { timeout: 400_000 });
    const parallel = await run(process.execPath, [TSX, ...common, '--parallel', '2', '--out', join(dir, 'par')], { timeout: 400_000 });
    expect(parallel.stdout).toMatch(/4 runs in 2 worker processes/);
    expect(new Set([...parallel.stdout.matchAll(/started in worker (\d+)/g)].map((m) => m[1])).size).toBe(2);
    const summary = await readFile(join(dir, 'seq', 'summary.csv'), 'utf8');
    expect(summary.split('\n').length).toBe(6); // header, 4 runs, trailing newline
    expect(await readFile(join(dir, 'par', 'summary.csv'), 'utf8')).toBe(summary);
    // Per-iteration metrics agree too, except the wall-clock timing columns (ms…, tokensPerSecond).
    const withoutTimings = (csv: string) => {
      const rows = csv.trim().split(/\r?\n/).map((line) => line.split(','));
      const keep = rows[0].map((column, i) => (column.startsWith('ms') || column === 'tokensPerSecond' ? -1 : i)).filter((i) => i >= 0);
      return rows.map((row) => keep.map((i) => row[i]).join(','));
    };
    for (const name of ['threshold=-1_lambdaLr=0.05', 'threshold=0_lambdaLr=0.2']) {
      const seq = withoutTimings(await readFile(join(dir, 'seq', name, 'metrics.csv'), 'utf8'));
      expect(seq.length).toBe(3);
      expect(withoutTimings(await readFile(join(dir, 'par', name, 'metrics.csv'), 'utf8'))).toEqual(seq);
    }
    expect(sequential.stdout).not.toMatch(/worker/);
  }, 800_000);
});
