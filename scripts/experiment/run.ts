// One headless PPO run in Node: the identical engine the worker runs, on the bundled sample with the shipped
// weights; results as a run bundle (metrics.json), metrics.csv and, for sweeps, summary.csv.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { setNodeBackend, type NodeBackend } from '../../src/compute/nodeBackends';
import type { ExperimentConfig } from '../../src/config/params';
import { ExperimentRun } from '../../src/experiment/experimentRun';
import type { RunBundleOf } from '../../src/runs/bundle';
import { APP_VERSION } from '../../src/runs/versions';
import { PpoEngine } from '../../src/train/ppo/engine';
import type { PpoEvalRow } from '../../src/train/ppo/evaluation';
import { PPO_EVAL_COLUMNS, PPO_METRIC_COLUMNS, type GenerationSample, type PpoMetricRow } from '../../src/train/ppo/types';
import { toCsv as tableToCsv, type CsvCell } from '../../src/util/csv';
import type { ScheduledChange } from '../../src/train/ppo/schedule';
import { engineInit, loadNodeSetup, type DataProvider, type NodeSetup } from './setup';
import type { ReachableCost } from '../../src/rl/feasibility';
import { costPilot, CostPilotCache } from '../../src/train/ppo/costPilot';
import { constraintColumns, feasibilityTracker } from './constraintSummary';

/**
 * The app's run bundle (src/runs/bundle.ts) with typed rows and the fields a headless run always writes: scripted
 * live edits (--set-at) recorded as the app records a live edit, where the models came from, the NaN/Inf guard's
 * message when it stopped the run early ('paused' then, as the browser's run history writes it).
 */
export type RunBundle = RunBundleOf<PpoMetricRow, PpoEvalRow> & {
  config: ExperimentConfig;
  configChanges: NonNullable<RunBundleOf<PpoMetricRow, PpoEvalRow>['configChanges']>;
  backend: string;
  versions: { app: string; tfjs: string; node: string };
  models: NodeSetup['origins'];
  status: 'finished' | 'paused';
  generations: GenerationSample[];
  /** ppo-lag: the feasibility pilot's SFT cost and reachable range (src/rl/feasibility.ts). */
  costPilot?: ReachableCost;
};

export interface RunOptions {
  backend: NodeBackend;
  weightsDir?: string;
  log?: (line: string) => void;
  onRow?: (row: PpoMetricRow) => void;
  /** Live edits to make before the given iterations (--set-at), exactly as a live edit in the app. */
  schedule?: readonly ScheduledChange[];
  /** Data other than the bundled sample (--data). */
  data?: DataProvider;
  /** Where feasibility warnings go (default console.warn). */
  warn?: (line: string) => void;
  /** Asked between phases: true ends the run there, and the bundle says it was interrupted (Ctrl-C, SIGTERM). */
  shouldStop?: () => boolean;
}

/** Pilots per data, weights and sampling settings: sweeps and tests reuse them. */
const pilots = new CostPilotCache();

/** One run through the experiment core (the app's trainer worker drives the same ExperimentRun), as a bundle. */
export async function runExperiment(config: ExperimentConfig, options: RunOptions): Promise<RunBundle> {
  if (tf.getBackend() !== options.backend) await setNodeBackend(options.backend);
  const setup = await loadNodeSetup(config, { weightsDir: options.weightsDir, log: options.log, data: options.data });
  // The feasibility pilot: its own random streams, so the run's numbers are the same with or without it.
  let pilot: ReachableCost | undefined;
  if (config.algorithm === 'ppo-lag') {
    const key = CostPilotCache.key(options.data?.key ?? 'sample', `${options.weightsDir ?? 'shipped'}|${JSON.stringify(setup.origins)}`, config);
    pilot = await pilots.get(key, () => costPilot({ data: setup.data, policy: setup.sftPolicy, costModel: setup.costModel }, config));
    options.log?.(
      `cost pilot (SFT policy, ${pilot.prompts} training prompts × ${pilot.samplesPerPrompt}): J_SFT ${pilot.sftCost.toFixed(2)}, ` +
        `reachable ${pilot.floor.toFixed(2)} … ${pilot.ceiling.toFixed(2)}; limit ${config.threshold}`,
    );
  }
  const feasibility = config.algorithm === 'ppo-lag' ? feasibilityTracker({ config, costPilot: pilot }) : null;
  const startedAt = new Date().toISOString();
  const run = new ExperimentRun(new PpoEngine(engineInit(setup, config)), { schedule: options.schedule });
  const metrics: PpoMetricRow[] = [];
  const evaluations: PpoEvalRow[] = [];
  let halted: string | undefined;
  let interrupted: string | undefined;
  let generations: GenerationSample[] = [];
  try {
    const ended = await run.run({
      shouldInterrupt: options.shouldStop,
      // A macrotask between phases, so a signal handler can run during a long run (promises alone never yield).
      betweenPhases: options.shouldStop ? () => new Promise((resolve) => setImmediate(resolve)) : undefined,
      onPhase: (result) => {
        evaluations.push(...result.evaluations.map((e) => e.row));
        if (result.row) {
          metrics.push(result.row);
          const warning = feasibility?.push(result.row);
          if (warning) (options.warn ?? console.warn)(`warning at iteration ${result.row.iteration}: ${warning}`);
          options.onRow?.(result.row);
        }
      },
    });
    if (ended.end === 'halted') halted = ended.message;
    if (ended.end === 'interrupted') interrupted = `Interrupted after ${metrics.length} of ${config.iterations} iterations; the results are partial`;
    generations = run.engine.lastEvaluation?.samples ?? [];
  } finally {
    run.dispose();
  }
  return {
    schema: 'srlhfv-run',
    version: 1,
    config,
    configChanges: [...run.configChanges],
    metrics,
    evaluations,
    backend: options.backend,
    versions: { app: APP_VERSION, tfjs: tf.version.tfjs, node: process.version },
    startedAt,
    endedAt: new Date().toISOString(),
    models: setup.origins,
    status: halted || interrupted ? 'paused' : 'finished',
    generations,
    ...(pilot ? { costPilot: pilot } : {}),
    ...(halted ? { halted, message: halted } : interrupted ? { message: interrupted } : {}),
  };
}

/** Rows of named values as CSV through the app's shared writer (CRLF, quoting, formula neutralising). */
export function toCsv(columns: readonly string[], rows: readonly Record<string, unknown>[]): string {
  return tableToCsv(
    columns,
    rows.map((row) => columns.map((column) => csvValue(Object.hasOwn(row, column) ? row[column] : undefined))),
  );
}

function csvValue(value: unknown): CsvCell {
  return value === null || value === undefined || typeof value === 'number' || typeof value === 'boolean'
    ? value
    : String(value);
}

export async function writeRun(dir: string, bundle: RunBundle): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'metrics.json'), JSON.stringify(bundle, null, 1));
  await writeFile(join(dir, 'metrics.csv'), toCsv(PPO_METRIC_COLUMNS, bundle.metrics));
  await writeFile(join(dir, 'evaluations.csv'), toCsv(PPO_EVAL_COLUMNS, bundle.evaluations));
}

/** Mean of a metric over the last `window` iterations (a less noisy "final" value). */
export function tailMean(rows: readonly PpoMetricRow[], key: keyof PpoMetricRow, window = 10): number {
  const tail = rows.slice(-window);
  return tail.length ? tail.reduce((s, r) => s + r[key], 0) / tail.length : NaN;
}

export const SUMMARY_METRICS = ['rewardMean', 'costMean', 'episodeCost', 'lambda', 'unsafeRate', 'refusalRate', 'kl'] as const;
/** Last-50-iteration means: the settled state of a constrained run (docs/dynamics.md). */
export const SUMMARY_LAST50 = ['episodeCost', 'lambda', 'rewardMean'] as const;
export const SUMMARY_EVAL = [
  'helpfulnessWinRate', 'safeRateCost', 'sftSafeRateCost', 'safeRateGuard', 'sftSafeRateGuard', 'rewardMean', 'sftRewardMean', 'costMean',
] as const;

/** One row per run: the swept values, last-10-iteration means, and the final evaluation. */
export function summaryRow(name: string, overrides: Record<string, unknown>, bundle: RunBundle): Record<string, unknown> {
  const row: Record<string, unknown> = { run: name, ...overrides, iterations: bundle.metrics.length, halted: bundle.halted ?? '' };
  for (const key of SUMMARY_METRICS) row[`last10_${key}`] = tailMean(bundle.metrics, key);
  for (const key of SUMMARY_LAST50) row[`last50_${key}`] = tailMean(bundle.metrics, key, 50);
  row.truncationRate = tailMean(bundle.metrics, 'truncationRate', 50);
  const final = bundle.evaluations[bundle.evaluations.length - 1];
  for (const key of SUMMARY_EVAL) row[`eval_${key}`] = final ? final[key] : NaN;
  Object.assign(row, constraintColumns(bundle));
  return row;
}
