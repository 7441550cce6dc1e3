import type { NumericsStamp } from '../compute/numerics';
import type { ExperimentConfig, ParamKey } from '../config/params';
import type { ReachableCost } from '../rl/feasibility';
import type { GenerationSample } from '../train/ppo/types';
import type { RunVersions } from './versions';

/**
 * running/paused: live in this page; stopped/finished/failed: ended; interrupted: the page closed while it ran (the
 * saved metrics end at the last save, at most ~2 s before).
 */
export const RUN_STATUSES = ['running', 'paused', 'stopped', 'finished', 'failed', 'interrupted'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

/** A metric stream at full resolution, row-major like a MetricBatch: rows.length = n × columns.length. */
export interface MetricSeries {
  columns: string[];
  rows: Float64Array;
}

/** Key numbers shown in the run list (NaN when the run has none yet). */
export interface RunSummary {
  /** Completed iterations (rows carry 0-based iteration numbers, so this is the last one + 1). */
  iterations: number;
  lambda: number;
  episodeCost: number;
  cost: number;
  reward: number;
  /** Last evaluation: win rate vs SFT − 0.5 (fraction; ×100 = points). */
  helpfulnessChange: number;
  /** Last evaluation: safe rate − SFT safe rate (fraction). */
  safetyChange: number;
  /**
   * A seed group only: the members' spread at their last iteration (sample sd, min and max across seeds) of the
   * mean reward and J_C, for the frontier view's error bars. Absent for single runs.
   */
  spread?: SeedSpread;
  /** SUMMARY_VERSION when written (absent: 1). */
  version?: number;
}

/** The spread across a group's seeds of one end value. */
export interface SpreadOf {
  sd: number;
  min: number;
  max: number;
}

export interface SeedSpread {
  seeds: number;
  reward: SpreadOf;
  episodeCost: SpreadOf;
}

/**
 * A setting edited during the run (live or scripted), stamped with the engine's completed iterations when it went
 * in: afterIteration = k ⇔ the metric row with 0-based iteration k is the first to carry the new value. Run-record
 * data, so the experiment core (which records it) and the run history (which stores it) both read it from here.
 */
export interface ConfigChange {
  afterIteration: number;
  key: ParamKey;
  from: ExperimentConfig[ParamKey];
  to: ExperimentConfig[ParamKey];
}

/** Where a forked run came from: it replayed run `runId` (then named `runName`) up to `iteration`, then went its way. */
export interface RunOrigin {
  runId: string;
  runName: string;
  /** Completed iterations of the original that the fork replayed (its rows 0 … iteration − 1 match the original's). */
  iteration: number;
}

/** What the run list needs; stored apart from the (large) metrics so listing stays fast. */
export interface RunMeta {
  id: string;
  /** 1, 2, 3 … in creation order; used in auto names. */
  seq: number;
  name: string;
  tags: string[];
  notes: string;
  /** The settings the run started with. */
  config: ExperimentConfig;
  /** Live edits made while it ran, in order (absent or empty: none). */
  configChanges?: ConfigChange[];
  /** Set when the run was started by "Fork here" on another run. */
  forkedFrom?: RunOrigin;
  /** The compute backend it ran on (webgpu, wasm, cpu …). */
  backend: string;
  /** The numerics check that cleared that backend against cpu (absent: not recorded, e.g. older runs). */
  numerics?: NumericsStamp;
  versions: RunVersions;
  /** ISO 8601. */
  startedAt: string;
  endedAt: string | null;
  status: RunStatus;
  source: 'recorded' | 'imported';
  /** Why it stopped, e.g. the NaN guard's message. */
  message?: string;
  summary: RunSummary;
  /**
   * The feasibility pilot for its start settings (the SFT policy's cost and the reachable range): the in-run
   * detector's floor, as the runner writes it in its bundle. Absent when none was measured for those settings.
   */
  costPilot?: ReachableCost;
}

export interface RunData {
  id: string;
  metrics: MetricSeries;
  evaluations: MetricSeries;
  generations: GenerationSample[];
}

export type RunRecord = RunMeta & Omit<RunData, 'id'>;

export const emptySeries = (): MetricSeries => ({ columns: [], rows: new Float64Array(0) });

/** The meta part of a record (what the run list and the store hold). */
export function metaOf(run: RunRecord): RunMeta {
  const { metrics: _m, evaluations: _e, generations: _g, ...meta } = run;
  return meta;
}

/** The settings in force at the end of the run: the start config with every live change applied. */
export function finalConfig(run: Pick<RunMeta, 'config' | 'configChanges'>): ExperimentConfig {
  const config = { ...run.config };
  for (const change of run.configChanges ?? []) (config as Record<ParamKey, unknown>)[change.key] = change.to;
  return config;
}
