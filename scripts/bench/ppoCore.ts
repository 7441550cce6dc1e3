// Timing of PPO iterations, shared by the Node bench (scripts/bench/ppo.ts) and the browser bench page
// (scripts/bench/page/main.ts). No Node imports here.
import * as tf from '@tensorflow/tfjs';
import { PpoEngine, type PpoEngineInit } from '../../src/train/ppo/engine';
import type { PpoMetricRow, PpoPhase } from '../../src/train/ppo/types';

export interface PpoBenchResult {
  backend: string;
  iterations: number;
  prompts: number;
  maxTokens: number;
  /** Medians over the timed iterations, ms. */
  msPerIteration: number;
  msRollout: number;
  msScoring: number;
  msAdvantages: number;
  msUpdate: number;
  tokensPerSecond: number;
  responseLength: number;
  /** First (untimed) iteration, ms: kernel compilation and warm-up. */
  msFirstIteration: number;
  /** Medians of CPU ms per iteration and per phase (advantages includes λ) when a CPU clock was given, else NaN. */
  cpuMsPerIteration: number;
  /** Untimed warm-up iterations before the timed ones. */
  warmup: number;
  /**
   * Median CPU ms of the warm-up iterations after the first (NaN without a CPU clock or with < 2 warm-ups): the cost
   * while the JavaScript engine still optimises the hot code on its background threads.
   */
  warmupCpuMsPerIteration: number;
  cpuMs: { rollout: number; score: number; advantages: number; update: number };
  /** Kernel launches in one extra (profiled, untimed) iteration; NaN unless asked for. */
  kernelsPerIteration: number;
}

export interface BenchOptions {
  /** Untimed iterations first (default 1). */
  warmup?: number;
  /** Process CPU time in ms (Node: process.cpuUsage); absent in the browser. */
  cpuNow?: () => number;
  /** Count kernel launches in one extra iteration under tf.profile (slow; not timed). */
  countKernels?: boolean;
}

/** Which CPU-time bucket a phase falls in (the λ step is reported with the advantages, as in the engine). */
const PHASE_BUCKET: Record<PpoPhase, 'rollout' | 'score' | 'advantages' | 'update'> = {
  rollout: 'rollout',
  score: 'score',
  advantages: 'advantages',
  lambda: 'advantages',
  update: 'update',
};

/** The median (the mean of the middle two for an even count). */
export function median(xs: number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Runs `warmup` untimed and `iterations` timed PPO iterations (no evaluations) phase by phase and reports medians
 * of wall ms (engine rows) and, with `cpuNow`, CPU ms per iteration and per phase.
 */
export async function benchEngine(init: PpoEngineInit, iterations: number, options: BenchOptions = {}): Promise<PpoBenchResult> {
  const warmup = options.warmup ?? 1;
  const cpuNow = options.cpuNow ?? (() => NaN);
  const extra = options.countKernels ? 1 : 0;
  // Evaluations are not part of an iteration's cost: the smallest set, once, before timing.
  const config = { ...init.config, evalEvery: 1_000_000, evalPrompts: 4, iterations: iterations + warmup + extra + 1 };
  const engine = new PpoEngine({ ...init, config });
  const rows: PpoMetricRow[] = [];
  const wall: number[] = [];
  const cpu: number[] = [];
  const warmupCpu: number[] = [];
  const cpuPhases = { rollout: [] as number[], score: [] as number[], advantages: [] as number[], update: [] as number[] };
  let msFirstIteration = NaN;
  let kernelsPerIteration = NaN;
  try {
    await engine.evaluate();
    for (let i = 0; i < warmup + iterations; i++) {
      const start = performance.now();
      const cpuStart = cpuNow();
      const spent = { rollout: 0, score: 0, advantages: 0, update: 0 };
      let result;
      do {
        const phase = engine.nextPhase;
        const phaseStart = cpuNow();
        result = await engine.stepPhase();
        spent[PHASE_BUCKET[phase]] += cpuNow() - phaseStart;
        if (result.halted) throw new Error(result.halted);
      } while (!result.row);
      const ms = performance.now() - start;
      if (i === 0) msFirstIteration = ms;
      else if (i < warmup) warmupCpu.push(cpuNow() - cpuStart);
      if (i >= warmup) {
        rows.push(result.row);
        wall.push(ms);
        cpu.push(cpuNow() - cpuStart);
        for (const key of Object.keys(spent) as (keyof typeof spent)[]) cpuPhases[key].push(spent[key]);
      }
    }
    if (options.countKernels) {
      const profile = await tf.profile(async () => {
        const result = await engine.step();
        if (result.halted) throw new Error(result.halted);
      });
      kernelsPerIteration = profile.kernels.length;
    }
  } finally {
    engine.dispose();
  }
  const pick = (key: keyof PpoMetricRow) => median(rows.map((r) => r[key]));
  return {
    backend: tf.getBackend(),
    iterations,
    prompts: config.promptBatch,
    maxTokens: config.maxResponseTokens,
    msPerIteration: median(wall),
    msRollout: pick('msRollout'),
    msScoring: pick('msScoring'),
    msAdvantages: pick('msAdvantages'),
    msUpdate: pick('msUpdate'),
    tokensPerSecond: pick('tokensPerSecond'),
    responseLength: pick('responseLength'),
    msFirstIteration,
    cpuMsPerIteration: median(cpu),
    warmup,
    warmupCpuMsPerIteration: warmupCpu.length ? median(warmupCpu) : NaN,
    cpuMs: {
      rollout: median(cpuPhases.rollout),
      score: median(cpuPhases.score),
      advantages: median(cpuPhases.advantages),
      update: median(cpuPhases.update),
    },
    kernelsPerIteration,
  };
}

export const BENCH_COLUMNS = [
  ['where', 8], ['backend', 8], ['ms/iter', 8], ['rollout', 8], ['score', 7], ['adv+λ', 7], ['update', 7],
  ['tok/s', 7], ['len', 5], ['first', 7],
] as const;

export function benchTableRow(where: string, r: PpoBenchResult): string[] {
  return [
    where, r.backend, r.msPerIteration.toFixed(0), r.msRollout.toFixed(0), r.msScoring.toFixed(0),
    r.msAdvantages.toFixed(0), r.msUpdate.toFixed(0), r.tokensPerSecond.toFixed(0), r.responseLength.toFixed(1),
    r.msFirstIteration.toFixed(0),
  ];
}

export function formatTable(rows: string[][]): string {
  const header = BENCH_COLUMNS.map(([name]) => name);
  const widths = BENCH_COLUMNS.map(([, w], i) => Math.max(w, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => c.padStart(widths[i])).join('  ');
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
