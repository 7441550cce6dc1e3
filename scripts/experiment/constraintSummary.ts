// The runner's constraint columns (issue 21): violation during training and the feasibility verdict, from a run
// bundle's metric rows (and its cost pilot, when one ran). One definition with the app's summary CSV
// (src/runs/constraintColumns.ts). Pure.
import type { ExperimentConfig } from '../../src/config/params';
import { FeasibilityTracker, type ReachableCost } from '../../src/rl/feasibility';
import { CONSTRAINT_COLUMNS, constraintColumns as columnsOf, windowFullFrom as fullFrom, type ConstraintColumn } from '../../src/runs/constraintColumns';
import type { PpoMetricRow } from '../../src/train/ppo/types';

export { CONSTRAINT_COLUMNS };

export interface ConstrainedRun {
  config: ExperimentConfig;
  metrics: readonly PpoMetricRow[];
  costPilot?: ReachableCost;
}

/** The first iteration whose J_C averages a full window, for a run's start config. */
export function windowFullFrom(config: ExperimentConfig): number {
  return fullFrom(config);
}

/** A tracker for a run: the verdict after each row and its first warning. */
export function feasibilityTracker(run: Pick<ConstrainedRun, 'config' | 'costPilot'>): FeasibilityTracker {
  return new FeasibilityTracker(windowFullFrom(run.config), run.costPilot?.floor);
}

/**
 * maxOvershoot, timeAboveLimit, cumulativeViolation (src/rl/constraintViolation.ts) and, for ppo-lag, the
 * feasibility verdict at the last iteration with the iteration of its first warning ('' when none or not ppo-lag).
 */
export function constraintColumns(run: ConstrainedRun): Record<ConstraintColumn, number | string> {
  return columnsOf({ config: run.config, rows: run.metrics, pilotFloor: run.costPilot?.floor });
}
