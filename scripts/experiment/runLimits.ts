// Bounds on what one runner call may start, checked before any folder is made or any compute runs (docs/limits.md).
import { availableParallelism } from 'node:os';
import type { ScheduledChange } from './args';

/** Runs one --sweep may expand to. Each makes a folder and a full run; split bigger grids over several calls. */
export const MAX_SWEEP_RUNS = 500;
/** Memory one --parallel worker process takes (measured ~300 MB with the default models and the bundled sample). */
export const WORKER_MB = 300;

/** The number of runs the axes expand to, refused past MAX_SWEEP_RUNS before anything is expanded. */
export function checkSweepSize(axes: readonly { key: string; values: readonly unknown[] }[]): number {
  const runs = axes.reduce((product, axis) => product * axis.values.length, 1);
  if (runs > MAX_SWEEP_RUNS) {
    throw new Error(`--sweep expands to ${runs.toLocaleString('en-US')} runs (${axes.map((a) => `${a.values.length} ${a.key}`).join(' × ')}); one call runs at most ${MAX_SWEEP_RUNS}: split the sweep over several calls`);
  }
  return runs;
}

/** --parallel N: at most one worker per core (more only share the cores and add WORKER_MB each). */
export function checkParallel(workers: number, cores = availableParallelism()): void {
  if (workers > cores) {
    throw new Error(`--parallel ${workers}: this machine has ${cores} core${cores === 1 ? '' : 's'}, and each worker takes ~${WORKER_MB} MB; use at most --parallel ${cores} (or --parallel alone for one per core)`);
  }
}

/** --set-at iterations must fall inside every run (0 … iterations − 1); an edit past the end would never happen. */
export function checkSetAt(schedule: readonly ScheduledChange[] | undefined, runs: readonly { name: string; config: { iterations: number } }[]): void {
  for (const change of schedule ?? []) {
    for (const run of runs) {
      if (change.iteration >= run.config.iterations) {
        throw new Error(`--set-at ${change.iteration}:${change.key}=${String(change.value)} is past the end of ${runs.length > 1 ? `run ${run.name}, which has` : 'the run, which has'} ${run.config.iterations} iterations (0–${run.config.iterations - 1})`);
      }
    }
  }
}
