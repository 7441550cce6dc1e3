// Timing of PPO iterations, shared by the Node bench (scripts/bench/ppo.ts) and the browser bench page
// (scripts/bench/page/main.ts). No Node imports here.
import * as tf from '@tensorflow/tfjs';
import { PpoEngine, type PpoEngineInit } from '../../src/train/ppo/engine';
import type { PpoMetricRow } from '../../src/train/ppo/types';

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
}

function median(xs: number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Runs `warmup` untimed and `iterations` timed PPO iterations (no evaluations) and reports medians. */
export async function benchEngine(init: PpoEngineInit, iterations: number, warmup = 1): Promise<PpoBenchResult> {
  // Evaluations are not part of an iteration's cost: the smallest set, once, before timing.
  const config = { ...init.config, evalEvery: 1_000_000, evalPrompts: 4, iterations: iterations + warmup + 1 };
  const engine = new PpoEngine({ ...init, config });
  const rows: PpoMetricRow[] = [];
  const wall: number[] = [];
  let msFirstIteration = NaN;
  try {
    await engine.evaluate();
    for (let i = 0; i < warmup + iterations; i++) {
      const start = performance.now();
      const result = await engine.step();
      const ms = performance.now() - start;
      if (result.halted) throw new Error(result.halted);
      if (i === 0) msFirstIteration = ms;
      if (i >= warmup) {
        rows.push(result.row!);
        wall.push(ms);
      }
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
