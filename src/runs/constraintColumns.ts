/**
 * The constraint columns of a run's summary (issue 21), one definition for the headless runner's summary.csv
 * (scripts/experiment/constraintSummary.ts) and the app's summary CSV (src/runs/summaryCsv.ts): violation during
 * training (src/rl/constraintViolation.ts) and the feasibility verdict (src/rl/feasibility.ts). Pure.
 */
import type { ExperimentConfig } from '../config/params';
import { constraintViolation, costWindowFullFrom } from '../rl/constraintViolation';
import { FeasibilityTracker, type FeasibilityPoint } from '../rl/feasibility';

export const CONSTRAINT_COLUMNS = ['maxOvershoot', 'timeAboveLimit', 'cumulativeViolation', 'feasibility', 'feasibilityWarnedAt'] as const;
export type ConstraintColumn = (typeof CONSTRAINT_COLUMNS)[number];

export interface ConstrainedRows {
  /** The run's start settings (algorithm, cost window, prompt batch). */
  config: Pick<ExperimentConfig, 'algorithm' | 'episodeCostWindow' | 'promptBatch'>;
  /** Metric rows in iteration order, each with the limit in force at that iteration. */
  rows: readonly FeasibilityPoint[];
  /** The feasibility pilot's floor, when a pilot ran for the run's settings. */
  pilotFloor?: number;
}

/** The first iteration whose J_C averages a full window, for a run's start config. */
export function windowFullFrom(config: ConstrainedRows['config']): number {
  return costWindowFullFrom(config.episodeCostWindow, config.promptBatch);
}

/**
 * maxOvershoot, timeAboveLimit, cumulativeViolation and, for ppo-lag, the feasibility verdict at the last iteration
 * with the iteration of its first warning ('' when none or not ppo-lag).
 */
export function constraintColumns(run: ConstrainedRows): Record<ConstraintColumn, number | string> {
  const from = windowFullFrom(run.config);
  const violation = constraintViolation(run.rows, from);
  let feasibility = '';
  let warnedAt: number | string = '';
  if (run.config.algorithm === 'ppo-lag') {
    const tracker = new FeasibilityTracker(from, run.pilotFloor);
    for (const row of run.rows) tracker.push(row);
    feasibility = tracker.status;
    warnedAt = tracker.firstWarning?.iteration ?? '';
  }
  return {
    maxOvershoot: violation.maxOvershoot,
    timeAboveLimit: violation.timeAboveLimit,
    cumulativeViolation: violation.cumulativeViolation,
    feasibility,
    feasibilityWarnedAt: warnedAt,
  };
}
