// `npm run bench -- --seeds K`: a K-seed group in one process (SeedGroupEngine: the members stepped in turn) against
// one seed, on the same Node backend, default size, after the same warm-up. Reports process CPU ms per group iteration
// (all K members) beside one seed's, and their ratio (K would mean no saving at all), the two measured in alternation.
import { PpoEngine, type PpoEngineInit } from '../../src/train/ppo/engine';
import { SeedGroupEngine } from '../../src/train/ppo/seedGroupEngine';
import { cpuNowMs } from './ppo';
import { median } from './ppoCore';

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

type Steppable = { step(): Promise<{ halted?: string }> };

/** Steps `engine` `count` times; with `cpu`/`wall` given, records each iteration's process CPU and wall ms. */
async function stepTimed(engine: Steppable, count: number, cpu?: number[], wall?: number[]): Promise<void> {
  for (let i = 0; i < count; i++) {
    const cpuStart = cpuNowMs();
    const start = performance.now();
    const result = await engine.step();
    if (result.halted) throw new Error(result.halted);
    cpu?.push(cpuNowMs() - cpuStart);
    wall?.push(performance.now() - start);
  }
}

/** Iterations per turn when the timed iterations alternate between the solo engine and the group. */
const TURN = 5;

/**
 * Both engines are built first and warmed up (the solo engine `warmup` iterations, the group as many member
 * iterations), then the timed iterations alternate in turns of TURN: the process's state (the wasm heap's layout,
 * the JavaScript engine's compiled code) is the same for both. Measured one after the other, a solo engine after a
 * group took 85–87 CPU ms per iteration against 62–67 in a fresh process (2026-12-07), which skews the ratio.
 */
export async function benchSeedGroup(init: PpoEngineInit, seeds: number, iterations: number, warmup: number): Promise<GroupBenchResult> {
  // Evaluations are not part of an iteration's cost: out of the timed window.
  const config = { ...init.config, evalEvery: 1_000_000, evalPrompts: 4, iterations: 1_000_000 };
  let solo: PpoEngine | null = null;
  let group: SeedGroupEngine | null = null;
  const single = { cpu: [] as number[], wall: [] as number[] };
  const grouped = { cpu: [] as number[], wall: [] as number[] };
  try {
    solo = new PpoEngine({ ...init, config: { ...config, seeds: 1 } });
    group = new SeedGroupEngine({ ...init, config: { ...config, seeds } });
    await solo.evaluate();
    await stepTimed(solo, warmup);
    // Each member's first rollout evaluates once (evalEvery is out of reach after that).
    await stepTimed(group, Math.max(2, Math.ceil(warmup / seeds)));
    for (let done = 0; done < iterations; done += TURN) {
      const turn = Math.min(TURN, iterations - done);
      await stepTimed(solo, turn, single.cpu, single.wall);
      await stepTimed(group, turn, grouped.cpu, grouped.wall);
    }
  } finally {
    solo?.dispose();
    group?.dispose();
  }
  const singleCpu = median(single.cpu);
  const groupCpu = median(grouped.cpu);
  return {
    seeds,
    singleCpuMsPerIteration: singleCpu,
    groupCpuMsPerIteration: groupCpu,
    ratio: groupCpu / singleCpu,
    singleMsPerIteration: median(single.wall),
    groupMsPerIteration: median(grouped.wall),
  };
}
