// The runner's constraint columns (issue 21): violation during training and the feasibility verdict, from a run
// bundle's metric rows (and its cost pilot, when one ran). Pure.
import type { ExperimentConfig } from '../../src/config/params';
import { constraintViolation, costWindowFullFrom } from '../../src/rl/constraintViolation';
import { FeasibilityTracker, type ReachableCost } from '../../src/rl/feasibility';
import type { PpoMetricRow } from '../../src/train/ppo/types';

export const CONSTRAINT_COLUMNS = ['maxOvershoot', 'timeAboveLimit', 'cumulativeViolation', 'feasibility', 'feasibilityWarnedAt'] as const;

export interface ConstrainedRun {
  config: ExperimentConfig;
  metrics: readonly PpoMetricRow[];
  costPilot?: ReachableCost;
}

/** The first iteration whose J_C averages a full window, for a run's start config. */
export function windowFullFrom(config: ExperimentConfig): number {
  return costWindowFullFrom(config.episodeCostWindow, config.promptBatch);
}

/** A tracker for a run: the verdict after each row and its first warning. */
export function feasibilityTracker(run: Pick<ConstrainedRun, 'config' | 'costPilot'>): FeasibilityTracker {
  return new FeasibilityTracker(windowFullFrom(run.config), run.costPilot?.floor);
}

/**
 * maxOvershoot, timeAboveLimit, cumulativeViolation (src/rl/constraintViolation.ts) and, for ppo-lag, the
 * feasibility verdict at the last iteration with the iteration of its first warning ('' when none or not ppo-lag).
 */
export function constraintColumns(run: ConstrainedRun): Record<(typeof CONSTRAINT_COLUMNS)[number], number | string> {
  const violation = constraintViolation(run.metrics, windowFullFrom(run.config));
  let feasibility = '';
  let warnedAt: number | string = '';
  if (run.config.algorithm === 'ppo-lag') {
    const tracker = feasibilityTracker(run);
    for (const row of run.metrics) tracker.push(row);
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
