// Issue 26: the runner parses in-process, so a stuck step on a file must still end: an asynchronous one past its
// limit with an error naming it, a synchronous wedge by the watchdog thread (the process ends, naming the step).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { StepWatchdog } from './stepWatchdog';

describe('StepWatchdog', () => {
  it('passes a healthy step through and rejects one past its limit, naming it', async () => {
    const watchdog = new StepWatchdog(200, 60_000);
    try {
      expect(await watchdog.step('opening good.parquet', async () => 42)).toBe(42);
      await expect(watchdog.step('indexing slow.parquet', () => new Promise(() => undefined))).rejects.toThrow(
        "indexing slow.parquet took over 0.2 s (the runner's limit for one step on a file); stopped",
      );
    } finally {
      watchdog.dispose();
    }
  });

  it('ends the process when a step wedges the thread in a synchronous loop, naming the step', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'step-watchdog-'));
    try {
      const script = join(dir, 'wedge.mts'); // an ES module: top-level await
      writeFileSync(
        script,
        `import { StepWatchdog } from ${JSON.stringify(resolve('scripts/experiment/stepWatchdog.ts'))};
const watchdog = new StepWatchdog(60_000, 1_000);
await watchdog.step('opening wedge.parquet', async () => {
  for (;;) if (Date.now() < 0) break;
});`,
      );
      const started = Date.now();
      const child = spawn(process.execPath, ['--import', 'tsx', script], { stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const ended = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) => child.on('exit', (code, signal) => done({ code, signal })));
      expect(ended.signal).toBe('SIGKILL');
      expect(stderr).toContain("error: opening wedge.parquet blocked the runner for over 1 s (a step stuck on the file's bytes); the run was stopped");
      expect(Date.now() - started).toBeLessThan(30_000);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
