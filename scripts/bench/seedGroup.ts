// `npm run bench -- --seeds K`: a K-seed group in one process (SeedGroupEngine: the members stepped in turn) against
// one seed, on the same Node backend, default size, after the same warm-up. Reports process CPU ms per group iteration
// (all K members) beside one seed's, and their ratio (K would mean no saving at all).
import { PpoEngine, type PpoEngineInit } from '../../src/train/ppo/engine';
import { SeedGroupEngine } from '../../src/train/ppo/seedGroupEngine';
import { cpuNowMs } from './ppo';

export interface GroupBenchResult {
  seeds: number;
  /** Median process CPU ms of one iteration of one seed (a solo engine). */
  singleCpuMsPerIteration: number;
  /** Median process CPU ms of one group iteration (every member's). */
  groupCpuMsPerIteration: number;
  /** group / single. */
  ratio: number;
  /** Median wall ms of one group iteration and of one solo iteration. */
  groupMsPerIteration: number;
  singleMsPerIteration: number;
}

function median(xs: number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

async function timeIterations(engine: { step(): Promise<{ halted?: string }> }, warmup: number, iterations: number) {
  const cpu: number[] = [];
  const wall: number[] = [];
  for (let i = 0; i < warmup + iterations; i++) {
    const cpuStart = cpuNowMs();
    const start = performance.now();
    const result = await engine.step();
    if (result.halted) throw new Error(result.halted);
    if (i >= warmup) {
      cpu.push(cpuNowMs() - cpuStart);
      wall.push(performance.now() - start);
    }
  }
  return { cpu: median(cpu), wall: median(wall) };
}

/** Solo engine first (its warm-up also warms the JavaScript engine for the group), then the group. */
export async function benchSeedGroup(init: PpoEngineInit, seeds: number, iterations: number, warmup: number): Promise<GroupBenchResult> {
  // Evaluations are not part of an iteration's cost: out of the timed window.
  const config = { ...init.config, evalEvery: 1_000_000, evalPrompts: 4, iterations: 1_000_000 };
  const solo = new PpoEngine({ ...init, config: { ...config, seeds: 1 } });
  let single;
  try {
    await solo.evaluate();
    single = await timeIterations(solo, warmup, iterations);
  } finally {
    solo.dispose();
  }
  const group = new SeedGroupEngine({ ...init, config: { ...config, seeds } });
  let grouped;
  try {
    // Each member's first rollout evaluates once (evalEvery is out of reach after that).
    grouped = await timeIterations(group, Math.max(2, Math.ceil(warmup / seeds)), iterations);
  } finally {
    group.dispose();
  }
  return {
    seeds,
    singleCpuMsPerIteration: single.cpu,
    groupCpuMsPerIteration: grouped.cpu,
    ratio: grouped.cpu / single.cpu,
    singleMsPerIteration: single.wall,
    groupMsPerIteration: grouped.wall,
  };
}
