// Issue 26 item 8: interrupting the runner keeps what it did. The real runner in a child process: metrics.csv grows
// every 10 iterations; the first SIGINT ends the run after the iteration in progress and writes a bundle marked
// paused (exit 130); a second SIGINT exits at once with the flushed rows on disk.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const dirs: string[] = [];
const children: ChildProcess[] = [];

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function start(): { child: ChildProcess; out: string; exited: Promise<{ code: number | null; at: number }> } {
  const out = mkdtempSync(join(tmpdir(), 'interrupt-'));
  dirs.push(out);
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/experiment.ts', '--iterations', '300', '--backend', 'wasm', '--out', out], { stdio: 'ignore' });
  children.push(child);
  const exited = new Promise<{ code: number | null; at: number }>((resolve) => child.on('exit', (code) => resolve({ code, at: Date.now() })));
  return { child, out, exited };
}

/** Data rows in metrics.csv (the header excluded). */
function csvRows(out: string): number {
  const path = join(out, 'metrics.csv');
  return existsSync(path) ? readFileSync(path, 'utf8').split('\r\n').filter(Boolean).length - 1 : 0;
}

async function until(check: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('interrupting the headless runner', () => {
  it('flushes metrics.csv as it goes; SIGINT writes a partial bundle and exits 130', async () => {
    const { child, out, exited } = start();
    await until(() => csvRows(out) >= 10, 120_000); // the first flush, after 10 iterations
    const sent = Date.now();
    child.kill('SIGINT');
    const { code, at } = await exited;
    expect(code).toBe(130);
    expect(at - sent).toBeLessThan(30_000);
    const bundle = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8'));
    expect(bundle.status).toBe('paused');
    expect(bundle.message).toMatch(/^Interrupted after \d+ of 300 iterations; the results are partial$/);
    expect(bundle.metrics.length).toBeGreaterThanOrEqual(10);
    expect(bundle.metrics.length).toBeLessThan(300);
    expect(csvRows(out)).toBe(bundle.metrics.length);
  }, 180_000);

  it('a second SIGINT exits at once, leaving the flushed rows', async () => {
    const { child, out, exited } = start();
    await until(() => csvRows(out) >= 10, 120_000);
    child.kill('SIGINT');
    child.kill('SIGINT');
    const sent = Date.now();
    const { code, at } = await exited;
    expect(code).toBe(130);
    expect(at - sent).toBeLessThan(5_000);
    expect(csvRows(out)).toBeGreaterThanOrEqual(10);
  }, 180_000);
});
